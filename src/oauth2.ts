/**
 * `netsuite-tba/oauth2`: NetSuite OAuth 2.0 on WebCrypto. The client credentials (machine-to-machine)
 * grant signs a JWT client assertion (PS256/384/512 or ES256/384/512) with the private key of the
 * certificate mapped on NetSuite's M2M set-up page and exchanges it for a Bearer token; the
 * authorization code grant (PKCE S256 always) obtains, refreshes and revokes a user's tokens. Pass
 * either auth as `auth` to the RESTlet and REST clients. No dependency, no `node:` import.
 *
 * @module
 */
export { createClientCredentialsAuth, DEFAULT_SCOPES } from './oauth2/client_credentials.ts'
export {
  AUTHORIZATION_CODE_HINTS,
  createAuthorizationCodeClient,
  type AuthorizationCodeAuth,
  type AuthorizationCodeAuthOptions,
  type AuthorizationCodeClient,
  type AuthorizationCodeClientOptions,
  type AuthorizationCodeTokens,
  type AuthorizationRequest,
  type AuthorizationUrlOptions,
} from './oauth2/authorization_code.ts'
export {
  checkCodeVerifier,
  codeChallenge,
  createPkce,
  generateCodeVerifier,
  generateState,
  statesEqual,
  type PkcePair,
} from './oauth2/pkce.ts'
export {
  AUTHORIZATION_ERROR_HINTS,
  parseAuthorizationRedirect,
  type AuthorizationRedirect,
  type RedirectAccount,
  type RedirectCheck,
} from './oauth2/redirect.ts'
export { oauth2CredentialsFromEnv } from './oauth2/credentials_env.ts'
export {
  clientAssertionAuthentication,
  clientIdInBody,
  clientSecretBasic,
  requestToken,
  tokenEndpointUrl,
  TOKEN_ENDPOINT_PATH,
  type ClientAuthentication,
  type OAuth2ErrorValue,
  type TokenEndpointLocation,
  type TokenErrorHints,
  type TokenRequest,
} from './oauth2/token_endpoint.ts'
export type {
  ClientAssertionAlgorithm,
  ClientCredentials,
  ClientCredentialsAuth,
  ClientCredentialsAuthOptions,
  OAuth2Scope,
  OAuth2Token,
  RequestAuth,
} from './oauth2/types.ts'
export * from './netsuite_error_exports.ts'
export { TbaError, TbaErrorCodes, type TbaErrorCode } from './errors.ts'
