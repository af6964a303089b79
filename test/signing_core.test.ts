/**
 * The signing core as one path: the per-URL template cache against the plain base-string builder,
 * `signSync` against `sign()`, and clocks or nonce functions with side effects.
 */
import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as lib from '../src/index.ts'
import * as nodeLib from '../src/node.ts'
import { baseStringFromPairs, collectEncodedPairs } from '../src/base_string.ts'

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

const RUNS = 80
const unicode = fc.string({ unit: 'binary', maxLength: 10 })
const nameArb = unicode.filter((n) => n !== 'realm' && !lib.percentEncode(n).startsWith('oauth_'))
const pairsArb = fc.array(fc.tuple(nameArb, unicode), { maxLength: 6 })
const queryOf = (pairs: [string, string][]) => new URLSearchParams(pairs).toString()
const requestArb = fc.record({
  method: fc.constantFrom('GET', 'post', 'PUT', 'DELETE'),
  host: fc.constantFrom('1234567-sb1.restlets.api.netsuite.com', 'EXAMPLE.com:443', 'h:8080'),
  path: fc.array(unicode, { maxLength: 3 }).map((s) => '/' + s.map(encodeURIComponent).join('/')),
  query: pairsArb,
  form: fc.option(pairsArb, { nil: undefined }),
  nonce: fc.option(fc.stringMatching(/^[A-Za-z0-9]{6,40}$/), { nil: undefined }),
  timestamp: fc.option(fc.integer({ min: 0, max: 2e9 }), { nil: undefined }),
  oauthParams: fc.option(fc.record({ oauth_verifier: unicode }), { nil: undefined }),
})
type Req = typeof requestArb extends fc.Arbitrary<infer T> ? T : never

function toSignRequest(r: Req): lib.SignRequest {
  const q = queryOf(r.query)
  return {
    method: r.method,
    url: `https://${r.host}${r.path}${q ? '?' + q : ''}`,
    ...(r.form === undefined
      ? {}
      : { body: queryOf(r.form), contentType: 'application/x-www-form-urlencoded' }),
    ...(r.nonce === undefined ? {} : { nonce: r.nonce }),
    ...(r.timestamp === undefined ? {} : { timestamp: r.timestamp }),
    ...(r.oauthParams === undefined ? {} : { oauthParams: r.oauthParams }),
  }
}

/** The base string the plain, uncached builder gives for a signed request. */
function plainBaseString(req: lib.SignRequest, out: lib.SignResult): string {
  const url = new URL(req.url)
  const pairs: string[] = []
  collectEncodedPairs(url.search.slice(1), 'query', pairs, true)
  if (typeof req.body === 'string') collectEncodedPairs(req.body, 'form body', pairs, true)
  const oauth: Record<string, string> = {
    oauth_consumer_key: credentials.consumerKey,
    oauth_token: credentials.tokenId,
    oauth_nonce: out.nonce,
    oauth_timestamp: out.timestamp,
    oauth_signature_method: 'HMAC-SHA256',
    oauth_version: '1.0',
    ...req.oauthParams,
  }
  for (const [n, v] of Object.entries(oauth)) pairs.push(n + ' ' + lib.percentEncode(v))
  return baseStringFromPairs(req.method.toUpperCase(), url, pairs)
}

describe('the per-URL template cache is a cache of the one base-string builder', () => {
  it('a long-lived signer (cache hits, reused buffers) gives the plain builder’s base string, and signs it', () => {
    const signers = [lib.createTbaSigner(credentials), nodeLib.createTbaSigner(credentials)]
    fc.assert(
      fc.property(fc.array(requestArb, { minLength: 1, maxLength: 6 }), (reqs) => {
        // Each request twice, so the second goes through the cached template and byte buffer.
        for (const r of [...reqs, ...reqs]) {
          const req = toSignRequest(r)
          for (const signer of signers) {
            const out = signer.signSync(req)
            expect(out.baseString).toBe(plainBaseString(req, out))
            expect(out.signature).toBe(hmac(out.baseString))
          }
        }
      }),
      { numRuns: RUNS },
    )
  })

  it('hashes the cached bytes in place with the right padding at every length modulo 64', () => {
    // The cached bytes carry SHA-256 padding for their length: one or two padding blocks, with
    // the 0x80 and the length at every position within the last block.
    const signer = lib.createTbaSigner(credentials)
    for (let extra = 0; extra < 130; extra++) {
      const url = URL1 + '&q=' + 'x'.repeat(extra)
      for (let round = 0; round < 2; round++) {
        const out = signer.signSync({ method: 'GET', url })
        expect(out.signature).toBe(hmac(out.baseString))
      }
    }
  })
})

describe('signSync = sign()', () => {
  it('same result for the same request, nonce and timestamp, root and node entries, short and long inputs', async () => {
    const root = lib.createTbaSigner(credentials)
    const webOnly = lib.createTbaSigner(credentials, { webCryptoOnly: true })
    const node = nodeLib.createTbaSigner(credentials)
    await fc.assert(
      fc.asyncProperty(requestArb, fc.integer({ min: 0, max: 400 }), async (r, extra) => {
        const req = toSignRequest(r)
        // Some requests long enough to cross to WebCrypto / node:crypto.
        const u = String(req.url)
        const big = {
          ...req,
          url: u + (u.includes('?') ? '&' : '?') + 'z=' + 'y'.repeat(extra * 30),
        }
        for (const q of [req, big]) {
          const fixed = { ...q, nonce: r.nonce ?? 'abcdef123456', timestamp: r.timestamp ?? 1 }
          const want = root.signSync(fixed)
          expect(await root.sign(fixed)).toEqual(want)
          expect(await webOnly.sign(fixed)).toEqual(want)
          expect(node.signSync(fixed)).toEqual(want)
          expect(await node.sign(fixed)).toEqual(want)
        }
      }),
      { numRuns: 40 },
    )
    expect(() => webOnly.signSync({ method: 'GET', url: URL1 })).toThrow(
      expect.objectContaining({ code: 'ERR_TBA_UNSUPPORTED_RUNTIME' }),
    )
  })

  it('many sign() calls in flight (WebCrypto for long inputs) give what signSync gives', async () => {
    const root = lib.createTbaSigner(credentials)
    for (const extra of [0, 100, 2000]) {
      const req = {
        method: 'GET',
        url: URL1 + '&z=' + 'y'.repeat(extra),
        nonce: 'abcdef123456',
        timestamp: 1700000000,
      }
      const want = root.signSync(req)
      const all = await Promise.all(Array.from({ length: 16 }, () => root.sign(req)))
      for (const out of all) expect(out).toEqual(want)
      expect(want.signature).toBe(hmac(want.baseString))
    }
  })

  it('signTokenPassportSync = signTokenPassport on both entries', async () => {
    const o = { nonce: 'abcdef123456', timestamp: 1700000000 }
    const want = await lib.signTokenPassport(credentials, o)
    expect(lib.signTokenPassportSync(credentials, o)).toEqual(want)
    expect(nodeLib.signTokenPassportSync(credentials, o)).toEqual(want)
  })
})

describe('clocks and nonce functions with side effects', () => {
  it('drawing nonces, signing re-entrantly, throwing or returning odd values never yields a signature that is not the HMAC of the reported base string', async () => {
    const effect = fc.constantFrom('draw', 'reenter', 'throw', 'odd', 'none')
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(effect, effect, requestArb), { minLength: 1, maxLength: 8 }),
        fc.boolean(),
        async (steps, nodeEntry) => {
          let i = 0
          let clockEffect = 'none'
          let nonceEffect = 'none'
          const make = nodeEntry ? nodeLib.createTbaSigner : lib.createTbaSigner
          const other = make(credentials)
          const act = (e: string) => {
            if (e === 'draw') lib.generateNonce(1 + (i++ % 30))
            if (e === 'reenter') other.signSync({ method: 'GET', url: URL1 })
            if (e === 'throw') throw new Error('side effect')
          }
          const signer = make(credentials, {
            clock: () => {
              act(clockEffect)
              return clockEffect === 'odd' ? Number.NaN : 1.7e9 + (i % 3)
            },
            nonce: () => {
              act(nonceEffect)
              return nonceEffect === 'odd' ? 'bad nonce!' : lib.generateNonce(6 + (i % 30))
            },
          })
          for (const [c, n, r] of steps) {
            clockEffect = c
            nonceEffect = n
            const { nonce: _n, timestamp: _t, ...req } = toSignRequest(r)
            for (const call of [() => signer.signSync(req), () => signer.sign(req)]) {
              let out: lib.SignResult
              try {
                out = await call()
              } catch (error) {
                // Only the failures the effects cause, typed where the library checks a value.
                if ((error as Error).message === 'side effect') continue
                expect((error as { code?: string }).code).toMatch(
                  /^ERR_TBA_INVALID_(NONCE|TIMESTAMP)$/,
                )
                continue
              }
              expect(out.signature).toBe(hmac(out.baseString))
              expect(out.baseString).toBe(plainBaseString(req, out))
              expect(out.authorization).toContain(`oauth_nonce="${out.nonce}"`)
              expect(out.authorization).toContain(`oauth_timestamp="${out.timestamp}"`)
            }
          }
        },
      ),
      { numRuns: RUNS },
    )
  })
})
