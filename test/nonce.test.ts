/**
 * generateNonce: length, alphabet, no repeats, an even spread over the 62 characters, and a
 * typed error for a bad length.
 */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { generateNonce } from '../src/index.ts'

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

describe('generateNonce', () => {
  it('returns `length` letters and digits, across draws of the character pool', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3000 }), (length) => {
        const nonce = generateNonce(length)
        expect(nonce).toHaveLength(length)
        expect(nonce).toMatch(/^[A-Za-z0-9]+$/)
      }),
      { numRuns: 300 },
    )
    expect(generateNonce()).toMatch(/^[A-Za-z0-9]{20}$/)
  })

  it('never repeats in 200,000 default nonces', () => {
    const seen = new Set<string>()
    for (let i = 0; i < 200_000; i++) seen.add(generateNonce())
    expect(seen.size).toBe(200_000)
  })

  it('spreads characters evenly (chi-square over 62 cells, 1,240,000 characters)', () => {
    const counts = new Map<string, number>()
    for (let i = 0; i < 62_000; i++) {
      for (const c of generateNonce()) counts.set(c, (counts.get(c) ?? 0) + 1)
    }
    expect([...counts.keys()].sort().join('')).toBe([...ALPHABET].sort().join(''))
    const expected = 1_240_000 / 62
    let chi2 = 0
    for (const n of counts.values()) chi2 += (n - expected) ** 2 / expected
    // 61 degrees of freedom: P(chi2 > 120) < 1e-5 for a uniform source; a modulo bias
    // (256 % 62 = 8 characters over-weighted by 1/4) gives chi2 in the thousands.
    expect(chi2).toBeLessThan(120)
  })

  it('rejects a length that is not a whole number ≥ 1 with a typed error', () => {
    for (const bad of [0, -1, 1.5, Number.NaN, Infinity, '20' as unknown as number]) {
      expect(() => generateNonce(bad)).toThrow(
        expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' }),
      )
    }
  })
})
