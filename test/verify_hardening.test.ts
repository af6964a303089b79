/**
 * verifyRequest and the memory nonce store under careless options and hostile requests: numeric
 * options are checked, replay keys are unambiguous, live nonces are never forgotten, every verifier
 * has its own default store, and unknown credentials cost neither a body read nor less than an HMAC.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import fc from 'fast-check'
import { createTbaSigner } from '../src/index.ts'
import { replayKey } from '../src/verify_nonce_store.ts'
import {
  createMemoryNonceStore,
  createVerifier,
  verifyRequest,
  VerifyErrorCodes,
  type VerifyOptions,
} from '../src/verify.ts'

const c = {
  accountId: '1234567_SB1',
  consumerKey: 'ckHardening',
  consumerSecret: 'csHardeningSecret',
  tokenId: 'tkHardening',
  tokenSecret: 'tsHardeningSecret',
}
const lookup: VerifyOptions['lookup'] = (ck, tk) =>
  ck === c.consumerKey && tk === c.tokenId
    ? { consumerSecret: c.consumerSecret, tokenSecret: c.tokenSecret }
    : undefined
const signer = createTbaSigner(c)
const URL1 =
  'https://1234567-sb1.restlets.api.netsuite.com/app/site/hosting/restlet.nl?script=1&deploy=1'

async function signedAt(timestamp: number, nonce?: string): Promise<Request> {
  const { authorization } = await signer.sign({
    method: 'GET',
    url: URL1,
    timestamp,
    ...(nonce ? { nonce } : {}),
  })
  return new Request(URL1, { headers: { authorization } })
}

afterEach(() => vi.restoreAllMocks())

describe('verifier options are checked', () => {
  it.each([NaN, Infinity, -1, '300'])('maxSkewSeconds %s is a coded TypeError', async (bad) => {
    // With NaN, a request stamped in 1970 used to pass (twice).
    const old = await signedAt(1)
    const options = { lookup, maxSkewSeconds: bad as number, nonceStore: createMemoryNonceStore() }
    await expect(verifyRequest(old.clone(), options)).rejects.toMatchObject({
      name: 'TypeError',
      code: 'ERR_INVALID_ARG_VALUE',
    })
    expect(() => createVerifier(options)).toThrow(TypeError)
  })

  it('a clock that returns NaN is a coded TypeError, never an accepted 1970 request', async () => {
    const old = await signedAt(1)
    await expect(
      verifyRequest(old, { lookup, now: () => NaN, nonceStore: createMemoryNonceStore() }),
    ).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' })
  })

  it.each([0, -1, NaN, 1.5, Infinity])('maxEntries %s is a coded TypeError', (bad) => {
    expect(() => createMemoryNonceStore({ maxEntries: bad })).toThrow(
      expect.objectContaining({ name: 'TypeError', code: 'ERR_INVALID_ARG_VALUE' }),
    )
  })

  it('maxBodyBytes, lookup and nonceStore are checked', () => {
    for (const bad of [NaN, -1, 1.5]) {
      expect(() => createVerifier({ lookup, maxBodyBytes: bad })).toThrow(
        expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' }),
      )
    }
    expect(() => createVerifier({ lookup: 'x' as never })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }),
    )
    expect(() => createVerifier({ lookup, nonceStore: {} as never })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }),
    )
  })

  it('a store refuses a NaN, zero or negative ttl instead of remembering nothing', () => {
    const store = createMemoryNonceStore()
    for (const bad of [NaN, 0, -5, Infinity]) {
      expect(() => store.add('k', bad)).toThrow(
        expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' }),
      )
    }
  })
})

describe('replay protection', () => {
  it('keys replays unambiguously: "a&b"+"c" does not burn the nonce of "a"+"b&c"', async () => {
    const pairs = [
      { consumerKey: 'a&b', tokenId: 'c', consumerSecret: 's1', tokenSecret: 't1' },
      { consumerKey: 'a', tokenId: 'b&c', consumerSecret: 's2', tokenSecret: 't2' },
    ]
    const verifier = createVerifier({
      lookup: (ck, tk) => pairs.find((p) => p.consumerKey === ck && p.tokenId === tk),
    })
    const timestamp = Math.floor(Date.now() / 1000)
    for (const p of pairs) {
      const s = createTbaSigner({ accountId: '1234567', ...p })
      const { authorization } = await s.sign({
        method: 'GET',
        url: URL1,
        timestamp,
        nonce: 'SameNonce123',
      })
      const r = new Request(URL1, { headers: { authorization } })
      expect(await verifier.verify(r)).toMatchObject({ ok: true, consumerKey: p.consumerKey })
    }
  })

  it('never evicts a live nonce: a full store refuses with a code, and a replay stays refused', async () => {
    const verifier = createVerifier({
      lookup,
      nonceStore: createMemoryNonceStore({ maxEntries: 2 }),
    })
    const now = Math.floor(Date.now() / 1000)
    const first = await signedAt(now, 'NonceNumber1')
    expect((await verifier.verify(first.clone())).ok).toBe(true)
    expect((await verifier.verify(await signedAt(now, 'NonceNumber2'))).ok).toBe(true)
    // A client with a valid token tries to flush the store to replay the first request.
    expect(await verifier.verify(await signedAt(now, 'NonceNumber3'))).toMatchObject({
      ok: false,
      code: VerifyErrorCodes.NONCE_STORE_FULL,
    })
    expect(await verifier.verify(first.clone())).toMatchObject({
      ok: false,
      code: VerifyErrorCodes.REPLAYED_NONCE,
    })
  })

  it('the memory store frees entries by time, and refuses only while all are live', () => {
    let t = 1000
    const store = createMemoryNonceStore({ maxEntries: 2, now: () => t })
    expect(store.add('a', 10)).toBe(true)
    expect(store.add('b', 60)).toBe(true)
    expect(() => store.add('c', 10)).toThrow(
      expect.objectContaining({ code: 'ERR_VERIFY_NONCE_STORE_FULL' }),
    )
    expect(store.add('a', 10)).toBe(false)
    t += 11 // 'a' expired, 'b' still live
    expect(store.add('c', 10)).toBe(true)
    expect(store.add('b', 10)).toBe(false)
  })

  it('a failing store refuses the request with a code', async () => {
    const verifier = createVerifier({
      lookup,
      nonceStore: {
        add: () => Promise.reject(new Error('connection refused')),
      },
    })
    expect(await verifier.verify(await signedAt(Math.floor(Date.now() / 1000)))).toMatchObject({
      ok: false,
      code: VerifyErrorCodes.NONCE_STORE_UNAVAILABLE,
    })
  })

  it('keeps a default store per verifier, not one per process', async () => {
    const r = await signedAt(Math.floor(Date.now() / 1000))
    const a = createVerifier({ lookup })
    const b = createVerifier({ lookup })
    expect((await a.verify(r.clone())).ok).toBe(true)
    expect((await b.verify(r.clone())).ok).toBe(true)
    expect(await a.verify(r.clone())).toMatchObject({ code: VerifyErrorCodes.REPLAYED_NONCE })
    // verifyRequest without a store: one per realm and lookup; an inline lookup still remembers.
    const other: VerifyOptions['lookup'] = (ck, tk) =>
      tk === c.tokenId && ck === c.consumerKey
        ? { consumerSecret: c.consumerSecret, tokenSecret: c.tokenSecret }
        : undefined
    expect((await verifyRequest(r.clone(), { lookup })).ok).toBe(true)
    expect((await verifyRequest(r.clone(), { lookup: other })).ok).toBe(true)
    for (let i = 0; i < 2; i++) {
      const inline = await verifyRequest(r.clone(), {
        lookup: (ck, tk) => (ck === 'x' && tk === 'y' ? undefined : lookup(ck, tk)),
      })
      expect(inline.ok).toBe(i === 0)
    }
  })
})

describe('unauthenticated requests are cheap and say nothing by timing', () => {
  function formRequest(authorization: string, onPull: () => void): Request {
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          onPull()
          controller.enqueue(new TextEncoder().encode('a=1'))
          controller.close()
        },
        // Nothing is pulled until someone reads.
      },
      { highWaterMark: 0 },
    )
    return new Request(URL1, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
      body,
      duplex: 'half',
    } as RequestInit)
  }

  it('looks the credentials up before reading the body, and never reads it for unknown ones', async () => {
    const events: string[] = []
    const unknown = createTbaSigner({ ...c, tokenId: 'tkUnknown' })
    const { authorization } = await unknown.sign({
      method: 'POST',
      url: URL1,
      body: new URLSearchParams({ a: '1' }),
    })
    const result = await verifyRequest(
      formRequest(authorization, () => events.push('body')),
      {
        lookup: (ck, tk) => (events.push('lookup'), lookup(ck, tk)),
        nonceStore: createMemoryNonceStore(),
      },
    )
    expect(result).toMatchObject({ ok: false, code: VerifyErrorCodes.UNKNOWN_CREDENTIALS })
    expect(events).toEqual(['lookup'])
  })

  it('caps the form body it reads', async () => {
    const big = new URLSearchParams({ a: 'x'.repeat(100) })
    const signed = await signer.authorize(new Request(URL1, { method: 'POST', body: big }))
    const options = { lookup, maxBodyBytes: 50, nonceStore: createMemoryNonceStore() }
    expect(await verifyRequest(signed.clone(), options)).toMatchObject({
      ok: false,
      code: VerifyErrorCodes.BODY_TOO_LARGE,
    })
    // Without a Content-Length header too (a streamed body).
    const events: string[] = []
    const streamed = formRequest(signed.headers.get('authorization') as string, () => {
      events.push('pull')
    })
    const result = await verifyRequest(streamed, { ...options, maxBodyBytes: 2 })
    expect(result).toMatchObject({ ok: false, code: VerifyErrorCodes.BODY_TOO_LARGE })
    expect((await verifyRequest(signed.clone(), { ...options, maxBodyBytes: 200 })).ok).toBe(true)
  })

  it('computes an HMAC before answering unknown credentials', async () => {
    const sign = vi.spyOn(globalThis.crypto.subtle, 'sign')
    const unknown = createTbaSigner({ ...c, consumerKey: 'ckUnknown' })
    const r = await unknown.authorize(new Request(URL1))
    sign.mockClear()
    const result = await verifyRequest(r, { lookup, nonceStore: createMemoryNonceStore() })
    expect(result).toMatchObject({ ok: false, code: VerifyErrorCodes.UNKNOWN_CREDENTIALS })
    expect(sign).toHaveBeenCalledTimes(1)
  })
})

describe('properties', () => {
  it('replay keys of different (consumer key, token, timestamp, nonce) never collide', () => {
    const part = fc.string({
      unit: fc.constantFrom('a', 'b', '&', '"', ',', '[', '\\'),
      maxLength: 6,
    })
    fc.assert(
      fc.property(fc.tuple(part, part, part, part), fc.tuple(part, part, part, part), (x, y) => {
        fc.pre(x.join('\u0000') !== y.join('\u0000'))
        return replayKey(...x) !== replayKey(...y)
      }),
    )
  })

  it('the memory store behaves like its model: live keys refused, never evicted, full = coded error', () => {
    const op = fc.oneof(
      fc.record({
        add: fc.constantFrom('a', 'b', 'c', 'd', 'e'),
        ttl: fc.integer({ min: 1, max: 20 }),
      }),
      fc.record({ wait: fc.integer({ min: 0, max: 15 }) }),
    )
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.array(op, { maxLength: 60 }), (max, ops) => {
        let t = 0
        const store = createMemoryNonceStore({ maxEntries: max, now: () => t })
        const model = new Map<string, number>()
        for (const o of ops) {
          if ('wait' in o) {
            t += o.wait
            continue
          }
          for (const [k, exp] of model) if (exp < t) model.delete(k)
          const live = model.has(o.add)
          const full = !live && model.size >= max
          let got: boolean | 'full'
          try {
            got = store.add(o.add, o.ttl) as boolean
          } catch (e) {
            if ((e as { code?: string }).code !== 'ERR_VERIFY_NONCE_STORE_FULL') throw e
            got = 'full'
          }
          if (got !== (live ? false : full ? 'full' : true)) return false
          if (got === true) model.set(o.add, t + o.ttl)
        }
        return true
      }),
      { numRuns: 500 },
    )
  })
})
