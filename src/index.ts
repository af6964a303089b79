/**
 * netsuite-tba: NetSuite Token-Based Authentication (OAuth 1.0a, HMAC-SHA256) on WebCrypto.
 * Runs on Node, Deno, Bun, Cloudflare Workers and edge runtimes; no dependencies.
 *
 * @module
 */
export { parseAccountId, type AccountId } from './account_id.ts'
export { parseAuthorizationHeader } from './authorization_header.ts'
export {
  baseStringUri,
  normalizeParameters,
  signatureBaseString,
  signingKey,
} from './base_string.ts'
export { credentialsFromEnv, ENV_NAMES, type Env } from './credentials.ts'
export {
  TbaError,
  TbaErrorCodes,
  type ArgumentErrorCode,
  type CodedTypeError,
  type TbaErrorCode,
  type TbaErrorOptions,
} from './errors.ts'
export { hmacBase64, type HmacMethod } from './hmac.ts'
export { generateNonce } from './nonce.ts'
export { createOAuth1Signer } from './oauth1_signer.ts'
export { percentEncode } from './percent_encoding.ts'
export { createTbaSigner } from './tba_signer.ts'
export {
  createTbaAuthorizationFlow,
  parseTbaCallback,
  TBA_FLOW_ERROR_HINTS,
  type TbaCallback,
  type TbaAccessToken,
  type TbaAccessTokenRequest,
  type TbaAuthorizationFlow,
  type TbaAuthorizationFlowOptions,
  type TbaRequestToken,
} from './tba_authorization_flow.ts'
export { signTokenPassport, signTokenPassportSync } from './token_passport.ts'
export type {
  OAuth1Signer,
  OAuth1SignerOptions,
  RequestAuth,
  SignatureMethod,
  SignRequest,
  SignResult,
  TbaCredentials,
  TbaSignerOptions,
  TokenPassport,
  TokenPassportOptions,
} from './types.ts'
