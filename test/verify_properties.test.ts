/**
 * sign → verify properties (issue 7, "Fuzzing and properties"), against the `verifyRequest`
 * contract of issue 7:
 *
 *   verifyRequest(request: Request, { lookup, realm?, maxSkewSeconds?, nonceStore?, now? })
 *     → Promise<{ ok: true; consumerKey; tokenId; realm? } | { ok: false; code; reason }>
 *
 * - Round trip: every request the TBA signer signs (arbitrary unicode names/values, duplicate
 *   keys, ports, paths, form bodies) verifies, with the right consumer key, token id and realm.
 * - Any single mutation of a signed component (method, path, a query name or value, host, realm,
 *   timestamp, nonce, signature, consumer key, token) fails verification — and does not burn the
 *   nonce: the untouched request still verifies afterwards.
 */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as lib from '../src/index.ts'
import { verifyRequest } from '../src/verify.ts'

const credentials = {
  accountId: '1234567-sb1',
  consumerKey: 'ckeyVerify01',
  consumerSecret: 'csecretVerify01',
  tokenId: 'tokenVerify01',
  tokenSecret: 'tsecretVerify01',
}
const REALM = '1234567_SB1'
const NOW = 1_700_000_000
const lookup = (consumerKey: string, tokenId: string) =>
  consumerKey === credentials.consumerKey && tokenId === credentials.tokenId
    ? { consumerSecret: credentials.consumerSecret, tokenSecret: credentials.tokenSecret }
    : undefined

const unicode = fc.string({ unit: 'binary', maxLength: 10 })
const name = unicode.filter((n) => n !== 'realm' && !lib.percentEncode(n).startsWith('oauth_'))
const pairs = fc
  .array(fc.tuple(name, unicode), { maxLength: 5 })
  .chain((ps) =>
    fc
      .subarray(ps)
      .chain((d) =>
        fc
          .array(unicode, { minLength: d.length, maxLength: d.length })
          .map((vs) => ps.concat(d.map(([n], i) => [n, vs[i] as string]))),
      ),
  )
const encode = (ps: readonly (readonly [string, string])[], plus = false) =>
  ps
    .map(([n, v]) =>
      [n, v]
        .map((s) => (plus ? encodeURIComponent(s).replace(/%20/g, '+') : encodeURIComponent(s)))
        .join('='),
    )
    .join('&')

const requestArb = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'PURGE'),
  scheme: fc.constantFrom('http', 'https'),
  host: fc.oneof(fc.domain(), fc.constant('1234567-sb1.restlets.api.netsuite.com')),
  port: fc.oneof(
    fc.constant(''),
    fc.integer({ min: 1, max: 65535 }).map((p) => `:${p}`),
  ),
  path: fc
    .array(unicode, { maxLength: 3 })
    .map((s) => '/' + s.map((x) => encodeURIComponent(x)).join('/')),
  query: pairs,
  form: fc.option(pairs, { nil: undefined }),
})

type RequestInput = typeof requestArb extends fc.Arbitrary<infer T> ? T : never

function buildRequest(a: RequestInput): Request {
  const url = `${a.scheme}://${a.host}${a.port}${a.path}${a.query.length ? '?' + encode(a.query) : ''}`
  const withBody = a.form !== undefined && a.method !== 'GET'
  return new Request(url, {
    method: a.method,
    ...(withBody
      ? {
          body: encode(a.form!, true),
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        }
      : {}),
  })
}

/** Rebuild an Authorization header with one parameter changed (or removed with `undefined`). */
function withParam(header: string, key: string, value: string | undefined): string {
  const params = lib.parseAuthorizationHeader(header)
  const kept = params.filter(([k]) => k !== key)
  const next: [string, string][] = value === undefined ? kept : [...kept, [key, value]]
  return 'OAuth ' + next.map(([k, v]) => `${k}="${lib.percentEncode(v)}"`).join(', ')
}

/** Same request, with `change` applied to a copy of its parts. */
async function rebuild(
  signed: Request,
  body: string | undefined,
  change: { method?: string; url?: string; authorization?: string },
): Promise<Request> {
  const headers = new Headers(signed.headers)
  if (change.authorization !== undefined) headers.set('authorization', change.authorization)
  return new Request(change.url ?? signed.url, {
    method: change.method ?? signed.method,
    headers,
    ...(body === undefined ? {} : { body }),
  })
}

function mutateUrl(url: string, f: (u: URL) => void): string {
  const u = new URL(url)
  f(u)
  return u.href
}

describe('verifyRequest properties', () => {
  const verify = verifyRequest
  let counter = 0
  const signer = lib.createTbaSigner(credentials, {
    clock: () => NOW,
    // Unique across the run so that the default nonce store never sees a repeat by accident.
    nonce: () => `n${(counter++).toString().padStart(12, '0')}x`,
  })
  const options = { lookup, now: () => NOW, realm: REALM }

  it('sign → verify round trip', async () => {
    await fc.assert(
      fc.asyncProperty(requestArb, async (a) => {
        const signed = await signer.authorize(buildRequest(a))
        const result = await verify(signed, options)
        expect(result).toMatchObject({
          ok: true,
          consumerKey: credentials.consumerKey,
          tokenId: credentials.tokenId,
        })
      }),
      { numRuns: 40 },
    )
  })

  it('any single mutation fails, and does not burn the nonce of the real request', async () => {
    await fc.assert(
      fc.asyncProperty(requestArb, async (a) => {
        const original = buildRequest(a)
        const body = original.body === null ? undefined : await original.clone().text()
        const signed = await signer.authorize(original)
        const auth = signed.headers.get('authorization') as string
        const params = Object.fromEntries(lib.parseAuthorizationHeader(auth))
        const sig = params['oauth_signature'] as string
        const flipped = (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1)
        const mutations: [string, Promise<Request>, typeof options?][] = [
          ['method', rebuild(signed, body, { method: signed.method === 'PUT' ? 'POST' : 'PUT' })],
          [
            'path',
            rebuild(signed, body, { url: mutateUrl(signed.url, (u) => (u.pathname += 'x')) }),
          ],
          [
            'host',
            rebuild(signed, body, {
              url: mutateUrl(signed.url, (u) => (u.hostname = 'evil.example')),
            }),
          ],
          [
            'port',
            rebuild(signed, body, {
              url: mutateUrl(signed.url, (u) => (u.port = u.port === '8443' ? '8444' : '8443')),
            }),
          ],
          [
            'scheme',
            rebuild(signed, body, {
              url: mutateUrl(
                signed.url,
                (u) => (u.protocol = u.protocol === 'https:' ? 'http:' : 'https:'),
              ),
            }),
          ],
          [
            'query name',
            rebuild(signed, body, {
              url: mutateUrl(signed.url, (u) => (u.search = '?X' + u.search.slice(1))),
            }),
          ],
          [
            'query value',
            rebuild(signed, body, {
              url: mutateUrl(signed.url, (u) => (u.search = (u.search || '?') + 'Y')),
            }),
          ],
          [
            'added parameter',
            rebuild(signed, body, {
              url: mutateUrl(signed.url, (u) => u.searchParams.append('zz', '1')),
            }),
          ],
          ['realm', rebuild(signed, body, { authorization: withParam(auth, 'realm', '7654321') })],
          [
            'realm removed',
            rebuild(signed, body, { authorization: withParam(auth, 'realm', undefined) }),
          ],
          [
            'timestamp',
            rebuild(signed, body, {
              authorization: withParam(auth, 'oauth_timestamp', String(NOW + 1)),
            }),
          ],
          [
            'nonce',
            rebuild(signed, body, {
              authorization: withParam(
                auth,
                'oauth_nonce',
                (params['oauth_nonce'] as string) + 'a',
              ),
            }),
          ],
          [
            'signature',
            rebuild(signed, body, { authorization: withParam(auth, 'oauth_signature', flipped) }),
          ],
          [
            'signature removed',
            rebuild(signed, body, { authorization: withParam(auth, 'oauth_signature', undefined) }),
          ],
          [
            'consumer key',
            rebuild(signed, body, {
              authorization: withParam(auth, 'oauth_consumer_key', 'other'),
            }),
          ],
          [
            'token',
            rebuild(signed, body, { authorization: withParam(auth, 'oauth_token', 'other') }),
          ],
          [
            'signature method',
            rebuild(signed, body, {
              authorization: withParam(auth, 'oauth_signature_method', 'HMAC-SHA1'),
            }),
          ],
          ['no Authorization header', rebuild(signed, body, { authorization: 'Basic eDp5' })],
        ]
        if (body !== undefined && body !== '') {
          mutations.push(['form body', rebuild(signed, body + '&zz=1', {})])
        }
        for (const [what, pending, opts] of mutations) {
          const r = await verify(await pending, opts ?? options)
          expect(r.ok, `mutated ${what} must fail`).toBe(false)
          if (!r.ok) {
            expect(r.code).toMatch(/^ERR_/)
            expect(r.reason).not.toContain(credentials.consumerSecret)
            expect(r.reason).not.toContain(credentials.tokenSecret)
          }
        }
        const real = await verify(await rebuild(signed, body, {}), options)
        expect(real.ok, 'the untouched request still verifies').toBe(true)
        const replay = await verify(await rebuild(signed, body, {}), options)
        expect(replay, 'a replay fails').toMatchObject({ ok: false })
      }),
      { numRuns: 25 },
    )
  })

  it('never throws, and never accepts, on arbitrary Authorization headers', async () => {
    const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c))
    const text = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.string({ unit: 'binary', maxLength: 30 }),
      fc.string({ unit: codeUnit, maxLength: 30 }),
    )
    const headerish = fc
      .array(
        fc.tuple(
          fc.oneof(
            fc.constantFrom(
              'realm',
              'oauth_consumer_key',
              'oauth_token',
              'oauth_nonce',
              'oauth_timestamp',
              'oauth_signature',
              'oauth_signature_method',
              'oauth_version',
            ),
            text,
          ),
          text,
        ),
        { maxLength: 9 },
      )
      .map((ps) => 'OAuth ' + ps.map(([k, v]) => `${k}="${v}"`).join(', '))
    await fc.assert(
      fc.asyncProperty(fc.oneof(text, headerish), async (header) => {
        const headers = new Headers()
        try {
          headers.set('authorization', header)
        } catch {
          return // not a valid header value: fetch itself refuses it
        }
        const r = await verify(new Request('https://example.com/a?b=1', { headers }), options)
        expect(r.ok).toBe(false)
      }),
      { numRuns: 150 },
    )
  })

  it('stale and future timestamps fail', async () => {
    const signed = await signer.authorize(new Request('https://example.com/a?b=1'))
    for (const now of [NOW + 301, NOW - 301, NOW + 100_000]) {
      const r = await verify(signed.clone(), { lookup, now: () => now, maxSkewSeconds: 300 })
      expect(r.ok).toBe(false)
    }
  })
})
