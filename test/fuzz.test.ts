/**
 * Fuzzing (issue 7): the Authorization header parser, the URL/query parser and the parameter
 * normaliser throw nothing but typed errors on arbitrary input, and no input makes signing hang:
 * work grows roughly linearly with the input (compared between sizes, never against a clock).
 */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as lib from '../src/index.ts'
import * as nodeLib from '../src/node.ts'
import { TbaError } from '../src/index.ts'

function assertTyped(e: unknown): void {
  if (e instanceof TbaError) {
    expect(e.code).toMatch(/^ERR_TBA_/)
    return
  }
  const code = (e as { code?: unknown } | null)?.code
  if (e instanceof TypeError && typeof code === 'string' && /^ERR_INVALID_ARG_/.test(code)) return
  throw e
}

function typedOnly(fn: () => unknown): void {
  try {
    fn()
  } catch (e) {
    assertTyped(e)
  }
}

const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c))
const junkChar = fc.oneof(
  codeUnit,
  fc.constantFrom(
    '%',
    '&',
    '=',
    '+',
    '"',
    ',',
    ' ',
    '\r',
    '\n',
    '\\',
    '#',
    '?',
    '/',
    '@',
    ':',
    '[',
    ']',
    '\uD800',
    '\uDFFF',
    '%2',
    '%ZZ',
    '%C3',
    '%5F',
    'oauth_',
    'realm',
  ),
)
/** Arbitrary text: ASCII-ish, full unicode, raw UTF-16 (lone surrogates), and URL/header junk. */
const anyText = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: codeUnit, maxLength: 40 }),
  fc.string({ unit: junkChar, maxLength: 40 }),
)
/** A web URL with junk spliced in at a random place. */
const junkyUrl = fc
  .tuple(
    fc.webUrl({ withQueryParameters: true, withFragments: true, validSchemes: ['http', 'https'] }),
    fc.string({ unit: junkChar, maxLength: 12 }),
    fc.nat(),
  )
  .map(([url, junk, at]) => {
    const i = at % (url.length + 1)
    return url.slice(0, i) + junk + url.slice(i)
  })

const signer = nodeLib.createOAuth1Signer({
  consumerKey: 'ck',
  consumerSecret: 'cs',
  token: 'tk',
  tokenSecret: 'ts',
  realm: 'R',
})
const webSigner = lib.createTbaSigner({
  accountId: '1234567',
  consumerKey: 'ck',
  consumerSecret: 'cs',
  tokenId: 'tk',
  tokenSecret: 'ts',
})

describe('typed errors only, on arbitrary input', () => {
  it('parseAuthorizationHeader', () => {
    const headerish = fc
      .array(
        fc.tuple(
          anyText,
          anyText,
          fc.constantFrom('"', '', "'"),
          fc.constantFrom(', ', ',', ' ', ''),
        ),
        { maxLength: 5 },
      )
      .map((ps) => 'OAuth ' + ps.map(([n, v, q, sep]) => `${n}=${q}${v}${q}${sep}`).join(''))
    fc.assert(
      fc.property(fc.oneof(anyText, headerish), (header) => {
        let parsed: [string, string][] | undefined
        typedOnly(() => {
          parsed = lib.parseAuthorizationHeader(header)
        })
        if (parsed) {
          // Accepted headers have unique names and values without quotes or line breaks.
          expect(new Set(parsed.map(([n]) => n)).size).toBe(parsed.length)
        }
      }),
      { numRuns: 400 },
    )
    for (const v of [undefined, null, 42, {}])
      typedOnly(() => lib.parseAuthorizationHeader(v as never))
  })

  it('normalizeParameters, baseStringUri and signatureBaseString', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, junkyUrl), anyText, (a, b) => {
        typedOnly(() => lib.normalizeParameters(a))
        typedOnly(() => lib.normalizeParameters(a + '&' + b))
        typedOnly(() => lib.baseStringUri(a))
        typedOnly(() => lib.signatureBaseString('GET', a, b))
      }),
      { numRuns: 300 },
    )
  })

  it('signing arbitrary URLs (fc.webUrl mixed with junk), methods and bodies', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(junkyUrl, anyText),
        fc.oneof(fc.constantFrom('GET', 'POST'), anyText),
        fc.option(anyText, { nil: undefined }),
        async (url, method, body) => {
          const request = {
            method,
            url,
            ...(body === undefined
              ? {}
              : { body, contentType: 'application/x-www-form-urlencoded' }),
          }
          typedOnly(() => signer.signSync(request))
          await webSigner.sign(request).catch(assertTyped)
        },
      ),
      { numRuns: 300 },
    )
  })

  it('a signed request always parses back and never contains CR, LF or a stray quote', () => {
    fc.assert(
      fc.property(junkyUrl, (url) => {
        let out: ReturnType<typeof signer.signSync> | undefined
        typedOnly(() => {
          out = signer.signSync({ method: 'GET', url })
        })
        if (out) {
          expect(out.authorization).not.toMatch(/[\r\n]/)
          expect(() => lib.parseAuthorizationHeader(out!.authorization)).not.toThrow()
        }
      }),
      { numRuns: 200 },
    )
  })
})

/** Fastest of `runs` timings of `fn(i)`, in ms. */
function fastest(fn: (i: number) => void, runs = 3): number {
  let best = Infinity
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    fn(i)
    best = Math.min(best, performance.now() - start)
  }
  return best
}

let unique = 0
/**
 * Time `work(input)` at a small (32 KB) and a 16× larger size (512 KB). Linear work gives a ratio
 * near 16, quadratic near 256 (and minutes, not milliseconds, at these sizes). Large strings cost
 * some extra GC, measured up to ~80× on busy cores, so the bound is 128× (n^1.75) plus a little
 * slack for timer jitter on the small size: it catches quadratic blow-ups, not constant factors.
 */
function expectLinear(make: (bytes: number) => string, work: (input: string) => void): void {
  const small = 32 * 1024
  const big = 16 * small
  const inputs = [make(small), make(big)]
  expect(inputs[1]!.length).toBeGreaterThanOrEqual(big * 0.9)
  // Every call gets a distinct input so that no cache answers for the signer.
  const t = inputs.map((input, i) =>
    fastest(
      () => {
        typedOnly(() => work(input + '&zz=' + unique++))
      },
      i === 0 ? 3 : 2,
    ),
  )
  expect(t[1]!, `${t[0]!.toFixed(2)} ms at 32 KB, ${t[1]!.toFixed(2)} ms at 512 KB`).toBeLessThan(
    128 * t[0]! + 50,
  )
}

const repeat = (unit: string) => (bytes: number) => unit.repeat(Math.ceil(bytes / unit.length))

describe('bounded work per byte (1 MB inputs)', () => {
  const patterns: [string, (bytes: number) => string][] = [
    [
      'distinct pairs',
      (n) => Array.from({ length: Math.ceil(n / 10) }, (_, i) => `k${i}=v${i}`).join('&'),
    ],
    ['run of &', repeat('&')],
    ['run of =', repeat('=')],
    ['run of %', repeat('%')],
    ['run of %25', repeat('%25')],
    ['run of +', repeat('+')],
    ['one long value of escapes', (n) => 'x=' + repeat('%E2%82%AC')(n)],
    ['&=%& soup', repeat('&=%&=')],
    ['unicode', (n) => 'x=' + repeat('€😀')(n)],
    ['duplicate names', (n) => repeat('dup=1&dup=2&')(n)],
    ['trailing bad escape', (n) => 'x=' + repeat('a')(n) + '%'],
  ]

  // The form body goes through the same splitter as the query; a few shapes are enough there.
  const FORM_TOO = new Set([
    'distinct pairs',
    'run of %',
    '&=%& soup',
    'unicode',
    'trailing bad escape',
  ])
  for (const [name, make] of patterns) {
    it(`query: ${name}`, () => {
      expectLinear(make, (q) =>
        signer.signSync({ method: 'GET', url: `https://example.com/p?${q}` }),
      )
    })
    if (!FORM_TOO.has(name)) continue
    it(`form body: ${name}`, () => {
      expectLinear(make, (body) =>
        signer.signSync({
          method: 'POST',
          url: 'https://example.com/p',
          body,
          contentType: 'application/x-www-form-urlencoded',
        }),
      )
    })
  }

  it('normalizeParameters on a run of & and =', () => {
    expectLinear(repeat('&=&'), (q) => lib.normalizeParameters(q))
  })

  it('path of many segments and escapes', () => {
    expectLinear(repeat('/%41b'), (p) =>
      signer.signSync({ method: 'GET', url: `https://example.com${p}` }),
    )
  })

  it('percentEncode on unicode', () => {
    expectLinear(repeat('a €"\u0000😀'), (s) => lib.percentEncode(s))
  })

  it('parseAuthorizationHeader on long and pathological headers', () => {
    const params = (n: number) =>
      'OAuth ' + Array.from({ length: Math.ceil(n / 14) }, (_, i) => `p${i}="v%20${i}"`).join(', ')
    expectLinear(params, (h) => lib.parseAuthorizationHeader(h))
    expectLinear(
      (n) => 'OAuth ' + repeat(' ')(n) + 'x',
      (h) => lib.parseAuthorizationHeader(h),
    )
    expectLinear(
      (n) => 'OAuth a' + repeat(' ')(n) + 'b',
      (h) => lib.parseAuthorizationHeader(h),
    )
    expectLinear(
      (n) => 'OAuth ' + repeat('a')(n),
      (h) => lib.parseAuthorizationHeader(h),
    )
    expectLinear(
      (n) => 'OAuth a="' + repeat('%41')(n) + '"',
      (h) => lib.parseAuthorizationHeader(h),
    )
    expectLinear(repeat(' '), (h) => lib.parseAuthorizationHeader(h))
  })

  it('1 MB of pathological %, & and = runs is rejected or signed, never hangs', () => {
    const mb = 1024 * 1024
    for (const q of [
      repeat('%')(mb),
      repeat('&')(mb),
      repeat('=')(mb),
      repeat('%&=')(mb),
      repeat('a=%4')(mb),
    ]) {
      typedOnly(() => signer.signSync({ method: 'GET', url: `https://example.com/?${q}` }))
    }
  })

  it('a 1 MB query signs to the same result on WebCrypto and node:crypto', async () => {
    const q = repeat('name=value%20%E2%82%AC&')(1024 * 1024)
    const request = {
      method: 'GET',
      url: `https://example.com/?${q}`,
      nonce: 'abcdef12',
      timestamp: 1700000000,
    }
    const web = await webSigner.sign(request)
    const node = nodeLib
      .createTbaSigner({
        accountId: '1234567',
        consumerKey: 'ck',
        consumerSecret: 'cs',
        tokenId: 'tk',
        tokenSecret: 'ts',
      })
      .signSync(request)
    expect(node.signature).toBe(web.signature)
  })
})
