/**
 * RFC 3986 / RFC 5849 §3.6 percent-encoding and strict form decoding.
 *
 * @module
 */
import { argumentError, TbaError, TbaErrorCodes } from './errors.ts'

const UNRESERVED = /^[A-Za-z0-9\-._~]*$/
const SUB_DELIMS_LEFT_BY_ENCODE_URI_COMPONENT = /[!'()*]/g

function hexEscape(char: string): string {
  return '%' + char.charCodeAt(0).toString(16).toUpperCase()
}

/**
 * Percent-encode a string as RFC 5849 §3.6 requires: UTF-8, every octet outside the unreserved set
 * `A-Z a-z 0-9 - . _ ~` written as `%XX` with upper-case hex.
 *
 * @example
 * ```ts
 * percentEncode('Smith & Sons!') // 'Smith%20%26%20Sons%21'
 * ```
 *
 * @param value - Any well-formed string.
 * @returns The encoded string.
 * @throws {@link TbaError} `ERR_TBA_INVALID_ENCODING` when `value` contains a lone surrogate;
 *   a `TypeError` `ERR_INVALID_ARG_TYPE` when it is not a string.
 */
export function percentEncode(value: string): string {
  // RegExp#test coerces: without this check 123, null or undefined came back unchanged, not a string.
  if (typeof value !== 'string') {
    throw argumentError(
      `percentEncode() needs a string, got ${value === null ? 'null' : typeof value}; convert it with String() first.`,
      'ERR_INVALID_ARG_TYPE',
    )
  }
  if (UNRESERVED.test(value)) return value
  let encoded: string
  try {
    encoded = encodeURIComponent(value)
  } catch {
    throw new TbaError(
      TbaErrorCodes.INVALID_ENCODING,
      'A string contains a lone UTF-16 surrogate and cannot be encoded as UTF-8; pass well-formed text.',
    )
  }
  return encoded.replace(SUB_DELIMS_LEFT_BY_ENCODE_URI_COMPONENT, hexEscape)
}

/**
 * Decode one `application/x-www-form-urlencoded` component: `+` is a space, `%XX` escapes must be
 * well formed and decode to valid UTF-8.
 *
 * @param value - The raw component as it appears in a query string or form body.
 * @param what - Names the component in the error message (never its value when it may be secret).
 * @throws {@link TbaError} `ERR_TBA_INVALID_ENCODING` on a malformed escape or invalid UTF-8.
 */
export function formDecode(value: string, what: string): string {
  if (UNRESERVED.test(value)) return value
  const spaced = value.includes('+') ? value.replace(/\+/g, ' ') : value
  if (!spaced.includes('%')) return spaced
  try {
    return decodeURIComponent(spaced)
  } catch {
    throw new TbaError(
      TbaErrorCodes.INVALID_ENCODING,
      `${what} has a malformed percent-escape or one that is not valid UTF-8 (${JSON.stringify(
        value.length > 80 ? value.slice(0, 80) + '…' : value,
      )}); encode it with encodeURIComponent or URLSearchParams.`,
    )
  }
}

/** Canonical encoded form of one raw form component: decode, then {@link percentEncode}. */
export function canonicalComponent(value: string, what: string): string {
  if (UNRESERVED.test(value)) return value
  return percentEncode(formDecode(value, what))
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** True when the string has no lone surrogate. */
export function isWellFormed(value: string): boolean {
  const native = (value as { isWellFormed?: () => boolean }).isWellFormed
  return native ? native.call(value) : !LONE_SURROGATE.test(value)
}
