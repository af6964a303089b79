/**
 * `netsuite-tba/oauth2`: NetSuite OAuth 2.0 on WebCrypto. The client credentials (machine-to-machine)
 * grant signs a JWT client assertion (PS256/384/512 or ES256/384/512) with the private key of the
 * certificate mapped on NetSuite's M2M set-up page and exchanges it for a Bearer token. Pass the
 * auth as `auth` to the RESTlet and REST clients. No dependency, no `node:` import.
 *
 * @module
 */
export { createClientCredentialsAuth, DEFAULT_SCOPES } from './oauth2/client_credentials.ts'
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
export {
  NetSuiteError,
  NetSuiteErrorCodes,
  type NetSuiteErrorCode,
  type NetSuiteErrorDetails,
} from './netsuite_error.ts'
export { TbaError, TbaErrorCodes, type TbaErrorCode } from './errors.ts'
