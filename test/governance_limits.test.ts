/**
 * rest.governanceLimits(): GET /services/rest/system/v1/governanceLimits through the simulator,
 * and a typed error for an answer of another shape.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator, type Simulator } from '../conformance/simulator/index.ts'
import { createRestClient, NetSuiteError } from '../src/rest.ts'

let sim: Simulator
beforeAll(async () => {
  sim = await startSimulator({ concurrencyLimit: 7 })
})
afterAll(() => sim.close())

describe('rest.governanceLimits()', () => {
  it("reads the account's concurrency limits", async () => {
    const rest = createRestClient({ credentials: sim.credentials, baseUrl: sim.url })
    expect(await rest.governanceLimits()).toEqual({
      accountConcurrencyLimit: 7,
      accountUnallocatedConcurrencyLimit: 7,
      integrationLimitType: 'accountLimit',
    })
    expect(sim.stats().accepted).toBe(1)
  })

  it('keeps integrationConcurrencyLimit when NetSuite reports one; refuses another shape', async () => {
    let answer: unknown = {
      accountConcurrencyLimit: 5,
      accountUnallocatedConcurrencyLimit: 3,
      integrationConcurrencyLimit: 2,
      integrationLimitType: 'integrationSpecific',
    }
    const seen: string[] = []
    const rest = createRestClient({
      accountId: '1234567',
      authorize: async (r) => r,
      fetch: (async (r: Request) => {
        seen.push(`${r.method} ${r.url}`)
        return new Response(JSON.stringify(answer), {
          headers: { 'content-type': 'application/json' },
        })
      }) as unknown as typeof fetch,
    })
    expect(await rest.governanceLimits()).toEqual(answer)
    expect(seen).toEqual([
      'GET https://1234567.suitetalk.api.netsuite.com/services/rest/system/v1/governanceLimits',
    ])
    answer = { items: [] }
    const error = await rest.governanceLimits().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(NetSuiteError)
    expect(error).toMatchObject({ code: 'ERR_NETSUITE_HTTP' })
  })
})
