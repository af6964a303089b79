/**
 * `netsuite-tba passport`: a fresh SOAP tokenPassport.
 *
 * @module
 */
import { signTokenPassport } from '../../index.ts'
import { tokenPassportXml } from '../../soap_xml.ts'
import { flag, parseArgs, stringOption, UsageError, noPositionals } from './args.ts'
import { CREDENTIALS_HELP, EXIT_CODES_HELP, type Command } from './command.ts'
import { ENV_FILE_HELP, ENV_FILE_OPTIONS, envFileOf, loadCredentials, loadEnv } from './config.ts'

const HELP = `Usage: netsuite-tba passport [options]

Print a freshly signed SOAP <tokenPassport> header element. Each passport is single-use: NetSuite
rejects a nonce and timestamp it has already seen, so paste it into exactly one request.

Options:
  --version YYYY_N       SuiteTalk endpoint version for the namespaces (default 2025_2, the last
                         SOAP endpoint; SOAP is removed in NetSuite 2028.2)
  --json                 print the passport fields as JSON instead of XML
  --nonce NONCE          fixed nonce (6-64 letters and digits), for reproducing a signature
  --timestamp SECONDS    fixed Unix timestamp in seconds
${ENV_FILE_HELP}
  -h, --help             show this help

${CREDENTIALS_HELP}

${EXIT_CODES_HELP}`

/** The `passport` command. */
export const passportCommand: Command = {
  name: 'passport',
  summary: 'print a fresh SOAP tokenPassport (XML or --json)',
  help: HELP,
  async run(argv, { io, output }) {
    const args = parseArgs(argv, {
      version: { type: 'string' },
      json: { type: 'boolean' },
      nonce: { type: 'string' },
      timestamp: { type: 'string' },
      ...ENV_FILE_OPTIONS,
    })
    noPositionals(args)
    const version = stringOption(args, 'version') ?? '2025_2'
    if (!/^20\d\d_[12]$/.test(version)) {
      throw new UsageError(`--version must look like 2025_2 (got "${version}")`)
    }
    const credentials = loadCredentials(loadEnv(io.env, io.cwd, envFileOf(args)), output)
    const nonce = stringOption(args, 'nonce')
    const timestamp = stringOption(args, 'timestamp')
    const passport = await signTokenPassport(credentials, {
      ...(nonce === undefined ? {} : { nonce }),
      ...(timestamp === undefined ? {} : { timestamp }),
    })
    output.out(
      flag(args, 'json') ? JSON.stringify(passport, null, 2) : tokenPassportXml(passport, version),
    )
    return 0
  },
}
