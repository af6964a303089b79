/**
 * Checks of numeric options: NaN, Infinity, fractions where a count belongs and values out of
 * range are a `TypeError` with code `ERR_INVALID_ARG_VALUE` naming the option. @internal
 *
 * @module
 */
import { argumentError } from './errors.ts'

/** What a numeric option accepts. @internal */
export interface NumberRule {
  /** Smallest accepted value. */
  min: number
  /** Largest accepted value (default: none). */
  max?: number
  /** Whole numbers only. */
  integer?: boolean
  /** Used when the option is `undefined`. */
  fallback: number
  /** Unit and advice for the message, e.g. `milliseconds (default 60000)`. */
  what: string
}

/** The option's value, or its fallback when `undefined`; anything else out of rule throws. @internal */
export function numberOption(value: unknown, name: string, rule: NumberRule): number {
  if (value === undefined) return rule.fallback
  const max = rule.max ?? Infinity
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    (rule.integer === true && !Number.isSafeInteger(value)) ||
    value < rule.min ||
    value > max
  ) {
    const range = max === Infinity ? `${rule.min} or more` : `from ${rule.min} to ${max}`
    throw argumentError(
      `${name} must be a ${rule.integer ? 'whole' : 'finite'} number of ${rule.what}, ${range}; got ${String(value)}`,
      'ERR_INVALID_ARG_VALUE',
    )
  }
  return value
}
