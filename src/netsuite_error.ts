/**
 * Errors of the RESTlet, REST and SOAP adapters: one `NetSuiteError` class with stable codes and
 * messages that name the likely causes and fixes (netsuite-tba.md §6). Never carries a secret.
 *
 * @module
 */

/** Codes of {@link NetSuiteError}, as constants. */
export const NetSuiteErrorCodes = {
  /** 401 / "Invalid login attempt." / INVALID_LOGIN_* — a TBA set-up or signature problem. */
  INVALID_LOGIN: 'ERR_NETSUITE_INVALID_LOGIN',
  /** The role lacks a permission (403, USER_ERROR about permission, INSUFFICIENT_PERMISSION). */
  PERMISSION: 'ERR_NETSUITE_PERMISSION',
  /** Account concurrency limit (429, SSS_REQUEST_LIMIT_EXCEEDED, WS_REQUEST_BLOCKED …), retries exhausted. */
  CONCURRENCY: 'ERR_NETSUITE_CONCURRENCY',
  /** 404 / record or script not found. */
  NOT_FOUND: 'ERR_NETSUITE_NOT_FOUND',
  /** Any other non-2xx HTTP answer. */
  HTTP: 'ERR_NETSUITE_HTTP',
  /** A SOAP fault that is none of the above. */
  SOAP_FAULT: 'ERR_NETSUITE_SOAP_FAULT',
  /** No answer within `timeoutMs`. */
  TIMEOUT: 'ERR_NETSUITE_TIMEOUT',
  /** The request could not be sent (DNS, TCP, TLS), retries exhausted. */
  NETWORK: 'ERR_NETSUITE_NETWORK',
  /** SuiteQL paging would cross NetSuite's 100,000-row cap. */
  SUITEQL_LIMIT: 'ERR_NETSUITE_SUITEQL_LIMIT',
  /** OAuth 2.0 token endpoint: `invalid_request` (a parameter missing or malformed). */
  OAUTH2_INVALID_REQUEST: 'ERR_NETSUITE_OAUTH2_INVALID_REQUEST',
  /** OAuth 2.0 token endpoint: `invalid_client` (client unknown or its authentication failed). */
  OAUTH2_INVALID_CLIENT: 'ERR_NETSUITE_OAUTH2_INVALID_CLIENT',
  /** OAuth 2.0 token endpoint: `invalid_grant` (assertion, code or refresh token refused). */
  OAUTH2_INVALID_GRANT: 'ERR_NETSUITE_OAUTH2_INVALID_GRANT',
  /** OAuth 2.0 token endpoint: `unauthorized_client` (grant type not enabled for the client). */
  OAUTH2_UNAUTHORIZED_CLIENT: 'ERR_NETSUITE_OAUTH2_UNAUTHORIZED_CLIENT',
  /** OAuth 2.0 token endpoint: `unsupported_grant_type`. */
  OAUTH2_UNSUPPORTED_GRANT_TYPE: 'ERR_NETSUITE_OAUTH2_UNSUPPORTED_GRANT_TYPE',
  /** OAuth 2.0 token endpoint: `invalid_scope` (scope not checked on the integration record). */
  OAUTH2_INVALID_SCOPE: 'ERR_NETSUITE_OAUTH2_INVALID_SCOPE',
  /** OAuth 2.0 token endpoint: `server_error` (NetSuite also answers so for some malformed assertions). */
  OAUTH2_SERVER_ERROR: 'ERR_NETSUITE_OAUTH2_SERVER_ERROR',
  /** OAuth 2.0 token endpoint: another `error` value, or an answer that is not an OAuth 2.0 JSON document. */
  OAUTH2_INVALID_RESPONSE: 'ERR_NETSUITE_OAUTH2_INVALID_RESPONSE',
  /** A step of the three-step TBA authorization flow was refused; `netsuiteCode` names why (`InvalidCallback`, …). */
  TBA_FLOW_REFUSED: 'ERR_NETSUITE_TBA_FLOW_REFUSED',
  /** The user clicked Deny on NetSuite's consent page (OAuth 2.0 `access_denied`, TBA empty verifier). */
  AUTHORIZATION_DENIED: 'ERR_NETSUITE_AUTHORIZATION_DENIED',
  /** OAuth 2.0: the refresh token expired, was revoked or already used; the user must authorize again. */
  OAUTH2_CONSENT_REQUIRED: 'ERR_NETSUITE_OAUTH2_CONSENT_REQUIRED',
} as const

/** The union of {@link NetSuiteError} codes. */
export type NetSuiteErrorCode = (typeof NetSuiteErrorCodes)[keyof typeof NetSuiteErrorCodes]

/** Fields of a {@link NetSuiteError} besides code and message. */
export interface NetSuiteErrorDetails {
  /** HTTP status, when an answer came. */
  status?: number
  /** NetSuite's own code: `o:errorCode`, RESTlet `error.code` or the SOAP fault code. */
  netsuiteCode?: string
  /** The `error` parameter of `WWW-Authenticate`, e.g. `token_rejected`. */
  wwwAuthenticate?: string
  /** Whether retrying (after a pause) may succeed. */
  retryable?: boolean
  /** Underlying error (never carrying a secret). */
  cause?: unknown
}

/** Why "Invalid login attempt." happens and how to fix it (§6). */
export const INVALID_LOGIN_HINT: string =
  'Check, in this order: the Login Audit Trail (Setup > Users/Roles > User Management > View Login Audit Trail, add the Detail and Token-based Access Token Name columns) names the cause; realm must be the account id in upper case with "_" (1234567_SB1, not 1234567_sb1); the client clock within ±5 minutes (NTP); the token not revoked and created in this account (a production token does not work on a refreshed sandbox); the integration record enabled with Token-based Authentication checked; the role has "Log in using Access Tokens" plus "Web Services" (SOAP) or "REST Web Services" (REST), is not a Web-Services-only role for RESTlets; and every query parameter is signed with HMAC-SHA256.'

/** Why a Bearer (OAuth 2.0) call gets "Invalid login attempt." and how to fix it. */
export const OAUTH2_INVALID_TOKEN_HINT: string =
  'The OAuth 2.0 access token was refused (expired, revoked, issued for another account, or without the scope of this surface): check that the integration record has the scope box of this surface (RESTlets or REST Web Services) and that the scopes option asks for it, that the role has "Log in using OAuth 2.0 Access Tokens" (and "REST Web Services" for REST), that the M2M certificate mapping is not revoked, and the Login Audit Trail (Setup > Users/Roles > User Management > View Login Audit Trail, add the Detail column) for the reason.'

const WWW_AUTH_HINTS: Record<string, string> = {
  token_rejected:
    'the token is unknown, revoked, inactive or from another account — create a new access token in this account',
  signature_invalid:
    'the signature does not match — check the secrets, that every query parameter is signed and the realm is upper case',
  timestamp_refused:
    'the timestamp is outside ±5 minutes — sync the clock (NTP) and sign just before sending',
  nonce_used: 'the nonce was already used — sign every attempt afresh',
  nonce_rejected: 'the nonce is too short — use 20 random letters and digits',
  consumer_key_unknown:
    'the consumer key is unknown — check it or reset the integration credentials',
  consumer_key_refused:
    'the integration record is blocked or lacks Token-based Authentication — set State = Enabled',
  feature_disabled:
    'Token-based Authentication is not enabled — Setup > Company > Enable Features > SuiteCloud',
  permission_denied:
    'the role lacks "Log in using Access Tokens" or the web services permission of this surface',
}

/**
 * The error of every adapter call that NetSuite refused or that could not complete.
 *
 * @example
 * ```ts
 * try { await rest.request({ method: 'GET', path: 'record/v1/customer/1' }) }
 * catch (e) { if (e instanceof NetSuiteError && e.code === 'ERR_NETSUITE_INVALID_LOGIN') console.error(e.message) }
 * ```
 */
export class NetSuiteError extends Error {
  /** Stable machine-readable code. */
  readonly code: NetSuiteErrorCode
  /** HTTP status, when an answer came. */
  readonly status: number | undefined
  /** NetSuite's own error code, when it sent one. */
  readonly netsuiteCode: string | undefined
  /** The `error` of `WWW-Authenticate`, when present. */
  readonly wwwAuthenticate: string | undefined
  /** Whether retrying may succeed. */
  readonly retryable: boolean

  constructor(code: NetSuiteErrorCode, message: string, details: NetSuiteErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause })
    this.name = 'NetSuiteError'
    this.code = code
    this.status = details.status
    this.netsuiteCode = details.netsuiteCode
    this.wwwAuthenticate = details.wwwAuthenticate
    this.retryable = details.retryable ?? false
  }
}

/** The failure as the adapters classify it before building the error. */
export interface FailureInfo {
  surface: 'RESTlet' | 'REST' | 'SOAP'
  status?: number
  netsuiteCode?: string
  detail?: string
  wwwAuthenticate?: string
}

const CONCURRENCY_CODES = new Set([
  'SSS_REQUEST_LIMIT_EXCEEDED',
  'WS_REQUEST_BLOCKED',
  'WS_CONCUR_SESSION_DISALLWD',
  'CONCURRENT_REQUEST_LIMIT_EXCEEDED',
])
const LOGIN_CODES =
  /^(INVALID_LOGIN|INVALID_LOGIN_ATTEMPT|INVALID_LOGIN_CREDENTIALS|INVALID_TOKEN|USER_DISABLED|ROLE_REQUIRED)$/
const PERMISSION_TEXT = /permission|not authorized|insufficient/i

/** True when the NetSuite code (or status) means "too many concurrent requests". */
export function isConcurrencyFailure(status: number | undefined, netsuiteCode?: string): boolean {
  return status === 429 || (netsuiteCode !== undefined && CONCURRENCY_CODES.has(netsuiteCode))
}

/** Build the {@link NetSuiteError} for a failed answer. @internal */
export function classifyFailure(info: FailureInfo): NetSuiteError {
  const { surface, status, netsuiteCode, wwwAuthenticate } = info
  const detail = (info.detail ?? '').slice(0, 300)
  const what = `${surface} request failed${status === undefined ? '' : ` with HTTP ${status}`}${netsuiteCode ? ` (${netsuiteCode})` : ''}${detail ? `: ${detail}` : ''}`
  const details = { status, netsuiteCode, wwwAuthenticate }
  if (isConcurrencyFailure(status, netsuiteCode) || status === 503) {
    return new NetSuiteError(
      NetSuiteErrorCodes.CONCURRENCY,
      `${what}. The account concurrency limit (shared by SOAP, REST and RESTlets; see Setup > Integration > Integration Governance) was exceeded and retries ran out; lower the adapters' concurrency or raise retry.maxAttempts.`,
      { ...details, retryable: true },
    )
  }
  if (
    status === 401 ||
    (netsuiteCode !== undefined && LOGIN_CODES.test(netsuiteCode)) ||
    /invalid login/i.test(detail)
  ) {
    const hint = wwwAuthenticate ? WWW_AUTH_HINTS[wwwAuthenticate] : undefined
    const roleHint =
      surface === 'RESTlet' && netsuiteCode === 'INVALID_LOGIN_CREDENTIALS'
        ? ' A role with "Web Services Only" cannot call RESTlets: use another role for the token.'
        : ''
    return new NetSuiteError(
      NetSuiteErrorCodes.INVALID_LOGIN,
      `${what}.${hint ? ` NetSuite says ${wwwAuthenticate}: ${hint}.` : ''}${roleHint} ${wwwAuthenticate === 'invalid_token' ? OAUTH2_INVALID_TOKEN_HINT : INVALID_LOGIN_HINT}`,
      details,
    )
  }
  if (
    status === 403 ||
    PERMISSION_TEXT.test(detail) ||
    netsuiteCode === 'INSUFFICIENT_PERMISSION'
  ) {
    return new NetSuiteError(
      NetSuiteErrorCodes.PERMISSION,
      `${what}. The token's role lacks a permission: give it "Log in using Access Tokens", "${surface === 'SOAP' ? 'Web Services' : surface === 'REST' ? 'REST Web Services' : 'the script deployment audience'}" and the record permission involved (Setup > Users/Roles > Manage Roles).`,
      details,
    )
  }
  if (
    status === 404 ||
    /NOT_FOUND|INVALID_KEY_OR_REF|SSS_INVALID_SCRIPTLET_ID/.test(netsuiteCode ?? '')
  ) {
    return new NetSuiteError(
      NetSuiteErrorCodes.NOT_FOUND,
      `${what}. Check the record id, the script and deploy ids, and that the deployment is released.`,
      details,
    )
  }
  if (surface === 'SOAP' && netsuiteCode !== undefined) {
    return new NetSuiteError(NetSuiteErrorCodes.SOAP_FAULT, `${what}.`, details)
  }
  return new NetSuiteError(NetSuiteErrorCodes.HTTP, `${what}.`, {
    ...details,
    retryable: status !== undefined && status >= 500,
  })
}
