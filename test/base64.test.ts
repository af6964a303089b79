/** base64 and its percent-encoded forms against Buffer and encodeURIComponent. */
import { expect, it } from 'vitest'
import fc from 'fast-check'
import {
  base64AndPercentEncoded,
  base64Length,
  percentEncodeBase64,
  toBase64,
} from '../src/lib/base64.ts'

function check(bytes: Uint8Array): void {
  const want = Buffer.from(bytes).toString('base64')
  expect(toBase64(bytes)).toBe(want)
  expect(base64Length(bytes.length)).toBe(want.length)
  expect(base64AndPercentEncoded(bytes)).toBe(want + encodeURIComponent(want))
  expect(percentEncodeBase64(want)).toBe(encodeURIComponent(want))
}

it('equals Buffer base64 + encodeURIComponent on every length 0–300 (padding, reused buffer, beyond it)', () => {
  for (let n = 0; n <= 300; n++) check(Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 255))
  // Every sextet, including 62 ('+') and 63 ('/'), in every position of a group.
  check(Uint8Array.from({ length: 255 }, (_, i) => i))
  check(new Uint8Array(48).fill(0xff))
  check(new Uint8Array(48).fill(0xfb))
  fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), check), { numRuns: 500 })
})
