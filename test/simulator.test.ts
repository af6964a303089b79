/** The simulator itself: loopback only, NetSuite-like refusals, concurrency answers, every scenario. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  startSimulator,
  type Simulator,
  type SimulatorScenario,
} from '../conformance/simulator/index.ts'
import { SCENARIOS } from '../conformance/simulator/scenarios.ts'
import { createOAuth1Signer, createTbaSigner } from '../src/index.ts'
import { createRestletClient, NetSuiteError } from '../src/restlet.ts'
import { createRestClient } from '../src/rest.ts'
import { createSoapClient } from '../src/soap.ts'

let sim: Simulator
beforeAll(async () => {
  sim = await startSimulator({ concurrencyLimit: 2 })
})
afterAll(() => sim.close())
beforeEach(() => sim.inject.reset())

const restletUrl = () =>
  `${sim.url}/app/site/hosting/restlet.nl?script=${sim.restlet.script}&deploy=${sim.restlet.deploy}`

describe('simulator', () => {
  it('listens on loopback only', async () => {
    expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    await expect(startSimulator({ host: '0.0.0.0' })).rejects.toThrow(/loopback/)
  })

  it('refuses a replayed request with nonce_used and records it', async () => {
    const signed = await createTbaSigner(sim.credentials).authorize(new Request(restletUrl()))
    expect((await fetch(signed.clone())).status).toBe(200)
    const again = await fetch(signed.clone())
    expect(again.status).toBe(401)
    expect(again.headers.get('www-authenticate')).toMatch(/error="nonce_used"/)
    expect(await again.json()).toEqual({
      error: { code: 'INVALID_LOGIN_ATTEMPT', message: 'Invalid login attempt.' },
    })
    expect(sim.stats()).toMatchObject({ replays: 1, accepted: 1, rejected: 1 })
    expect(sim.loginAuditTrail().map((e) => e.status)).toEqual(['Success', 'Failure'])
  })

  it('answers HMAC-SHA1 with 400 malformed syntax, and a short nonce with nonce_rejected', async () => {
    const c = sim.credentials
    const sha1 = createOAuth1Signer({
      consumerKey: c.consumerKey,
      consumerSecret: c.consumerSecret,
      token: c.tokenId,
      tokenSecret: c.tokenSecret,
      realm: sim.accountId,
      signatureMethod: 'HMAC-SHA1',
    })
    expect((await fetch(await sha1.authorize(new Request(restletUrl())))).status).toBe(400)
    const short = createOAuth1Signer({
      consumerKey: c.consumerKey,
      consumerSecret: c.consumerSecret,
      token: c.tokenId,
      tokenSecret: c.tokenSecret,
      realm: sim.accountId,
      nonce: () => 'abc',
    })
    const r = await fetch(await short.authorize(new Request(restletUrl())))
    expect(r.headers.get('www-authenticate')).toMatch(/nonce_rejected/)
  })

  it('enforces the account concurrency limit per surface (429 / SSS_REQUEST_LIMIT_EXCEEDED / WS_REQUEST_BLOCKED)', async () => {
    sim.inject.delayMs(50)
    const o = {
      credentials: sim.credentials,
      baseUrl: sim.url,
      retry: false as const,
      concurrency: 6,
      accountId: sim.accountId,
    }
    // A separate limiter key (baseUrl differs in case) lets the clients overrun the server.
    const over = {
      ...o,
      accountId: undefined,
      credentials: { ...sim.credentials, accountId: '7654321' },
    }
    const restlet = createRestletClient({
      ...over,
      authorize: createTbaSigner(sim.credentials).authorize,
    })
    const rest = createRestClient({
      ...over,
      authorize: createTbaSigner(sim.credentials).authorize,
    })
    const soap = createSoapClient(o)
    const errors = async (p: Promise<unknown>[]) =>
      (await Promise.allSettled(p)).flatMap((s) =>
        s.status === 'rejected' ? [s.reason as NetSuiteError] : [],
      )
    const e1 = await errors(Array.from({ length: 6 }, () => restlet.get({ ...sim.restlet })))
    expect(e1.length).toBeGreaterThan(0)
    expect(e1[0]).toMatchObject({
      code: 'ERR_NETSUITE_CONCURRENCY',
      netsuiteCode: 'SSS_REQUEST_LIMIT_EXCEEDED',
      status: 400,
    })
    const e2 = await errors(
      Array.from({ length: 6 }, () =>
        rest.request({ method: 'GET', path: 'record/v1/customer/1' }),
      ),
    )
    expect(e2[0]).toMatchObject({ code: 'ERR_NETSUITE_CONCURRENCY', status: 429 })
    const e3 = await errors(Array.from({ length: 6 }, () => soap.call('getServerTime', '')))
    expect(e3[0]).toMatchObject({
      code: 'ERR_NETSUITE_CONCURRENCY',
      netsuiteCode: 'WS_REQUEST_BLOCKED',
    })
    expect(sim.stats().byCause['concurrency_limit']).toBeGreaterThan(0)
  })

  it('every scenario fails on at least one surface, as its table row says', async () => {
    for (const scenario of Object.keys(SCENARIOS) as SimulatorScenario[]) {
      const o = {
        credentials: sim.credentialsFor(scenario),
        baseUrl: sim.url,
        retry: false as const,
      }
      // One at a time: the simulator's limit here is 2.
      const code = (p: Promise<unknown>) =>
        p.then(
          () => 'ok',
          (e: NetSuiteError) => e.code,
        )
      const outcomes = [
        await code(createRestletClient(o).get({ ...sim.restlet })),
        await code(createRestClient(o).request({ method: 'GET', path: 'record/v1/customer/1' })),
        await code(
          createSoapClient(o).call('get', '<platformMsgs:baseRef internalId="1" type="budget"/>'),
        ),
      ]
      const row = SCENARIOS[scenario]
      const expected = (['restlet', 'rest', 'soap'] as const).map((s) => {
        const f = row[s]
        if (!f) return 'ok'
        return f.kind === 'login' || f.kind === 'restletCredentials'
          ? 'ERR_NETSUITE_INVALID_LOGIN'
          : 'ERR_NETSUITE_PERMISSION'
      })
      expect(outcomes, scenario).toEqual(expected)
    }
  })
})
