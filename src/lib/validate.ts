/**
 * Input checks shared by the signers. Messages name the offending field, never a secret value.
 *
 * @module
 * @internal
 */
import { argumentError, TbaError, TbaErrorCodes } from '../errors.ts'
import { isWellFormed } from '../percent_encoding.ts'

// Whitespace, control characters and the characters that could break out of a quoted header
// value or an XML element: NetSuite never issues credentials containing any of them.
const FORBIDDEN_IN_CREDENTIAL = /[\s\u0000-\u001f\u007f-\u009f",<>\\]/

/** Describe the first forbidden character of a secret without revealing the secret. */
function describeForbidden(value: string): string {
  const index = value.search(FORBIDDEN_IN_CREDENTIAL)
  const char = value.charAt(index)
  const code = char.charCodeAt(0)
  const name =
    char === '\n'
      ? 'a line feed'
      : char === '\r'
        ? 'a carriage return'
        : char === ' '
          ? 'a space'
          : char === '\t'
            ? 'a tab'
            : code < 0x20 || (code >= 0x7f && code <= 0x9f) || /\s/.test(char)
              ? `control or space character U+${code.toString(16).toUpperCase().padStart(4, '0')}`
              : `the character ${JSON.stringify(char)}`
  const where =
    index === 0
      ? 'at its start'
      : index === value.length - 1
        ? 'at its end'
        : `at position ${index}`
  return `${name} ${where}`
}

/**
 * Check one credential string. `allowEmpty` is for OAuth 1.0a secrets, which RFC 5849 allows to
 * be empty; NetSuite credentials never are.
 */
export function checkCredential(
  value: unknown,
  field: string,
  options: { allowEmpty?: boolean; secret?: boolean } = {},
): string {
  if (typeof value !== 'string') {
    throw argumentError(
      `${field} must be a string, got ${value === null ? 'null' : typeof value}; copy it from NetSuite (it is shown once when created).`,
      'ERR_INVALID_ARG_TYPE',
    )
  }
  if (value === '') {
    if (options.allowEmpty) return value
    throw new TbaError(
      TbaErrorCodes.INVALID_CREDENTIAL,
      `${field} is empty; copy it from NetSuite (it is shown once when created).`,
    )
  }
  if (!isWellFormed(value)) {
    // A lone surrogate would be replaced by U+FFFD when encoded as UTF-8: a wrong signature.
    throw new TbaError(
      TbaErrorCodes.INVALID_ENCODING,
      `${field} contains a lone UTF-16 surrogate (broken text); copy it from NetSuite again.`,
    )
  }
  if (FORBIDDEN_IN_CREDENTIAL.test(value)) {
    throw new TbaError(
      TbaErrorCodes.INVALID_CREDENTIAL,
      `${field} contains ${describeForbidden(value)}; NetSuite credentials have no whitespace, quotes or control characters — check for a copy-paste mistake.`,
    )
  }
  return value
}

/**
 * Check a string the generic RFC 5849 signer puts into a signature: any well-formed text (it is
 * percent-encoded wherever it is sent). Secrets may be empty (RFC 5849 §3.4.2); identifiers not.
 */
export function checkRfcString(
  value: unknown,
  field: string,
  options: { allowEmpty?: boolean } = {},
): string {
  if (typeof value !== 'string') {
    throw argumentError(
      `${field} must be a string, got ${value === null ? 'null' : typeof value}.`,
      'ERR_INVALID_ARG_TYPE',
    )
  }
  if (value === '' && !options.allowEmpty) {
    throw new TbaError(
      TbaErrorCodes.INVALID_CREDENTIAL,
      `${field} is empty; pass the value issued by the service.`,
    )
  }
  if (!isWellFormed(value)) {
    // A lone surrogate has no UTF-8 form: it could only be signed as U+FFFD, a wrong signature.
    throw new TbaError(
      TbaErrorCodes.INVALID_ENCODING,
      `${field} contains a lone UTF-16 surrogate (broken text); pass well-formed text.`,
    )
  }
  return value
}

const HTTP_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/

/** Validate an HTTP method (an RFC 9110 token) and upper-case it. */
export function checkMethod(method: unknown): string {
  if (typeof method !== 'string') {
    throw argumentError('request.method must be a string such as "GET"', 'ERR_INVALID_ARG_TYPE')
  }
  if (!HTTP_TOKEN.test(method)) {
    throw new TbaError(
      TbaErrorCodes.INVALID_METHOD,
      `request.method ${JSON.stringify(method.slice(0, 40))} is not an HTTP method token; use GET, POST, PUT, PATCH or DELETE.`,
    )
  }
  return method.toUpperCase()
}

/**
 * Any non-empty well-formed nonce (RFC 5849 §3.3 leaves the format open; it is percent-encoded in
 * the header and the base string, so spaces, `+`, `/` and `=` are fine).
 */
export function checkGenericNonce(nonce: unknown): string {
  if (typeof nonce !== 'string') {
    throw argumentError('nonce must be a string', 'ERR_INVALID_ARG_TYPE')
  }
  if (nonce === '' || !isWellFormed(nonce)) {
    throw new TbaError(
      TbaErrorCodes.INVALID_NONCE,
      'nonce must be a non-empty string of well-formed text (no lone UTF-16 surrogates).',
    )
  }
  return nonce
}

const TBA_NONCE = /^[A-Za-z0-9]{6,64}$/

/** NetSuite's nonce rule: 6–64 ASCII letters and digits. */
export function checkTbaNonce(nonce: unknown): string {
  if (typeof nonce !== 'string') {
    throw argumentError('nonce must be a string', 'ERR_INVALID_ARG_TYPE')
  }
  if (!TBA_NONCE.test(nonce)) {
    throw new TbaError(
      TbaErrorCodes.INVALID_NONCE,
      `nonce must be 6–64 ASCII letters and digits for NetSuite (got ${nonce.length} characters${/^[A-Za-z0-9]*$/.test(nonce) ? '' : ', some not alphanumeric'}); omit it to get a fresh 20-character nonce.`,
    )
  }
  return nonce
}

/** Timestamps at or above this are taken for milliseconds (10^11 s is the year 5138). */
const MILLISECONDS_THRESHOLD = 1e11

/**
 * Any non-negative whole number of seconds, or any non-empty well-formed string (RFC 5849 leaves
 * the format open; it is percent-encoded wherever it is sent).
 */
export function checkGenericTimestamp(timestamp: unknown): string {
  if (typeof timestamp === 'number') return checkTbaTimestamp(timestamp)
  if (typeof timestamp !== 'string') {
    throw argumentError('timestamp must be a number of seconds or a string', 'ERR_INVALID_ARG_TYPE')
  }
  if (timestamp === '' || !isWellFormed(timestamp)) {
    throw new TbaError(
      TbaErrorCodes.INVALID_TIMESTAMP,
      'timestamp must be a non-empty string of well-formed text (no lone UTF-16 surrogates).',
    )
  }
  return timestamp
}

/** NetSuite's timestamp rule: whole, non-negative Unix seconds. */
export function checkTbaTimestamp(timestamp: unknown): string {
  let seconds: number
  if (typeof timestamp === 'number') {
    seconds = timestamp
  } else if (typeof timestamp === 'string') {
    if (!/^\d{1,16}$/.test(timestamp)) {
      throw new TbaError(
        TbaErrorCodes.INVALID_TIMESTAMP,
        `timestamp ${JSON.stringify(timestamp.slice(0, 24))} is not a whole number of seconds since 1970; pass Math.floor(Date.now() / 1000) or omit it.`,
      )
    }
    seconds = Number(timestamp)
  } else {
    throw argumentError('timestamp must be a number of seconds or a string', 'ERR_INVALID_ARG_TYPE')
  }
  if (!Number.isSafeInteger(seconds) || seconds < 0) {
    throw new TbaError(
      TbaErrorCodes.INVALID_TIMESTAMP,
      `timestamp ${String(timestamp)} is not a whole, non-negative number of seconds since 1970; pass Math.floor(Date.now() / 1000) or omit it.`,
    )
  }
  if (seconds >= MILLISECONDS_THRESHOLD) {
    throw new TbaError(
      TbaErrorCodes.INVALID_TIMESTAMP,
      `timestamp ${String(timestamp)} looks like milliseconds; NetSuite expects seconds (Math.floor(Date.now() / 1000)).`,
    )
  }
  return String(seconds)
}
