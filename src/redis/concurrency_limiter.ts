/**
 * NetSuite's account concurrency limit held across processes: leases in a Redis sorted set, taken
 * by an atomic Lua script in ticket order, renewed while held, and given back by time when a
 * worker dies. @internal
 *
 * @module
 */
import { parseAccountId } from '../account_id.ts'
import type { ConcurrencyLimiter } from '../concurrency_limiter.ts'
import { argumentError } from '../errors.ts'
import { generateNonce } from '../nonce.ts'
import { numberOption } from '../number_option.ts'
import { redisSetup, type RedisClientLike } from './client.ts'
import { ACQUIRE, RELEASE, RENEW } from './limiter_scripts.ts'

/** Options of {@link createRedisConcurrencyLimiter}. */
export interface RedisConcurrencyLimiterOptions {
  /** A connected client: ioredis, node-redis v4/v5, or any `{ command(args: string[]) }`. */
  redis: RedisClientLike
  /** The NetSuite account whose limit this is (any spelling: `1234567_SB1`, `1234567-sb1`). */
  accountId: string
  /**
   * Requests in flight across every process sharing this Redis and account: a positive integer.
   * Give every worker the same value (see `rest.governanceLimits()` to read NetSuite's).
   */
  limit: number
  /**
   * How long a slot stays taken without renewal, in milliseconds (an integer from 100 to
   * 86,400,000; default 30,000). A live holder renews it every third of that while its request
   * runs; the slots of a worker that dies come back after at most this long.
   */
  leaseMs?: number
  /** Key prefix (default `netsuite-tba:limiter:`); the account id follows in a hash tag. */
  prefix?: string
  /** Longest wait for one Redis answer before failing, in milliseconds (default 5000). */
  commandTimeoutMs?: number
}

const MIN_POLL_MS = 2
const MAX_POLL_MS = 40
/** A waiter that stops asking for this long loses its place in line. */
const WAIT_MS = 2000

interface Waiter {
  id: string
  signal: AbortSignal | undefined
  gone: boolean
  resolve: (release: () => void) => void
  reject: (reason: unknown) => void
}

/**
 * A {@link ConcurrencyLimiter} whose slots live in Redis, so every process that shares the Redis
 * and the account id shares one pool of `limit` slots. Pass it to the adapters as `limiter`.
 *
 * - Acquisition is one atomic Lua script; waiters are served in ticket order (first come, first
 *   served across processes; within a process, one waiter at a time holds a ticket).
 * - A slot is a lease of `leaseMs`, renewed while its request runs and returned when it ends; a
 *   worker that dies (SIGKILL, lost host) holds its slots for at most `leaseMs`.
 * - Waiting honours the `AbortSignal` (rejects with its reason and leaves the line).
 * - When Redis fails or does not answer within `commandTimeoutMs`, `acquire` rejects with a
 *   `TbaError` of code `ERR_TBA_REDIS_UNAVAILABLE` and no request is sent: never "no limit".
 * - `active()` counts the slots held by this limiter object (the pool's total is in Redis).
 *
 * @example
 * ```ts
 * import Redis from 'ioredis'
 * import { createRedisConcurrencyLimiter } from 'netsuite-tba/redis'
 * const limiter = createRedisConcurrencyLimiter({ redis: new Redis(process.env.REDIS_URL), accountId: '1234567', limit: 5 })
 * const rest = createRestClient({ credentials, limiter })
 * ```
 */
export function createRedisConcurrencyLimiter(
  options: RedisConcurrencyLimiterOptions,
): ConcurrencyLimiter {
  if (typeof options !== 'object' || options === null) {
    throw argumentError(
      'Pass { redis, accountId, limit } to createRedisConcurrencyLimiter.',
      'ERR_INVALID_ARG_TYPE',
    )
  }
  // Required: undefined is refused like any other non-number.
  const limit = numberOption(options.limit ?? null, 'limit', {
    min: 1,
    integer: true,
    fallback: 0,
    what: "requests in flight for the whole account (NetSuite's limit, often 5 to 15)",
  })
  const leaseMs = numberOption(options.leaseMs, 'leaseMs', {
    min: 100,
    max: 86_400_000,
    integer: true,
    fallback: 30_000,
    what: 'milliseconds (default 30000)',
  })
  const { send, prefix } = redisSetup(options, 'concurrency limiter', 'netsuite-tba:limiter:')
  const tag = `${prefix}{${parseAccountId(options.accountId).accountId}}`
  const keys = ['holders', 'queue', 'waiting', 'tickets'].map((k) => `${tag}:${k}`)
  const keyTtl = String(2 * leaseMs + WAIT_MS)
  const evalScript = (script: string, args: string[], what: string): Promise<unknown> =>
    send(['EVAL', script, String(keys.length), ...keys, ...args], what)

  const line: Waiter[] = []
  let active = 0
  let pumping = false
  let wake: (() => void) | undefined

  const giveBack = (id: string): void => {
    evalScript(RELEASE, [id], 'to release a slot').catch(() => {
      // The lease expires by itself.
    })
  }

  const hold = (id: string): (() => void) => {
    active++
    const timer = setInterval(
      () => {
        evalScript(RENEW, [id, String(leaseMs), keyTtl], 'to renew a slot').catch(() => {
          // A failed renewal is retried at the next tick; the lease lasts leaseMs meanwhile.
        })
      },
      Math.max(1, Math.floor(leaseMs / 3)),
    )
    ;(timer as { unref?: () => void }).unref?.()
    let done = false
    return () => {
      if (done) return
      done = true
      clearInterval(timer)
      active--
      giveBack(id)
      wake?.()
    }
  }

  const pause = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(done, ms)
      function done(): void {
        clearTimeout(timer)
        wake = undefined
        resolve()
      }
      wake = done
    })

  const pump = async (): Promise<void> => {
    if (pumping) return
    pumping = true
    try {
      while (line.length > 0) {
        const w = line[0] as Waiter
        let delay = MIN_POLL_MS
        for (;;) {
          if (w.gone) break
          let granted: boolean
          try {
            granted =
              Number(
                await evalScript(
                  ACQUIRE,
                  [w.id, String(limit), String(leaseMs), String(WAIT_MS), keyTtl],
                  'to acquire a slot',
                ),
              ) === 1
          } catch (error) {
            // Redis is down or silent: every waiter would wait as long for the same answer.
            for (const waiter of line.splice(0)) {
              waiter.gone = true
              waiter.signal?.removeEventListener('abort', onAbortOf(waiter))
              waiter.reject(error)
            }
            giveBack(w.id)
            break
          }
          if (w.gone) {
            if (granted) giveBack(w.id)
            break
          }
          if (granted) {
            w.gone = true
            line.shift()
            w.signal?.removeEventListener('abort', onAbortOf(w))
            w.resolve(hold(w.id))
            break
          }
          await pause(delay * (0.5 + Math.random()))
          delay = Math.min(MAX_POLL_MS, delay * 2)
        }
      }
    } finally {
      pumping = false
    }
  }

  const aborts = new WeakMap<Waiter, () => void>()
  const onAbortOf = (w: Waiter): (() => void) => {
    let f = aborts.get(w)
    if (!f) {
      f = () => {
        if (w.gone) return
        w.gone = true
        const i = line.indexOf(w)
        if (i !== -1) line.splice(i, 1)
        if (i === 0) wake?.()
        giveBack(w.id)
        w.reject(w.signal?.reason)
      }
      aborts.set(w, f)
    }
    return f
  }

  return {
    limit,
    active: () => active,
    acquire(signal) {
      return new Promise((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason)
        const w: Waiter = { id: generateNonce(), signal, gone: false, resolve, reject }
        signal?.addEventListener('abort', onAbortOf(w), { once: true })
        line.push(w)
        void pump()
      })
    },
  }
}
