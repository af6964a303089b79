/**
 * Public types of the OAuth 2.0 side (`netsuite-tba/oauth2`).
 *
 * @module
 */
import type { RequestAuth } from '../types.ts'

export type { RequestAuth } from '../types.ts'

/** The JWS algorithms NetSuite accepts for a client assertion (RS256 is refused). */
export type ClientAssertionAlgorithm = 'PS256' | 'PS384' | 'PS512' | 'ES256' | 'ES384' | 'ES512'

/** Scopes of an OAuth 2.0 token: the boxes on the integration record. */
export type OAuth2Scope = 'restlets' | 'rest_webservices' | 'suite_analytics'

/** An access token as the token endpoint issued it. Hidden from `JSON.stringify` and inspect. */
export interface OAuth2Token {
  /** The Bearer token. */
  accessToken: string
  /** Always `Bearer` (NetSuite writes `bearer` or `Bearer`; compared case-insensitively). */
  tokenType: 'Bearer'
  /** When the token expires, in milliseconds since 1970 (from `expires_in`). */
  expiresAt: number
  /** Scopes granted (the answer's `scope`, else the scopes asked for). */
  scope: string[]
  /** Refresh token (authorization code grant only; client credentials have none). */
  refreshToken?: string
  /** OpenID Connect ID token, when NetSuite sent one. */
  idToken?: string
}

/** The four M2M values and the account (see `oauth2CredentialsFromEnv`). */
export interface ClientCredentials {
  /** NetSuite account id in any spelling (`1234567`, `1234567_SB1`, `1234567-sb1`). */
  accountId: string
  /** Client ID of the integration record (the assertion's `iss`). */
  clientId: string
  /** Certificate ID from the OAuth 2.0 Client Credentials (M2M) Setup page (the JWT `kid`). */
  certificateId: string
  /** The certificate's private key: PKCS#8 PEM (PKCS#1, SEC1 and RSA-PSS PEM are converted), or a CryptoKey. */
  privateKey: string | CryptoKey
}

/** Options of `createClientCredentialsAuth`. */
export interface ClientCredentialsAuthOptions extends ClientCredentials {
  /** Signing algorithm; inferred when omitted: EC key → ES256/384/512 by curve, RSA key → PS256. */
  algorithm?: ClientAssertionAlgorithm
  /** Scopes to ask for (default `['restlets', 'rest_webservices']`). */
  scopes?: readonly OAuth2Scope[]
  /** Origin override for the token endpoint (simulator, proxy), as the adapters' `baseUrl`. */
  baseUrl?: string
  /** Full token endpoint URL (default `https://<account>.suitetalk.api.netsuite.com/services/rest/auth/oauth2/v1/token`). */
  tokenUrl?: string
  /** The fetch to use for the token endpoint (default: the global one). */
  fetch?: typeof fetch
  /** Clock in seconds since 1970 (default `Date.now() / 1000`); may carry a measured server offset. */
  clock?: () => number
  /** Token endpoint timeout in milliseconds (default 60,000). */
  timeoutMs?: number
}

/** An OAuth 2.0 client credentials auth: pass it as `auth` to the RESTlet and REST clients. */
export interface ClientCredentialsAuth extends RequestAuth {
  readonly scheme: 'oauth2'
  /** Canonical account id. */
  readonly accountId: string
  /** The token endpoint URL (also the assertion's `aud`). */
  readonly tokenUrl: string
  /** The algorithm the assertions are signed with. */
  readonly algorithm: ClientAssertionAlgorithm
  /** A valid access token: the cached one, or a new one (one request serves concurrent callers). */
  token(): Promise<OAuth2Token>
  /** The same request with `Authorization: Bearer …`. */
  authorize(request: Request): Promise<Request>
  /** A freshly signed client assertion (JWT), for debugging and tests. */
  clientAssertion(): Promise<string>
  /** Forget the cached token (the next call asks for a new one). */
  clear(): void
  /** Called by the clients on 401 `invalid_token`: drops the token that request carried. */
  unauthorized(request: Request, response: Response): boolean
}
