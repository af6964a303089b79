/**
 * The NetSuite TBA signer on WebCrypto.
 *
 * @module
 */
import { createHmacDigest } from './hmac.ts'
import { buildSigner, hasWebCrypto, requireWebCrypto } from './signer.ts'
import { tbaSetup } from './signer_config.ts'
import type { OAuth1Signer, TbaCredentials, TbaSignerOptions } from './types.ts'

/**
 * Create a NetSuite Token-Based Authentication signer: HMAC-SHA256, `realm` = the canonical
 * account id (`1234567_SB1`), a fresh 20-character nonce and the current second for every
 * signature. Sign each attempt just before sending it: NetSuite rejects a reused nonce and a
 * timestamp more than five minutes off.
 *
 * @example
 * ```ts
 * const signer = createTbaSigner(credentialsFromEnv())
 * const request = await signer.authorize(new Request('https://1234567-sb1.restlets.api.netsuite.com/app/site/hosting/restlet.nl?script=1&deploy=1'))
 * const response = await fetch(request)
 * ```
 */
export function createTbaSigner(
  credentials: TbaCredentials,
  options?: TbaSignerOptions,
): OAuth1Signer {
  const setup = tbaSetup(credentials, options)
  if (setup.webCryptoOnly) requireWebCrypto()
  return buildSigner(
    setup,
    {
      webCrypto: hasWebCrypto() ? createHmacDigest(setup.key, 'HMAC-SHA256') : undefined,
      native: undefined,
      builtIn: !setup.webCryptoOnly,
    },
    'TbaSigner',
  )
}
