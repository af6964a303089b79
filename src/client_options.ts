/**
 * Options shared by the RESTlet, REST and SOAP clients, and how they resolve.
 *
 * @module
 */
import { argumentError } from './errors.ts'
import { numberOption } from './number_option.ts'
import { parseAccountId } from './account_id.ts'
import { accountOrigin } from './account_hosts.ts'
import { wwwAuthenticateError, wwwAuthenticateScheme } from './www_authenticate.ts'
import { accountLimiter, type ConcurrencyLimiter } from './concurrency_limiter.ts'
import { retryPolicy, type RetryOptions } from './retry_policy.ts'
import { createTbaSigner } from './tba_signer.ts'
import type { OAuth1Signer, RequestAuth, TbaCredentials } from './types.ts'

/** A function that returns the request with its authentication added (e.g. a signer's `authorize`). */
export type Authorize = (request: Request) => Promise<Request>

/** Information passed to `onRetry` before each retry. */
export interface RetryInfo {
  /** The attempt that failed (1 = the first). */
  attempt: number
  /** Milliseconds until the next attempt. */
  delayMs: number
  /** Why: HTTP status, NetSuite code or `network`. */
  reason: string
}

/** Options of every adapter client. Give one of `auth`, `credentials`, `signer` or `authorize`. */
export interface ClientOptions {
  /**
   * Any {@link RequestAuth}: an OAuth 2.0 auth from `netsuite-tba/oauth2`, or a TBA signer. A 401
   * `invalid_token` answer to a Bearer call is retried once with a fresh token.
   */
  auth?: RequestAuth
  /** TBA credentials: the client signs with {@link createTbaSigner}. */
  credentials?: TbaCredentials
  /** A signer (from `createTbaSigner` or `netsuite-tba/node`). */
  signer?: OAuth1Signer
  /** Any authentication: receives each attempt's request just before it is sent. */
  authorize?: Authorize
  /** Account id; required with `signer`/`authorize` unless `baseUrl` is given. */
  accountId?: string
  /** Origin override (`http://127.0.0.1:8080`, a proxy); default: the account-specific domain. */
  baseUrl?: string
  /** The fetch to use (default: the global one; on Node see `createNodeFetch`). */
  fetch?: typeof fetch
  /** Retry options, or `false` to disable retries. */
  retry?: RetryOptions | false
  /**
   * Account-wide concurrent requests in this process (a positive integer, default 5), shared by
   * every client of the same account: when clients of one account pass different values, the
   * smallest wins. Ignored when `limiter` is given.
   */
  concurrency?: number
  /**
   * The limiter every attempt waits on: any {@link ConcurrencyLimiter}, e.g.
   * `createRedisConcurrencyLimiter` from `netsuite-tba/redis` to hold the account limit across
   * processes. Default: the in-process limiter of the account (see `concurrency`).
   */
  limiter?: ConcurrencyLimiter
  /** Per-attempt timeout in milliseconds: an integer from 1 to 2,147,483,647 (default 60,000). */
  timeoutMs?: number
  /** Called before every retry (logging, metrics). */
  onRetry?: (info: RetryInfo) => void
}

/** Resolved client settings. @internal */
export interface ClientContext {
  authorize: Authorize
  accountId: string | undefined
  origin: (service: 'restlets' | 'suitetalk') => string
  fetch: typeof fetch
  limiter: ConcurrencyLimiter
  retry: RetryOptions | false | undefined
  timeoutMs: number
  onRetry: ((info: RetryInfo) => void) | undefined
  /** The 401 `invalid_token` hook of {@link RequestAuth}; true = retry the attempt once. */
  renewAuth: ((request: Request, response: Response) => Promise<boolean>) | undefined
}

/** Resolve options into a context. @internal */
export function clientContext(options: ClientOptions): ClientContext {
  if (typeof options !== 'object' || options === null) {
    throw argumentError(
      'Pass client options with credentials, signer or authorize.',
      'ERR_INVALID_ARG_TYPE',
    )
  }
  const auth = checkAuth(options)
  const accountId = options.accountId ?? options.credentials?.accountId ?? auth?.accountId
  let authorize: Authorize
  if (auth) authorize = (r) => auth.authorize(r)
  else if (options.authorize) authorize = options.authorize
  else if (options.signer) authorize = (r) => options.signer!.authorize(r)
  else if (options.credentials) {
    const signer = createTbaSigner(options.credentials)
    authorize = (r) => signer.authorize(r)
  } else
    throw argumentError(
      'Pass credentials, signer or authorize to the client.',
      'ERR_INVALID_ARG_TYPE',
    )
  const origins =
    accountId === undefined
      ? undefined
      : {
          restlets: accountOrigin(accountId, 'restlets'),
          suitetalk: accountOrigin(accountId, 'suitetalk'),
        }
  if (origins === undefined && options.baseUrl === undefined && auth?.baseUrl === undefined) {
    throw argumentError(
      'Pass accountId (or credentials) or baseUrl: the host cannot be derived.',
      'ERR_INVALID_ARG_TYPE',
    )
  }
  retryPolicy(options.retry) // checks the retry numbers now, not at the first failure
  const base = (options.baseUrl ?? auth?.baseUrl)?.replace(/\/+$/, '')
  const fetchFn = options.fetch ?? globalThis.fetch
  return {
    authorize,
    accountId,
    origin: (service) => base ?? (origins as NonNullable<typeof origins>)[service],
    fetch: (input, init) => fetchFn(input, init),
    limiter: limiterOf(
      options,
      accountId === undefined ? (base as string) : parseAccountId(accountId).accountId,
    ),
    retry: options.retry,
    // setTimeout fires at once beyond 2^31 - 1 ms.
    timeoutMs: numberOption(options.timeoutMs, 'timeoutMs', {
      min: 1,
      max: 2_147_483_647,
      integer: true,
      fallback: 60_000,
      what: 'milliseconds (default 60000)',
    }),
    onRetry: options.onRetry,
    renewAuth: auth?.unauthorized ? (q, r) => renewAuth(auth, q, r) : undefined,
  }
}

/** The limiter option, checked, or the account's in-process one. */
function limiterOf(options: ClientOptions, account: string): ConcurrencyLimiter {
  if (options.limiter === undefined) return accountLimiter(account, options.concurrency ?? 5)
  const l = options.limiter as Partial<ConcurrencyLimiter> | null
  if (typeof l !== 'object' || l === null || typeof l.acquire !== 'function') {
    throw argumentError(
      'limiter must be a ConcurrencyLimiter (an object with acquire(signal) => Promise<release>)',
      'ERR_INVALID_ARG_TYPE',
    )
  }
  return options.limiter
}

function checkAuth(options: ClientOptions): RequestAuth | undefined {
  const { auth } = options
  if (auth === undefined) return undefined
  if (typeof auth !== 'object' || auth === null || typeof auth.authorize !== 'function') {
    throw argumentError(
      'auth must be an object with an authorize(request) method (createClientCredentialsAuth or createTbaSigner).',
      'ERR_INVALID_ARG_TYPE',
    )
  }
  if (options.credentials || options.signer || options.authorize) {
    throw argumentError(
      'Pass auth alone: it replaces credentials, signer and authorize.',
      'ERR_INVALID_ARG_VALUE',
    )
  }
  return auth
}

/** Ask the auth to drop a stale Bearer token after 401 `error="invalid_token"`. */
async function renewAuth(
  auth: RequestAuth,
  request: Request,
  response: Response,
): Promise<boolean> {
  if (response.status !== 401) return false
  if (
    wwwAuthenticateScheme(response) !== 'bearer' ||
    wwwAuthenticateError(response) !== 'invalid_token'
  )
    return false
  return (await auth.unauthorized?.(request, response)) === true
}
