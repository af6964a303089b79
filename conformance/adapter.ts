/**
 * The adapter interface through which the conformance runner drives a signer — this library or
 * any other. Implement the methods your signer supports; cases of other kinds are skipped.
 *
 * @module
 */

/** Input of a full request-signing case (vectors/SCHEMA.md, kind "signature"). */
export interface SignatureInput {
  method: string
  url: string
  body: string | null
  contentType: string | null
  realm: string | null
  consumerKey: string
  consumerSecret: string
  /** null: no oauth_token */
  token: string | null
  tokenSecret: string
  nonce: string
  timestamp: string
  signatureMethod: 'HMAC-SHA256' | 'HMAC-SHA1' | 'PLAINTEXT'
  /** null: oauth_version is neither sent nor signed */
  version: '1.0' | null
  /** Extra protocol parameters (oauth_callback, oauth_verifier, oauth_body_hash). */
  extraOAuthParams: Record<string, string>
}

/** What a signer returns for a request. Only `signature` is required. */
export interface SignatureOutput {
  signature: string
  baseString?: string
  /** The Authorization header value; compared as a set of parameters. */
  authorization?: string
}

/** Input of a SOAP tokenPassport case. */
export interface PassportInput {
  account: string
  consumerKey: string
  token: string
  nonce: string
  timestamp: string
  consumerSecret: string
  tokenSecret: string
}

/** A signer under test. Every method may be sync or async; a thrown error fails the case. */
export interface ConformanceAdapter {
  /** Display name, e.g. "oauth-1.0a 2.2.6". */
  name: string
  /** Return false to skip a case the signer does not claim to handle. */
  supports?(kind: string, input: unknown): boolean
  sign?(input: SignatureInput): SignatureOutput | Promise<SignatureOutput>
  percentEncode?(value: string): string | Promise<string>
  baseStringUri?(url: string): string | Promise<string>
  normalizeParameters?(form: string): string | Promise<string>
  hmac?(
    method: 'HMAC-SHA256' | 'HMAC-SHA1',
    consumerSecret: string,
    tokenSecret: string,
    baseString: string,
  ): string | Promise<string>
  plaintext?(consumerSecret: string, tokenSecret: string): string | Promise<string>
  passport?(
    input: PassportInput,
  ):
    | { signature: string; baseString?: string; account?: string }
    | Promise<{ signature: string; baseString?: string; account?: string }>
}
