/**
 * One cheap signed call for `doctor`, made through the library's own adapters (RESTlet, REST and
 * SOAP clients, retries off) so that doctor tests exactly what users run: the same URL rules, the
 * same SOAP envelope, the same `WWW-Authenticate` and fault readers. A recording `fetch` keeps the
 * raw answer (status, headers, body) for diagnosis.
 *
 * @module
 */
import type { TbaCredentials } from '../../index.ts'
import type { NetSuiteError } from '../../netsuite_error.ts'
import { createRestClient } from '../../rest.ts'
import { createRestletClient } from '../../restlet.ts'
import { createSoapClient } from '../../soap.ts'
import { readSoapFault } from '../../soap_xml.ts'
import type { CallObservation } from './diagnose.ts'
import { UsageError } from './args.ts'

/** Which API a probe calls. */
export type ProbeApi = 'restlet' | 'rest' | 'soap'

/** Every API doctor can probe, in the order it reports them. */
export const PROBE_APIS: readonly ProbeApi[] = ['restlet', 'rest', 'soap']

/** The last HTTP exchange of a probe. */
export interface Exchange {
  method: string
  url: string
  status: number
  headers: Headers
  body: string
}

/** A `fetch` that records the last response it returned (for the adapters in `request`). */
export function recordingFetch(base: typeof fetch = fetch): {
  fetch: typeof fetch
  last: () => Exchange | undefined
} {
  let last: Exchange | undefined
  const wrapped = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const response = await base(input, init)
    const request = input instanceof Request ? input : undefined
    const body = await response.clone().text()
    last = {
      method: init?.method ?? request?.method ?? 'GET',
      url: request?.url ?? String(input),
      status: response.status,
      headers: response.headers,
      body,
    }
    return response
  }) as typeof fetch
  return { fetch: wrapped, last: () => last }
}

/** What to call. */
export interface ProbeTarget {
  api: ProbeApi
  /** Origin replacing the account's NetSuite host (simulator, proxy). */
  baseUrl?: string
  /** RESTlet script and deployment ids (api `restlet`). */
  script?: number
  deploy?: number
  /** REST path under /services/rest/ (api `rest`), query allowed. */
  restPath?: string
  /** SOAP endpoint version (default: the SOAP client's). */
  soapVersion?: string
  timeoutMs?: number
}

/** The result of a probe. */
export interface ProbeResult {
  api: ProbeApi
  ok: boolean
  /** Short description of the call. */
  call: string
  /** The decoded response on success. */
  value?: unknown
  /** The raw exchange, when a response arrived. */
  exchange?: Exchange
  /** The adapter's error (a NetSuiteError, or a network/timeout error), if any. */
  error?: unknown
}

/** The default REST probe: one customer, which also exercises a record permission. */
export const DEFAULT_REST_PATH = 'record/v1/customer?limit=1'

/** Describe the call a target makes, for the report. */
export function describeCall(target: ProbeTarget): string {
  if (target.api === 'restlet') return `RESTlet GET script=${target.script} deploy=${target.deploy}`
  if (target.api === 'rest') return `REST GET /services/rest/${restPath(target).raw}`
  return 'SOAP getServerTime'
}

function restPath(target: ProbeTarget): { raw: string; path: string; query: URLSearchParams } {
  const raw = (target.restPath ?? DEFAULT_REST_PATH).replace(/^\/?(services\/rest\/)?/, '')
  const i = raw.indexOf('?')
  return i < 0
    ? { raw, path: raw, query: new URLSearchParams() }
    : { raw, path: raw.slice(0, i), query: new URLSearchParams(raw.slice(i + 1)) }
}

/** Make one cheap signed call through the adapter of `target.api`, without retries. Never throws. */
export async function probe(
  credentials: TbaCredentials,
  target: ProbeTarget,
  baseFetch: typeof fetch = fetch,
): Promise<ProbeResult> {
  const rec = recordingFetch(baseFetch)
  const common = {
    credentials,
    fetch: rec.fetch,
    retry: false as const,
    timeoutMs: target.timeoutMs ?? 20_000,
    ...(target.baseUrl === undefined ? {} : { baseUrl: target.baseUrl }),
  }
  const call = describeCall(target)
  try {
    let value: unknown
    if (target.api === 'restlet') {
      value = await createRestletClient(common).get({
        script: target.script as number,
        deploy: target.deploy as number,
      })
    } else if (target.api === 'rest') {
      const { path, query } = restPath(target)
      value = (
        await createRestClient(common).request({
          method: 'GET',
          path,
          query: Object.fromEntries(query),
        })
      ).data
    } else {
      value = await createSoapClient({
        ...common,
        ...(target.soapVersion === undefined ? {} : { version: target.soapVersion }),
      }).call('getServerTime', '')
    }
    const exchange = rec.last()
    return { api: target.api, ok: true, call, value, ...(exchange ? { exchange } : {}) }
  } catch (error) {
    const exchange = rec.last()
    return { api: target.api, ok: false, call, error, ...(exchange ? { exchange } : {}) }
  }
}

/**
 * What a failed call says about the cause, from NetSuite's answer only: the HTTP status, the
 * `WWW-Authenticate` error (as the adapter read it), NetSuite's code and message.
 */
export function observe(
  api: ProbeApi,
  result: Pick<ProbeResult, 'error' | 'exchange'>,
): CallObservation {
  const obs: CallObservation = { api }
  const error = result.error as Partial<NetSuiteError> | undefined
  const ex = result.exchange
  if (ex) {
    obs.status = ex.status
    const fromBody = bodyDetail(ex.body)
    if (fromBody.code) obs.netsuiteCode = fromBody.code
    if (fromBody.message) obs.message = fromBody.message
  } else if (typeof error?.status === 'number') {
    obs.status = error.status
  }
  if (typeof error?.wwwAuthenticate === 'string') obs.authError = error.wwwAuthenticate
  if (typeof error?.code === 'string') obs.errorCode = error.code
  if (!obs.netsuiteCode && typeof error?.netsuiteCode === 'string')
    obs.netsuiteCode = error.netsuiteCode
  if (!obs.message && typeof error?.message === 'string') obs.message = error.message
  return obs
}

/** NetSuite's code and message from a REST, RESTlet or SOAP error body. */
export function bodyDetail(body: string): { code?: string; message?: string } {
  const fault = readSoapFault(body)
  if (fault) return pick(fault.code, fault.message ?? fault.faultString)
  try {
    const json = JSON.parse(body) as {
      'o:errorDetails'?: { detail?: string; 'o:errorCode'?: string }[]
      error?: { code?: string; message?: string }
      title?: string
    }
    const d = json['o:errorDetails']?.[0]
    if (d) return pick(d['o:errorCode'], d.detail ?? json.title)
    if (json.error) return pick(json.error.code, json.error.message)
  } catch {
    // not JSON
  }
  const text = body.trim()
  return text && text.length < 500 && !text.startsWith('<') ? { message: text } : {}
}

function pick(
  code: string | undefined,
  message: string | undefined,
): { code?: string; message?: string } {
  return { ...(code ? { code } : {}), ...(message ? { message } : {}) }
}

/** True for a network-level failure (no HTTP response: DNS, refused, TLS, timeout). */
export function isNetworkFailure(result: ProbeResult): boolean {
  if (result.ok || result.exchange) return false
  const e = result.error as { code?: string; name?: string; cause?: { code?: string } } | undefined
  return (
    e?.code === 'ERR_NETSUITE_NETWORK' ||
    e?.code === 'ERR_NETSUITE_TIMEOUT' ||
    e?.name === 'TypeError' ||
    e?.name === 'AbortError' ||
    e?.name === 'TimeoutError' ||
    typeof e?.cause?.code === 'string'
  )
}

/**
 * The APIs a doctor calls: those of `--api` in a fixed order, else every API (the RESTlet only
 * when its URL is known).
 */
export function selectApis(
  api: ProbeApi | readonly ProbeApi[] | undefined,
  restletUrl: string | undefined,
): ProbeApi[] {
  const requested = api === undefined ? undefined : typeof api === 'string' ? [api] : api
  return requested
    ? PROBE_APIS.filter((a) => requested.includes(a))
    : PROBE_APIS.filter((a) => a !== 'restlet' || restletUrl !== undefined)
}

/**
 * The script and deploy ids and the origin of a RESTlet's External URL.
 *
 * @throws {@link UsageError} when the URL is missing, not a URL, or lacks numeric ids.
 */
export function restletTarget(restletUrl: string | undefined): {
  script: number
  deploy: number
  origin: string
} {
  if (!restletUrl) {
    throw new UsageError(
      "--api restlet needs --restlet-url or NETSUITE_RESTLET_URL (the deployment's External URL)",
    )
  }
  let u: URL
  try {
    u = new URL(restletUrl)
  } catch {
    throw new UsageError(`RESTlet URL "${restletUrl}" is not a URL`)
  }
  const script = Number(u.searchParams.get('script'))
  const deploy = Number(u.searchParams.get('deploy'))
  if (!Number.isInteger(script) || !Number.isInteger(deploy) || script <= 0 || deploy <= 0) {
    throw new UsageError(
      'the RESTlet URL needs numeric script= and deploy= parameters (copy the External URL of the deployment)',
    )
  }
  return { script, deploy, origin: u.origin }
}
