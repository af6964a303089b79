/**
 * `netsuite-tba/redis` against a real redis-server, through ioredis, node-redis and a bare
 * `{ command }` client: the limit holds across limiter objects (as across processes), waiters are
 * served in ticket order, aborts leave the line, leases are renewed while held and come back when
 * their holder stops renewing, a Redis outage is a typed error (never "no limit"), and the nonce
 * store refuses a replay seen by another verifier.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRedisConcurrencyLimiter, createRedisNonceStore } from '../src/redis.ts'
import type { ConcurrencyLimiter } from '../src/concurrency_limiter.ts'
import { createRestClient } from '../src/rest.ts'
import { createTbaSigner } from '../src/index.ts'
import { createVerifier, VerifyErrorCodes } from '../src/verify.ts'
import { startRedisServer, redisServerAvailable, type RedisServer } from './helpers/redis_server.ts'
import { CLIENT_KINDS, connect, type ConnectedClient } from './helpers/redis_clients.ts'

const available = redisServerAvailable()
let server: RedisServer
let accountSeq = 0
/** A fresh account id per test, so tests share the server but not the pool. */
const account = (): string => `${9_000_000 + accountSeq++}`
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

beforeAll(async () => {
  if (available) server = await startRedisServer()
})
afterAll(async () => {
  await server?.stop()
})

/** Hold a slot `ms`, tracking the in-flight count over all limiters. */
function worker(limiter: ConcurrencyLimiter, state: { now: number; max: number }, ms: number) {
  return async () => {
    const release = await limiter.acquire()
    state.now++
    state.max = Math.max(state.max, state.now)
    await sleep(ms)
    state.now--
    release()
  }
}

describe.skipIf(!available).each(CLIENT_KINDS)('Redis limiter through %s', (kind) => {
  const clients: ConnectedClient[] = []
  const client = async () => {
    const c = await connect(kind, server.url)
    clients.push(c)
    return c.redis
  }
  afterAll(async () => {
    for (const c of clients) await c.close()
  })

  it('never exceeds the limit across limiter objects of one account', async () => {
    const accountId = account()
    const limiters = await Promise.all(
      [0, 1, 2].map(async () =>
        createRedisConcurrencyLimiter({ redis: await client(), accountId, limit: 3 }),
      ),
    )
    const state = { now: 0, max: 0 }
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        worker(limiters[i % 3] as ConcurrencyLimiter, state, 10)(),
      ),
    )
    expect(state.max).toBe(3)
    expect(limiters.map((l) => l.active())).toEqual([0, 0, 0])
  })

  it('serves waiters in ticket order across limiter objects', async () => {
    const accountId = account()
    const [a, b, c] = await Promise.all(
      [0, 1, 2].map(async () =>
        createRedisConcurrencyLimiter({ redis: await client(), accountId, limit: 1 }),
      ),
    )
    const release = await (a as ConcurrencyLimiter).acquire()
    const order: string[] = []
    const wait = (l: ConcurrencyLimiter, name: string) =>
      l.acquire().then((r) => {
        order.push(name)
        return sleep(5).then(r)
      })
    const done = [wait(b as ConcurrencyLimiter, 'first')]
    await sleep(60)
    done.push(wait(c as ConcurrencyLimiter, 'second'))
    await sleep(60)
    done.push(wait(b as ConcurrencyLimiter, 'third'))
    await sleep(60)
    release()
    await Promise.all(done)
    expect(order).toEqual(['first', 'second', 'third'])
  })

  it('an abort while waiting rejects with its reason and leaves the line', async () => {
    const accountId = account()
    const [a, b, c] = await Promise.all(
      [0, 1, 2].map(async () =>
        createRedisConcurrencyLimiter({ redis: await client(), accountId, limit: 1 }),
      ),
    )
    const release = await (a as ConcurrencyLimiter).acquire()
    const controller = new AbortController()
    const aborted = (b as ConcurrencyLimiter).acquire(controller.signal)
    await sleep(50)
    const next = (c as ConcurrencyLimiter).acquire()
    await sleep(50)
    const reason = new Error('caller gave up')
    controller.abort(reason)
    await expect(aborted).rejects.toBe(reason)
    release()
    // The aborted waiter's place does not hold up the next one.
    const r = await next
    r()
    const pre = new AbortController()
    pre.abort()
    await expect((a as ConcurrencyLimiter).acquire(pre.signal)).rejects.toMatchObject({
      name: 'AbortError',
    })
  })

  it('renews a held lease; a holder that stops renewing loses it after leaseMs', async () => {
    const accountId = account()
    const leaseMs = 600
    const holder = createRedisConcurrencyLimiter({
      redis: await client(),
      accountId,
      limit: 1,
      leaseMs,
    })
    const other = createRedisConcurrencyLimiter({
      redis: await client(),
      accountId,
      limit: 1,
      leaseMs,
    })
    const release = await holder.acquire()
    // Held 2.5 leases long: renewals keep the slot taken.
    const controller = new AbortController()
    const waiting = other.acquire(controller.signal)
    const early = await Promise.race([
      waiting.then(() => 'got'),
      sleep(2.5 * leaseMs).then(() => 'waited'),
    ])
    expect(early).toBe('waited')
    controller.abort()
    await waiting.catch(() => undefined)
    release()

    // A holder cut off from Redis (as a dead worker) stops renewing: its slot comes back.
    const io = await connect('ioredis', server.url)
    let cut = false
    const partitioned = createRedisConcurrencyLimiter({
      redis: {
        command: (args: string[]) =>
          cut
            ? Promise.reject(new Error('partitioned'))
            : (io.redis as { call: (...a: string[]) => Promise<unknown> }).call(...args),
      },
      accountId,
      limit: 1,
      leaseMs,
    })
    await partitioned.acquire()
    cut = true
    const started = Date.now()
    ;(await other.acquire())()
    const waited = Date.now() - started
    expect(waited).toBeGreaterThan(leaseMs * 0.5)
    await io.close()
  })
})

describe.skipIf(!available).each(CLIENT_KINDS)('Redis outage through %s', (kind) => {
  it('is a typed error, and the adapters send nothing', async () => {
    const own = await startRedisServer()
    const c = await connect(kind, own.url)
    try {
      const limiter = createRedisConcurrencyLimiter({
        redis: c.redis,
        accountId: account(),
        limit: 2,
        commandTimeoutMs: 500,
      })
      ;(await limiter.acquire())()
      await own.stop()
      await expect(limiter.acquire()).rejects.toMatchObject({
        name: 'TbaError',
        code: 'ERR_TBA_REDIS_UNAVAILABLE',
        message: expect.stringMatching(/Redis .*concurrency limiter/),
      })
      let sent = 0
      const rest = createRestClient({
        accountId: '1234567',
        authorize: async (r) => r,
        limiter,
        fetch: (async () => (sent++, new Response('{}'))) as unknown as typeof fetch,
      })
      await expect(rest.request({ method: 'GET', path: 'x' })).rejects.toMatchObject({
        code: 'ERR_TBA_REDIS_UNAVAILABLE',
      })
      expect(sent).toBe(0)
      const store = createRedisNonceStore({ redis: c.redis, commandTimeoutMs: 500 })
      await expect(store.add('k', 10)).rejects.toMatchObject({ code: 'ERR_TBA_REDIS_UNAVAILABLE' })
    } finally {
      await c.close()
      await own.stop()
    }
  })
})

describe.skipIf(!available).each(CLIENT_KINDS)('Redis nonce store through %s', (kind) => {
  let c: ConnectedClient
  beforeAll(async () => {
    c = await connect(kind, server.url)
  })
  afterAll(() => c?.close())

  it('records a key once, with its ttl, under the prefix', async () => {
    const prefix = `t:${kind}:${Date.now()}:`
    const store = createRedisNonceStore({ redis: c.redis, prefix })
    expect(await store.add('a', 2)).toBe(true)
    expect(await store.add('a', 2)).toBe(false)
    expect(await store.add('b', 2)).toBe(true)
    const probe = await connect('ioredis', server.url)
    const pttl = Number(
      await (probe.redis as { call: (...a: string[]) => Promise<unknown> }).call(
        'PTTL',
        `${prefix}a`,
      ),
    )
    await probe.close()
    expect(pttl).toBeGreaterThan(0)
    expect(pttl).toBeLessThanOrEqual(2000)
    await expect(store.add('c', NaN)).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' })
  })

  it('two verifiers sharing it refuse a replay across them', async () => {
    const creds = {
      accountId: '1234567',
      consumerKey: 'ckShared',
      consumerSecret: 'csShared',
      tokenId: `tk${kind.replace('-', '')}${Date.now()}`,
      tokenSecret: 'tsShared',
    }
    const lookup = (ck: string, tk: string) =>
      ck === creds.consumerKey && tk === creds.tokenId
        ? { consumerSecret: creds.consumerSecret, tokenSecret: creds.tokenSecret }
        : undefined
    const nonceStore = createRedisNonceStore({ redis: c.redis })
    const [a, b] = [createVerifier({ lookup, nonceStore }), createVerifier({ lookup, nonceStore })]
    const r = await createTbaSigner(creds).authorize(new Request('https://example.com/x'))
    expect((await a.verify(r.clone())).ok).toBe(true)
    expect(await b.verify(r.clone())).toMatchObject({
      ok: false,
      code: VerifyErrorCodes.REPLAYED_NONCE,
    })
  })
})

describe('Redis options are checked', () => {
  const redis = { command: async () => 1 }
  it.each([
    { limit: 0 },
    { limit: NaN },
    { limit: 2.5 },
    { limit: 5, leaseMs: NaN },
    { limit: 5, leaseMs: 10 },
    { limit: 5, leaseMs: Infinity },
    { limit: 5, commandTimeoutMs: -1 },
  ])('%o is a coded TypeError', (extra) => {
    expect(() =>
      createRedisConcurrencyLimiter({ redis, accountId: '1234567', ...extra } as never),
    ).toThrow(expect.objectContaining({ name: 'TypeError', code: 'ERR_INVALID_ARG_VALUE' }))
  })
  it('a client of no known shape, or a bad account id, is refused', () => {
    expect(() =>
      createRedisConcurrencyLimiter({ redis: {} as never, accountId: '1234567', limit: 5 }),
    ).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }))
    expect(() => createRedisNonceStore({ redis: null as never })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }),
    )
    expect(() => createRedisConcurrencyLimiter({ redis, accountId: 'a.b', limit: 5 })).toThrow(
      expect.objectContaining({ code: 'ERR_TBA_INVALID_ACCOUNT_ID' }),
    )
  })
})

describe('Redis errors', () => {
  it('name the failure but never a password from a connection string', async () => {
    const redis = {
      command: () =>
        Promise.reject(new Error('connect ECONNREFUSED redis://app:hunter2secret@10.0.0.5:6379')),
    }
    const limiter = createRedisConcurrencyLimiter({ redis, accountId: '1234567', limit: 1 })
    const error = (await limiter.acquire().then(
      () => undefined,
      (e: unknown) => e,
    )) as Error
    expect(error).toMatchObject({ name: 'TbaError', code: 'ERR_TBA_REDIS_UNAVAILABLE' })
    expect(error.message).toContain('ECONNREFUSED')
    expect(error.message).not.toContain('hunter2secret')
  })

  it('a silent Redis fails after commandTimeoutMs instead of hanging', async () => {
    const redis = { command: () => new Promise<never>(() => {}) }
    const store = createRedisNonceStore({ redis, commandTimeoutMs: 50 })
    await expect(store.add('k', 5)).rejects.toMatchObject({
      code: 'ERR_TBA_REDIS_UNAVAILABLE',
      message: expect.stringContaining('50 ms'),
    })
  })
})
