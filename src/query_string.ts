/**
 * Query strings built with `%20` for spaces: exactly the pairs that get signed.
 *
 * @module
 */
import { percentEncode } from './percent_encoding.ts'

/** Query parameters: values may be strings, numbers or booleans; `undefined` is skipped. */
export type QueryParams = Record<string, string | number | boolean | undefined>

/** `a=1&b=x%20y` from params (RFC 3986 encoding, insertion order), '' when empty. */
export function buildQuery(params: QueryParams | undefined): string {
  if (!params) return ''
  const parts: string[] = []
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined) parts.push(percentEncode(name) + '=' + percentEncode(String(value)))
  }
  return parts.join('&')
}

/** Append params to a URL string. */
export function withQuery(url: string, params: QueryParams | undefined): string {
  const q = buildQuery(params)
  return q === '' ? url : url + (url.includes('?') ? '&' : '?') + q
}
