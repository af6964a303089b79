/**
 * Adapters against the simulator over real loopback HTTP: every verb, paging, passports, retries
 * that re-sign, the limiter, error codes with their messages, timeouts.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { inspect } from 'node:util'
import { startSimulator, type Simulator } from '../conformance/simulator/index.ts'
import { createRestletClient, NetSuiteError } from '../src/restlet.ts'
import { createRestClient } from '../src/rest.ts'
import { createSoapClient, readSoapFault, tokenPassportXml } from '../src/soap.ts'
import { createTbaSigner } from '../src/index.ts'
import { createNodeFetch } from '../src/node/fetch.ts'

let sim: Simulator
const fast = { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 5 }

beforeAll(async () => {
  sim = await startSimulator({ suiteqlRows: 2500 })
})
afterAll(() => sim.close())
beforeEach(() => sim.inject.reset())

function opts(extra: object = {}) {
  return { credentials: sim.credentials, baseUrl: sim.url, retry: fast, ...extra }
}

async function failure(p: Promise<unknown>): Promise<NetSuiteError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  )
  expect(e).toBeInstanceOf(NetSuiteError)
  return e as NetSuiteError
}

function noSecrets(e: unknown, c = sim.credentials) {
  for (const text of [
    String(e),
    (e as Error).message,
    JSON.stringify(e),
    inspect(e, { depth: 5 }),
  ]) {
    expect(text).not.toContain(c.consumerSecret)
    expect(text).not.toContain(c.tokenSecret)
  }
}

describe('RESTlet client', () => {
  it('GET, POST, PUT, DELETE reach the echo script with signed params (%20 spaces)', async () => {
    const restlet = createRestletClient(opts())
    const { script, deploy } = sim.restlet
    expect(await restlet.get({ script, deploy, params: { id: '7', q: 'a b+c&d' } })).toEqual({
      method: 'GET',
      params: { id: '7', q: 'a b+c&d' },
    })
    expect(await restlet.post({ script, deploy, body: { name: 'Acme & Co' } })).toEqual({
      method: 'POST',
      params: {},
      body: { name: 'Acme & Co' },
    })
    expect(await restlet.put({ script, deploy, body: 'plain' })).toMatchObject({
      method: 'PUT',
      body: 'plain',
    })
    expect(await restlet.delete({ script, deploy, params: { id: 3 } })).toMatchObject({
      method: 'DELETE',
      params: { id: '3' },
    })
    expect(sim.stats()).toMatchObject({ accepted: 4, rejected: 0, replays: 0 })
  })

  it('works with a signer or any authorize function, and through createNodeFetch (undici)', async () => {
    const signer = createTbaSigner(sim.credentials)
    const { script, deploy } = sim.restlet
    await createRestletClient({ signer, accountId: sim.accountId, baseUrl: sim.url }).get({
      script,
      deploy,
    })
    let calls = 0
    const authorize = (r: Request) => (calls++, signer.authorize(r))
    await createRestletClient({ authorize, baseUrl: sim.url, fetch: createNodeFetch() }).get({
      script,
      deploy,
    })
    expect(calls).toBe(1)
  })

  it('an unknown script is ERR_NETSUITE_NOT_FOUND with the RESTlet code', async () => {
    const e = await failure(createRestletClient(opts()).get({ script: 9, deploy: 9 }))
    expect(e).toMatchObject({
      code: 'ERR_NETSUITE_NOT_FOUND',
      status: 400,
      netsuiteCode: 'SSS_INVALID_SCRIPTLET_ID',
    })
  })

  it('retries 429/503/SSS_REQUEST_LIMIT_EXCEEDED/network, re-signing every attempt', async () => {
    const retries: string[] = []
    const restlet = createRestletClient(
      opts({ onRetry: (i: { reason: string }) => retries.push(i.reason) }),
    )
    sim.inject.failNext(1, '429')
    sim.inject.failNext(1, 'SSS_REQUEST_LIMIT_EXCEEDED')
    sim.inject.failNext(1, '503')
    await restlet.get({ ...sim.restlet })
    sim.inject.failNext(1, 'network')
    await restlet.get({ ...sim.restlet })
    expect(retries).toEqual([
      'SSS_REQUEST_LIMIT_EXCEEDED',
      'SSS_REQUEST_LIMIT_EXCEEDED',
      '503',
      'network',
    ])
    expect(sim.stats()).toMatchObject({ accepted: 2, replays: 0 })
  })

  it('does not retry a POST after a network failure', async () => {
    sim.inject.failNext(1, 'network')
    const e = await failure(createRestletClient(opts()).post({ ...sim.restlet, body: {} }))
    expect(e.code).toBe('ERR_NETSUITE_NETWORK')
    expect(sim.stats().accepted).toBe(0)
  })

  it('gives up with ERR_NETSUITE_CONCURRENCY when the limit keeps being hit', async () => {
    sim.inject.failNext(10, 'SSS_REQUEST_LIMIT_EXCEEDED')
    const e = await failure(createRestletClient(opts()).get({ ...sim.restlet }))
    expect(e).toMatchObject({
      code: 'ERR_NETSUITE_CONCURRENCY',
      retryable: true,
      netsuiteCode: 'SSS_REQUEST_LIMIT_EXCEEDED',
    })
    expect(e.message).toMatch(/Integration Governance/)
  })

  it('times out with ERR_NETSUITE_TIMEOUT', async () => {
    sim.inject.delayMs(300)
    const e = await failure(createRestletClient(opts({ timeoutMs: 50 })).get({ ...sim.restlet }))
    expect(e.code).toBe('ERR_NETSUITE_TIMEOUT')
    expect(e.message).toMatch(/timeoutMs/)
    await new Promise((r) => setTimeout(r, 350)) // let the abandoned request finish server-side
  })
})

describe('login failures name the cause and the fix, and never a secret', () => {
  const cases = [
    ['revoked-token', 'token_rejected', /new access token/],
    ['unknown-consumer', 'consumer_key_unknown', /consumer key/],
    ['integration-blocked', 'consumer_key_refused', /State = Enabled/],
    ['feature-disabled', 'feature_disabled', /Enable Features/],
    ['token-other-account', 'token_rejected', /another account/],
  ] as const
  for (const [scenario, cause, hint] of cases) {
    it(`${scenario} → ERR_NETSUITE_INVALID_LOGIN (${cause}) on RESTlet and REST, a fault on SOAP`, async () => {
      const c = sim.credentialsFor(scenario)
      const o = { credentials: c, baseUrl: sim.url, retry: fast }
      const e1 = await failure(createRestletClient(o).get({ ...sim.restlet }))
      expect(e1).toMatchObject({
        code: 'ERR_NETSUITE_INVALID_LOGIN',
        status: 401,
        wwwAuthenticate: cause,
        retryable: false,
      })
      expect(e1.message).toMatch(hint)
      expect(e1.message).toMatch(/Login Audit Trail/)
      const e2 = await failure(
        createRestClient(o).request({ method: 'GET', path: 'record/v1/customer/1' }),
      )
      expect(e2).toMatchObject({
        code: 'ERR_NETSUITE_INVALID_LOGIN',
        netsuiteCode: 'INVALID_LOGIN',
      })
      const e3 = await failure(createSoapClient({ ...o, credentials: c }).call('getServerTime', ''))
      expect(e3).toMatchObject({
        code: 'ERR_NETSUITE_INVALID_LOGIN',
        netsuiteCode: 'INVALID_LOGIN_ATTEMPT',
      })
      for (const e of [e1, e2, e3]) noSecrets(e, c)
      expect(sim.loginAuditTrail().filter((r) => r.status === 'Failure')).toHaveLength(3)
      expect(sim.stats().accepted).toBe(0)
    })
  }

  it('clock skew → timestamp_refused with the NTP hint; the audit trail is served over HTTP', async () => {
    sim.inject.clockOffset(400)
    const e = await failure(createRestletClient(opts()).get({ ...sim.restlet }))
    expect(e).toMatchObject({
      code: 'ERR_NETSUITE_INVALID_LOGIN',
      wwwAuthenticate: 'timestamp_refused',
    })
    expect(e.message).toMatch(/NTP/)
    const trail = (await (await fetch(`${sim.url}/simulator/login-audit-trail`)).json()) as Array<{
      detail: string
    }>
    expect(trail.at(-1)?.detail).toMatch(/InvalidTimestamp/)
  })

  it('a wrong realm case → signature_invalid, and the message names the realm case', async () => {
    const c = { ...sim.credentials, accountId: sim.accountId.toLowerCase().replace('_', '-') }
    // Same account, but sign with a hand-lowered realm through authorize:
    const signer = createTbaSigner(c)
    const authorize = async (r: Request) => {
      const signed = await signer.authorize(r)
      const h = new Headers(signed.headers)
      h.set(
        'authorization',
        (h.get('authorization') as string).replace(/realm="[^"]*"/, 'realm="1234567_sb1"'),
      )
      return new Request(signed, { headers: h })
    }
    const e = await failure(
      createRestletClient({ authorize, baseUrl: sim.url }).get({ ...sim.restlet }),
    )
    expect(e.wwwAuthenticate).toBe('signature_invalid')
    expect(e.message).toMatch(/upper case/)
  })

  it('web-services-only role → RESTlet INVALID_LOGIN_CREDENTIALS with the role hint; REST works', async () => {
    const c = sim.credentialsFor('web-services-only-role')
    const e = await failure(
      createRestletClient({ credentials: c, baseUrl: sim.url }).get({ ...sim.restlet }),
    )
    expect(e).toMatchObject({
      code: 'ERR_NETSUITE_INVALID_LOGIN',
      netsuiteCode: 'INVALID_LOGIN_CREDENTIALS',
    })
    expect(e.message).toMatch(/Web Services Only/)
    await createRestClient({ credentials: c, baseUrl: sim.url }).request({
      method: 'GET',
      path: 'record/v1/customer/1',
    })
  })

  it('role lacking REST Web Services / Web Services / a record permission → ERR_NETSUITE_PERMISSION', async () => {
    const rest = createRestClient({
      credentials: sim.credentialsFor('role-missing-rest-web-services'),
      baseUrl: sim.url,
    })
    const e1 = await failure(rest.request({ method: 'GET', path: 'record/v1/customer/1' }))
    expect(e1).toMatchObject({
      code: 'ERR_NETSUITE_PERMISSION',
      status: 400,
      netsuiteCode: 'USER_ERROR',
    })
    expect(e1.message).toMatch(/REST Web Services/)
    const soap = createSoapClient({
      credentials: sim.credentialsFor('role-missing-web-services'),
      baseUrl: sim.url,
    })
    const e2 = await failure(soap.call('getServerTime', ''))
    expect(e2).toMatchObject({
      code: 'ERR_NETSUITE_PERMISSION',
      netsuiteCode: 'INSUFFICIENT_PERMISSION',
    })
    expect(e2.message).toMatch(/"Web Services"/)
    const rec = createRestClient({
      credentials: sim.credentialsFor('role-missing-record-permission'),
      baseUrl: sim.url,
    })
    const e3 = await failure(rec.request({ method: 'GET', path: 'record/v1/customer/1' }))
    expect(e3).toMatchObject({ code: 'ERR_NETSUITE_PERMISSION', status: 403 })
  })

  it('a token revoked at run time is refused', async () => {
    const restlet = createRestletClient(opts())
    await restlet.get({ ...sim.restlet })
    sim.inject.revoke(sim.credentials.tokenId)
    const e = await failure(restlet.get({ ...sim.restlet }))
    expect(e.wwwAuthenticate).toBe('token_rejected')
  })
})

describe('REST client', () => {
  it('GET, POST (Location), PATCH, DELETE on customer records; 404 → ERR_NETSUITE_NOT_FOUND', async () => {
    const rest = createRestClient(opts())
    expect(
      (await rest.request({ method: 'GET', path: 'record/v1/customer/1' })).data,
    ).toMatchObject({ companyName: 'Customer 1' })
    const created = await rest.request({
      method: 'POST',
      path: 'record/v1/customer',
      body: { companyName: 'New "Co"' },
    })
    expect(created.status).toBe(204)
    const id = created.location?.split('/').pop() as string
    await rest.request({
      method: 'PATCH',
      path: `record/v1/customer/${id}`,
      body: { email: 'x@y.z' },
    })
    expect(
      (
        await rest.request({
          method: 'GET',
          path: `record/v1/customer/${id}`,
          query: { expandSubResources: true },
        })
      ).data,
    ).toMatchObject({ companyName: 'New "Co"', email: 'x@y.z' })
    await rest.request({ method: 'DELETE', path: `record/v1/customer/${id}` })
    const e = await failure(rest.request({ method: 'GET', path: `record/v1/customer/${id}` }))
    expect(e).toMatchObject({
      code: 'ERR_NETSUITE_NOT_FOUND',
      status: 404,
      netsuiteCode: 'NONEXISTENT_ID',
    })
  })

  it('suiteql pages through every row (limit/offset signed per page)', async () => {
    const rest = createRestClient(opts())
    const ids: string[] = []
    for await (const row of rest.suiteql(
      'SELECT id, companyname FROM customer WHERE companyname <> \'a "b"\'',
      { pageSize: 300 },
    ))
      ids.push(row.id as string)
    expect(ids).toHaveLength(2500)
    expect(new Set(ids).size).toBe(2500)
    expect(sim.stats().accepted).toBe(Math.ceil(2500 / 300))
  })

  it('suiteql rejects page sizes above 1000, and stops with ERR_NETSUITE_SUITEQL_LIMIT before 100,000 rows', async () => {
    const rest = createRestClient(opts())
    await expect(rest.suiteql('SELECT 1', { pageSize: 1001 }).next()).rejects.toThrow(/1000/)
    const big = await startSimulator({ suiteqlRows: 150_000, concurrencyLimit: 5 })
    try {
      const bigRest = createRestClient({ credentials: big.credentials, baseUrl: big.url })
      let n = 0
      const e = await failure(
        (async () => {
          for await (const _ of bigRest.suiteql('SELECT id FROM transaction')) n++
        })(),
      )
      expect(e.code).toBe('ERR_NETSUITE_SUITEQL_LIMIT')
      expect(n).toBe(100_000)
    } finally {
      await big.close()
    }
  })
})

describe('SOAP client', () => {
  it('getServerTime, get and update of a Budget, one fresh passport per attempt', async () => {
    const soap = createSoapClient(opts())
    expect(await soap.call('getServerTime', '')).toMatch(/<platformCore:serverTime>\d{4}-/)
    const ref = (id: string) =>
      `<platformMsgs:baseRef internalId="${id}" type="budget" xsi:type="platformCore:RecordRef" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>`
    expect(await soap.call('get', ref('1'))).toMatch(/<tranFin:amount>1000.00</)
    sim.inject.failNext(1, 'WS_REQUEST_BLOCKED')
    await soap.call(
      'update',
      `<platformMsgs:record xsi:type="tranFin:Budget" internalId="1" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:tranFin="urn:financial_2025_2.transactions.webservices.netsuite.com"><tranFin:amount>1234.50</tranFin:amount></platformMsgs:record>`,
    )
    expect(await soap.call('get', ref('1'))).toMatch(/<tranFin:amount>1234.50</)
    expect(sim.stats()).toMatchObject({ replays: 0, accepted: 4 })
    // Budget lives in transactions.financial, not in the accounting lists: NetSuite refuses it.
    await expect(
      soap.call(
        'update',
        `<platformMsgs:record xsi:type="listAcct:Budget" internalId="1" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:listAcct="urn:accounting_2025_2.lists.webservices.netsuite.com"><listAcct:amount>1</listAcct:amount></platformMsgs:record>`,
      ),
    ).rejects.toMatchObject({ netsuiteCode: 'INVALID_SOAP_REQUEST' })
  })

  it('reads the RecordRef type even when xsi:type comes first', async () => {
    const soap = createSoapClient(opts())
    const xml = await soap.call(
      'get',
      `<platformMsgs:baseRef xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="platformCore:RecordRef" internalId="1" type="budget"/>`,
    )
    expect(xml).toMatch(/<tranFin:amount>/)
  })

  it('tokenPassportXml escapes and uses the messages/core namespaces; readSoapFault reads faults', () => {
    const xml = tokenPassportXml(
      {
        account: '1_SB1',
        consumerKey: 'a<b',
        token: 't&',
        nonce: 'n',
        timestamp: '1',
        signature: 's+/=',
        algorithm: 'HMAC-SHA256',
      },
      '2025_2',
    )
    expect(xml).toContain(
      '<platformMsgs:tokenPassport xmlns:platformMsgs="urn:messages_2025_2.platform.webservices.netsuite.com"',
    )
    expect(xml).toContain('<platformCore:consumerKey>a&lt;b</platformCore:consumerKey>')
    expect(xml).toContain(
      '<platformCore:signature algorithm="HMAC-SHA256">s+/=</platformCore:signature>',
    )
    expect(() => tokenPassportXml({} as never, '2025')).toThrow(TypeError)
    expect(readSoapFault('<a/>')).toBeUndefined()
    expect(
      readSoapFault(
        '<s:Fault><faultcode>x</faultcode><faultstring>A &amp; B</faultstring><p:code>WS_REQUEST_BLOCKED</p:code><p:message>m</p:message></s:Fault>',
      ),
    ).toEqual({ faultCode: 'x', faultString: 'A & B', code: 'WS_REQUEST_BLOCKED', message: 'm' })
  })

  it('an unsupported operation is ERR_NETSUITE_SOAP_FAULT', async () => {
    const e = await failure(createSoapClient(opts()).call('frobnicate', ''))
    expect(e).toMatchObject({
      code: 'ERR_NETSUITE_SOAP_FAULT',
      netsuiteCode: 'INVALID_OPERATION',
      status: 500,
    })
  })
})

describe('limiter', () => {
  it('never exceeds the account limit across RESTlet, REST and SOAP clients of one account', async () => {
    sim.inject.delayMs(5)
    const o = opts({ concurrency: 3 })
    const [a, b, c] = [createRestletClient(o), createRestClient(o), createSoapClient(o)]
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        i % 3 === 0
          ? a.get({ ...sim.restlet })
          : i % 3 === 1
            ? b.request({ method: 'GET', path: 'record/v1/customer/1' })
            : c.call('getServerTime', ''),
      ),
    )
    expect(sim.stats()).toMatchObject({ accepted: 30, rejected: 0 })
    expect(sim.stats().maxConcurrent).toBeLessThanOrEqual(3)
    expect(sim.stats().maxConcurrent).toBeGreaterThan(1)
  })
})

describe('argument errors', () => {
  it('are TypeErrors with a stable code, and calls reject rather than throw', async () => {
    const coded = (code: string) => expect.objectContaining({ name: 'TypeError', code })
    expect(() => createRestletClient({} as never)).toThrow(coded('ERR_INVALID_ARG_TYPE'))
    const restlet = createRestletClient(opts())
    await expect(restlet.get(null as never)).rejects.toEqual(coded('ERR_INVALID_ARG_TYPE'))
    const rest = createRestClient(opts())
    await expect(rest.request({ method: 'GET', path: 'https://evil.example/x' })).rejects.toEqual(
      coded('ERR_INVALID_ARG_VALUE'),
    )
    const soap = createSoapClient(opts())
    await expect(soap.call('get server time', '')).rejects.toEqual(coded('ERR_INVALID_ARG_VALUE'))
  })
})
