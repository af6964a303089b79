/**
 * The signing core as one path: the per-URL template cache against the plain base-string builder,
 * `signSync` against `sign()`, and clocks or nonce functions with side effects.
 */
import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as lib from '../src/index.ts'
import * as nodeLib from '../src/node.ts'

const credentials = {
  accountId: '1234567_SB1',
  consumerKey: 'ck0123456789abcdef',
  consumerSecret: 'cs0123456789abcdef',
  tokenId: 'tk0123456789abcdef',
  tokenSecret: 'ts0123456789abcdef',
}
const KEY = 'cs0123456789abcdef&ts0123456789abcdef'
const hmac = (base: string) => createHmac('sha256', KEY).update(base).digest('base64')
const URL1 =
  'https://1234567-sb1.restlets.api.netsuite.com/app/site/hosting/restlet.nl?script=1&deploy=1'

describe('a clock or nonce function with side effects', () => {
  it('drawing library nonces from the clock never yields a signature that is not the HMAC of the base string', async () => {
    for (const make of [lib.createTbaSigner, nodeLib.createTbaSigner]) {
      const signer = make(credentials, { clock: () => (lib.generateNonce(), 1.7e9) })
      for (let i = 0; i < 3; i++) {
        const out = await signer.sign({ method: 'GET', url: URL1 })
        expect(out.signature).toBe(hmac(out.baseString))
        expect(out.baseString).toContain('oauth_nonce%3D' + out.nonce + '%26')
      }
    }
  })
})
