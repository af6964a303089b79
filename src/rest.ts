/**
 * SuiteTalk REST web services: `request` for records and anything under `/services/rest/`, and
 * `suiteql`, an async iterator over every row of a SuiteQL query.
 *
 * @module
 */
import { argumentError } from './errors.ts'
import { accountOrigin } from './account_hosts.ts'
import { clientContext, type ClientOptions } from './client_options.ts'
import { dispatch, jsonRequest, parseJson, failureOutcome, type Outcome } from './http_client.ts'
import { NetSuiteError, NetSuiteErrorCodes } from './netsuite_error.ts'
import { withQuery, type QueryParams } from './query_string.ts'

export * from './adapter_exports.ts'

/** `https://<hostId>.suitetalk.api.netsuite.com` for an account id in any spelling. */
export function suiteTalkOrigin(accountId: string): string {
  return accountOrigin(accountId, 'suitetalk')
}

/** NetSuite refuses SuiteQL paging beyond this many rows. */
export const SUITEQL_MAX_ROWS = 100_000

/** One REST call. */
export interface RestCall {
  /** HTTP method. */
  method: string
  /** Path under `/services/rest/`, e.g. `record/v1/customer/42`. */
  path: string
  /** Query parameters (signed and sent with `%20` for spaces). */
  query?: QueryParams
  /** Body: objects are sent as JSON, strings as they are. */
  body?: unknown
  /** Extra headers (a `Cookie` is dropped). */
  headers?: Record<string, string>
  /** Abort the call. */
  signal?: AbortSignal
}

/** The answer of a REST call; `T` types `data` (unchecked: NetSuite's JSON is not validated). */
export interface RestResult<T = unknown> {
  /** HTTP status. */
  status: number
  /** The `Location` header (id of a created record), when present. */
  location: string | undefined
  /** Parsed JSON body, the text when not JSON, `undefined` when empty. */
  data: T
}

/** Options of {@link RestClient.suiteql}. */
export interface SuiteqlOptions {
  /** Rows per page, 1–1000 (default 1000). */
  pageSize?: number
  /** Abort the iteration. */
  signal?: AbortSignal
}

/**
 * NetSuite's concurrency limits as `GET /services/rest/system/v1/governanceLimits` reports them
 * (administrator roles). `integrationLimitType` is `integrationSpecific` when this integration
 * record has its own limit (then `integrationConcurrencyLimit` is the pool to size for),
 * `accountLimit` when it shares the account's unallocated pool, or `internal`.
 */
export interface GovernanceLimits {
  /** The account's concurrency limit (service tier plus 10 per SuiteCloud Plus licence). */
  accountConcurrencyLimit: number
  /** Slots not allocated to integrations with their own limit. */
  accountUnallocatedConcurrencyLimit: number
  /** This integration's own limit, when NetSuite reports one. */
  integrationConcurrencyLimit?: number
  /** `integrationSpecific`, `accountLimit` or `internal`. */
  integrationLimitType: string
}

/** The REST client. */
export interface RestClient {
  /** Send one request; `T` types `data` (e.g. `request<Customer>(…)`), unchecked. */
  request<T = unknown>(call: RestCall): Promise<RestResult<T>>
  /**
   * The account's and this integration's concurrency limits (`GET
   * system/v1/governanceLimits`, administrator roles): size a shared limiter from them.
   */
  governanceLimits(options?: { signal?: AbortSignal }): Promise<GovernanceLimits>
  /**
   * Every row of a SuiteQL query, page by page (POST `query/v1/suiteql`, `Prefer: transient`).
   * `Row` types the rows (e.g. `suiteql<{ id: string }>(…)`), unchecked; NetSuite sends column
   * names in lower case and every value as a string.
   */
  suiteql<Row = Record<string, unknown>>(
    query: string,
    options?: SuiteqlOptions,
  ): AsyncIterableIterator<Row>
}

function interpret(response: Response, text: string): Outcome<RestResult> {
  const json = parseJson(text)
  if (response.ok) {
    return {
      ok: true,
      value: {
        status: response.status,
        location: response.headers.get('location') ?? undefined,
        data: text === '' ? undefined : json === undefined ? text : json,
      },
    }
  }
  const first = (
    json as { 'o:errorDetails'?: Array<{ detail?: unknown; 'o:errorCode'?: unknown }> } | undefined
  )?.['o:errorDetails']?.[0]
  const netsuiteCode = typeof first?.['o:errorCode'] === 'string' ? first['o:errorCode'] : undefined
  const title = (json as { title?: unknown } | undefined)?.title
  const detail =
    typeof first?.detail === 'string'
      ? first.detail
      : typeof title === 'string'
        ? title
        : text.slice(0, 200)
  return failureOutcome('REST', response, netsuiteCode, detail)
}

/**
 * Create a SuiteTalk REST client. Every attempt is signed just before it is sent, after waiting for
 * a slot of the account-wide limiter; 429 and 503 are retried with backoff.
 *
 * @example
 * ```ts
 * const rest = createRestClient({ credentials: credentialsFromEnv() })
 * const { data } = await rest.request({ method: 'GET', path: 'record/v1/customer/42' })
 * for await (const row of rest.suiteql('SELECT id FROM customer')) console.log(row.id)
 * ```
 */
export function createRestClient(options: ClientOptions): RestClient {
  const ctx = clientContext(options)
  const request = async (c: RestCall, idempotent?: boolean): Promise<RestResult> => {
    if (c === null || typeof c !== 'object' || typeof c.method !== 'string') {
      throw argumentError('A REST call needs { method, path }.', 'ERR_INVALID_ARG_TYPE')
    }
    if (typeof c.path !== 'string' || /^[a-z]+:|^\/\/|[\r\n]/i.test(c.path)) {
      throw argumentError(
        'path must be relative to /services/rest/, e.g. record/v1/customer/42.',
        'ERR_INVALID_ARG_VALUE',
      )
    }
    const method = c.method.toUpperCase()
    const url = withQuery(
      `${ctx.origin('suitetalk')}/services/rest/${c.path.replace(/^\/+/, '')}`,
      c.query,
    )
    return dispatch(ctx, {
      surface: 'REST',
      idempotent: idempotent ?? (method !== 'POST' && method !== 'PATCH'),
      interpret,
      ...(c.signal ? { signal: c.signal } : {}),
      build: () => ctx.authorize(jsonRequest(url, method, c.body, c.headers)),
    })
  }
  async function* suiteql(
    query: string,
    opts: SuiteqlOptions = {},
  ): AsyncIterableIterator<Record<string, unknown>> {
    if (typeof query !== 'string' || query.trim() === '') {
      throw argumentError('suiteql needs a query string.', 'ERR_INVALID_ARG_TYPE')
    }
    const limit = opts.pageSize ?? 1000
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
      throw argumentError(
        'pageSize must be an integer from 1 to 1000 (NetSuite caps pages at 1000).',
        'ERR_INVALID_ARG_VALUE',
      )
    }
    for (let offset = 0; ; offset += limit) {
      if (offset >= SUITEQL_MAX_ROWS) {
        throw new NetSuiteError(
          NetSuiteErrorCodes.SUITEQL_LIMIT,
          `The SuiteQL query has more than ${SUITEQL_MAX_ROWS} rows, NetSuite's paging cap; narrow it (WHERE id > last id, ORDER BY id) and run it in slices.`,
        )
      }
      const { data } = await request(
        {
          method: 'POST',
          path: 'query/v1/suiteql',
          query: { limit, offset },
          headers: { prefer: 'transient' },
          body: { q: query },
          ...(opts.signal ? { signal: opts.signal } : {}),
        },
        true,
      )
      const page = data as { items?: unknown; hasMore?: unknown }
      if (!page || !Array.isArray(page.items)) {
        throw new NetSuiteError(
          NetSuiteErrorCodes.HTTP,
          'The SuiteQL answer has no "items" array; check that baseUrl points at SuiteTalk REST.',
          { status: 200 },
        )
      }
      for (const row of page.items) yield row as Record<string, unknown>
      if (page.hasMore !== true) return
    }
  }
  async function governanceLimits(opts: { signal?: AbortSignal } = {}): Promise<GovernanceLimits> {
    const { data } = await request({
      method: 'GET',
      path: 'system/v1/governanceLimits',
      ...(opts.signal ? { signal: opts.signal } : {}),
    })
    const d = data as Record<string, unknown> | undefined
    const count = (v: unknown): v is number =>
      typeof v === 'number' && Number.isInteger(v) && v >= 0
    if (
      !d ||
      !count(d.accountConcurrencyLimit) ||
      !count(d.accountUnallocatedConcurrencyLimit) ||
      typeof d.integrationLimitType !== 'string'
    ) {
      throw new NetSuiteError(
        NetSuiteErrorCodes.HTTP,
        'The governanceLimits answer lacks accountConcurrencyLimit, accountUnallocatedConcurrencyLimit or integrationLimitType; check that baseUrl points at SuiteTalk REST.',
        { status: 200 },
      )
    }
    return {
      accountConcurrencyLimit: d.accountConcurrencyLimit,
      accountUnallocatedConcurrencyLimit: d.accountUnallocatedConcurrencyLimit,
      ...(count(d.integrationConcurrencyLimit)
        ? { integrationConcurrencyLimit: d.integrationConcurrencyLimit }
        : {}),
      integrationLimitType: d.integrationLimitType,
    }
  }
  return {
    request: <T>(c: RestCall) => request(c) as Promise<RestResult<T>>,
    suiteql: suiteql as RestClient['suiteql'],
    governanceLimits,
  }
}
