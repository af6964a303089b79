/**
 * `netsuite-tba token`: an OAuth 2.0 access token from the client credentials (M2M) grant, with
 * the credentials from the environment.
 *
 * @module
 */
import { flag, intOption, parseArgs, stringOption, noPositionals } from './args.ts'
import { EXIT_CODES_HELP, type Command } from './command.ts'
import { ENV_FILE_HELP, ENV_FILE_OPTIONS, envFileOf, loadEnv } from './config.ts'
import { loadClientCredentialsAuth, OAUTH2_CREDENTIALS_HELP } from './oauth2_config.ts'

const HELP = `Usage: netsuite-tba token [--json] [--assertion] [--base-url URL] [--dotenv FILE]

Sign a client assertion with the certificate's private key, exchange it at NetSuite's token
endpoint (OAuth 2.0 client credentials, machine to machine) and print the access token. Failures
name the set-up step (integration record, M2M mapping, certificate, role permission, clock).

Options:
  --json                 print { access_token, token_type, expires_in, expires_at, scope }
  --scope LIST           comma-separated scopes (default restlets,rest_webservices)
  --assertion            print the signed client assertion (JWT) instead; no request is made
  --base-url URL         token endpoint origin (or NETSUITE_BASE_URL, e.g. the simulator)
  --timeout-ms N         timeout (default 30000)
${ENV_FILE_HELP}
  -h, --help             show this help

${OAUTH2_CREDENTIALS_HELP}

${EXIT_CODES_HELP}`

/** The `token` command. */
export const tokenCommand: Command = {
  name: 'token',
  summary: 'print an OAuth 2.0 access token (client credentials / M2M; --json)',
  help: HELP,
  async run(argv, { io, output }) {
    const args = parseArgs(argv, {
      json: { type: 'boolean' },
      assertion: { type: 'boolean' },
      scope: { type: 'string' },
      'base-url': { type: 'string' },
      'timeout-ms': { type: 'string' },
      ...ENV_FILE_OPTIONS,
    })
    noPositionals(args)
    const env = loadEnv(io.env, io.cwd, envFileOf(args))
    const scope = stringOption(args, 'scope')
    const auth = loadClientCredentialsAuth(env, output, {
      baseUrlOption: stringOption(args, 'base-url'),
      timeoutMs: intOption(args, 'timeout-ms', 30_000, 100, 900_000),
      ...(scope === undefined ? {} : { scopes: scope.split(',').map((s) => s.trim()) }),
    })
    if (flag(args, 'assertion')) {
      output.out(await auth.clientAssertion())
      return 0
    }
    const token = await output.progress('token request', () => auth.token())
    if (flag(args, 'json')) {
      output.out(
        JSON.stringify(
          {
            access_token: token.accessToken,
            token_type: token.tokenType,
            expires_in: Math.max(0, Math.round((token.expiresAt - Date.now()) / 1000)),
            expires_at: new Date(token.expiresAt).toISOString(),
            scope: token.scope,
          },
          null,
          2,
        ),
      )
    } else {
      output.out(token.accessToken)
      output.err(
        output.ce.dim(
          `${token.tokenType} token for ${token.scope.join(', ')}, valid until ${new Date(token.expiresAt).toISOString()} (${auth.algorithm})`,
        ),
      )
    }
    return 0
  },
}
