/**
 * The NetSuite TBA signer: `createTbaSigner`. What signs is under `lib/` (`build_signer.ts`).
 *
 * @module
 */
import { buildSigner, rootBackends } from './lib/build_signer.ts'
import { tbaSetup } from './lib/signer_setup.ts'
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
  return buildSigner(setup, rootBackends(setup), 'TbaSigner')
}
