/**
 * verifyRequest: accepts our signer and oauth-1.0a (on URLs it handles correctly), rejects every
 * tampered method, URL, parameter, realm or host with a stable code, and replays.
 */
import { describe, expect, it } from 'vitest'
import { createHmac } from 'node:crypto'
import OAuth from 'oauth-1.0a'
import { createTbaSigner } from '../src/index.ts'
import {
  createMemoryNonceStore,
  verifyRequest,
  VerifyErrorCodes,
  type NonceStore,
} from '../src/verify.ts'

const c = {
  accountId: '1234567_SB1',
  consumerKey: 'ckVerifyTest',
  consumerSecret: 'csVerifyTestSecret',
  tokenId: 'tkVerifyTest',
  tokenSecret: 'tsVerifyTestSecret',
}
const REALM = '1234567_SB1'
const lookup = (ck: string, tk: string) =>
  ck === c.consumerKey && tk === c.tokenId
    ? { consumerSecret: c.consumerSecret, tokenSecret: c.tokenSecret }
    : undefined
const opts = () => ({ lookup, realm: REALM, nonceStore: createMemoryNonceStore() })
const signer = createTbaSigner(c)
const URL1 =
  'https://1234567-sb1.restlets.api.netsuite.com/app/site/hosting/restlet.nl?script=1&deploy=1&q=a%20b'

function withAuth(r: Request, auth: string, init: RequestInit = {}, url = r.url): Request {
  const h = new Headers(r.headers)
  for (const [k, v] of new Headers(init.headers)) h.set(k, v)
  h.set('authorization', auth)
  return new Request(url, { method: r.method, ...init, headers: h })
}

describe('verifyRequest', () => {
  it('accepts our signer (GET, form POST, JSON POST) and returns who signed', async () => {
    const o = opts()
    expect(await verifyRequest(await signer.authorize(new Request(URL1)), o)).toEqual({
      ok: true,
      consumerKey: c.consumerKey,
      tokenId: c.tokenId,
      realm: REALM,
    })
    const form = await signer.authorize(
      new Request(URL1, { method: 'POST', body: new URLSearchParams({ a: 'x y', b: 'ü' }) }),
    )
    expect((await verifyRequest(form, o)).ok).toBe(true)
    const jsonPost = await signer.authorize(
      new Request(URL1, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"a":1}',
      }),
    )
    expect((await verifyRequest(jsonPost, o)).ok).toBe(true)
  })

  it('accepts oauth-1.0a with HMAC-SHA256 on a URL it handles correctly', async () => {
    const oauth = new OAuth({
      consumer: { key: c.consumerKey, secret: c.consumerSecret },
      signature_method: 'HMAC-SHA256',
      hash_function: (base: string, key: string) =>
        createHmac('sha256', key).update(base).digest('base64'),
      realm: REALM,
    })
    const url =
      'https://1234567-sb1.restlets.api.netsuite.com/app/site/hosting/restlet.nl?script=12&deploy=1&id=42'
    const header = oauth.toHeader(
      oauth.authorize({ url, method: 'GET' }, { key: c.tokenId, secret: c.tokenSecret }),
    )
    // oauth-1.0a's nonce is 32 alphanumerics and its timestamp whole seconds: both fine for TBA.
    const r = await verifyRequest(
      new Request(url, { headers: header as unknown as Record<string, string> }),
      opts(),
    )
    expect(r).toMatchObject({ ok: true, consumerKey: c.consumerKey, realm: REALM })
  })

  it('rejects tampered method, URL path, parameter, host, port, realm, form body', async () => {
    const signed = await signer.authorize(
      new Request(URL1, { method: 'POST', body: new URLSearchParams({ a: '1' }) }),
    )
    const auth = signed.headers.get('authorization') as string
    const form = { body: 'a=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } }
    const variants: [string, Request, string][] = [
      [
        'method',
        withAuth(signed, auth, { ...form, method: 'PUT' }),
        VerifyErrorCodes.BAD_SIGNATURE,
      ],
      [
        'path',
        withAuth(signed, auth, form, URL1.replace('restlet.nl', 'restlet.nlx')),
        VerifyErrorCodes.BAD_SIGNATURE,
      ],
      [
        'param',
        withAuth(signed, auth, form, URL1.replace('deploy=1', 'deploy=2')),
        VerifyErrorCodes.BAD_SIGNATURE,
      ],
      ['extra param', withAuth(signed, auth, form, URL1 + '&x=1'), VerifyErrorCodes.BAD_SIGNATURE],
      [
        'host',
        withAuth(signed, auth, form, URL1.replace('1234567-sb1', '7654321')),
        VerifyErrorCodes.BAD_SIGNATURE,
      ],
      [
        'port',
        withAuth(signed, auth, form, URL1.replace('.com/', '.com:8443/')),
        VerifyErrorCodes.BAD_SIGNATURE,
      ],
      [
        'form body',
        withAuth(signed, auth, { ...form, body: 'a=2' }),
        VerifyErrorCodes.BAD_SIGNATURE,
      ],
      [
        'realm',
        withAuth(signed, auth.replace(REALM, '1234567_sb1'), form),
        VerifyErrorCodes.REALM_MISMATCH,
      ],
      [
        'method name',
        withAuth(signed, auth.replace('HMAC-SHA256', 'HMAC-SHA1'), form),
        VerifyErrorCodes.UNSUPPORTED_METHOD,
      ],
      [
        'duplicate',
        withAuth(signed, auth + ', oauth_nonce="abcdefgh"', form),
        VerifyErrorCodes.MALFORMED_HEADER,
      ],
      [
        'unquoted',
        withAuth(signed, auth.replace(/oauth_version="1.0"/, 'oauth_version=1.0'), form),
        VerifyErrorCodes.MALFORMED_HEADER,
      ],
      [
        'missing param',
        withAuth(signed, auth.replace(/,\s*oauth_token="[^"]*"/, ''), form),
        VerifyErrorCodes.MALFORMED_HEADER,
      ],
      [
        'short nonce',
        withAuth(signed, auth.replace(/oauth_nonce="[^"]*"/, 'oauth_nonce="abc"'), form),
        VerifyErrorCodes.BAD_NONCE,
      ],
      [
        'unknown token',
        withAuth(signed, auth.replace(c.tokenId, 'tkOther'), form),
        VerifyErrorCodes.UNKNOWN_CREDENTIALS,
      ],
      ['no header', new Request(URL1), VerifyErrorCodes.MISSING_HEADER],
    ]
    const o = opts()
    for (const [what, request, code] of variants) {
      const r = await verifyRequest(request, o)
      expect(r, what).toMatchObject({ ok: false, code })
      expect(JSON.stringify(r)).not.toContain(c.consumerSecret)
    }
    // None of the rejections burned the nonce.
    expect((await verifyRequest(withAuth(signed, auth, form), o)).ok).toBe(true)
  })

  it('rejects replays and stale or future timestamps', async () => {
    const o = opts()
    const signed = await signer.authorize(new Request(URL1))
    expect((await verifyRequest(signed.clone(), o)).ok).toBe(true)
    expect(await verifyRequest(signed.clone(), o)).toMatchObject({
      ok: false,
      code: VerifyErrorCodes.REPLAYED_NONCE,
    })
    const now = Date.now() / 1000
    for (const t of [now + 301, now - 301]) {
      expect(await verifyRequest(signed.clone(), { ...o, now: () => t })).toMatchObject({
        ok: false,
        code: VerifyErrorCodes.STALE_TIMESTAMP,
      })
    }
    expect(
      (
        await verifyRequest(signed.clone(), {
          ...o,
          now: () => now + 1000,
          maxSkewSeconds: 2000,
          nonceStore: createMemoryNonceStore(),
        })
      ).ok,
    ).toBe(true)
  })

  it('takes an async NonceStore; the memory store is bounded and forgets no live key', async () => {
    const seen = new Set<string>()
    const store: NonceStore = { add: async (k) => (seen.has(k) ? false : (seen.add(k), true)) }
    const signed = await signer.authorize(new Request(URL1))
    expect((await verifyRequest(signed.clone(), { lookup, nonceStore: store })).ok).toBe(true)
    expect((await verifyRequest(signed.clone(), { lookup, nonceStore: store })).ok).toBe(false)
    const mem = createMemoryNonceStore({ maxEntries: 2 })
    expect([mem.add('a', 60), mem.add('b', 60), mem.add('a', 60)]).toEqual([true, true, false])
    // Full of live keys: it refuses rather than forget 'a' (which could then be replayed).
    expect(() => mem.add('c', 60)).toThrow(
      expect.objectContaining({ code: 'ERR_VERIFY_NONCE_STORE_FULL' }),
    )
    expect(mem.add('a', 60)).toBe(false)
  })
})
