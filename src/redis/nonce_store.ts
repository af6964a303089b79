/**
 * A {@link NonceStore} in Redis (`SET key 1 NX PX ttl`), shared by every verifier process. @internal
 *
 * @module
 */
import { argumentError, TbaError, TbaErrorCodes } from '../errors.ts'
import { checkTtlSeconds, type NonceStore } from '../verify_nonce_store.ts'
import { redisSetup, type RedisClientLike } from './client.ts'

/** Options of {@link createRedisNonceStore}. */
export interface RedisNonceStoreOptions {
  /** A connected client: ioredis, node-redis v4/v5, or any `{ command(args: string[]) }`. */
  redis: RedisClientLike
  /** Key prefix (default `netsuite-tba:nonce:`). */
  prefix?: string
  /** Longest wait for one Redis answer before failing, in milliseconds (default 5000). */
  commandTimeoutMs?: number
}

/**
 * A {@link NonceStore} in Redis: each accepted nonce is one key set with `SET … NX PX`, so every
 * verifier sharing the Redis refuses a replay seen by any of them, and Redis forgets the key when
 * its timestamp has left the window. When Redis fails, `add` throws a `TbaError` of code
 * `ERR_TBA_REDIS_UNAVAILABLE` and `verifyRequest` refuses the request
 * (`ERR_VERIFY_NONCE_STORE_UNAVAILABLE`).
 *
 * @example
 * ```ts
 * import { createClient } from 'redis'
 * import { createRedisNonceStore } from 'netsuite-tba/redis'
 * const redis = await createClient({ url: process.env.REDIS_URL }).connect()
 * const verifier = createVerifier({ lookup, nonceStore: createRedisNonceStore({ redis }) })
 * ```
 */
export function createRedisNonceStore(options: RedisNonceStoreOptions): NonceStore {
  if (typeof options !== 'object' || options === null) {
    throw argumentError('Pass { redis } to createRedisNonceStore.', 'ERR_INVALID_ARG_TYPE')
  }
  const { send, prefix } = redisSetup(options, 'nonce store', 'netsuite-tba:nonce:')
  return {
    async add(key, ttlSeconds) {
      if (typeof key !== 'string')
        throw argumentError('key must be a string', 'ERR_INVALID_ARG_TYPE')
      const ttlMs = String(Math.max(1, Math.ceil(checkTtlSeconds(ttlSeconds) * 1000)))
      const answer = await send(['SET', prefix + key, '1', 'NX', 'PX', ttlMs], 'to record a nonce')
      if (answer === null || answer === undefined) return false
      if (String(answer) === 'OK') return true
      throw new TbaError(
        TbaErrorCodes.REDIS_UNAVAILABLE,
        `Redis answered SET NX with ${JSON.stringify(String(answer).slice(0, 40))} instead of OK or nil; the nonce store cannot work with this client.`,
      )
    },
  }
}
