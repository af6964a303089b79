/**
 * The adapters under careless options: every number is checked with a coded TypeError, an abort
 * that lands while a request is signed stops it before it is sent, RESTlet params cannot replace
 * the script or deployment, and the in-process limiter is one per account whatever `concurrency`
 * each client passes.
 */
import { describe, expect, it } from 'vitest'
import { createRestletClient, type ClientOptions } from '../src/restlet.ts'
import { createRestClient } from '../src/rest.ts'
import { createSoapClient } from '../src/soap.ts'
import { createConcurrencyLimiter } from '../src/concurrency_limiter.ts'

const coded = (code: string) => expect.objectContaining({ name: 'TypeError', code })

/** A fetch that answers `{}` after `ms`, counting requests in flight. */
function countingFetch(ms = 0) {
  const state = { calls: 0, inFlight: 0, max: 0 }
  const fetch: typeof globalThis.fetch = (async () => {
    state.calls++
    state.inFlight++
    state.max = Math.max(state.max, state.inFlight)
    await new Promise((r) => setTimeout(r, ms))
    state.inFlight--
    return new Response('{}', { headers: { 'content-type': 'application/json' } })
  }) as unknown as typeof globalThis.fetch
  return { state, fetch }
}

function options(extra: Partial<ClientOptions> = {}): ClientOptions {
  return {
    accountId: '7654321',
    authorize: async (r) => r,
    fetch: countingFetch().fetch,
    ...extra,
  }
}

describe('numeric options are checked', () => {
  it.each([
    { maxAttempts: NaN },
    { maxAttempts: Infinity },
    { maxAttempts: 0 },
    { maxAttempts: 2.5 },
    { baseDelayMs: -1 },
    { baseDelayMs: NaN },
    { maxDelayMs: -100 },
    { maxDelayMs: Infinity },
  ])('retry %o is a coded TypeError at creation', (retry) => {
    for (const create of [createRestletClient, createRestClient]) {
      expect(() => create(options({ retry }))).toThrow(coded('ERR_INVALID_ARG_VALUE'))
    }
  })

  it.each([NaN, -1, 0, Infinity, 2 ** 31, 1.5])(
    'timeoutMs %s is a coded TypeError',
    (timeoutMs) => {
      expect(() => createRestClient(options({ timeoutMs }))).toThrow(coded('ERR_INVALID_ARG_VALUE'))
    },
  )

  it.each([0, -1, NaN, 2.5])('concurrency %s is a coded TypeError', (concurrency) => {
    expect(() => createRestClient(options({ accountId: '1111111', concurrency }))).toThrow(
      coded('ERR_INVALID_ARG_VALUE'),
    )
  })

  it('a limiter without acquire is a coded TypeError', () => {
    expect(() => createRestClient(options({ limiter: {} as never }))).toThrow(
      coded('ERR_INVALID_ARG_TYPE'),
    )
  })

  it('SOAP clients check the same options', () => {
    const credentials = {
      accountId: '7654321',
      consumerKey: 'ck',
      consumerSecret: 'cs',
      tokenId: 'tk',
      tokenSecret: 'ts',
    }
    expect(() => createSoapClient({ credentials, retry: { maxAttempts: NaN } })).toThrow(
      coded('ERR_INVALID_ARG_VALUE'),
    )
    expect(() => createSoapClient({ credentials, timeoutMs: -5 })).toThrow(
      coded('ERR_INVALID_ARG_VALUE'),
    )
  })
})

describe('abort while signing', () => {
  it('throws an AbortError and sends nothing', async () => {
    const { state, fetch } = countingFetch()
    const controller = new AbortController()
    const rest = createRestClient(
      options({
        fetch,
        authorize: async (r) => {
          controller.abort()
          return r
        },
      }),
    )
    await expect(
      rest.request({ method: 'GET', path: 'record/v1/customer/1', signal: controller.signal }),
    ).rejects.toMatchObject({ name: 'AbortError' })
    expect(state.calls).toBe(0)
  })

  it('a custom abort reason is what rejects', async () => {
    const { state, fetch } = countingFetch()
    const controller = new AbortController()
    const reason = new Error('shutting down')
    const restlet = createRestletClient(
      options({
        fetch,
        authorize: async (r) => {
          controller.abort(reason)
          return r
        },
      }),
    )
    await expect(restlet.get({ script: 1, deploy: 1, signal: controller.signal })).rejects.toBe(
      reason,
    )
    expect(state.calls).toBe(0)
  })
})

describe('RESTlet params', () => {
  it.each(['script', 'deploy', 'Script'])('a param named %s is a coded TypeError', async (name) => {
    const { state, fetch } = countingFetch()
    const restlet = createRestletClient(options({ fetch }))
    await expect(restlet.get({ script: 1, deploy: 1, params: { [name]: 999 } })).rejects.toEqual(
      coded('ERR_INVALID_ARG_VALUE'),
    )
    expect(state.calls).toBe(0)
  })
})

describe('account limiter', () => {
  it('is shared per account whatever concurrency each client passes; the smallest wins', async () => {
    const { state, fetch } = countingFetch(15)
    const base = { accountId: '2468024', authorize: async (r: Request) => r, fetch }
    const wide = createRestClient({ ...base, concurrency: 4 })
    const narrow = createRestletClient({ ...base, concurrency: 2 })
    await Promise.all([
      ...Array.from({ length: 8 }, () => wide.request({ method: 'GET', path: 'x' })),
      ...Array.from({ length: 8 }, () => narrow.get({ script: 1, deploy: 1 })),
    ])
    expect(state.calls).toBe(16)
    expect(state.max).toBe(2)
  })

  it('takes any ConcurrencyLimiter', async () => {
    const { state, fetch } = countingFetch(5)
    const inner = createConcurrencyLimiter(1)
    let acquired = 0
    const limiter = {
      limit: 1,
      active: () => inner.active(),
      acquire: (signal?: AbortSignal) => (acquired++, inner.acquire(signal)),
    }
    const rest = createRestClient(options({ accountId: '1357913', fetch, limiter }))
    await Promise.all(Array.from({ length: 5 }, () => rest.request({ method: 'GET', path: 'x' })))
    expect(acquired).toBe(5)
    expect(state.max).toBe(1)
  })
})
