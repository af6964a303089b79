/**
 * The account-wide concurrency limiter shared by all adapter clients of one account id.
 *
 * @module
 */
import { argumentError } from './errors.ts'

/** A counting semaphore. */
export interface ConcurrencyLimiter {
  /** The limit. */
  readonly limit: number
  /** Wait for a slot; resolve with its release function (call it once). */
  acquire(signal?: AbortSignal): Promise<() => void>
  /** Slots in use now. */
  active(): number
}

/** Create a limiter allowing `limit` concurrent holders. */
export function createConcurrencyLimiter(limit: number): ConcurrencyLimiter {
  if (!Number.isInteger(limit) || limit < 1) {
    throw argumentError(
      `concurrency must be a positive integer (NetSuite's account limit, often 5 to 15), got ${String(limit)}`,
      'ERR_INVALID_ARG_VALUE',
    )
  }
  let active = 0
  const queue: Array<() => void> = []
  const release = (): void => {
    active--
    const next = queue.shift()
    if (next) next()
  }
  return {
    limit,
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
        if (active < limit) return grant()
        signal?.addEventListener('abort', onAbort, { once: true })
        queue.push(grant)
      })
    },
  }
}

const shared = new Map<string, ConcurrencyLimiter>()

/**
 * The limiter of one account: the same object for every client created with the same account id
 * and limit (NetSuite's limit is account-wide, shared by SOAP, REST and RESTlets).
 */
export function accountLimiter(key: string, limit: number): ConcurrencyLimiter {
  const k = `${key}\u0000${limit}`
  let limiter = shared.get(k)
  if (!limiter) shared.set(k, (limiter = createConcurrencyLimiter(limit)))
  return limiter
}
