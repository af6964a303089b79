/**
 * Retry policy of the adapters: exponential backoff with full jitter, honouring Retry-After.
 *
 * @module
 */

/** Retry options of every adapter. */
export interface RetryOptions {
  /** Attempts in total, first included (default 5; 1 = no retry). */
  maxAttempts?: number
  /** First backoff in milliseconds (default 250). */
  baseDelayMs?: number
  /** Longest wait in milliseconds, Retry-After included (default 10,000). */
  maxDelayMs?: number
}

/** Resolved retry options. @internal */
export interface RetryPolicy {
  maxAttempts: number
  baseDelayMs: number
  maxDelayMs: number
}

/** Fill in defaults; `false` means one attempt. @internal */
export function retryPolicy(options: RetryOptions | false | undefined): RetryPolicy {
  if (options === false) return { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 }
  return {
    maxAttempts: Math.max(1, Math.floor(options?.maxAttempts ?? 5)),
    baseDelayMs: Math.max(0, options?.baseDelayMs ?? 250),
    maxDelayMs: Math.max(0, options?.maxDelayMs ?? 10_000),
  }
}

/** Milliseconds a `Retry-After` header asks for (seconds or HTTP date), or undefined. @internal */
export function retryAfterMs(value: string | null, nowMs: number = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs)
}

/** The wait before attempt `attempt + 1` (attempt counts from 1). @internal */
export function backoffMs(policy: RetryPolicy, attempt: number, retryAfter?: number): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1))
  const jittered = Math.random() * exp
  return Math.min(policy.maxDelayMs, Math.max(jittered, retryAfter ?? 0))
}

/** Sleep `ms`, rejecting early when `signal` aborts. @internal */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = (): void => {
      clearTimeout(timer)
      reject(signal?.reason)
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
