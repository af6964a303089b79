/**
 * fast-check properties of the signing core (issue 2, "Tests"): percent-encoding, parameter order,
 * the Authorization header round trip, WebCrypto vs node:crypto agreement, and typed errors only
 * on arbitrary unicode.
 */
import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as lib from '../src/index.ts'
import * as nodeLib from '../src/node.ts'
import { TbaError } from '../src/index.ts'

const RUNS = 60

/** Rethrow anything that is not a TbaError or a coded argument TypeError. */
function assertTyped(e: unknown): void {
  if (e instanceof TbaError) {
    expect(e.code).toMatch(/^ERR_TBA_/)
    return
  }
  const code = (e as { code?: unknown } | null)?.code
  if (e instanceof TypeError && typeof code === 'string' && /^ERR_INVALID_ARG_/.test(code)) return
  throw e
}

/** Any UTF-16 code unit, lone surrogates included. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c))
const anyUtf16 = fc.string({ unit: codeUnit, maxLength: 12 })
/** Well-formed unicode text (every code point, no lone surrogates). */
const unicode = fc.string({ unit: 'binary', maxLength: 12 })
const reservedName = (name: string) => name === 'realm' || name.startsWith('oauth_')
/** A query/form parameter name the signer accepts (decoded form). */
const paramName = unicode.filter((n) => !reservedName(percentDecodedName(n)))
function percentDecodedName(n: string): string {
  return lib.percentEncode(n)
}
/** Credentials: anything NetSuite could issue (no whitespace, quotes, commas, <>, backslash, controls). */
const credential = fc
  .string({ unit: 'binary', minLength: 1, maxLength: 16 })
  .filter((s) => !/[\s\u0000-\u001f\u007f-\u009f",<>\\]/.test(s))
const methodArb = fc.oneof(
  fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'get', 'Options'),
  fc.stringMatching(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,10}$/),
)
const hostArb = fc.oneof(
  fc.domain(),
  fc.constantFrom('1234567-sb1.restlets.api.netsuite.com', 'localhost', '127.0.0.1', '[::1]'),
)
const portArb = fc.oneof(
  fc.constant(''),
  fc.integer({ min: 1, max: 65535 }).map((p) => `:${p}`),
)
const pathArb = fc
  .array(unicode, { maxLength: 4 })
  .map((segs) => '/' + segs.map((s) => encodeURIComponent(s)).join('/'))
const pairsArb = fc.array(fc.tuple(paramName, unicode), { maxLength: 6 })
/** Duplicated names on purpose: pick some names twice. */
const pairsWithDuplicatesArb = pairsArb.chain((pairs) =>
  fc
    .subarray(pairs)
    .chain((dups) =>
      fc
        .array(unicode, { minLength: dups.length, maxLength: dups.length })
        .map((values) => pairs.concat(dups.map(([n], i) => [n, values[i] as string]))),
    ),
)

function encodePairs(pairs: readonly (readonly [string, string])[], plusForSpace = false): string {
  const enc = (s: string) =>
    plusForSpace ? encodeURIComponent(s).replace(/%20/g, '+') : encodeURIComponent(s)
  return pairs.map(([n, v]) => `${enc(n)}=${enc(v)}`).join('&')
}

const baseOptions = {
  consumerKey: 'ck',
  consumerSecret: 'cs',
  token: 'tk',
  tokenSecret: 'ts',
  realm: '1234567_SB1',
}

describe('percentEncode', () => {
  it('uses only unreserved characters and %XX, and decodes back to the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
        const out = lib.percentEncode(s)
        expect(out).toMatch(/^(?:[A-Za-z0-9\-._~]|%[0-9A-F]{2})*$/)
        expect(decodeURIComponent(out)).toBe(s)
      }),
      { numRuns: 300 },
    )
  })

  it('is what RFC 3986 encoding of the UTF-8 bytes gives, byte by byte', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 20 }), (s) => {
        let expected = ''
        for (const b of new TextEncoder().encode(s)) {
          const c = String.fromCharCode(b)
          expected += /[A-Za-z0-9\-._~]/.test(c)
            ? c
            : '%' + b.toString(16).toUpperCase().padStart(2, '0')
        }
        expect(lib.percentEncode(s)).toBe(expected)
      }),
      { numRuns: 200 },
    )
  })

  it('throws ERR_TBA_INVALID_ENCODING, and only that, on strings with lone surrogates', () => {
    fc.assert(
      fc.property(anyUtf16, (s) => {
        try {
          const out = lib.percentEncode(s)
          expect(wellFormed(s)).toBe(true)
          expect(decodeURIComponent(out)).toBe(s)
        } catch (e) {
          expect(wellFormed(s)).toBe(false)
          expect(e).toBeInstanceOf(TbaError)
          expect((e as TbaError).code).toBe('ERR_TBA_INVALID_ENCODING')
        }
      }),
      { numRuns: 300 },
    )
  })
})

describe('signature invariants', () => {
  const signer = nodeLib.createOAuth1Signer(baseOptions)

  it('parameter order in the URL never changes the signature', () => {
    const arb = fc.record({
      method: methodArb,
      host: hostArb,
      path: pathArb,
      pairs: pairsWithDuplicatesArb.chain((pairs) =>
        fc
          .shuffledSubarray(pairs, { minLength: pairs.length, maxLength: pairs.length })
          .map((shuffled) => [pairs, shuffled] as const),
      ),
      plus: fc.boolean(),
    })
    fc.assert(
      fc.property(arb, ({ method, host, path, pairs: [a, b], plus }) => {
        const base = `https://${host}${path}`
        const req = { method, nonce: 'abcdef123', timestamp: 1700000000 }
        const one = signer.signSync({ ...req, url: `${base}?${encodePairs(a, plus)}` })
        const two = signer.signSync({ ...req, url: `${base}?${encodePairs(b)}` })
        expect(two.signature).toBe(one.signature)
        expect(two.baseString).toBe(one.baseString)
      }),
      { numRuns: RUNS },
    )
  })

  it('moving parameters between the query and a form body does not change the signature', () => {
    fc.assert(
      fc.property(pairsWithDuplicatesArb, fc.nat(), (pairs, cut) => {
        const k = pairs.length === 0 ? 0 : cut % (pairs.length + 1)
        const req = { method: 'POST', nonce: 'abcdef123', timestamp: 1700000000 }
        const allInQuery = signer.signSync({
          ...req,
          url: `https://example.com/p?${encodePairs(pairs)}`,
        })
        const split = signer.signSync({
          ...req,
          url: `https://example.com/p?${encodePairs(pairs.slice(0, k))}`,
          body: encodePairs(pairs.slice(k), true),
          contentType: 'application/x-www-form-urlencoded; charset=UTF-8',
        })
        const params = signer.signSync({
          ...req,
          url: `https://example.com/p?${encodePairs(pairs.slice(k))}`,
          body: new URLSearchParams(pairs.slice(0, k).map(([n, v]) => [n, v])),
        })
        expect(split.signature).toBe(allInQuery.signature)
        expect(params.signature).toBe(allInQuery.signature)
      }),
      { numRuns: RUNS },
    )
  })

  it('the Authorization header parses back to exactly the signed parameters', async () => {
    const arb = fc.record({
      consumerKey: credential,
      token: fc.option(credential, { nil: undefined }),
      consumerSecret: credential,
      realm: fc.option(
        fc
          .string({ unit: 'binary', maxLength: 12 })
          .filter((r) => !/[\u0000-\u001f\u007f"\\]/.test(r)),
        { nil: undefined },
      ),
      version: fc.constantFrom<'1.0' | null>('1.0', null),
      signatureMethod: fc.constantFrom('HMAC-SHA256', 'HMAC-SHA1', 'PLAINTEXT') as fc.Arbitrary<
        'HMAC-SHA256' | 'HMAC-SHA1' | 'PLAINTEXT'
      >,
      nonce: fc
        .string({ unit: 'binary', minLength: 1, maxLength: 10 })
        .filter((n) => /^[\u0021-\u007e\u00a0-\u{10ffff}]+$/u.test(n)),
      timestamp: fc.oneof(
        fc.integer({ min: 0, max: 99_999_999_999 }),
        fc.stringMatching(/^\w{1,12}$/),
      ),
      extra: fc.dictionary(
        fc.stringMatching(/^oauth_(?:callback|verifier|x[a-z0-9_]{0,6})$/),
        unicode,
        {
          maxKeys: 3,
        },
      ),
      pairs: pairsArb,
    })
    await fc.assert(
      fc.asyncProperty(arb, async (a) => {
        const signer = lib.createOAuth1Signer({
          consumerKey: a.consumerKey,
          consumerSecret: a.consumerSecret,
          tokenSecret: 'tsecret',
          ...(a.token === undefined ? {} : { token: a.token }),
          ...(a.realm === undefined ? {} : { realm: a.realm }),
          version: a.version,
          signatureMethod: a.signatureMethod,
        })
        const out = await signer.sign({
          method: 'GET',
          url: `https://example.com/x?${encodePairs(a.pairs)}`,
          nonce: a.nonce,
          timestamp: a.timestamp,
          oauthParams: a.extra,
        })
        expect(out.authorization).not.toMatch(/[\r\n]/)
        const parsed = lib.parseAuthorizationHeader(out.authorization)
        const expected: [string, string][] = [
          ...(a.realm === undefined ? [] : [['realm', a.realm] as [string, string]]),
          ['oauth_consumer_key', a.consumerKey],
          ...(a.token === undefined ? [] : [['oauth_token', a.token] as [string, string]]),
          ['oauth_nonce', a.nonce],
          ['oauth_timestamp', String(a.timestamp)],
          ['oauth_signature_method', a.signatureMethod],
          ...(a.version === null ? [] : [['oauth_version', '1.0'] as [string, string]]),
          ...Object.entries(a.extra),
          ['oauth_signature', out.signature],
        ]
        const sort = (xs: [string, string][]) =>
          [...xs].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))
        expect(sort(parsed)).toEqual(sort(expected))
        // Every oauth_* parameter of the header (not realm, not the signature) is in the base string.
        const signedPart = decodeURIComponent(out.baseString.split('&')[2] ?? '')
        for (const [name, value] of parsed) {
          if (name === 'realm' || name === 'oauth_signature') continue
          expect(signedPart.split('&')).toContain(
            `${lib.percentEncode(name)}=${lib.percentEncode(value)}`,
          )
        }
        expect(signedPart).not.toMatch(/(^|&)(realm|oauth_signature)=/)
      }),
      { numRuns: RUNS },
    )
  })
})

describe('WebCrypto and node:crypto agree', () => {
  const credentials = {
    accountId: '1234567-sb1',
    consumerKey: 'ckey',
    consumerSecret: 'csecret',
    tokenId: 'tid',
    tokenSecret: 'tsecret',
  }
  const web = lib.createTbaSigner(credentials)
  const node = nodeLib.createTbaSigner(credentials)

  it('on random methods, hosts, ports, paths, unicode query names/values, duplicates and form bodies', async () => {
    const arb = fc.record({
      method: methodArb,
      scheme: fc.constantFrom('http', 'https', 'HTTPS'),
      host: hostArb,
      port: portArb,
      path: pathArb,
      query: pairsWithDuplicatesArb,
      form: fc.option(
        fc.record({
          pairs: pairsWithDuplicatesArb,
          kind: fc.constantFrom('string', 'params', 'json'),
        }),
        { nil: undefined },
      ),
      nonce: fc.stringMatching(/^[A-Za-z0-9]{6,64}$/),
      timestamp: fc.integer({ min: 0, max: 99_999_999_999 }),
    })
    await fc.assert(
      fc.asyncProperty(arb, async (a) => {
        const url = `${a.scheme}://${a.host}${a.port}${a.path}${a.query.length ? '?' + encodePairs(a.query) : ''}`
        const body =
          a.form === undefined
            ? {}
            : a.form.kind === 'params'
              ? { body: new URLSearchParams(a.form.pairs.map(([n, v]) => [n, v])) }
              : a.form.kind === 'string'
                ? {
                    body: encodePairs(a.form.pairs, true),
                    contentType: 'application/x-www-form-urlencoded',
                  }
                : { body: JSON.stringify(a.form.pairs), contentType: 'application/json' }
        const request = { method: a.method, url, nonce: a.nonce, timestamp: a.timestamp, ...body }
        const w = await web.sign(request)
        const n = node.signSync(request)
        expect(n).toEqual(w)
        const u = node.signSync({ ...request, url: new URL(url) })
        expect(u.signature).toBe(w.signature)
      }),
      { numRuns: RUNS },
    )
  })
})

/** Credentials whose signing key is `cs&ts`. */
const SHORT_CREDENTIALS = {
  accountId: '1234567',
  consumerKey: 'ck',
  consumerSecret: 'cs',
  tokenId: 'tk',
  tokenSecret: 'ts',
}

describe('concurrency', () => {
  it('concurrent signatures of one URL (shared templates and buffers) match one-at-a-time ones', async () => {
    const web = lib.createTbaSigner(SHORT_CREDENTIALS)
    const node = nodeLib.createTbaSigner(SHORT_CREDENTIALS)
    const url = 'https://example.com/p?a=1&b=%E2%82%AC'
    const requests = Array.from({ length: 64 }, (_, i) => ({
      method: i % 2 ? 'GET' : 'POST',
      url,
      nonce: `nonce${String(i).padStart(4, '0')}${'x'.repeat(i % 7)}`,
      timestamp: 1700000000 + i,
    }))
    const concurrent = await Promise.all(requests.map((r) => web.sign(r)))
    const nodeConcurrent = await Promise.all(requests.map((r) => node.sign(r)))
    requests.forEach((r, i) => {
      const one = node.signSync(r)
      expect(concurrent[i]).toEqual(one)
      expect(nodeConcurrent[i]).toEqual(one)
    })
  })
})

describe('cached templates and reused byte buffers', () => {
  it('a long-lived signer signs a random sequence exactly as fresh signers do, and what it hashes is its base string', async () => {
    const urls = [
      'https://example.com/a?x=1',
      'https://example.com/a?x=1&y=%E2%82%AC',
      'https://EXAMPLE.com:443/b',
    ]
    const step = fc.record({
      url: fc.constantFrom(...urls),
      method: fc.constantFrom('GET', 'post'),
      // Same-length and different-length nonces and timestamps, so slots are both rewritten
      // in place and resized.
      nonce: fc.option(fc.stringMatching(/^[A-Za-z0-9]{6,9}$/), { nil: undefined }),
      timestamp: fc.option(fc.integer({ min: 999_990, max: 1_000_010 }), { nil: undefined }),
    })
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), async (steps) => {
        const web = lib.createTbaSigner(SHORT_CREDENTIALS)
        const node = nodeLib.createTbaSigner(SHORT_CREDENTIALS)
        for (const r of steps) {
          const n = node.signSync(r)
          const w = await web.sign({ ...r, nonce: n.nonce, timestamp: n.timestamp })
          const fresh = nodeLib
            .createTbaSigner(SHORT_CREDENTIALS)
            .signSync({ ...r, nonce: n.nonce, timestamp: n.timestamp })
          expect(n).toEqual(fresh)
          expect(w).toEqual(fresh)
          expect(n.signature).toBe(
            createHmac('sha256', 'cs&ts').update(n.baseString).digest('base64'),
          )
        }
      }),
      { numRuns: RUNS },
    )
  })
})

describe('random unicode never throws untyped', () => {
  const signers = [
    lib.createOAuth1Signer(baseOptions),
    nodeLib.createOAuth1Signer(baseOptions),
    lib.createTbaSigner({
      accountId: '1234567',
      consumerKey: 'ck',
      consumerSecret: 'cs',
      tokenId: 'tk',
      tokenSecret: 'ts',
    }),
  ]
  const piece = fc.oneof(anyUtf16, unicode, fc.constantFrom('%', '%2', '%C3', '%ZZ', '+', '&', '='))

  it('in query and form names/values, paths, nonces, timestamps and oauthParams', async () => {
    const arb = fc.record({
      signer: fc.constantFrom(...signers),
      method: fc.oneof(methodArb, anyUtf16),
      path: piece,
      raw: fc.array(fc.tuple(piece, piece), { maxLength: 4 }),
      encoded: fc.boolean(),
      form: fc.option(fc.array(fc.tuple(piece, piece), { maxLength: 4 }), { nil: undefined }),
      nonce: fc.option(piece, { nil: undefined }),
      timestamp: fc.option(fc.oneof(piece, fc.double()), { nil: undefined }),
      extra: fc.option(fc.dictionary(piece, piece, { maxKeys: 2 }), { nil: undefined }),
    })
    await fc.assert(
      fc.asyncProperty(arb, async (a) => {
        const join = (ps: [string, string][]) =>
          ps
            .map(([n, v]) =>
              a.encoded
                ? `${encodeURIComponentLoose(n)}=${encodeURIComponentLoose(v)}`
                : `${n}=${v}`,
            )
            .join('&')
        try {
          await a.signer.sign({
            method: a.method,
            url: `https://example.com/${a.path}?${join(a.raw)}`,
            ...(a.form === undefined
              ? {}
              : { body: join(a.form), contentType: 'application/x-www-form-urlencoded' }),
            ...(a.nonce === undefined ? {} : { nonce: a.nonce }),
            ...(a.timestamp === undefined ? {} : { timestamp: a.timestamp }),
            ...(a.extra === undefined ? {} : { oauthParams: a.extra }),
          })
        } catch (e) {
          assertTyped(e)
        }
      }),
      { numRuns: 150 },
    )
  })

  it('in credentials, account ids and realms', () => {
    fc.assert(
      fc.property(piece, piece, piece, (x, y, z) => {
        const attempts = [
          () => lib.createOAuth1Signer({ consumerKey: x, consumerSecret: y, token: z }),
          () => lib.createOAuth1Signer({ consumerKey: 'ck', consumerSecret: 'cs', realm: x }),
          () =>
            nodeLib.createTbaSigner({
              accountId: x,
              consumerKey: y,
              consumerSecret: z,
              tokenId: 't',
              tokenSecret: 's',
            }),
          () => lib.parseAccountId(x),
          () => lib.normalizeParameters(x + '&' + y),
          () => lib.baseStringUri(x),
          () => lib.parseAuthorizationHeader(`OAuth ${x}="${y}"`),
          () => lib.credentialsFromEnv({ NETSUITE_ACCOUNT_ID: x, NETSUITE_CONSUMER_KEY: y }),
        ]
        for (const attempt of attempts) {
          try {
            attempt()
          } catch (e) {
            assertTyped(e)
          }
        }
      }),
      { numRuns: 150 },
    )
  })
})

/** True when the string has no lone surrogate (String#isWellFormed is ES2024). */
function wellFormed(s: string): boolean {
  try {
    encodeURIComponent(s)
    return true
  } catch {
    return false
  }
}

/** encodeURIComponent that leaves lone surrogates in place instead of throwing. */
function encodeURIComponentLoose(s: string): string {
  return wellFormed(s) ? encodeURIComponent(s) : s
}

describe('token passports reuse validation only while the credentials stay the same', () => {
  it('a changed field of the same credentials object takes effect at once, on both paths', async () => {
    const creds = { ...SHORT_CREDENTIALS }
    const options = { nonce: 'abcdef123456', timestamp: 1_700_000_000 }
    const expected = (account: string, secret: string) =>
      createHmac('sha256', `${secret}&ts`)
        .update(`${account}&ck&tk&abcdef123456&1700000000`)
        .digest('base64')
    for (let round = 0; round < 2; round++) {
      expect(nodeLib.signTokenPassportSync(creds, options).signature).toBe(
        expected('1234567', 'cs'),
      )
      expect((await lib.signTokenPassport(creds, options)).signature).toBe(
        expected('1234567', 'cs'),
      )
    }
    creds.consumerSecret = 'cs2'
    expect(nodeLib.signTokenPassportSync(creds, options).signature).toBe(expected('1234567', 'cs2'))
    expect((await lib.signTokenPassport(creds, options)).signature).toBe(expected('1234567', 'cs2'))
    creds.accountId = '1234567-sb1'
    const passport = nodeLib.signTokenPassportSync(creds, options)
    expect(passport.account).toBe('1234567_SB1')
    expect(passport.signature).toBe(expected('1234567_SB1', 'cs2'))
    creds.accountId = 'not an account'
    expect(() => nodeLib.signTokenPassportSync(creds, options)).toThrow(
      expect.objectContaining({ code: 'ERR_TBA_INVALID_ACCOUNT_ID' }),
    )
    await expect(lib.signTokenPassport(creds, options)).rejects.toMatchObject({
      code: 'ERR_TBA_INVALID_ACCOUNT_ID',
    })
  })
})
