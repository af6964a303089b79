/**
 * The OAuth 2.0 token endpoint call shared by every grant: a form POST, the JSON answer read into an
 * {@link OAuth2Token}, and every error answer turned into a {@link NetSuiteError} whose message names
 * the set-up step. Grants plug in with their `grant_type`, their form fields, a
 * {@link ClientAuthentication} and their own hints per error.
 *
 * @module
 */
import { argumentError } from '../errors.ts'
import { NetSuiteError, NetSuiteErrorCodes, type NetSuiteErrorCode } from '../netsuite_error.ts'
import { errorText, parseJsonObject } from '../http_client.ts'
import { redact } from '../lib/redaction.ts'
import { accountOrigin } from '../account_hosts.ts'
import { wwwAuthenticateScheme } from '../www_authenticate.ts'
import type { OAuth2Token } from './types.ts'

/** Path of the token endpoint on the SuiteTalk domain. */
export const TOKEN_ENDPOINT_PATH = '/services/rest/auth/oauth2/v1/token'

/** The `error` values of RFC 6749 §5.2 that NetSuite answers, plus `server_error`. */
export type OAuth2ErrorValue =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'server_error'

/** The {@link NetSuiteError} code of each token endpoint `error` value. */
export const OAUTH2_ERROR_CODES: Readonly<Record<OAuth2ErrorValue, NetSuiteErrorCode>> = {
  invalid_request: NetSuiteErrorCodes.OAUTH2_INVALID_REQUEST,
  invalid_client: NetSuiteErrorCodes.OAUTH2_INVALID_CLIENT,
  invalid_grant: NetSuiteErrorCodes.OAUTH2_INVALID_GRANT,
  unauthorized_client: NetSuiteErrorCodes.OAUTH2_UNAUTHORIZED_CLIENT,
  unsupported_grant_type: NetSuiteErrorCodes.OAUTH2_UNSUPPORTED_GRANT_TYPE,
  invalid_scope: NetSuiteErrorCodes.OAUTH2_INVALID_SCOPE,
  server_error: NetSuiteErrorCodes.OAUTH2_SERVER_ERROR,
}

/** What to do about each error, for one grant. Grants pass their own; these are the defaults. */
export type TokenErrorHints = Partial<Record<OAuth2ErrorValue, string>>

const INTEGRATION_RECORD = 'the integration record (Setup > Integration > Manage Integrations)'

/** Grant-neutral hints; each grant adds its own, more precise ones. */
export const DEFAULT_TOKEN_ERROR_HINTS: Readonly<Record<OAuth2ErrorValue, string>> = {
  invalid_request:
    'A parameter is missing or malformed, or two client authentication methods were used at once.',
  invalid_client: `NetSuite does not recognise the client: check the client ID of ${INTEGRATION_RECORD}, that its State is Enabled and that the OAuth 2.0 feature is on (Setup > Company > Enable Features > SuiteCloud > Manage Authentication).`,
  invalid_grant:
    'The grant was refused: it is invalid, expired or revoked, or was issued to another client.',
  unauthorized_client: `This grant type is not allowed for the client: check its box on the Authentication subtab of ${INTEGRATION_RECORD}.`,
  unsupported_grant_type: 'NetSuite does not support this grant_type at this token endpoint.',
  invalid_scope: `A scope asked for is unknown or not checked on ${INTEGRATION_RECORD} (RESTlets, REST Web Services, SuiteAnalytics Connect).`,
  server_error:
    'NetSuite failed to process the token request; retry later, and look up the Login Audit Trail (Setup > Users/Roles > User Management > View Login Audit Trail, add the Detail column).',
}

/**
 * How the client authenticates at the token endpoint: adds its fields or headers to the request.
 * See {@link clientAssertionAuthentication}, {@link clientSecretBasic}, {@link clientIdInBody}.
 */
export type ClientAuthentication = (body: URLSearchParams, headers: Headers) => void

/** `client_assertion` (a signed JWT, RFC 7523): the client credentials (M2M) grant. */
export function clientAssertionAuthentication(assertion: string): ClientAuthentication {
  return (body) => {
    body.set('client_assertion_type', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer')
    body.set('client_assertion', assertion)
  }
}

/** HTTP Basic `client_id:client_secret` in standard base64 (RFC 6749 §2.3.1): confidential clients. */
export function clientSecretBasic(clientId: string, clientSecret: string): ClientAuthentication {
  return (_body, headers) => {
    const pair = new TextEncoder().encode(
      `${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`,
    )
    let binary = ''
    for (const byte of pair) binary += String.fromCharCode(byte)
    headers.set('authorization', `Basic ${btoa(binary)}`)
  }
}

/** `client_id` in the form body and no secret: public clients. */
export function clientIdInBody(clientId: string): ClientAuthentication {
  return (body) => body.set('client_id', clientId)
}

/** Where a token endpoint is. */
export interface TokenEndpointLocation {
  /** Account id (any spelling): the SuiteTalk domain of the account. */
  accountId?: string
  /** Origin override (simulator, proxy). */
  baseUrl?: string
  /** The full URL; wins over the two above. */
  tokenUrl?: string
}

/** The token endpoint URL: `tokenUrl`, else `<baseUrl or SuiteTalk origin>/services/rest/auth/oauth2/v1/token`. */
export function tokenEndpointUrl(location: TokenEndpointLocation): string {
  if (location.tokenUrl !== undefined) return checkHttpUrl(location.tokenUrl, 'tokenUrl')
  if (location.baseUrl !== undefined)
    return checkHttpUrl(location.baseUrl, 'baseUrl').replace(/\/+$/, '') + TOKEN_ENDPOINT_PATH
  if (location.accountId === undefined)
    throw argumentError('Pass accountId, baseUrl or tokenUrl.', 'ERR_INVALID_ARG_TYPE')
  return accountOrigin(location.accountId, 'suitetalk') + TOKEN_ENDPOINT_PATH
}

function checkHttpUrl(value: unknown, name: string): string {
  if (typeof value !== 'string')
    throw argumentError(`${name} must be a string URL.`, 'ERR_INVALID_ARG_TYPE')
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw argumentError(
      `${name} must be an absolute http(s) URL, got ${JSON.stringify(value.slice(0, 80))}.`,
      'ERR_INVALID_ARG_VALUE',
    )
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw argumentError(`${name} must be an http(s) URL.`, 'ERR_INVALID_ARG_VALUE')
  return value
}

/** One call of the token endpoint. */
export interface TokenRequest {
  /** The token endpoint URL ({@link tokenEndpointUrl}). */
  tokenUrl: string
  /** `client_credentials`, `authorization_code`, `refresh_token`, … */
  grantType: string
  /** The grant's other form fields (`code`, `redirect_uri`, `refresh_token`, …). */
  params?: Record<string, string>
  /** How the client authenticates. */
  clientAuthentication?: ClientAuthentication
  /** Scopes asked for: the token's `scope` when the answer has none. */
  scopes?: readonly string[]
  /** Set-up steps per error for this grant (default {@link DEFAULT_TOKEN_ERROR_HINTS}). */
  hints?: TokenErrorHints
  /** The fetch to use (default: the global one). */
  fetch?: typeof fetch
  /** Now in milliseconds since 1970, for `expiresAt` (default `Date.now()`). */
  nowMs?: () => number
  /** Timeout in milliseconds (default 60,000). */
  timeoutMs?: number
  /** Abort the call. */
  signal?: AbortSignal
}

/**
 * POST a token request and read the answer.
 *
 * @throws {@link NetSuiteError} `ERR_NETSUITE_OAUTH2_*` for an error answer (the `error` value is
 *   `netsuiteCode`), `ERR_NETSUITE_NETWORK` / `ERR_NETSUITE_TIMEOUT` when no answer came.
 */
export async function requestToken(request: TokenRequest): Promise<OAuth2Token> {
  const body = new URLSearchParams({ grant_type: request.grantType })
  for (const [name, value] of Object.entries(request.params ?? {})) body.set(name, value)
  const headers = new Headers({
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  })
  request.clientAuthentication?.(body, headers)
  const timeoutMs = request.timeoutMs ?? 60_000
  const controller = new AbortController()
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    controller.abort(new Error('timeout'))
  }, timeoutMs)
  const onAbort = (): void => controller.abort(request.signal?.reason)
  request.signal?.addEventListener('abort', onAbort, { once: true })
  let response: Response
  let text: string
  try {
    response = await (request.fetch ?? globalThis.fetch)(request.tokenUrl, {
      method: 'POST',
      headers,
      body: body.toString(),
      signal: controller.signal,
      redirect: 'manual',
    })
    text = await response.text()
  } catch (error) {
    if (request.signal?.aborted) throw request.signal.reason ?? error
    if (timedOut)
      throw new NetSuiteError(
        NetSuiteErrorCodes.TIMEOUT,
        `The OAuth 2.0 token endpoint gave no answer within ${timeoutMs} ms (timeoutMs); check the host and proxy, or raise timeoutMs.`,
        { retryable: true },
      )
    throw new NetSuiteError(
      NetSuiteErrorCodes.NETWORK,
      `The OAuth 2.0 token request could not be sent to ${new URL(request.tokenUrl).origin} (${errorText(error)}); check the account id (or baseUrl/tokenUrl), DNS, proxy and TLS settings.`,
      { cause: error, retryable: true },
    )
  } finally {
    clearTimeout(timer)
    request.signal?.removeEventListener('abort', onAbort)
  }
  const json = parseJsonObject(text)
  if (!response.ok || (json !== undefined && typeof json.error === 'string'))
    throw tokenEndpointError(response, json, text, request.hints, (request.nowMs ?? Date.now)())
  return readToken(response, json, request.scopes ?? [], (request.nowMs ?? Date.now)())
}

function invalidResponse(message: string, status: number): NetSuiteError {
  return new NetSuiteError(NetSuiteErrorCodes.OAUTH2_INVALID_RESPONSE, message, {
    status,
    retryable: status >= 500,
  })
}

/**
 * The {@link NetSuiteError} for a token endpoint error answer. Exported for the grants' tests and
 * for tools that call the endpoint themselves.
 */
export function tokenEndpointError(
  response: Response,
  json: Record<string, unknown> | undefined,
  text: string,
  hints: TokenErrorHints = {},
  nowMs?: number,
): NetSuiteError {
  const status = response.status
  const value = typeof json?.error === 'string' ? json.error : undefined
  const challenge = response.headers.get('www-authenticate') ?? undefined
  if (value === undefined) {
    const kind = /^\s*</.test(text) ? 'an HTML or XML page' : text.trim() ? 'text' : 'no body'
    return invalidResponse(
      `The OAuth 2.0 token endpoint answered HTTP ${status} with ${kind}, not an OAuth 2.0 JSON document; check that tokenUrl/baseUrl point at NetSuite's token endpoint (${TOKEN_ENDPOINT_PATH}) on the account's SuiteTalk domain and that no proxy rewrites the answer.`,
      status,
    )
  }
  const description =
    typeof json?.error_description === 'string'
      ? `: ${json.error_description.replace(/\s+/g, ' ').slice(0, 200)}`
      : ''
  const known = Object.hasOwn(OAUTH2_ERROR_CODES, value) ? (value as OAuth2ErrorValue) : undefined
  const what = `The OAuth 2.0 token request failed with HTTP ${status} (${value.slice(0, 60)}${description}).`
  const basic =
    value === 'invalid_client' &&
    challenge !== undefined &&
    wwwAuthenticateScheme(response) === 'basic'
      ? ` NetSuite asks for client authentication (${challenge.slice(0, 80)}).`
      : ''
  const clock = clockNote(response, nowMs)
  if (known === undefined)
    return new NetSuiteError(
      NetSuiteErrorCodes.OAUTH2_INVALID_RESPONSE,
      `${what} ${DEFAULT_TOKEN_ERROR_HINTS.server_error}`,
      { status, netsuiteCode: value.slice(0, 60), retryable: status >= 500 },
    )
  return new NetSuiteError(
    OAUTH2_ERROR_CODES[known],
    `${what}${basic}${known === 'invalid_grant' ? clock : ''} ${hints[known] ?? DEFAULT_TOKEN_ERROR_HINTS[known]}`,
    {
      status,
      netsuiteCode: known,
      ...(challenge !== undefined && known === 'invalid_client'
        ? { wwwAuthenticate: 'invalid_client' }
        : {}),
      retryable: known === 'server_error',
    },
  )
}

/** Seconds of clock difference, read from the answer's `Date`, past which a refusal names the clock. */
export const CLOCK_NOTE_SECONDS = 30

/** " This clock is N s ahead of NetSuite's …" when the `Date` header says so, else ''. */
function clockNote(response: Response, nowMs: number | undefined): string {
  const server = Date.parse(response.headers.get('date') ?? '')
  if (nowMs === undefined || !Number.isFinite(server)) return ''
  const skew = Math.round((nowMs - server) / 1000)
  if (Math.abs(skew) <= CLOCK_NOTE_SECONDS) return ''
  return ` This machine's clock is ${Math.abs(skew)} s ${skew > 0 ? 'ahead of' : 'behind'} NetSuite's (its Date header): sync it (NTP) first.`
}

function readToken(
  response: Response,
  json: Record<string, unknown> | undefined,
  askedScopes: readonly string[],
  nowMs: number,
): OAuth2Token {
  const status = response.status
  if (json === undefined)
    return fail(
      `The OAuth 2.0 token endpoint answered HTTP ${status} without a JSON body; check tokenUrl/baseUrl.`,
    )
  const accessToken = json.access_token
  if (typeof accessToken !== 'string' || !/^[\x21-\x7e]+$/.test(accessToken))
    return fail('The OAuth 2.0 token answer has no usable access_token.')
  if (typeof json.token_type !== 'string' || json.token_type.toLowerCase() !== 'bearer')
    return fail(
      `The OAuth 2.0 token answer has token_type ${JSON.stringify(String(json.token_type).slice(0, 20))}, not Bearer.`,
    )
  const expiresIn =
    json.expires_in === undefined
      ? 3600
      : typeof json.expires_in === 'string' && /^\d+$/.test(json.expires_in)
        ? Number(json.expires_in)
        : json.expires_in
  if (typeof expiresIn !== 'number' || !Number.isFinite(expiresIn) || expiresIn <= 0)
    return fail('The OAuth 2.0 token answer has no valid expires_in.')
  const scope =
    typeof json.scope === 'string'
      ? json.scope.split(/[\s,]+/).filter(Boolean)
      : Array.isArray(json.scope)
        ? json.scope.filter((s): s is string => typeof s === 'string')
        : [...askedScopes]
  const token: OAuth2Token = {
    accessToken,
    tokenType: 'Bearer',
    expiresAt: nowMs + expiresIn * 1000,
    scope,
    ...(typeof json.refresh_token === 'string' ? { refreshToken: json.refresh_token } : {}),
    ...(typeof json.id_token === 'string' ? { idToken: json.id_token } : {}),
  }
  return redact(token, 'OAuth2Token', {
    tokenType: token.tokenType,
    expiresAt: token.expiresAt,
    scope: token.scope,
  })

  function fail(message: string): never {
    throw invalidResponse(message, status)
  }
}
