/**
 * Error types of netsuite-tba. Every rejection carries a stable string `code` beginning `ERR_`.
 *
 * - Wrong argument types (a missing option, a number where a string belongs) throw a `TypeError`
 *   with `code` `ERR_INVALID_ARG_TYPE` or `ERR_INVALID_ARG_VALUE` (the Node.js convention).
 * - Everything else throws a {@link TbaError} whose `code` is one of {@link TbaErrorCode}.
 *
 * No message or property of any error ever contains a secret.
 *
 * @module
 */

/** Codes of {@link TbaError}, as constants. */
export const TbaErrorCodes = {
  /** A credential is empty or contains characters NetSuite never issues (whitespace, quotes, …). */
  INVALID_CREDENTIAL: 'ERR_TBA_INVALID_CREDENTIAL',
  /** The account id is not of NetSuite's shape (`1234567`, `1234567_SB1`, `TSTDRV1234567`). */
  INVALID_ACCOUNT_ID: 'ERR_TBA_INVALID_ACCOUNT_ID',
  /** The signature method is not supported here (NetSuite TBA accepts HMAC-SHA256 only). */
  UNSUPPORTED_SIGNATURE_METHOD: 'ERR_TBA_UNSUPPORTED_SIGNATURE_METHOD',
  /** The URL is relative, not http(s), or cannot be parsed. */
  INVALID_URL: 'ERR_TBA_INVALID_URL',
  /** The HTTP method is not an RFC 9110 token. */
  INVALID_METHOD: 'ERR_TBA_INVALID_METHOD',
  /** An `oauth_*` or `realm` parameter was found in the query or form body. */
  RESERVED_PARAMETER: 'ERR_TBA_RESERVED_PARAMETER',
  /** A percent-escape is malformed or decodes to invalid UTF-8, or a string has a lone surrogate. */
  INVALID_ENCODING: 'ERR_TBA_INVALID_ENCODING',
  /** The nonce is not acceptable (TBA: 6–64 ASCII letters and digits). */
  INVALID_NONCE: 'ERR_TBA_INVALID_NONCE',
  /** The timestamp is not acceptable (TBA: whole Unix seconds, not milliseconds). */
  INVALID_TIMESTAMP: 'ERR_TBA_INVALID_TIMESTAMP',
  /** An extra OAuth parameter is not allowed (wrong prefix, or overrides a core parameter). */
  INVALID_OAUTH_PARAMETER: 'ERR_TBA_INVALID_OAUTH_PARAMETER',
  /** A required NETSUITE_* environment variable is missing. */
  MISSING_ENV: 'ERR_TBA_MISSING_ENV',
  /** The runtime lacks an API the library needs (WebCrypto `crypto.subtle`). */
  UNSUPPORTED_RUNTIME: 'ERR_TBA_UNSUPPORTED_RUNTIME',
  /** Redis did not answer, or answered with an error (`netsuite-tba/redis`); nothing was sent. */
  REDIS_UNAVAILABLE: 'ERR_TBA_REDIS_UNAVAILABLE',
  /** OAuth 2.0: the private key cannot be read (not PEM, encrypted, a public key or certificate). */
  OAUTH2_INVALID_KEY: 'ERR_TBA_OAUTH2_INVALID_KEY',
  /** OAuth 2.0: the key is of a kind or size NetSuite refuses (RSA under 3072 bits, a curve other than P-256/P-384/P-521). */
  OAUTH2_UNSUPPORTED_KEY: 'ERR_TBA_OAUTH2_UNSUPPORTED_KEY',
  /** OAuth 2.0: the signing algorithm is not one NetSuite accepts or does not fit the key. */
  OAUTH2_UNSUPPORTED_ALGORITHM: 'ERR_TBA_OAUTH2_UNSUPPORTED_ALGORITHM',
  /** OAuth 2.0 credentials given where NetSuite has no OAuth 2.0 (SOAP web services). */
  OAUTH2_NOT_SUPPORTED: 'ERR_TBA_OAUTH2_NOT_SUPPORTED',
  /** The `state` a redirect carries is missing or differs from the one sent: the redirect is not trusted. */
  STATE_MISMATCH: 'ERR_TBA_STATE_MISMATCH',
  /** A redirect (callback) URL carries neither a result nor an error, or cannot be parsed. */
  INVALID_REDIRECT: 'ERR_TBA_INVALID_REDIRECT',
} as const

/** The union of every {@link TbaError} code. */
export type TbaErrorCode = (typeof TbaErrorCodes)[keyof typeof TbaErrorCodes]

/** Options of the {@link TbaError} constructor. */
export interface TbaErrorOptions {
  /** The underlying error, if any. It must not carry a secret. */
  cause?: unknown
}

/**
 * The error thrown for every rejected input that is not a plain argument-type mistake.
 *
 * @example
 * ```ts
 * try {
 *   await signer.sign({ method: 'GET', url: 'ftp://example.com/' })
 * } catch (e) {
 *   if (e instanceof TbaError && e.code === 'ERR_TBA_INVALID_URL') console.error(e.message)
 * }
 * ```
 */
export class TbaError extends Error {
  /** Stable machine-readable code. */
  readonly code: TbaErrorCode

  constructor(code: TbaErrorCode, message: string, options?: TbaErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'TbaError'
    this.code = code
    // V8 only; other engines keep their own stack.
    ;(Error as { captureStackTrace?: (target: object, ctor: unknown) => void }).captureStackTrace?.(
      this,
      TbaError,
    )
  }
}

/** Codes used on argument `TypeError`s. */
export type ArgumentErrorCode = 'ERR_INVALID_ARG_TYPE' | 'ERR_INVALID_ARG_VALUE'

/** A `TypeError` with a stable `code`, thrown for arguments of the wrong type or shape. */
export interface CodedTypeError extends TypeError {
  readonly code: ArgumentErrorCode
}

/** @internal Create a {@link CodedTypeError}. */
export function argumentError(message: string, code: ArgumentErrorCode): CodedTypeError {
  const error = new TypeError(message) as TypeError & { code: ArgumentErrorCode }
  error.code = code
  return error
}
