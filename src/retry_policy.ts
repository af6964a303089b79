/**
 * Retry policy of the adapters: exponential backoff with full jitter, honouring Retry-After.
 *
 * @module
 */
import { argumentError } from './errors.ts'
import { numberOption } from './number_option.ts'

/** Retry options of every adapter. */
export interface RetryOptions {
  /** Attempts in total, first included: a positive integer (default 5; 1 = no retry). */
  maxAttempts?: number
  /** First backoff in milliseconds: finite, 0 or more (default 250). */
  baseDelayMs?: number
  /** Longest wait in milliseconds, Retry-After included: finite, 0 or more (default 10,000). */
  maxDelayMs?: number
}

/** Resolved retry options. @internal */
export interface RetryPolicy {
  maxAttempts: number
  baseDelayMs: number
  maxDelayMs: number
}

/**
 * Check the options and fill in defaults; `false` means one attempt. Every bad number (NaN,
 * Infinity, a negative delay, a fractional attempt count) is a coded TypeError. @internal
 */
export function retryPolicy(options: RetryOptions | false | undefined): RetryPolicy {
  if (options === false) return { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 }
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw argumentError(
      'retry must be an object { maxAttempts, baseDelayMs, maxDelayMs } or false',
      'ERR_INVALID_ARG_TYPE',
    )
  }
  const delay = (value: number | undefined, name: string, fallback: number): number =>
    numberOption(value, `retry.${name}`, { min: 0, fallback, what: 'milliseconds' })
  return {
    maxAttempts: numberOption(options?.maxAttempts, 'retry.maxAttempts', {
      min: 1,
      integer: true,
      fallback: 5,
      what: 'attempts in total (1 = no retry)',
    }),
    baseDelayMs: delay(options?.baseDelayMs, 'baseDelayMs', 250),
    maxDelayMs: delay(options?.maxDelayMs, 'maxDelayMs', 10_000),
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
