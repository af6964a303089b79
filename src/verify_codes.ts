/**
 * Failure codes of {@link verifyRequest}.
 *
 * @module
 */

/** Stable failure codes of `verifyRequest`, as constants. */
export const VerifyErrorCodes = {
  /** No `Authorization: OAuth …` header. */
  MISSING_HEADER: 'ERR_VERIFY_MISSING_HEADER',
  /** The header is malformed: bad quoting, duplicates, missing or unknown parameters. */
  MALFORMED_HEADER: 'ERR_VERIFY_MALFORMED_HEADER',
  /** `oauth_signature_method` is not HMAC-SHA256, or `oauth_version` is not 1.0. */
  UNSUPPORTED_METHOD: 'ERR_VERIFY_UNSUPPORTED_METHOD',
  /** `lookup` knows no such consumer key and token pair. */
  UNKNOWN_CREDENTIALS: 'ERR_VERIFY_UNKNOWN_CREDENTIALS',
  /** The signature does not match the request. */
  BAD_SIGNATURE: 'ERR_VERIFY_BAD_SIGNATURE',
  /** `oauth_timestamp` is outside the allowed window. */
  STALE_TIMESTAMP: 'ERR_VERIFY_STALE_TIMESTAMP',
  /** The nonce and timestamp were already used. */
  REPLAYED_NONCE: 'ERR_VERIFY_REPLAYED_NONCE',
  /** The `realm` differs from the expected one (case-sensitive). */
  REALM_MISMATCH: 'ERR_VERIFY_REALM_MISMATCH',
  /** The nonce is not 6–64 ASCII letters and digits. */
  BAD_NONCE: 'ERR_VERIFY_BAD_NONCE',
  /** The request URL, query or form body cannot be decoded. */
  BAD_REQUEST: 'ERR_VERIFY_BAD_REQUEST',
  /** The form body is larger than `maxBodyBytes`. */
  BODY_TOO_LARGE: 'ERR_VERIFY_BODY_TOO_LARGE',
  /** The nonce store holds only live nonces and forgets none early: the request is refused. */
  NONCE_STORE_FULL: 'ERR_VERIFY_NONCE_STORE_FULL',
  /** The nonce store failed (e.g. Redis unreachable): the request is refused. */
  NONCE_STORE_UNAVAILABLE: 'ERR_VERIFY_NONCE_STORE_UNAVAILABLE',
} as const

/** The union of `verifyRequest` failure codes. */
export type VerifyErrorCode = (typeof VerifyErrorCodes)[keyof typeof VerifyErrorCodes]
