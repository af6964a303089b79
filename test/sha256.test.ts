/**
 * The built-in SHA-256 / HMAC-SHA256 (src/lib): the published vectors, a differential test against
 * WebCrypto with resumption at every 64-byte boundary (the same checks the conformance kit runs on
 * every runtime), and against node:crypto over every message length 0–300.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
// @ts-expect-error: a plain .mjs script without type declarations
import { generate, OUTPUT } from '../scripts/generate_sha256_rounds.mjs'
import { differentialResults, hashVectorResults } from '../conformance/hash_checks.ts'
import { hmacSha256, hmacSha256Key } from '../src/lib/hmac_sha256.ts'
import { sha256, SHA256_LAYOUTS } from '../src/lib/sha256.ts'
import vectors from '../vectors/sha256_hmac_vectors.json' with { type: 'json' }

describe('built-in SHA-256 and HMAC-SHA256', () => {
  it('uses the compression function its generator writes (src/lib/sha256_rounds.ts)', () => {
    expect(readFileSync(OUTPUT, 'utf8')).toBe((generate as () => string)())
  })

  it('passes every published vector (FIPS 180-4, NIST SHAVS, CAVS, RFC 4231)', () => {
    const results = hashVectorResults()
    expect(results.length).toBe(vectors.cases.length * SHA256_LAYOUTS.length)
    expect(results.filter((r) => r.status !== 'pass')).toEqual([])
  })

  it('agrees with WebCrypto on random keys and messages, resumed at every 64-byte boundary', async () => {
    const results = await differentialResults(24)
    expect(results.map((r) => r.status)).toEqual(SHA256_LAYOUTS.flatMap(() => ['pass', 'pass']))
  })

  it.each(SHA256_LAYOUTS)(
    'agrees with node:crypto at every length 0–300 and for keys around the block size (%s layout)',
    (layout) => {
      for (let n = 0; n <= 300; n++) {
        const m = randomBytes(n)
        expect(Buffer.from(sha256(m, layout)).toString('hex')).toBe(
          createHash('sha256').update(m).digest('hex'),
        )
      }
      for (const keyLength of [0, 1, 63, 64, 65, 128, 200]) {
        const k = randomBytes(keyLength)
        const m = randomBytes(130)
        expect(Buffer.from(hmacSha256(k, m, layout)).toString('hex')).toBe(
          createHmac('sha256', k).update(m).digest('hex'),
        )
      }
    },
  )

  it('a key’s calls share no state with another key’s (interleaved digests)', () => {
    const a = hmacSha256Key('a&b')
    const b = hmacSha256Key('c&d')
    const m = randomBytes(200)
    const da = Buffer.from(a.digest(a.inner, 0, m, 0, m.length)).toString('hex')
    b.digest(b.inner, 0, m, 0, m.length)
    expect(Buffer.from(a.digest(a.inner, 0, m, 0, m.length)).toString('hex')).toBe(da)
    expect(da).toBe(createHmac('sha256', 'a&b').update(m).digest('hex'))
  })
})
