/// <reference types="node" />
/**
 * `netsuite-tba login`: obtain tokens through the browser instead of copying them from the
 * NetSuite UI. `--oauth2` runs the OAuth 2.0 authorization code grant with PKCE; `--tba` runs
 * the three-step TBA authorization flow. The redirect comes back to a listener on 127.0.0.1 when
 * the redirect URI points at this machine, or is pasted by the user otherwise. The result is
 * written to a `.env`-style file created with mode 0600 (`--out`) or printed as `export` lines
 * (`--print-env`); an error, a timeout or Ctrl-C leaves nothing written.
 *
 * @module
 */
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import {
  existsSync,
  linkSync,
  openSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeSync,
  closeSync,
} from 'node:fs'
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { basename, dirname, resolve } from 'node:path'
import process from 'node:process'
import { createTbaAuthorizationFlow, parseAccountId, parseTbaCallback } from '../../index.ts'
import { createAuthorizationCodeClient, generateState, type OAuth2Scope } from '../../oauth2.ts'
import {
  EXIT,
  flag,
  intOption,
  listOption,
  noPositionals,
  parseArgs,
  stringOption,
  UsageError,
} from './args.ts'
import { EXIT_CODES_HELP, type Command, type CommandContext } from './command.ts'
import {
  baseUrlFrom,
  CLI_ENV,
  ConfigError,
  ENV_FILE_HELP,
  ENV_FILE_OPTIONS,
  envFileOf,
  loadEnv,
} from './config.ts'
import { shellQuote } from './output.ts'

/** Variables `login` reads besides the account id and the TBA consumer key and secret. */
export const LOGIN_ENV = {
  clientId: 'NETSUITE_CLIENT_ID',
  clientSecret: 'NETSUITE_CLIENT_SECRET',
  redirectUri: 'NETSUITE_REDIRECT_URI',
  callbackUrl: 'NETSUITE_CALLBACK_URL',
  refreshToken: 'NETSUITE_REFRESH_TOKEN',
  accessToken: 'NETSUITE_ACCESS_TOKEN',
  accessTokenExpiresAt: 'NETSUITE_ACCESS_TOKEN_EXPIRES_AT',
  refreshTokenExpiresAt: 'NETSUITE_REFRESH_TOKEN_EXPIRES_AT',
} as const

const HELP = `Usage: netsuite-tba login --oauth2 | --tba [options]

Obtain NetSuite tokens through the browser, without copying secrets from the NetSuite UI:
  --oauth2   OAuth 2.0 authorization code grant with PKCE. Needs NETSUITE_ACCOUNT_ID and
             NETSUITE_CLIENT_ID, plus NETSUITE_CLIENT_SECRET for a confidential client (leave it
             out for a public client). Writes the refresh and access tokens.
  --tba      The three-step TBA authorization flow. Needs NETSUITE_ACCOUNT_ID,
             NETSUITE_CONSUMER_KEY and NETSUITE_CONSUMER_SECRET of an integration record with
             "TBA: Authorization Flow" checked. Writes NETSUITE_TOKEN_ID and NETSUITE_TOKEN_SECRET.

The redirect comes back in one of two ways:
  - a listener on 127.0.0.1, when the redirect URI (callback URL) points at this machine:
    http://127.0.0.1:PORT/callback (the simulator; NetSuite accepts http://localhost:* for
    TBA) or https://127.0.0.1:PORT/callback with --tls-cert/--tls-key (NetSuite OAuth 2.0
    accepts only https:// and custom schemes);
  - paste mode, for any other registered redirect URI: sign in, click Allow, and paste the
    full address the browser lands on.

  netsuite-tba login --oauth2 --redirect-uri https://127.0.0.1:8443/callback \\
      --tls-cert cert.pem --tls-key key.pem --out .env.netsuite
  netsuite-tba login --tba --callback-url http://localhost:8080/callback --print-env

Options:
  --oauth2 | --tba        which flow (one is required)
  --redirect-uri URI      OAuth 2.0 redirect URI, exactly as on the integration record
                          (or NETSUITE_REDIRECT_URI; default http://127.0.0.1:PORT/callback)
  --callback-url URL      TBA callback URL (or NETSUITE_CALLBACK_URL; default
                          http://localhost:PORT/callback)
  --scope NAME            OAuth 2.0 scope, repeatable (default restlets and rest_webservices)
  --port N                listener port (default: the redirect URI's port, else a free one)
  --paste                 do not listen: paste the address the browser was sent to
  --tls-cert FILE         certificate (PEM) for an https://127.0.0.1 listener
  --tls-key FILE          its private key (PEM)
  --timeout SECONDS       give up after this long (default 300)
  --no-open               print the URL without trying to open a browser
  --out FILE              write the credentials to FILE, created with mode 0600
  --force                 overwrite FILE if it exists
  --print-env             print "export NAME=value" lines instead (they contain secrets)
  --base-url URL          talk to this origin instead of NetSuite (or NETSUITE_BASE_URL;
                          "netsuite-tba simulate" prints it)
${ENV_FILE_HELP}
  -h, --help              show this help

An error, a timeout or Ctrl-C writes nothing. Secrets are only written to --out or printed
with --print-env.

${EXIT_CODES_HELP}
  130 interrupted (Ctrl-C)`

/** A failure of the login itself (state mismatch, timeout, …): exit code 1. */
export class LoginError extends Error {
  readonly code: 'ERR_CLI_LOGIN_FAILED' | 'ERR_CLI_LOGIN_TIMEOUT'
  constructor(message: string, code: LoginError['code'] = 'ERR_CLI_LOGIN_FAILED') {
    super(message)
    this.name = 'LoginError'
    this.code = code
  }
}

class Interrupted extends Error {}

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|\[::1\])$/

function required(env: Record<string, string | undefined>, name: string, what: string): string {
  const value = env[name]
  if (value === undefined || value === '')
    throw new ConfigError(`${name} is not set: ${what} (or pass --dotenv FILE).`)
  return value
}

/** The redirect/callback URL, with the listener's port filled in. */
function withPort(uri: string, port: number): string {
  const url = new URL(uri)
  url.port = String(port)
  return url.href
}

/**
 * A listener on 127.0.0.1 that resolves with the first request to `path`. With `alsoIpv6` (a
 * `localhost` redirect URI) it listens on ::1 too, on the same port, when the machine has IPv6.
 */
async function listen(options: {
  port: number
  path: string
  tls?: { cert: string; key: string }
  alsoIpv6?: boolean
}): Promise<{ port: number; next: Promise<string>; close(): Promise<void> }> {
  let resolveNext!: (url: string) => void
  const next = new Promise<string>((r) => (resolveNext = r))
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1`)
    if (req.method !== 'GET' || url.pathname !== options.path) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found.\n')
      return
    }
    const body =
      '<!doctype html><html><head><meta charset="utf-8"><title>netsuite-tba login</title></head><body><h1>Received</h1><p id="done">You can close this tab and return to the terminal.</p></body></html>'
    res
      .writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'close',
      })
      .end(body)
    resolveNext(url.search)
  }
  const make = (): Server =>
    options.tls
      ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, handler)
      : createHttpServer(handler)
  const start = (server: Server, port: number, host: string): Promise<void> =>
    new Promise<void>((resolveListen, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) =>
        reject(
          error.code === 'EADDRINUSE'
            ? new UsageError(`port ${port} on ${host} is in use: pass another --port`)
            : error,
        ),
      )
      server.listen(port, host, () => resolveListen())
    })
  const servers = [make()]
  await start(servers[0] as Server, options.port, '127.0.0.1')
  const port = ((servers[0] as Server).address() as AddressInfo).port
  if (options.alsoIpv6) {
    const v6 = make()
    // No IPv6 on this machine, or ::1 taken: 127.0.0.1 alone serves localhost.
    if (
      await start(v6, port, '::1').then(
        () => true,
        () => false,
      )
    )
      servers.push(v6)
  }
  return {
    port,
    next,
    close: () =>
      Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((done) => {
              server.closeAllConnections?.()
              server.close(() => done())
            }),
        ),
      ).then(() => undefined),
  }
}

/** The first non-empty line of stdin. */
async function readLine(input: AsyncIterable<string | Uint8Array>): Promise<string> {
  let text = ''
  const decoder = new TextDecoder()
  for await (const chunk of input) {
    text += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true })
    const line = text.split(/\r?\n/).find((l, i, all) => l.trim() !== '' && i < all.length - 1)
    if (line !== undefined) return line.trim()
  }
  if (text.trim() !== '') return text.trim()
  throw new LoginError('standard input ended before an address was pasted.')
}

function openBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url]]
        : ['xdg-open', [url]]
  try {
    const child = spawn(command as string, args as string[], { stdio: 'ignore', detached: true })
    child.on('error', () => {})
    child.unref()
  } catch {
    /* the URL is printed anyway */
  }
}

/** Write `text` to `file` with mode 0600, atomically: all or nothing, never over a file without `force`. */
export function writeSecretFile(file: string, text: string, force: boolean): void {
  const temp = resolve(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`)
  const fd = openSync(temp, 'wx', 0o600)
  try {
    writeSync(fd, text)
    closeSync(fd)
    if (force) renameSync(temp, file)
    else {
      try {
        linkSync(temp, file)
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST')
          throw new UsageError(`${file} exists: pass --force to overwrite it`)
        throw error
      }
      unlinkSync(temp)
    }
  } catch (error) {
    try {
      unlinkSync(temp)
    } catch {
      /* already renamed or never created */
    }
    throw error
  }
}

function envFileText(pairs: [string, string][], flow: string): string {
  return (
    `# NetSuite credentials written by "netsuite-tba login ${flow}" on ${new Date().toISOString()}.\n` +
    `# Keep this file private (mode 0600); load it with --dotenv or your dotenv loader.\n` +
    pairs.map(([k, v]) => `${k}=${shellQuote(v)}`).join('\n') +
    '\n'
  )
}

/** The `login` command. */
export const loginCommand: Command = {
  name: 'login',
  summary: 'obtain tokens through the browser (OAuth 2.0 with PKCE, or the TBA flow)',
  help: HELP,
  async run(argv, ctx) {
    const args = parseArgs(argv, {
      oauth2: { type: 'boolean' },
      tba: { type: 'boolean' },
      'redirect-uri': { type: 'string' },
      'callback-url': { type: 'string' },
      scope: { type: 'string', multiple: true },
      port: { type: 'string', short: 'p' },
      paste: { type: 'boolean' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      timeout: { type: 'string' },
      'no-open': { type: 'boolean' },
      out: { type: 'string', short: 'o' },
      force: { type: 'boolean' },
      'print-env': { type: 'boolean' },
      'base-url': { type: 'string' },
      ...ENV_FILE_OPTIONS,
    })
    return login(args, ctx)
  },
}

async function login(
  args: ReturnType<typeof parseArgs>,
  { io, output }: CommandContext,
): Promise<number> {
  noPositionals(args)
  const oauth2 = flag(args, 'oauth2')
  if (oauth2 === flag(args, 'tba')) throw new UsageError('pass exactly one of --oauth2 and --tba')
  const out = stringOption(args, 'out')
  const printEnv = flag(args, 'print-env')
  if ((out === undefined) === !printEnv)
    throw new UsageError('pass --out FILE (written with mode 0600) or --print-env')
  const outFile = out === undefined ? undefined : resolve(io.cwd, out)
  const force = flag(args, 'force')
  if (outFile !== undefined && !force && existsSync(outFile))
    throw new UsageError(`${out} exists: pass --force to overwrite it`)
  const timeoutSeconds = intOption(args, 'timeout', 300, 1, 86_400)
  const env = loadEnv(io.env, io.cwd, envFileOf(args))
  const baseUrl = baseUrlFrom(env, stringOption(args, 'base-url'))
  const accountId = parseAccountId(
    required(
      env,
      'NETSUITE_ACCOUNT_ID',
      'the NetSuite account id (Setup > Company > Company Information)',
    ),
  ).accountId
  const certFile = stringOption(args, 'tls-cert')
  const keyFile = stringOption(args, 'tls-key')
  if ((certFile === undefined) !== (keyFile === undefined))
    throw new UsageError('pass --tls-cert and --tls-key together')
  const readPem = (file: string): string => {
    try {
      return readFileSync(resolve(io.cwd, file), 'utf8')
    } catch (cause) {
      throw new ConfigError(`cannot read ${file}: ${(cause as Error).message.split('\n')[0]}`)
    }
  }
  const tls =
    certFile !== undefined && keyFile !== undefined
      ? { cert: readPem(certFile), key: readPem(keyFile) }
      : undefined

  // The redirect URI: given, or a loopback one whose port the listener decides.
  const given = oauth2
    ? (stringOption(args, 'redirect-uri') ?? (env[LOGIN_ENV.redirectUri] || undefined))
    : (stringOption(args, 'callback-url') ?? (env[LOGIN_ENV.callbackUrl] || undefined))
  let redirect: URL
  try {
    // NetSuite's TBA flow accepts http://localhost:* callbacks; OAuth 2.0 redirect URIs are typed.
    redirect = new URL(
      given ?? `${tls ? 'https' : 'http'}://${oauth2 ? '127.0.0.1' : 'localhost'}/callback`,
    )
  } catch {
    throw new UsageError(`${oauth2 ? '--redirect-uri' : '--callback-url'} "${given}" is not a URL`)
  }
  const loopback =
    !flag(args, 'paste') &&
    (redirect.protocol === 'http:' || redirect.protocol === 'https:') &&
    LOOPBACK.test(redirect.hostname)
  if (loopback && redirect.protocol === 'https:' && !tls)
    throw new UsageError(
      'an https://127.0.0.1 redirect URI needs --tls-cert and --tls-key (a certificate your browser accepts), or use --paste',
    )
  if (loopback && redirect.protocol === 'http:' && tls)
    throw new UsageError('--tls-cert is for https:// redirect URIs')
  const port = intOption(args, 'port', redirect.port === '' ? 0 : Number(redirect.port), 0, 65_535)

  // Ctrl-C, io.signal and the timeout all end the wait; nothing is written before the end.
  const controller = new AbortController()
  const onSignal = (): void => controller.abort(new Interrupted())
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  if (io.signal?.aborted) onSignal()
  io.signal?.addEventListener('abort', onSignal, { once: true })
  const timer = setTimeout(
    () =>
      controller.abort(
        new LoginError(
          `no redirect arrived within ${timeoutSeconds} s; run login again (and click Allow), or raise --timeout`,
          'ERR_CLI_LOGIN_TIMEOUT',
        ),
      ),
    timeoutSeconds * 1000,
  )
  const aborted = new Promise<never>((_, reject) => {
    const fail = (): void => reject(controller.signal.reason)
    if (controller.signal.aborted) fail()
    controller.signal.addEventListener('abort', fail, { once: true })
  })
  aborted.catch(() => {})
  let listener: Awaited<ReturnType<typeof listen>> | undefined
  try {
    if (loopback) {
      listener = await listen({
        port,
        path: redirect.pathname,
        alsoIpv6: redirect.hostname === 'localhost',
        ...(tls ? { tls } : {}),
      })
    }
    const redirectUri = listener ? withPort(redirect.href, listener.port) : redirect.href
    const waitForRedirect = async (what: string): Promise<string> => {
      if (listener) {
        output.err(
          output.ce.dim(
            `Waiting for the browser to come back to ${redirectUri} (times out in ${timeoutSeconds} s; Ctrl-C cancels)…`,
          ),
        )
        const search = await output.progress(`waiting for ${what} at ${redirectUri}`, () =>
          Promise.race([(listener as NonNullable<typeof listener>).next, aborted]),
        )
        return new URL(search, redirectUri).href
      }
      output.err(
        `After clicking Allow, paste the full address the browser was sent to (it starts with ${redirectUri.split('?')[0]}), then press Enter:`,
      )
      return Promise.race([readLine(io.stdin ?? process.stdin), aborted])
    }
    const show = (url: string): void => {
      output.err(`Open this address in a browser, sign in to NetSuite and click Allow:`)
      output.err(`  ${url}`)
      if (!flag(args, 'no-open') && io.stderrIsTTY && io.env.CI !== 'true') openBrowser(url)
    }

    let pairs: [string, string][]
    if (oauth2) {
      const clientId = required(env, LOGIN_ENV.clientId, 'the Client ID of the integration record')
      const clientSecret = env[LOGIN_ENV.clientSecret] || undefined
      output.protect(clientSecret)
      const scopes = listOption(args, 'scope')
      const client = createAuthorizationCodeClient({
        accountId,
        clientId,
        ...(clientSecret === undefined ? {} : { clientSecret }),
        redirectUri,
        ...(scopes.length > 0 ? { scopes: scopes as OAuth2Scope[] } : {}),
        ...(baseUrl === undefined ? {} : { baseUrl }),
      })
      const request = await client.authorizationUrl()
      show(request.url)
      const landed = await waitForRedirect('the authorization code')
      const tokens = await wrapRedirectErrors(() =>
        Promise.race([client.completeAuthorization(landed, request), aborted]),
      )
      output.protect(tokens.accessToken, tokens.refreshToken)
      pairs = [
        ['NETSUITE_ACCOUNT_ID', accountId],
        [LOGIN_ENV.clientId, clientId],
        ...(clientSecret === undefined
          ? []
          : [[LOGIN_ENV.clientSecret, clientSecret] as [string, string]]),
        [LOGIN_ENV.redirectUri, redirectUri],
        [LOGIN_ENV.refreshToken, tokens.refreshToken],
        [LOGIN_ENV.accessToken, tokens.accessToken],
        [LOGIN_ENV.accessTokenExpiresAt, new Date(tokens.expiresAt).toISOString()],
        ...(tokens.refreshTokenExpiresAt === undefined
          ? []
          : [
              [
                LOGIN_ENV.refreshTokenExpiresAt,
                new Date(tokens.refreshTokenExpiresAt).toISOString(),
              ] as [string, string],
            ]),
      ]
    } else {
      const consumerKey = required(
        env,
        'NETSUITE_CONSUMER_KEY',
        'the Consumer Key of the integration record',
      )
      const consumerSecret = required(
        env,
        'NETSUITE_CONSUMER_SECRET',
        'the Consumer Secret of the integration record',
      )
      output.protect(consumerSecret)
      const flow = createTbaAuthorizationFlow({
        accountId,
        consumerKey,
        consumerSecret,
        callbackUrl: redirectUri,
        ...(baseUrl === undefined ? {} : { baseUrl }),
      })
      const requestToken = await Promise.race([flow.requestToken(), aborted])
      const state = generateState()
      show(flow.authorizeUrl(requestToken.token, { state }))
      const landed = await waitForRedirect('the verifier')
      const callback = await wrapRedirectErrors(async () => parseTbaCallback(landed, { state }))
      if (callback.token !== requestToken.token)
        throw new LoginError('the callback is for another request token; run login again')
      const access = await Promise.race([
        flow.accessToken({
          token: requestToken.token,
          tokenSecret: requestToken.tokenSecret,
          verifier: callback.verifier,
        }),
        aborted,
      ])
      output.protect(access.tokenSecret)
      pairs = [
        ['NETSUITE_ACCOUNT_ID', accountId],
        ['NETSUITE_CONSUMER_KEY', consumerKey],
        ['NETSUITE_CONSUMER_SECRET', consumerSecret],
        ['NETSUITE_TOKEN_ID', access.tokenId],
        ['NETSUITE_TOKEN_SECRET', access.tokenSecret],
      ]
    }
    if (baseUrl !== undefined) pairs.push([CLI_ENV.baseUrl, baseUrl])
    if (controller.signal.aborted) throw controller.signal.reason
    const flowName = oauth2 ? '--oauth2' : '--tba'
    if (outFile !== undefined) {
      writeSecretFile(outFile, envFileText(pairs, flowName), force)
      output.err(
        `${output.ce.green('✓')} Credentials written to ${out} (mode 0600). Use them with --dotenv ${out}.`,
      )
    } else {
      // The secrets are meant for stdout here: written past the output scrubber on purpose.
      for (const [k, v] of pairs) io.stdout(`export ${k}=${shellQuote(v)}\n`)
      output.err(`${output.ce.green('✓')} Credentials printed as export lines.`)
    }
    return EXIT.OK
  } catch (error) {
    if (error instanceof Interrupted) {
      output.err('Interrupted: nothing was written.')
      return EXIT.INTERRUPTED
    }
    throw error
  } finally {
    clearTimeout(timer)
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
    io.signal?.removeEventListener('abort', onSignal)
    await listener?.close()
  }
}

/** State and redirect problems are the login's failure (exit 1), not a usage error. */
async function wrapRedirectErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    const code = (error as { code?: unknown })?.code
    if (code === 'ERR_TBA_STATE_MISMATCH' || code === 'ERR_TBA_INVALID_REDIRECT')
      // No `cause`: the CLI reads a cause's code as a network error code.
      throw new LoginError((error as Error).message, 'ERR_CLI_LOGIN_FAILED')
    throw error
  }
}
