/**
 * The client assertion of the client credentials (M2M) grant: a JWS compact serialization (RFC
 * 7515) of `{typ: "JWT", alg, kid}` and `{iss, scope, aud, iat, exp, jti}`, signed on WebCrypto.
 *
 * @module
 */
import { base64url } from './base64url.ts'
import { generateNonce } from '../nonce.ts'
import { ALGORITHMS, type SigningKey } from './private_key.ts'

/** Seconds `iat` is set back from now, so a server clock a little behind still accepts it. */
export const ASSERTION_BACKDATE_SECONDS = 30
/** `exp - iat`: well under NetSuite's 60-minute limit; the assertion is used at once. */
export const ASSERTION_LIFETIME_SECONDS = 300

export { base64url }

/** What goes into one assertion. @internal */
export interface AssertionInput {
  clientId: string
  certificateId: string
  audience: string
  scopes: readonly string[]
  /** Now, seconds since 1970. */
  now: number
}

/** Sign one assertion. @internal */
export async function signClientAssertion(key: SigningKey, input: AssertionInput): Promise<string> {
  const encoder = new TextEncoder()
  const iat = Math.floor(input.now) - ASSERTION_BACKDATE_SECONDS
  const header = { typ: 'JWT', alg: key.algorithm, kid: input.certificateId }
  const claims = {
    iss: input.clientId,
    // A JSON array, as in both of Oracle's sample assertions.
    scope: [...input.scopes],
    aud: input.audience,
    iat,
    exp: iat + ASSERTION_LIFETIME_SECONDS,
    jti: generateNonce(24),
  }
  const signingInput = `${base64url(encoder.encode(JSON.stringify(header)))}.${base64url(encoder.encode(JSON.stringify(claims)))}`
  const spec = ALGORITHMS[key.algorithm]
  const params =
    spec.kind === 'EC'
      ? { name: 'ECDSA', hash: spec.hash }
      : { name: 'RSA-PSS', saltLength: spec.saltLength as number }
  // ECDSA signatures come as r || s (IEEE P1363), which is the JWS form.
  const signature = await crypto.subtle.sign(
    params,
    await key.cryptoKey(),
    encoder.encode(signingInput),
  )
  return `${signingInput}.${base64url(new Uint8Array(signature))}`
}
