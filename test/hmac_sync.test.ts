/**
 * The node:crypto HMAC behind `netsuite-tba/node`: RFC 2104 on the one-shot `crypto.hash`, and
 * the `createHmac` fallback, both checked against `createHmac` itself on arbitrary keys and data
 * (keys shorter than, equal to and longer than the 64-byte block; unicode; empty).
 */
import { createHmac } from 'node:crypto'
import * as nodeCrypto from 'node:crypto'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { createSyncHmac, type OneShotHash } from '../src/node/hmac_sync.ts'

const oneShot = (nodeCrypto as unknown as { hash?: OneShotHash }).hash
const paths: [string, OneShotHash | undefined][] = [['createHmac fallback', undefined]]
if (oneShot) paths.push(['RFC 2104 on crypto.hash', oneShot])

const key = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ minLength: 60, maxLength: 70 }),
  fc.string({ unit: 'grapheme', maxLength: 140 }),
)
const data = fc.string({ unit: 'binary', maxLength: 600 })

it('this Node has crypto.hash, so netsuite-tba/node takes the RFC 2104 path', () => {
  expect(typeof oneShot).toBe('function')
})

describe.each(paths)('createSyncHmac (%s)', (_, hash) => {
  for (const algorithm of ['sha256', 'sha1'] as const) {
    it(`${algorithm}: sign() and signPadded() equal createHmac`, () => {
      fc.assert(
        fc.property(key, data, (k, d) => {
          const want = createHmac(algorithm, k).update(d, 'utf8').digest('base64')
          const hmac = createSyncHmac(algorithm, k, hash)
          expect(hmac.sign(d)).toBe(want)
          const message = Buffer.from(d, 'utf8')
          const padded = new Uint8Array(hmac.innerPad.length + message.length)
          padded.set(hmac.innerPad)
          padded.set(message, hmac.innerPad.length)
          expect(hmac.signPadded(padded)).toBe(want)
          // Reusable: a second message under the same key.
          expect(hmac.sign(d + 'x')).toBe(
            createHmac(algorithm, k)
              .update(d + 'x', 'utf8')
              .digest('base64'),
          )
        }),
        { numRuns: 150 },
      )
    })
  }

  it('RFC 4231 test case 2 and RFC 2202 test case 2 (published digests)', () => {
    const hex = (h: string) => Buffer.from(h, 'hex').toString('base64')
    const d = 'what do ya want for nothing?'
    expect(createSyncHmac('sha256', 'Jefe', hash).sign(d)).toBe(
      hex('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843'),
    )
    expect(createSyncHmac('sha1', 'Jefe', hash).sign(d)).toBe(
      hex('effcdf6ae5eb2fa2d27416d5f184df9c259a7c79'),
    )
  })
})
