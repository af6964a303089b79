/// <reference types="node" />
/**
 * `netsuite-tba sign`: print the Authorization header value for one request.
 *
 * @module
 */
import { createHash } from 'node:crypto'
import { createTbaSigner, parseAccountId, signingKey } from '../../index.ts'
import type { SignResult, TbaCredentials } from '../../index.ts'
import { flag, parseArgs, stringOption, UsageError } from './args.ts'
import { CREDENTIALS_HELP, EXIT_CODES_HELP, type Command } from './command.ts'
import { ENV_FILE_HELP, ENV_FILE_OPTIONS, envFileOf, loadCredentials, loadEnv } from './config.ts'
import { maskSecret, shellQuote, type Output } from './output.ts'
import { isFormContentType } from '../../base_string.ts'
import { accountHostMatch } from '../../account_hosts.ts'

const HELP = `Usage: netsuite-tba sign --method METHOD --url URL [options]

Print the value of the Authorization header for one request, and nothing else, so that it can
be used as:  curl -H "Authorization: $(netsuite-tba sign --method GET --url "$URL")" "$URL"

Options:
  --method METHOD        HTTP method (default GET)
  --url URL              the full URL as it will be sent, query string included
  --body TEXT            request body; only a form body (--content-type
                         application/x-www-form-urlencoded) is signed, JSON/XML/text never are
  --content-type TYPE    content type of --body
  --explain              show the base string, the normalised parameters, the key shape (secrets
                         masked) and the header, for comparing with another tool
  --curl                 print a ready curl command instead of the header
  --nonce NONCE          fixed nonce (6-64 letters and digits), for reproducing a signature
  --timestamp SECONDS    fixed Unix timestamp in seconds, for reproducing a signature
${ENV_FILE_HELP}
  -h, --help             show this help

${CREDENTIALS_HELP}

${EXIT_CODES_HELP}`

/** A short, non-reversible fingerprint of the signing key, for comparing set-ups (never the key). */
export function keyFingerprint(credentials: TbaCredentials): string {
  const key = signingKey(credentials.consumerSecret, credentials.tokenSecret)
  return 'sha256:' + createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 12)
}

/** Lines of the `--explain` report. Contains no secret. */
export function explainLines(
  credentials: TbaCredentials,
  request: { method: string; url: string; contentType?: string; body?: string },
  signed: SignResult,
  output: Output,
): string[] {
  const { c } = output
  const parts = signed.baseString.split('&')
  const uri = decodeURIComponent(parts[1] ?? '')
  const params = decodeURIComponent(parts[2] ?? '')
  const { realm, hostId } = parseAccountId(credentials.accountId)
  const lines = [
    c.bold('Request'),
    `  ${request.method.toUpperCase()} ${request.url}`,
    request.body === undefined
      ? ''
      : `  body: ${request.body.length} bytes, ${request.contentType ?? 'no content type'} — ${
          isFormContentType(request.contentType)
            ? 'form body: its parameters are signed'
            : 'not signed (only form bodies are)'
        }`,
    '',
    c.bold('Realm (header only, never in the base string)'),
    `  ${realm}   (hosts use ${hostId})`,
    '',
    c.bold('Base string URI'),
    `  ${uri}`,
    '',
    c.bold('Normalised parameters (sorted, percent-encoded)'),
    ...params.split('&').map((p) => `  ${p}`),
    '',
    c.bold('Signature base string'),
    `  ${signed.baseString}`,
    '',
    c.bold('Signing key'),
    `  enc(consumerSecret) & enc(tokenSecret) = ${maskSecret(credentials.consumerSecret)}&${maskSecret(credentials.tokenSecret)}`,
    `  fingerprint ${keyFingerprint(credentials)} (the same key gives the same fingerprint)`,
    '',
    c.bold('Signature (HMAC-SHA256, base64)'),
    `  ${signed.signature}`,
    '',
    c.bold('Authorization header'),
    `  ${signed.authorization}`,
  ]
  const warning = hostWarning(credentials, request.url)
  if (warning) lines.push('', c.yellow(`warning: ${warning}`))
  return lines.filter((l, i, all) => !(l === '' && all[i - 1] === ''))
}

/** Warn when a NetSuite host in the URL belongs to another account than the realm. */
export function hostWarning(credentials: TbaCredentials, url: string): string | undefined {
  let host: string
  try {
    host = new URL(url).hostname
  } catch {
    return undefined
  }
  const match = accountHostMatch(host, credentials.accountId)
  if (match === undefined || match.status === 'match') return undefined
  const { hostId, realm } = match
  if (match.status === 'case')
    return `the host ${host} is not lower case; NetSuite's hosts are ${hostId}.…`
  return `the URL host ${host} is not the account of the realm ${realm} (expected ${hostId}.…): a token works only in its own account, and sandbox and production are different accounts`
}

/** The `sign` command. */
export const signCommand: Command = {
  name: 'sign',
  summary: 'print the Authorization header for a request (--explain, --curl)',
  help: HELP,
  async run(argv, { io, output }) {
    const args = parseArgs(argv, {
      method: { type: 'string', short: 'X' },
      url: { type: 'string' },
      body: { type: 'string', short: 'd' },
      'content-type': { type: 'string' },
      explain: { type: 'boolean' },
      curl: { type: 'boolean' },
      nonce: { type: 'string' },
      timestamp: { type: 'string' },
      ...ENV_FILE_OPTIONS,
    })
    const url = stringOption(args, 'url') ?? args.positionals[0]
    if (url === undefined) throw new UsageError('sign needs --url URL')
    if (args.positionals.length > (stringOption(args, 'url') ? 0 : 1)) {
      throw new UsageError(`unexpected argument "${args.positionals.at(-1)}"`)
    }
    const method = stringOption(args, 'method') ?? 'GET'
    const body = stringOption(args, 'body')
    const contentType = stringOption(args, 'content-type')
    const nonce = stringOption(args, 'nonce')
    const timestamp = stringOption(args, 'timestamp')
    const env = loadEnv(io.env, io.cwd, envFileOf(args))
    const credentials = loadCredentials(env, output)
    const signer = createTbaSigner(credentials)
    const request = {
      method,
      url,
      ...(body === undefined ? {} : { body }),
      ...(contentType === undefined ? {} : { contentType }),
    }
    const signed = await signer.sign({
      ...request,
      ...(nonce === undefined ? {} : { nonce }),
      ...(timestamp === undefined ? {} : { timestamp }),
    })
    if (flag(args, 'explain')) {
      for (const line of explainLines(credentials, request, signed, output)) output.out(line)
      if (flag(args, 'curl')) output.out('\n' + curlCommand(request, signed.authorization))
      return 0
    }
    if (flag(args, 'curl')) {
      output.out(curlCommand(request, signed.authorization))
      return 0
    }
    output.out(signed.authorization)
    const warning = hostWarning(credentials, url)
    if (warning) output.err(output.ce.yellow(`warning: ${warning}`))
    return 0
  },
}

/** A ready-to-run curl command for a signed request (single-use: the nonce cannot be replayed). */
export function curlCommand(
  request: { method: string; url: string; body?: string; contentType?: string },
  authorization: string,
): string {
  const method = request.method.toUpperCase()
  const parts = ['curl', '-sS']
  if (method !== 'GET' || request.body !== undefined) parts.push('-X', method)
  parts.push(shellQuote(request.url), '-H', shellQuote(`Authorization: ${authorization}`))
  if (request.contentType !== undefined) {
    parts.push('-H', shellQuote(`Content-Type: ${request.contentType}`))
  }
  if (request.body !== undefined) parts.push('--data-raw', shellQuote(request.body))
  return parts.join(' ')
}
