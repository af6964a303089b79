/**
 * What the simulated account serves once a request is authenticated: the echo RESTlet, customer
 * records, SuiteQL over a generated table, and SOAP getServerTime/get/update on Budget records.
 *
 * @module
 */
import {
  esc,
  json,
  restError,
  restletError,
  soapEnvelope,
  soapFault,
  type Answer,
} from './responses.ts'

/** Mutable account data. */
export interface AccountData {
  customers: Map<string, Record<string, unknown>>
  budgets: Map<string, { amount: string; year: string }>
  suiteqlRows: number
  nextId: number
}

/** Fresh data. */
export function createAccountData(suiteqlRows: number): AccountData {
  const customers = new Map<string, Record<string, unknown>>()
  for (const i of [1, 2, 3, 42])
    customers.set(String(i), {
      id: String(i),
      companyName: `Customer ${i}`,
      email: `c${i}@example.com`,
    })
  const budgets = new Map([
    ['1', { amount: '1000.00', year: '2026' }],
    ['2', { amount: '2500.00', year: '2026' }],
  ])
  return { customers, budgets, suiteqlRows, nextId: 100 }
}

/** The echo RESTlet (GET/POST/PUT/DELETE): answers what it received. */
export function restletEcho(method: string, url: URL, body: string): Answer {
  const params = Object.fromEntries(
    [...url.searchParams].filter(([k]) => k !== 'script' && k !== 'deploy'),
  )
  let parsed: unknown = body === '' ? undefined : body
  try {
    parsed = body === '' ? undefined : JSON.parse(body)
  } catch {
    /* keep text */
  }
  return json(200, { method, params, body: parsed })
}

/** `/services/rest/record/v1/customer[/id]` and `/services/rest/query/v1/suiteql`. */
export function restRoute(method: string, url: URL, body: string, data: AccountData): Answer {
  const path = url.pathname.slice('/services/rest/'.length)
  if (path === 'query/v1/suiteql') {
    if (method !== 'POST') return restError(405, 'INVALID_REQUEST', 'Use POST for SuiteQL.')
    const limit = Number(url.searchParams.get('limit') ?? '1000')
    const offset = Number(url.searchParams.get('offset') ?? '0')
    let q: unknown
    try {
      q = (JSON.parse(body) as { q?: unknown }).q
    } catch {
      /* fallthrough */
    }
    if (typeof q !== 'string')
      return restError(400, 'INVALID_PARAMETER', 'The request body must be {"q": "<SuiteQL>"}.')
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
      return restError(400, 'INVALID_PARAMETER', 'Invalid limit: 1 to 1000.')
    if (!Number.isInteger(offset) || offset % limit !== 0)
      return restError(400, 'INVALID_PARAMETER', 'The offset must be a multiple of the limit.')
    if (offset >= 100_000)
      return restError(400, 'INVALID_PARAMETER', 'Paging beyond 100000 rows is not supported.')
    const count = Math.max(0, Math.min(limit, data.suiteqlRows - offset))
    const items = Array.from({ length: count }, (_, i) => ({
      links: [],
      id: String(offset + i + 1),
      companyname: `Company ${offset + i + 1}`,
    }))
    return json(200, {
      links: [],
      count,
      hasMore: offset + count < data.suiteqlRows,
      items,
      offset,
      totalResults: data.suiteqlRows,
    })
  }
  const m = /^record\/v1\/customer(?:\/([^/]+))?$/.exec(path)
  if (!m) return restError(404, 'NONEXISTENT_ID', `Record type or path ${path} does not exist.`)
  const id = m[1]
  if (id === undefined) {
    if (method === 'GET')
      return json(200, {
        links: [],
        count: data.customers.size,
        hasMore: false,
        items: [...data.customers.keys()].map((k) => ({ id: k })),
        offset: 0,
        totalResults: data.customers.size,
      })
    if (method === 'POST') {
      let rec: Record<string, unknown>
      try {
        rec = JSON.parse(body) as Record<string, unknown>
      } catch {
        return restError(400, 'INVALID_CONTENT', 'The request body is not valid JSON.')
      }
      const newId = String(data.nextId++)
      data.customers.set(newId, { ...rec, id: newId })
      return {
        status: 204,
        headers: { location: `${url.origin}/services/rest/record/v1/customer/${newId}` },
        body: '',
      }
    }
    return restError(405, 'INVALID_REQUEST', `${method} is not supported here.`)
  }
  const rec = data.customers.get(id)
  if (!rec)
    return restError(
      404,
      'NONEXISTENT_ID',
      `The record instance does not exist. Provide a valid record instance ID.`,
    )
  if (method === 'GET') return json(200, rec)
  if (method === 'PATCH') {
    try {
      Object.assign(rec, JSON.parse(body), { id })
    } catch {
      return restError(400, 'INVALID_CONTENT', 'The request body is not valid JSON.')
    }
    return { status: 204, headers: {}, body: '' }
  }
  if (method === 'DELETE') {
    data.customers.delete(id)
    return { status: 204, headers: {}, body: '' }
  }
  return restError(405, 'INVALID_REQUEST', `${method} is not supported here.`)
}

/**
 * The namespace of the Budget record type in the 2025_2 WSDL: `transactions.financial`, as in
 * every WSDL-generated client (e.g. `urn:financial_2019_2.transactions.webservices.netsuite.com`
 * … `urn:financial_2022_2…` for `Budget` and `BudgetSearch`), not the accounting lists.
 */
export const BUDGET_NS = 'urn:financial_2025_2.transactions.webservices.netsuite.com'

/** SOAP operations: getServerTime, get and update of a Budget record. */
export function soapRoute(
  operation: string,
  xml: string,
  data: AccountData,
  nowMs: number,
): Answer {
  const ns =
    'xmlns:platformMsgs="urn:messages_2025_2.platform.webservices.netsuite.com" xmlns:platformCore="urn:core_2025_2.platform.webservices.netsuite.com"'
  const ok = '<platformCore:status isSuccess="true"/>'
  if (operation === 'getServerTime') {
    return soapEnvelope(
      `<getServerTimeResponse xmlns="urn:messages_2025_2.platform.webservices.netsuite.com"><platformCore:getServerTimeResult ${ns}>${ok}<platformCore:serverTime>${new Date(nowMs).toISOString()}</platformCore:serverTime></platformCore:getServerTimeResult></getServerTimeResponse>`,
    )
  }
  const id = /internalId="([^"]*)"/.exec(xml)?.[1]
  // The record type is the plain `type` attribute (a RecordRef); `xsi:type` names the XML type
  // and may come first, so it must not match here.
  const type =
    /(?<![\w:])type="([^"]*)"/.exec(xml)?.[1] ?? /xsi:type="[^":]*:?(\w+)"/.exec(xml)?.[1]
  if (operation === 'get' || operation === 'update') {
    if (type !== undefined && !/budget/i.test(type))
      return soapFault(
        'invalidKeyOrRefFault',
        'INVALID_KEY_OR_REF',
        'Only Budget records exist in this simulator.',
      )
    const budget = id === undefined ? undefined : data.budgets.get(id)
    if (!budget || id === undefined)
      return soapEnvelope(
        `<platformMsgs:${operation}Response ${ns}><platformMsgs:writeResponse><platformCore:status isSuccess="false"><platformCore:statusDetail type="ERROR"><platformCore:code>INVALID_KEY_OR_REF</platformCore:code><platformCore:message>The specified key is invalid.</platformCore:message></platformCore:statusDetail></platformCore:status></platformMsgs:writeResponse></platformMsgs:${operation}Response>`,
      )
    if (operation === 'update') {
      // The record must be typed in the Budget namespace, as NetSuite's schema requires: a
      // Budget in any other namespace is an unknown type there.
      const prefix = /xsi:type="(?:([\w.-]+):)?Budget"/.exec(xml)?.[1]
      const declared =
        prefix === undefined ? undefined : new RegExp(`xmlns:${prefix}="([^"]*)"`).exec(xml)?.[1]
      if (declared !== BUDGET_NS)
        return soapFault(
          'invalidSoapRequestFault',
          'INVALID_SOAP_REQUEST',
          `The Budget record must be typed {${BUDGET_NS}}Budget (got ${declared ?? 'no namespace'}).`,
        )
      const amount = /<(?:\w+:)?amount>([^<]*)</.exec(xml)?.[1]
      if (amount !== undefined) budget.amount = amount
      return soapEnvelope(
        `<platformMsgs:updateResponse ${ns}><platformMsgs:writeResponse>${ok}<platformMsgs:baseRef internalId="${esc(id)}" type="budget" xsi:type="platformCore:RecordRef"/></platformMsgs:writeResponse></platformMsgs:updateResponse>`,
      )
    }
    return soapEnvelope(
      `<platformMsgs:getResponse ${ns}><platformMsgs:readResponse>${ok}<platformMsgs:record internalId="${esc(id)}" xsi:type="tranFin:Budget" xmlns:tranFin="${BUDGET_NS}"><tranFin:year internalId="${esc(budget.year)}"/><tranFin:amount>${esc(budget.amount)}</tranFin:amount></platformMsgs:record></platformMsgs:readResponse></platformMsgs:getResponse>`,
    )
  }
  return soapFault(
    'invalidOperationFault',
    'INVALID_OPERATION',
    `Operation ${operation} is not supported by this simulator.`,
  )
}

export { restletError }
