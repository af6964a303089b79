/**
 * `netsuite-tba/redis`: NetSuite's account concurrency limit and the verifier's replay protection
 * shared by many processes through the Redis they already run. No dependency: pass a connected
 * client (ioredis, node-redis v4/v5, or any `{ command(args: string[]) }`). Standard JavaScript
 * only, so it runs wherever a Redis client does.
 *
 * @module
 */
export {
  createRedisConcurrencyLimiter,
  type RedisConcurrencyLimiterOptions,
} from './redis/concurrency_limiter.ts'
export { createRedisNonceStore, type RedisNonceStoreOptions } from './redis/nonce_store.ts'
export type {
  GenericRedisLike,
  IoRedisLike,
  NodeRedisLike,
  RedisClientLike,
} from './redis/client.ts'
export type { ConcurrencyLimiter } from './concurrency_limiter.ts'
export type { NonceStore } from './verify_nonce_store.ts'
export { TbaError, TbaErrorCodes, type TbaErrorCode } from './errors.ts'
