/**
 * The generic RFC 5849 signer on WebCrypto.
 *
 * @module
 */
import { createHmacDigest } from './hmac.ts'
import { buildSigner, hasWebCrypto, requireWebCrypto } from './signer.ts'
import { oauth1Setup } from './signer_config.ts'
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
  const method = setup.core.signatureMethod
  if (method === 'PLAINTEXT') {
    return buildSigner(setup, { webCrypto: undefined, native: undefined, builtIn: false })
  }
  if (method === 'HMAC-SHA1' || setup.webCryptoOnly) requireWebCrypto()
  return buildSigner(setup, {
    webCrypto: hasWebCrypto() ? createHmacDigest(setup.key, method) : undefined,
    native: undefined,
    builtIn: !setup.webCryptoOnly,
  })
}
