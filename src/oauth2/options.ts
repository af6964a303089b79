/**
 * Option checks shared by the OAuth 2.0 grants: client ids and tokens, scopes, numbers, callbacks
 * and the injectable clock. Internal.
 *
 * @module
 */
import { argumentError } from '../errors.ts'
import type { OAuth2Scope } from './types.ts'

/** Where the integration record is, for messages. */
export const INTEGRATION_RECORD =
  'the integration record (Setup > Integration > Manage Integrations)'

/** Scopes asked for when `scopes` is omitted. */
export const DEFAULT_SCOPES: readonly OAuth2Scope[] = ['restlets', 'rest_webservices']
const SCOPES: readonly string[] = ['restlets', 'rest_webservices', 'suite_analytics']

/** A non-empty printable ASCII string of at most `maxLength` characters; `hint` says where it comes from. */
export function checkString(value: unknown, name: string, hint: string, maxLength = 512): string {
  if (typeof value !== 'string')
    throw argumentError(`${name} must be a string: ${hint}.`, 'ERR_INVALID_ARG_TYPE')
  if (value === '' || !/^[\x21-\x7e]+$/.test(value) || value.length > maxLength)
    throw argumentError(
      `${name} must be non-empty printable ASCII without spaces (check for a stray quote or line break): ${hint}.`,
      'ERR_INVALID_ARG_VALUE',
    )
  return value
}

/** The scopes option: the defaults when omitted, else known scopes without repeats. */
export function checkScopes(value: unknown, grant = ''): string[] {
  if (value === undefined) return [...DEFAULT_SCOPES]
  if (!Array.isArray(value) || value.length === 0)
    throw argumentError(
      "scopes must be a non-empty array such as ['restlets', 'rest_webservices'].",
      'ERR_INVALID_ARG_TYPE',
    )
  for (const scope of value)
    if (!SCOPES.includes(scope))
      throw argumentError(
        `scope ${JSON.stringify(String(scope).slice(0, 40))} is not one NetSuite${grant === '' ? '' : `'s ${grant}`} knows: use restlets, rest_webservices or suite_analytics.`,
        'ERR_INVALID_ARG_VALUE',
      )
  return [...new Set(value as string[])]
}

/** A finite number from `min` to `max`. */
export function checkNumber(value: unknown, name: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max)
    throw argumentError(
      `${name} must be a number from ${min} to ${max} (got ${String(value)}).`,
      typeof value === 'number' ? 'ERR_INVALID_ARG_VALUE' : 'ERR_INVALID_ARG_TYPE',
    )
  return value
}

/** An optional callback. */
export function checkFunction<T>(value: T | undefined, name: string): T | undefined {
  if (value !== undefined && typeof value !== 'function')
    throw argumentError(`${name} must be a function.`, 'ERR_INVALID_ARG_TYPE')
  return value
}

/**
 * The `clock` option (seconds since 1970, default the system clock) as a function that checks
 * every reading.
 */
export function clockSeconds(clock: unknown): () => number {
  const read = checkFunction(clock as (() => number) | undefined, 'clock')
  if (read === undefined) return () => Date.now() / 1000
  return () => {
    const now = read()
    if (typeof now !== 'number' || !Number.isFinite(now) || now < 0)
      throw argumentError(
        `clock() must return seconds since 1970 (got ${String(now)}).`,
        'ERR_INVALID_ARG_VALUE',
      )
    return now
  }
}
