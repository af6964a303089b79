/**
 * The Lua scripts of the Redis concurrency limiter. Each runs atomically on the server, with the
 * server's clock (`TIME`), so workers' clocks never matter. @internal
 *
 * Keys (one hash tag, so a cluster keeps them on one node):
 * 1. holders — sorted set: lease id → lease expiry (ms)
 * 2. queue — sorted set: waiter id → ticket number (first come, first served)
 * 3. waiting — sorted set: waiter id → expiry of its place in the queue (ms)
 * 4. tickets — counter handing out ticket numbers
 *
 * @module
 */

const NOW = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`

/**
 * ARGV: id, limit, leaseMs, waitMs, keyTtlMs. Drops expired leases and waiters that stopped
 * asking, then grants a lease when a slot is free and `id` is among the first waiters in line.
 * Returns 1 (granted: lease held until now + leaseMs) or 0 (queued).
 */
export const ACQUIRE: string = `${NOW}
local id = ARGV[1]
local limit = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local gone = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now)
for i = 1, #gone do redis.call('ZREM', KEYS[2], gone[i]) end
if #gone > 0 then redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now) end
local granted = 0
if redis.call('ZSCORE', KEYS[1], id) then
  granted = 1
else
  if not redis.call('ZSCORE', KEYS[2], id) then
    redis.call('ZADD', KEYS[2], redis.call('INCR', KEYS[4]), id)
  end
  local free = limit - redis.call('ZCARD', KEYS[1])
  if free > 0 and redis.call('ZRANK', KEYS[2], id) < free then granted = 1 end
end
if granted == 1 then
  redis.call('ZREM', KEYS[2], id)
  redis.call('ZREM', KEYS[3], id)
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), id)
else
  redis.call('ZADD', KEYS[3], now + tonumber(ARGV[4]), id)
end
for i = 1, 4 do redis.call('PEXPIRE', KEYS[i], ARGV[5]) end
return granted`

/** ARGV: id, leaseMs, keyTtlMs. Extends a lease still held; 1 if it was, 0 if it was lost. */
export const RENEW: string = `${NOW}
if redis.call('ZSCORE', KEYS[1], ARGV[1]) then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
  for i = 1, 4 do redis.call('PEXPIRE', KEYS[i], ARGV[3]) end
  return 1
end
return 0`

/** ARGV: id. Gives up a lease and any place in the queue. */
export const RELEASE: string = `redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
return 1`
