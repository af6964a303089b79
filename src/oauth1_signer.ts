/**
 * The generic RFC 5849 signer: `createOAuth1Signer`. What signs is under `lib/` (`build_signer.ts`).
 *
 * @module
 */
import { buildSigner, rootBackends } from './lib/build_signer.ts'
import { oauth1Setup } from './lib/signer_setup.ts'
import type { OAuth1Signer, OAuth1SignerOptions } from './types.ts'

/**
 * Create an OAuth 1.0a (RFC 5849) signer: HMAC-SHA256 by default, HMAC-SHA1 and PLAINTEXT for
 * other services and for spec conformance. For NetSuite use {@link createTbaSigner}, which fixes
 * the realm and the method from the account id.
 *
 * HMAC-SHA256 is computed by a built-in pure JavaScript HMAC (synchronous, on every runtime; see
 * `signSync`), or by WebCrypto for long base strings and with `webCryptoOnly`. HMAC-SHA1 uses
 * WebCrypto. The key material lives only in closures.
 *
 * @example
 * ```ts
 * const signer = createOAuth1Signer({ consumerKey: 'ck', consumerSecret: 'cs', token: 't', tokenSecret: 'ts' })
 * const { authorization } = await signer.sign({ method: 'GET', url: 'https://api.example.com/r?a=1' })
 * ```
 */
export function createOAuth1Signer(options: OAuth1SignerOptions): OAuth1Signer {
  const setup = oauth1Setup(options)
  return buildSigner(setup, rootBackends(setup))
}
