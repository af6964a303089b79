/**
 * One cheap signed call for `doctor`, made with the core signer and `fetch` directly (no retries,
 * no adapter in between), so that the raw response — status, `WWW-Authenticate`, body — is kept
 * for diagnosis.
 *
 * @module
 */
import { createTbaSigner, parseAccountId, signTokenPassport } from '../../index.ts'
import type { TbaCredentials } from '../../index.ts'
import type { CallObservation } from './diagnose.ts'
import { tokenPassportXml } from '../../soap_xml.ts'

/** Which API a probe calls. */
export type ProbeApi = 'restlet' | 'rest' | 'soap'

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
  /** SOAP endpoint version (default 2025_2). */
  soapVersion?: string
  timeoutMs?: number
}

/** The result of a probe. */
export interface ProbeResult {
  ok: boolean
  /** Short description of the call. */
  call: string
  /** The decoded response body on success. */
  value?: unknown
  /** The raw exchange, when a response arrived. */
  exchange?: Exchange
  /** The thrown error (network, timeout), if any. */
  error?: unknown
}

/** The default REST probe: one customer, which also exercises a record permission. */
export const DEFAULT_REST_PATH = 'record/v1/customer?limit=1'

/** Make one cheap signed call. Never throws. */
export async function probe(
  credentials: TbaCredentials,
  target: ProbeTarget,
  baseFetch: typeof fetch = fetch,
): Promise<ProbeResult> {
  const { hostId } = parseAccountId(credentials.accountId)
  const origin =
    target.baseUrl ??
    `https://${hostId}.${target.api === 'restlet' ? 'restlets' : 'suitetalk'}.api.netsuite.com`
  const signal = AbortSignal.timeout(target.timeoutMs ?? 20_000)
  let call = ''
  try {
    let request: Request
    if (target.api === 'restlet') {
      call = `RESTlet GET script=${target.script} deploy=${target.deploy}`
      const url = new URL('/app/site/hosting/restlet.nl', origin)
      url.search = `script=${target.script}&deploy=${target.deploy}`
      request = new Request(url, { headers: { 'content-type': 'application/json' }, signal })
    } else if (target.api === 'rest') {
      const path = (target.restPath ?? DEFAULT_REST_PATH).replace(/^\/?(services\/rest\/)?/, '')
      call = `REST GET /services/rest/${path}`
      request = new Request(new URL(`/services/rest/${path}`, origin), {
        headers: { accept: 'application/json' },
        signal,
      })
    } else {
      const version = target.soapVersion ?? '2025_2'
      call = 'SOAP getServerTime'
      const passport = await signTokenPassport(credentials)
      const body = [
        '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"',
        `    xmlns:msg="urn:messages_${version}.platform.webservices.netsuite.com">`,
        `  <soapenv:Header>${tokenPassportXml(passport, version)}</soapenv:Header>`,
        '  <soapenv:Body><msg:getServerTime/></soapenv:Body>',
        '</soapenv:Envelope>',
      ].join('\n')
      const response = await baseFetch(new URL(`/services/NetSuitePort_${version}`, origin), {
        method: 'POST',
        headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '"getServerTime"' },
        body,
        signal,
      })
      return finish(call, response)
    }
    const signed = await createTbaSigner(credentials).authorize(request)
    return finish(call, await baseFetch(signed))
  } catch (error) {
    return { ok: false, call, error }
  }
}

async function finish(call: string, response: Response): Promise<ProbeResult> {
  const body = await response.text()
  const exchange: Exchange = {
    method: call.startsWith('SOAP') ? 'POST' : 'GET',
    url: response.url,
    status: response.status,
    headers: response.headers,
    body,
  }
  const fault = /<(?:[\w-]+:)?Fault[\s>]/.test(body)
  const ok = response.ok && !fault
  let value: unknown = body
  try {
    value = JSON.parse(body)
  } catch {
    // XML or text
  }
  return { ok, call, exchange, ...(ok ? { value } : {}) }
}

/** Parse `WWW-Authenticate: OAuth realm="…", error="…", error_description="…"`. */
export function parseWwwAuthenticate(value: string | null): Record<string, string> {
  const out: Record<string, string> = {}
  if (!value) return out
  for (const m of value.matchAll(/([A-Za-z_]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g)) {
    out[(m[1] as string).toLowerCase()] = (m[2] ?? m[3] ?? '').replace(/\\(.)/g, '$1')
  }
  return out
}

/** Collect what a failed probe says about the cause. */
export function observe(api: ProbeApi, result: ProbeResult): CallObservation {
  const obs: CallObservation = { api }
  const error = result.error as
    { code?: unknown; netsuiteCode?: unknown; status?: unknown; message?: unknown } | undefined
  const ex = result.exchange
  if (ex) {
    obs.status = ex.status
    const auth = parseWwwAuthenticate(ex.headers.get('www-authenticate'))
    if (auth.error) obs.authError = auth.error
    if (auth.error_description) obs.authDescription = auth.error_description
    const fromBody = bodyDetail(ex.body)
    if (fromBody.code) obs.netsuiteCode = fromBody.code
    if (fromBody.message) obs.message = fromBody.message
  } else if (typeof error?.status === 'number') {
    obs.status = error.status
  }
  if (typeof error?.code === 'string') obs.errorCode = error.code
  if (!obs.netsuiteCode && typeof error?.netsuiteCode === 'string')
    obs.netsuiteCode = error.netsuiteCode
  if (!obs.message && typeof error?.message === 'string') obs.message = error.message
  return obs
}

/** NetSuite's code and message from a REST, RESTlet or SOAP error body. */
export function bodyDetail(body: string): { code?: string; message?: string } {
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
    // not JSON: SOAP or text
  }
  const tag = (name: string) =>
    new RegExp(`<(?:[\\w-]+:)?${name}[^>]*>([\\s\\S]*?)</(?:[\\w-]+:)?${name}>`)
      .exec(body)?.[1]
      ?.trim()
  const fault = tag('faultstring')
  if (fault !== undefined) return pick(tag('code'), tag('message') ?? fault)
  const text = body.trim()
  return text && text.length < 500 && !text.startsWith('<') ? { message: text } : {}
}

function pick(
  code: string | undefined,
  message: string | undefined,
): { code?: string; message?: string } {
  return { ...(code ? { code } : {}), ...(message ? { message } : {}) }
}

/** True for a network-level failure (no HTTP response). */
export function isNetworkFailure(result: ProbeResult): boolean {
  if (result.exchange) return false
  const e = result.error as { code?: string; name?: string; cause?: { code?: string } } | undefined
  return (
    e?.name === 'TypeError' ||
    e?.code === 'ERR_NETSUITE_NETWORK' ||
    e?.code === 'ERR_NETSUITE_TIMEOUT' ||
    e?.name === 'AbortError' ||
    e?.name === 'TimeoutError' ||
    typeof e?.cause?.code === 'string'
  )
}
