/**
 * The account-wide concurrency limiter shared by all adapter clients of one account id.
 *
 * @module
 */
import { numberOption } from './number_option.ts'

/**
 * A counting semaphore: what the adapters wait on before each attempt. The default is an
 * in-process one per account; `createRedisConcurrencyLimiter` from `netsuite-tba/redis` holds the
 * limit across processes. Any implementation fits.
 */
export interface ConcurrencyLimiter {
  /** The limit. */
  readonly limit: number
  /**
   * Wait for a slot; resolve with its release function (call it once). Rejects with the signal's
   * reason when `signal` aborts while waiting.
   */
  acquire(signal?: AbortSignal): Promise<() => void>
  /** Slots in use now (for a shared limiter: those held by this process). */
  active(): number
}

function checkLimit(limit: unknown): number {
  return numberOption(limit ?? null, 'concurrency', {
    min: 1,
    integer: true,
    fallback: 5,
    what: "requests in flight (NetSuite's account limit, often 5 to 15)",
  })
}

interface LocalLimiter extends ConcurrencyLimiter {
  /** Lower the limit to `limit` if it is smaller (holders above it finish; none is admitted). */
  lower(limit: number): void
}

function localLimiter(initial: number): LocalLimiter {
  let limit = checkLimit(initial)
  let active = 0
  const queue: Array<() => void> = []
  const release = (): void => {
    active--
    while (active < limit && queue.length > 0) (queue.shift() as () => void)()
  }
  return {
    get limit() {
      return limit
    },
    lower(next) {
      limit = Math.min(limit, checkLimit(next))
    },
    active: () => active,
    acquire(signal) {
      return new Promise((resolve, reject) => {
        const grant = (): void => {
          signal?.removeEventListener('abort', onAbort)
          active++
          let done = false
          resolve(() => {
            if (!done) {
              done = true
              release()
            }
          })
        }
        const onAbort = (): void => {
          const i = queue.indexOf(grant)
          if (i !== -1) queue.splice(i, 1)
          reject(signal?.reason)
        }
        if (signal?.aborted) return reject(signal.reason)
        if (active < limit && queue.length === 0) return grant()
        signal?.addEventListener('abort', onAbort, { once: true })
        queue.push(grant)
      })
    },
  }
}

/** Create an in-process limiter allowing `limit` concurrent holders, first come first served. */
export function createConcurrencyLimiter(limit: number): ConcurrencyLimiter {
  return localLimiter(limit)
}

const shared = new Map<string, LocalLimiter>()

/**
 * The in-process limiter of one account: the same object for every client of the same account id
 * (NetSuite's limit is account-wide, shared by SOAP, REST and RESTlets), whatever `concurrency`
 * each passes. The smallest `concurrency` any client of the account passed wins, so no client
 * ever sees more requests in flight than it asked for.
 */
export function accountLimiter(key: string, limit: number): ConcurrencyLimiter {
  let limiter = shared.get(key)
  if (limiter) limiter.lower(limit)
  else shared.set(key, (limiter = localLimiter(limit)))
  return limiter
}
