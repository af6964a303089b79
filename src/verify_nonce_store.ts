/**
 * Replay protection for {@link verifyRequest}: the nonce store interface and a bounded in-memory one.
 *
 * @module
 */
import { argumentError } from './errors.ts'
import { numberOption } from './number_option.ts'
import { VerifyErrorCodes } from './verify_codes.ts'

/**
 * Where {@link verifyRequest} records the nonces it has accepted. `add` returns `true` when the key
 * was new (and records it for `ttlSeconds`) and `false` when it was already there.
 * May be async, so a shared store (Redis `SET key 1 NX EX ttlSeconds`, see `netsuite-tba/redis`)
 * fits. A store that cannot record a key must throw (never answer `true` without recording it):
 * `verifyRequest` then refuses the request.
 */
export interface NonceStore {
  /** Record `key` for `ttlSeconds`; `true` if it was not already recorded. */
  add(key: string, ttlSeconds: number): boolean | Promise<boolean>
}

/** Options of {@link createMemoryNonceStore}. */
export interface MemoryNonceStoreOptions {
  /**
   * Most live keys kept (a positive integer, default 100,000). Keys leave only when they expire;
   * when every entry is still live, `add` throws an error with `code`
   * `ERR_VERIFY_NONCE_STORE_FULL` rather than forget a nonce that could then be replayed.
   */
  maxEntries?: number
  /** Clock in seconds used to drop expired keys (default: `Date.now() / 1000`). */
  now?: () => number
}

/** The error a full {@link NonceStore} throws: every entry is live, none may be forgotten. */
export interface NonceStoreFullError extends Error {
  readonly code: typeof VerifyErrorCodes.NONCE_STORE_FULL
}

/**
 * The key under which `verifyRequest` records a nonce: unambiguous for any consumer key, token,
 * timestamp and nonce (a JSON array, so `"a&b" + "c"` and `"a" + "b&c"` differ). @internal
 */
export function replayKey(
  consumerKey: string,
  tokenId: string,
  timestamp: string,
  nonce: string,
): string {
  return JSON.stringify([consumerKey, tokenId, timestamp, nonce])
}

/** Check the `ttlSeconds` a store receives. @internal */
export function checkTtlSeconds(ttlSeconds: unknown): number {
  if (typeof ttlSeconds !== 'number' || !Number.isFinite(ttlSeconds) || ttlSeconds <= 0) {
    throw argumentError(
      `ttlSeconds must be a positive finite number of seconds, got ${String(ttlSeconds)}`,
      'ERR_INVALID_ARG_VALUE',
    )
  }
  return ttlSeconds
}

/**
 * A bounded in-memory {@link NonceStore} for one process. Keys expire after their `ttlSeconds`;
 * a live key is never dropped to make room. When `maxEntries` live keys are held, `add` throws
 * an error with `code` `ERR_VERIFY_NONCE_STORE_FULL` (and `verifyRequest` refuses the request
 * with that code) until some expire. Size `maxEntries` above the requests you accept within
 * twice the timestamp window.
 *
 * @example
 * ```ts
 * const nonceStore = createMemoryNonceStore({ maxEntries: 10_000 })
 * ```
 */
export function createMemoryNonceStore(options: MemoryNonceStoreOptions = {}): NonceStore {
  if (typeof options !== 'object' || options === null) {
    throw argumentError('createMemoryNonceStore options must be an object', 'ERR_INVALID_ARG_TYPE')
  }
  const maxEntries = numberOption(options.maxEntries, 'maxEntries', {
    min: 1,
    integer: true,
    fallback: 100_000,
    what: 'nonces to remember (default 100000)',
  })
  if (options.now !== undefined && typeof options.now !== 'function') {
    throw argumentError('now must be a function returning seconds', 'ERR_INVALID_ARG_TYPE')
  }
  const now = options.now ?? (() => Date.now() / 1000)
  const entries = new Map<string, number>()
  // A lower bound of every expiry held: while the clock is below it, nothing can be swept.
  let earliest = Infinity
  const sweep = (t: number): void => {
    earliest = Infinity
    for (const [k, exp] of entries) {
      if (exp < t) entries.delete(k)
      else if (exp < earliest) earliest = exp
    }
  }
  return {
    add(key, ttlSeconds) {
      if (typeof key !== 'string') {
        throw argumentError('key must be a string', 'ERR_INVALID_ARG_TYPE')
      }
      const ttl = checkTtlSeconds(ttlSeconds)
      const t = now()
      if (typeof t !== 'number' || !Number.isFinite(t)) {
        throw argumentError(
          `now() must return a finite number of seconds, got ${String(t)}`,
          'ERR_INVALID_ARG_VALUE',
        )
      }
      const seen = entries.get(key)
      if (seen !== undefined && seen >= t) return false
      entries.delete(key)
      // Insertion order is nearly expiry order: drop expired keys from the front cheaply.
      for (const [k, exp] of entries) {
        if (exp >= t) break
        entries.delete(k)
      }
      if (entries.size >= maxEntries && earliest < t) sweep(t)
      if (entries.size >= maxEntries) {
        const error = new Error(
          `The nonce store holds ${maxEntries} live nonces (maxEntries) and forgets none before it expires; raise maxEntries or use a shared store such as netsuite-tba/redis.`,
        ) as Error & { code: string }
        error.name = 'NonceStoreFullError'
        error.code = VerifyErrorCodes.NONCE_STORE_FULL
        throw error
      }
      const expiresAt = t + ttl
      entries.set(key, expiresAt)
      if (expiresAt < earliest) earliest = expiresAt
      return true
    },
  }
}
