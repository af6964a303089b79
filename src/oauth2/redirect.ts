/**
 * Reading the redirect NetSuite sends the browser to after consent: OAuth 2.0's `code` (or `error`)
 * and the TBA flow's `oauth_token`/`oauth_verifier`, both with `state`, `company`, `role` and
 * `entity`. A refusal or a `state` that does not match is a typed error, so no token request is
 * ever made for an untrusted redirect.
 *
 * @module
 */
import { argumentError, TbaError, TbaErrorCodes } from '../errors.ts'
import { NetSuiteError, NetSuiteErrorCodes, type NetSuiteErrorCode } from '../netsuite_error.ts'
import { redact } from '../lib/redaction.ts'
import { statesEqual } from './pkce.ts'

/** The NetSuite user and role the consent was given for (redirect parameters). */
export interface RedirectAccount {
  /** `company`: the account id, to use for the token host when it was not known before. */
  company?: string
  /** `role`: the internal id of the role the token is for. */
  role?: string
  /** `entity`: the internal id of the user. */
  entity?: string
}

/** A successful OAuth 2.0 authorization redirect. */
export interface AuthorizationRedirect extends RedirectAccount {
  /** The authorization code: exchange it at once (it is valid briefly and once). */
  code: string
  /** The state, already checked against the one sent. */
  state: string
}

/** What {@link parseAuthorizationRedirect} checks against. */
export interface RedirectCheck {
  /** The state sent with the authorize URL; the redirect must carry exactly this one. */
  state: string
}

const ERROR_CODES: Record<string, NetSuiteErrorCode> = {
  access_denied: NetSuiteErrorCodes.AUTHORIZATION_DENIED,
  invalid_request: NetSuiteErrorCodes.OAUTH2_INVALID_REQUEST,
  unauthorized_client: NetSuiteErrorCodes.OAUTH2_UNAUTHORIZED_CLIENT,
  invalid_scope: NetSuiteErrorCodes.OAUTH2_INVALID_SCOPE,
  server_error: NetSuiteErrorCodes.OAUTH2_SERVER_ERROR,
}

const INTEGRATION_RECORD = 'the integration record (Setup > Integration > Manage Integrations)'

/** The set-up step for each `error` of NetSuite's authorization endpoint. */
export const AUTHORIZATION_ERROR_HINTS: Readonly<Record<string, string>> = {
  access_denied:
    'the user clicked Deny, or the role cannot grant access (it needs "Log in using OAuth 2.0 Access Tokens"); start again and click Allow',
  invalid_request: `a parameter was refused: state must be 22–1024 printable characters, code_challenge_method S256 with a code_challenge (public clients must send one), and the redirect URI one of those on ${INTEGRATION_RECORD}`,
  unauthorized_client: `the client may not use this grant: check "Authorization Code Grant" on ${INTEGRATION_RECORD}, that its State is Enabled and that the OAuth 2.0 feature is on`,
  invalid_scope: `a scope asked for is not checked on ${INTEGRATION_RECORD} (RESTlets, REST Web Services, SuiteAnalytics Connect)`,
  unsupported_response_type: 'the authorize URL must say response_type=code',
  server_error: 'NetSuite failed; try again later',
  login_required:
    'prompt=none was sent but the user has no NetSuite session; send the user without prompt=none',
  consent_required:
    'prompt=none was sent but the user has not consented yet; send the user without prompt=none',
}

/**
 * The query parameters of a redirect: a full URL as the browser shows it (also a custom scheme such
 * as `myapp://callback?code=…`), a bare query string, a `URL` or `URLSearchParams`.
 */
export function redirectParams(input: string | URL | URLSearchParams): URLSearchParams {
  if (input instanceof URLSearchParams) return input
  if (input instanceof URL) return input.searchParams
  if (typeof input !== 'string') {
    throw argumentError(
      'Pass the redirect as the full URL the browser was sent to (a string), a URL or URLSearchParams.',
      'ERR_INVALID_ARG_TYPE',
    )
  }
  const text = input.trim()
  try {
    return new URL(text).searchParams
  } catch {
    if (/^\??[^\s?#/:]+=/.test(text)) return new URLSearchParams(text.replace(/^\?/, ''))
    throw new TbaError(
      TbaErrorCodes.INVALID_REDIRECT,
      'The redirect is not a URL: paste the whole address the browser was sent to after clicking Allow (it contains "code=" or "oauth_verifier=").',
    )
  }
}

/** Throw {@link TbaError} `ERR_TBA_STATE_MISMATCH` unless the redirect carries the expected state. */
export function checkRedirectState(params: URLSearchParams, expected: unknown): string {
  if (typeof expected !== 'string' || expected === '') {
    throw argumentError(
      'Pass the state sent with the authorize URL ({ state }) so the redirect can be checked.',
      'ERR_INVALID_ARG_TYPE',
    )
  }
  const received = params.get('state')
  if (!statesEqual(expected, received)) {
    throw new TbaError(
      TbaErrorCodes.STATE_MISMATCH,
      received === null
        ? 'The redirect carries no state: it does not answer the authorization started here. Start again; do not exchange its code.'
        : 'The redirect carries another state than the one sent: it does not answer the authorization started here (an old tab, or a forged link). Start again; do not exchange its code.',
    )
  }
  return received as string
}

/** The `company`, `role` and `entity` parameters that are present. */
export function redirectAccount(params: URLSearchParams): RedirectAccount {
  const out: RedirectAccount = {}
  for (const name of ['company', 'role', 'entity'] as const) {
    const value = params.get(name)
    if (value !== null && value !== '') out[name] = value.slice(0, 64)
  }
  return out
}

/** The typed error for an `error` redirect of the authorization endpoint. */
export function authorizationError(params: URLSearchParams): NetSuiteError {
  const value = (params.get('error') ?? '').slice(0, 60)
  const description = params.get('error_description')
  const code = ERROR_CODES[value] ?? NetSuiteErrorCodes.OAUTH2_INVALID_RESPONSE
  const hint =
    AUTHORIZATION_ERROR_HINTS[value] ??
    'see the Login Audit Trail (Setup > Users/Roles > User Management > View Login Audit Trail, add the Detail column)'
  return new NetSuiteError(
    code,
    `NetSuite refused the authorization with error=${value}${description ? ` (${description.replace(/\s+/g, ' ').slice(0, 200)})` : ''}: ${hint}.`,
    { netsuiteCode: value, retryable: value === 'server_error' },
  )
}

/**
 * Parse NetSuite's OAuth 2.0 redirect and check its state. An `error` redirect throws a
 * {@link NetSuiteError} (`ERR_NETSUITE_AUTHORIZATION_DENIED` for Deny, `ERR_NETSUITE_OAUTH2_*`
 * otherwise); a missing or different state throws `ERR_TBA_STATE_MISMATCH`, also when the redirect
 * carries an error, so a forged link cannot even show one.
 *
 * @example
 * ```ts
 * const { code } = parseAuthorizationRedirect(request.url, { state: session.state })
 * const tokens = await client.exchangeCode({ code, codeVerifier: session.codeVerifier })
 * ```
 */
export function parseAuthorizationRedirect(
  input: string | URL | URLSearchParams,
  check: RedirectCheck,
): AuthorizationRedirect {
  if (typeof check !== 'object' || check === null) {
    throw argumentError(
      'parseAuthorizationRedirect() needs { state }: the state sent with the authorize URL.',
      'ERR_INVALID_ARG_TYPE',
    )
  }
  const params = redirectParams(input)
  const state = checkRedirectState(params, check.state)
  if (params.has('error')) throw authorizationError(params)
  const code = params.get('code')
  if (code === null || !/^[\x21-\x7e]{1,4096}$/.test(code)) {
    throw new TbaError(
      TbaErrorCodes.INVALID_REDIRECT,
      code === null
        ? 'The redirect carries neither code nor error: paste the address the browser was sent to after clicking Allow.'
        : 'The redirect carries a malformed code.',
    )
  }
  const account = redirectAccount(params)
  // The code is a credential until it is exchanged: hidden from JSON.stringify and inspect.
  return redact({ code, state, ...account }, 'AuthorizationRedirect', { ...account })
}
