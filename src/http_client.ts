/**
 * Sign-at-dispatch: wait for an account slot, build and sign the attempt, send it with a timeout,
 * interpret the answer, and retry with backoff when NetSuite asks to.
 *
 * @module
 */
import type { ClientContext } from './client_options.ts'
import {
  classifyFailure,
  isConcurrencyFailure,
  NetSuiteError,
  NetSuiteErrorCodes,
} from './netsuite_error.ts'
import { wwwAuthenticateError } from './www_authenticate.ts'
import { backoffMs, retryAfterMs, retryPolicy, sleep } from './retry_policy.ts'

/** What `interpret` makes of one answer. @internal */
export type Outcome<T> =
  { ok: true; value: T } | { ok: false; error: NetSuiteError; retry: boolean; reason: string }

/** One logical call. @internal */
export interface Call<T> {
  /** Build the attempt's request (called after the slot is acquired; sign inside). */
  build: () => Promise<Request>
  /** Whether a network failure may be retried (the server may have acted). */
  idempotent: boolean
  /** Name of the surface for messages. */
  surface: 'RESTlet' | 'REST' | 'SOAP'
  /** Decide what an answer means. */
  interpret: (response: Response, text: string) => Outcome<T>
  /** Caller's abort signal. */
  signal?: AbortSignal
}

/**
 * The outcome of a refused answer: retried on a concurrency refusal or 503, else the typed error
 * {@link classifyFailure} makes of it (with the `WWW-Authenticate` error unless `surface` is SOAP).
 * @internal
 */
export function failureOutcome(
  surface: Call<unknown>['surface'],
  response: Response,
  netsuiteCode: string | undefined,
  detail: string,
): Outcome<never> {
  return {
    ok: false,
    retry: isConcurrencyFailure(response.status, netsuiteCode) || response.status === 503,
    reason: netsuiteCode ?? String(response.status),
    error: classifyFailure({
      surface,
      status: response.status,
      netsuiteCode,
      detail,
      ...(surface === 'SOAP' ? {} : { wwwAuthenticate: wwwAuthenticateError(response) }),
    }),
  }
}

/** Run a call with retries. @internal */
export async function dispatch<T>(ctx: ClientContext, call: Call<T>): Promise<T> {
  const policy = retryPolicy(ctx.retry)
  let renewed = false
  for (let attempt = 1; ; attempt++) {
    let outcome: Outcome<T>
    let retryAfter: number | undefined
    const release = await ctx.limiter.acquire(call.signal)
    try {
      const built = await call.build()
      // An abort that landed while the attempt was being signed: nothing is sent.
      if (call.signal?.aborted) throw abortReason(call.signal)
      const request = new Request(built, { credentials: 'omit' })
      request.headers.delete('cookie')
      const { response, text } = await send(ctx, request, call)
      // A stale Bearer token (401 invalid_token): the auth drops it; one more attempt, not counted.
      if (!renewed && ctx.renewAuth && (await ctx.renewAuth(request, response))) {
        renewed = true
        attempt--
        continue
      }
      retryAfter = retryAfterMs(response.headers.get('retry-after'))
      outcome = call.interpret(response, text)
    } catch (error) {
      if (error instanceof NetSuiteError) throw error
      if (call.signal?.aborted) throw error
      outcome = {
        ok: false,
        retry: call.idempotent,
        reason: 'network',
        error: new NetSuiteError(
          NetSuiteErrorCodes.NETWORK,
          `${call.surface} request could not be sent (${errorText(error)}); check the host (account-specific domain), DNS, proxy and TLS settings.`,
          { cause: error, retryable: call.idempotent },
        ),
      }
    } finally {
      release()
    }
    if (outcome.ok) return outcome.value
    if (!outcome.retry || attempt >= policy.maxAttempts) throw outcome.error
    const delayMs = backoffMs(policy, attempt, retryAfter)
    ctx.onRetry?.({ attempt, delayMs, reason: outcome.reason })
    await sleep(delayMs, call.signal)
  }
}

/** The signal's reason, or an `AbortError` when it has none. */
function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError')
}

/** A network error's code (`ECONNREFUSED`) or its message's start, for messages. @internal */
export function errorText(error: unknown): string {
  const e = error as { code?: unknown; cause?: { code?: unknown }; message?: unknown }
  const code = e?.cause?.code ?? e?.code
  return typeof code === 'string' ? code : String(e?.message ?? error).slice(0, 120)
}

async function send(
  ctx: ClientContext,
  request: Request,
  call: Call<unknown>,
): Promise<{ response: Response; text: string }> {
  const controller = new AbortController()
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    controller.abort(new Error('timeout'))
  }, ctx.timeoutMs)
  const onAbort = (): void => controller.abort(call.signal?.reason)
  call.signal?.addEventListener('abort', onAbort, { once: true })
  try {
    const response = await ctx.fetch(request, { signal: controller.signal })
    return { response, text: await response.text() }
  } catch (error) {
    if (timedOut) {
      throw new NetSuiteError(
        NetSuiteErrorCodes.TIMEOUT,
        `${call.surface} ${request.method} got no answer within ${ctx.timeoutMs} ms (timeoutMs); NetSuite may be slow or the account concurrency queue long — raise timeoutMs or lower concurrency.`,
        { retryable: false },
      )
    }
    throw error
  } finally {
    clearTimeout(timer)
    call.signal?.removeEventListener('abort', onAbort)
  }
}

export { wwwAuthenticateError }

/** Parse a JSON object (not an array or a scalar), or undefined. @internal */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  const value = parseJson(text)
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined
}

/** Parse JSON, or undefined. @internal */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/**
 * A JSON request as the RESTlet and REST clients send it: `accept: application/json`, and for a
 * body (objects serialised with JSON.stringify, strings sent as they are) `content-type:
 * application/json`. Caller headers win.
 */
export function jsonRequest(
  url: string,
  method: string,
  body: unknown,
  headers: Record<string, string> | undefined,
): Request {
  const text =
    body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
  return new Request(url, {
    method,
    headers: {
      accept: 'application/json',
      ...(text === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(text === undefined ? {} : { body: text }),
  })
}
