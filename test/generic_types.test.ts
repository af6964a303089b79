/**
 * The adapters' result types are generic: `restlet.get<T>()`, `rest.request<T>()` and
 * `rest.suiteql<Row>()` type what they resolve to (checked by `tsc -p tsconfig.test.json`).
 */
import { describe, expect, expectTypeOf, it } from 'vitest'
import { startSimulator } from '../conformance/simulator/index.ts'
import { createRestClient, type RestResult } from '../src/rest.ts'
import { createRestletClient } from '../src/restlet.ts'

describe('generic adapter results', () => {
  it('restlet.get<T>, rest.request<T> and rest.suiteql<Row> carry the caller type', async () => {
    const sim = await startSimulator()
    try {
      const restlet = createRestletClient({ credentials: sim.credentials, baseUrl: sim.url })
      const echo = await restlet.get<{ method: string; params: Record<string, string> }>({
        ...sim.restlet,
        params: { id: '7' },
      })
      expectTypeOf(echo).toEqualTypeOf<{ method: string; params: Record<string, string> }>()
      expect(echo.params.id).toBe('7')
      expectTypeOf(await restlet.post({ ...sim.restlet, body: {} })).toBeUnknown()

      const rest = createRestClient({ credentials: sim.credentials, baseUrl: sim.url })
      const one = await rest.request<{ companyName: string }>({
        method: 'GET',
        path: 'record/v1/customer/1',
      })
      expectTypeOf(one).toEqualTypeOf<RestResult<{ companyName: string }>>()
      expect(one.data.companyName).toBe('Customer 1')
      let first: { id: string; companyname: string } | undefined
      for await (const row of rest.suiteql<{ id: string; companyname: string }>(
        'SELECT id, companyname FROM customer',
        { pageSize: 5 },
      )) {
        expectTypeOf(row).toEqualTypeOf<{ id: string; companyname: string }>()
        first ??= row
      }
      expect(first?.id).toBe('1')
      for await (const row of rest.suiteql('SELECT id FROM customer', { pageSize: 1000 })) {
        expectTypeOf(row).toEqualTypeOf<Record<string, unknown>>()
        break
      }
    } finally {
      await sim.close()
    }
  })
})
