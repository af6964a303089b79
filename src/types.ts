/**
 * Public types of the signing core.
 *
 * @module
 */

/** OAuth 1.0a signature methods. NetSuite accepts only `HMAC-SHA256`. */
export type SignatureMethod = 'HMAC-SHA256' | 'HMAC-SHA1' | 'PLAINTEXT'

/** Options of {@link createOAuth1Signer}: a generic RFC 5849 signer. */
export interface OAuth1SignerOptions {
  /** The client identifier (`oauth_consumer_key`). */
  consumerKey: string
  /** The client shared secret; RFC 5849 allows it to be empty. */
  consumerSecret: string
  /** The token identifier (`oauth_token`); omitted from the request when absent. */
  token?: string
  /** The token shared secret; empty when absent. */
  tokenSecret?: string
  /** The `realm` of the Authorization header. Never part of the signature. */
  realm?: string
  /** Default `HMAC-SHA256`. */
  signatureMethod?: SignatureMethod
  /** Default `'1.0'`; `null` leaves `oauth_version` out of the request and the signature. */
  version?: '1.0' | null
  /** Nonce generator (default: 20 random ASCII letters and digits). */
  nonce?: () => string
  /** Clock in seconds since 1970 (default: `Date.now() / 1000`). */
  clock?: () => number
  /**
   * Sign on WebCrypto only (default `false`): never use the built-in HMAC-SHA256. `signSync` is
   * then unavailable (it throws `ERR_TBA_UNSUPPORTED_RUNTIME`).
   */
  webCryptoOnly?: boolean
}

/** The request to sign. */
export interface SignRequest {
  /** HTTP method; upper-cased for the signature. */
  method: string
  /** Absolute http(s) URL as it will be sent, query included. */
  url: string | URL
  /**
   * Request body. Its parameters are signed only when it is URLSearchParams or `contentType` is
   * `application/x-www-form-urlencoded`; JSON, XML and text bodies are never signed.
   */
  body?: string | URLSearchParams
  /** Content type of a string body. */
  contentType?: string
  /** Fixed nonce (tests and vectors); a fresh one is generated when omitted. */
  nonce?: string
  /** Fixed timestamp in seconds (tests and vectors); the clock is read when omitted. */
  timestamp?: number | string
  /** Extra protocol parameters such as `oauth_callback` or `oauth_verifier`. */
  oauthParams?: Record<string, string>
}

/** What {@link OAuth1Signer.sign} returns. */
export interface SignResult {
  /** The complete `Authorization` header value (`OAuth realm="…", oauth_…="…"`). */
  authorization: string
  /** The signature, standard base64 (PLAINTEXT: the signing key), not percent-encoded. */
  signature: string
  /** The signature base string (RFC 5849 §3.4.1); contains no secret. */
  baseString: string
  /** The nonce used. */
  nonce: string
  /** The timestamp used. */
  timestamp: string
}

/** A signer bound to one set of credentials. */
export interface OAuth1Signer {
  /** Sign a request description and return the header and the intermediate values. */
  sign(request: SignRequest): Promise<SignResult>
  /**
   * Sign synchronously; the same result as {@link OAuth1Signer.sign}. HMAC-SHA256 and PLAINTEXT
   * work on every runtime; HMAC-SHA1 needs the `netsuite-tba/node` entry.
   */
  signSync(request: SignRequest): SignResult
  /** Return the same request with its `Authorization` header set (a new Request object). */
  authorize(request: Request): Promise<Request>
}

/** The four NetSuite TBA secrets and the account they belong to. */
export interface TbaCredentials {
  /** NetSuite account id in any spelling (`1234567`, `1234567_SB1`, `1234567-sb1`). */
  accountId: string
  /** Consumer key of the integration record. */
  consumerKey: string
  /** Consumer secret of the integration record. */
  consumerSecret: string
  /** Token id of the access token. */
  tokenId: string
  /** Token secret of the access token. */
  tokenSecret: string
}

/** Options of {@link createTbaSigner}. */
export interface TbaSignerOptions {
  /** Nonce generator; each value must be 6–64 ASCII letters and digits (default: 20 random ones). */
  nonce?: () => string
  /** Clock in seconds since 1970 (default: `Date.now() / 1000`); may carry a measured server offset. */
  clock?: () => number
  /** Sign on WebCrypto only (see {@link OAuth1SignerOptions.webCryptoOnly}). */
  webCryptoOnly?: boolean
}

/** Options of {@link signTokenPassport}. */
export interface TokenPassportOptions {
  /** Fixed nonce, 6–64 ASCII letters and digits (default: 20 random ones). */
  nonce?: string
  /** Fixed timestamp in seconds (default: now). */
  timestamp?: number | string
}

/** A signed SOAP `tokenPassport`. `account`, `consumerKey` and `token` are identifiers, not secrets. */
export interface TokenPassport {
  account: string
  consumerKey: string
  token: string
  nonce: string
  timestamp: string
  signature: string
  algorithm: 'HMAC-SHA256'
}

/**
 * The authentication contract of the RESTlet and REST clients (their `auth` option): anything that
 * can add its credentials to a request. A TBA signer (`createTbaSigner`) and an OAuth 2.0 auth
 * (`createClientCredentialsAuth`, or `auth()` of `createAuthorizationCodeClient`, from
 * `netsuite-tba/oauth2`) all fit.
 *
 * The client calls `authorize` for every attempt, just before sending it. When NetSuite answers
 * 401 with `WWW-Authenticate: Bearer … error="invalid_token"`, the client calls `unauthorized`
 * (when present) with the request it sent and that answer; `true` means the auth dropped a stale
 * credential and one more attempt may succeed, and the client then retries the call once.
 */
export interface RequestAuth {
  /** Return the request with its authentication added (a new Request or the same one). */
  authorize(request: Request): Promise<Request>
  /** `'tba'` (OAuth 1.0a signature) or `'oauth2'` (Bearer token); used to refuse unsupported pairings. */
  readonly scheme?: 'tba' | 'oauth2'
  /** The account id this auth belongs to, so the clients can derive the host without `accountId`. */
  readonly accountId?: string
  /** The origin override the auth was given (simulator, proxy); the clients use it when they have none. */
  readonly baseUrl?: string
  /** A 401 `invalid_token` answer to `request`: drop the stale credential; `true` = retry once. */
  unauthorized?(request: Request, response: Response): boolean | Promise<boolean>
}
