/**
 * Replay protection for {@link verifyRequest}: the nonce store interface and a bounded in-memory one.
 *
 * @module
 */

/**
 * Where {@link verifyRequest} records the nonces it has accepted. `add` returns `true` when the key
 * was new (and records it for `ttlSeconds`) and `false` when it was already there.
 * May be async, so a shared store (Redis `SET key 1 NX EX ttlSeconds`) fits.
 */
export interface NonceStore {
  /** Record `key` for `ttlSeconds`; `true` if it was not already recorded. */
  add(key: string, ttlSeconds: number): boolean | Promise<boolean>
}

/** Options of {@link createMemoryNonceStore}. */
export interface MemoryNonceStoreOptions {
  /** Most keys kept; the oldest are dropped first (default 100,000). */
  maxEntries?: number
  /** Clock in seconds used to drop expired keys (default: `Date.now() / 1000`). */
  now?: () => number
}

/**
 * A bounded in-memory {@link NonceStore} for one process: expired keys are dropped, and past
 * `maxEntries` the oldest key is evicted.
 *
 * @example
 * ```ts
 * const nonceStore = createMemoryNonceStore({ maxEntries: 10_000 })
 * ```
 */
export function createMemoryNonceStore(options: MemoryNonceStoreOptions = {}): NonceStore {
  const maxEntries = options.maxEntries ?? 100_000
  const now = options.now ?? (() => Date.now() / 1000)
  const entries = new Map<string, number>()
  return {
    add(key, ttlSeconds) {
      const t = now()
      const expiresAt = t + Math.max(1, ttlSeconds)
      const seen = entries.get(key)
      if (seen !== undefined && seen >= t) return false
      entries.delete(key)
      // Insertion order is expiry order in practice; drop expired and overflow from the front.
      for (const [k, exp] of entries) {
        if (exp >= t && entries.size < maxEntries) break
        entries.delete(k)
      }
      entries.set(key, expiresAt)
      return true
    },
  }
}
