/**
 * RESTlets: a thin client that builds the script URL, signs every attempt, sends, and decodes.
 *
 * @module
 */
import { argumentError } from './errors.ts'
import { accountOrigin } from './account_hosts.ts'
import { clientContext, type ClientOptions } from './client_options.ts'
import { dispatch, jsonRequest, parseJson, failureOutcome, type Outcome } from './http_client.ts'
import { withQuery, type QueryParams } from './query_string.ts'

export * from './adapter_exports.ts'

/** `https://<hostId>.restlets.api.netsuite.com` for an account id in any spelling. */
export function restletOrigin(accountId: string): string {
  return accountOrigin(accountId, 'restlets')
}

/** One RESTlet call. */
export interface RestletCall {
  /** Script id (number or `customscript_…`). */
  script: number | string
  /** Deployment id (number or `customdeploy_…`). */
  deploy: number | string
  /** Extra query parameters (signed and sent with `%20` for spaces). */
  params?: QueryParams
  /** Extra headers (a `Cookie` is dropped). */
  headers?: Record<string, string>
  /** Abort the call. */
  signal?: AbortSignal
}

/** A RESTlet call with a body: objects are sent as JSON, strings as they are. */
export interface RestletBodyCall extends RestletCall {
  body?: unknown
}

/**
 * The RESTlet client. Each method resolves to the parsed JSON answer (text if not JSON); `T` types
 * it (e.g. `get<Customer>(…)`), unchecked: the RESTlet's answer is not validated.
 */
export interface RestletClient {
  get<T = unknown>(call: RestletCall): Promise<T>
  post<T = unknown>(call: RestletBodyCall): Promise<T>
  put<T = unknown>(call: RestletBodyCall): Promise<T>
  delete<T = unknown>(call: RestletCall): Promise<T>
}

function interpret(response: Response, text: string): Outcome<unknown> {
  const json = parseJson(text)
  if (response.ok) return { ok: true, value: json === undefined ? text : json }
  const err = (json as { error?: { code?: unknown; message?: unknown } } | undefined)?.error
  const netsuiteCode = typeof err?.code === 'string' ? err.code : undefined
  const detail = typeof err?.message === 'string' ? err.message : text.slice(0, 200)
  return failureOutcome('RESTlet', response, netsuiteCode, detail)
}

/**
 * Create a RESTlet client. Every attempt is signed just before it is sent, after waiting for a slot
 * of the account-wide limiter; 429, 503 and `SSS_REQUEST_LIMIT_EXCEEDED` are retried with backoff.
 *
 * @example
 * ```ts
 * const restlet = createRestletClient({ credentials: credentialsFromEnv() })
 * const data = await restlet.get({ script: 123, deploy: 1, params: { id: '7' } })
 * ```
 */
export function createRestletClient(options: ClientOptions): RestletClient {
  const ctx = clientContext(options)
  const call = async (method: string, c: RestletBodyCall, hasBody: boolean): Promise<unknown> => {
    if (c === null || typeof c !== 'object' || c.script === undefined || c.deploy === undefined) {
      throw argumentError('A RESTlet call needs { script, deploy }.', 'ERR_INVALID_ARG_TYPE')
    }
    for (const name of Object.keys(c.params ?? {})) {
      if (/^(script|deploy)$/i.test(name)) {
        throw argumentError(
          `params must not contain "${name}": it would replace the RESTlet's ${name.toLowerCase()} id; pass it as the call's ${name.toLowerCase()} instead.`,
          'ERR_INVALID_ARG_VALUE',
        )
      }
    }
    const url = withQuery(`${ctx.origin('restlets')}/app/site/hosting/restlet.nl`, {
      script: c.script,
      deploy: c.deploy,
      ...c.params,
    })
    return dispatch(ctx, {
      surface: 'RESTlet',
      idempotent: method !== 'POST',
      interpret,
      ...(c.signal ? { signal: c.signal } : {}),
      build: () => ctx.authorize(jsonRequest(url, method, hasBody ? c.body : undefined, c.headers)),
    })
  }
  return {
    get: <T>(c: RestletCall) => call('GET', c, false) as Promise<T>,
    post: <T>(c: RestletBodyCall) => call('POST', c, true) as Promise<T>,
    put: <T>(c: RestletBodyCall) => call('PUT', c, true) as Promise<T>,
    delete: <T>(c: RestletCall) => call('DELETE', c, false) as Promise<T>,
  }
}
