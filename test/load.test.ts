/**
 * Issue 7 "Load": 1,000 adapter calls through the simulator with an account concurrency limit of 5
 * and injected 429s and SSS_REQUEST_LIMIT_EXCEEDED: every call completes exactly once, no nonce is
 * reused, the limit is never exceeded, and the retries are reported.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startSimulator, type Simulator } from '../conformance/simulator/index.ts'
import { createRestletClient } from '../src/restlet.ts'
import { createRestClient } from '../src/rest.ts'
import { createTbaSigner } from '../src/index.ts'
import { parseAuthorizationHeader } from '../src/authorization_header.ts'

let sim: Simulator
beforeAll(async () => {
  sim = await startSimulator({ concurrencyLimit: 5 })
})
afterAll(() => sim.close())

it('1,000 calls, limit 5, injected 429 and SSS_REQUEST_LIMIT_EXCEEDED', async () => {
  const signer = createTbaSigner(sim.credentials)
  const nonces: string[] = []
  const authorize = async (r: Request): Promise<Request> => {
    const signed = await signer.authorize(r)
    const p = new Map(parseAuthorizationHeader(signed.headers.get('authorization') as string))
    nonces.push(`${p.get('oauth_timestamp')}&${p.get('oauth_nonce')}`)
    return signed
  }
  const retries: Record<string, number> = {}
  const options = {
    authorize,
    accountId: sim.accountId,
    baseUrl: sim.url,
    concurrency: 5,
    retry: { maxAttempts: 20, baseDelayMs: 1, maxDelayMs: 10 },
    onRetry: (i: { reason: string }) => void (retries[i.reason] = (retries[i.reason] ?? 0) + 1),
  }
  const restlet = createRestletClient(options)
  const rest = createRestClient(options)
  sim.inject.failNext(60, '429')
  sim.inject.failNext(60, 'SSS_REQUEST_LIMIT_EXCEEDED')
  const started = Date.now()
  const results = await Promise.all(
    Array.from({ length: 1000 }, (_, i) =>
      i % 2 === 0
        ? restlet
            .get({ ...sim.restlet, params: { call: i } })
            .then((r) => (r as { params: { call: string } }).params.call)
        : rest
            .request({ method: 'GET', path: 'record/v1/customer/1', query: { call: i } })
            .then(() => String(i)),
    ),
  )
  const stats = sim.stats()
  const totalRetries = Object.values(retries).reduce((a, b) => a + b, 0)
  console.log(
    `load: 1000 calls in ${Date.now() - started} ms, ${nonces.length} attempts, ${totalRetries} retries ${JSON.stringify(retries)}, server maxConcurrent ${stats.maxConcurrent}, replays ${stats.replays}`,
  )
  expect(results).toEqual(Array.from({ length: 1000 }, (_, i) => String(i)))
  expect(stats.accepted).toBe(1000) // each call handled exactly once
  expect(stats.requests).toBe(1000 + 120)
  expect(totalRetries).toBe(120)
  expect(new Set(nonces).size).toBe(nonces.length)
  expect(stats.replays).toBe(0)
  expect(stats.maxConcurrent).toBeLessThanOrEqual(5)
  expect(stats.byCause['concurrency_limit'] ?? 0).toBe(0)
})
