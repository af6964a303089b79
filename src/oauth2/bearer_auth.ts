/**
 * The Bearer side every OAuth 2.0 auth shares: one cached token, one renewal shared by concurrent
 * callers, `authorize()` that sets `Authorization: Bearer …`, and `unauthorized()` that marks the
 * token stale when NetSuite refuses one this auth sent. Internal.
 *
 * @module
 */
import { argumentError } from '../errors.ts'

/** How many recently issued access tokens `unauthorized()` recognises. */
const RECENT = 4

/** A token cache with single-flight renewal. */
export interface BearerTokens<T extends { accessToken: string }> {
  /** The cached token while `usable`, else a renewed one (one renewal at a time). */
  token(): Promise<T>
  /** A copy of `request` with the Bearer header. */
  authorize(request: Request): Promise<Request>
  /** True when `request` carried a token this cache issued; that token is then renewed next time. */
  unauthorized(request: Request): boolean
  /** Renew at the next `token()`. */
  clear(): void
  /** The cached token, if any. */
  current(): T | undefined
}

/**
 * @param renew Get a new token (`previous` is the cached one, e.g. for its refresh token).
 * @param usable Whether a cached token may still be used.
 * @param onRenewed Called with each new token before callers get it.
 */
export function bearerTokens<T extends { accessToken: string }>(options: {
  renew: (previous: T | undefined) => Promise<T>
  usable: (token: T) => boolean
  onRenewed?: (token: T) => void | Promise<void>
  initial?: T
}): BearerTokens<T> {
  let current = options.initial
  let stale = false
  let pending: Promise<T> | undefined
  const recent: string[] = current === undefined ? [] : [current.accessToken]

  async function renew(): Promise<T> {
    const next = await options.renew(current)
    current = next
    stale = false
    recent.push(next.accessToken)
    if (recent.length > RECENT) recent.shift()
    if (options.onRenewed) await options.onRenewed(next)
    return next
  }

  function token(): Promise<T> {
    if (current !== undefined && !stale && options.usable(current)) return Promise.resolve(current)
    pending ??= renew().finally(() => {
      pending = undefined
    })
    return pending
  }

  return {
    token,
    async authorize(request) {
      if (
        typeof request !== 'object' ||
        request === null ||
        typeof (request as Partial<Request>).headers?.get !== 'function'
      )
        throw argumentError('authorize(request) needs a Request.', 'ERR_INVALID_ARG_TYPE')
      const { accessToken } = await token()
      const headers = new Headers(request.headers)
      headers.set('authorization', `Bearer ${accessToken}`)
      return new Request(request, { headers })
    },
    unauthorized(request) {
      const sent = /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '')?.[1]
      if (sent === undefined || !recent.includes(sent)) return false
      if (current?.accessToken === sent) stale = true
      return true
    },
    clear() {
      stale = true
    },
    current: () => current,
  }
}
