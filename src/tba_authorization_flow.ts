/**
 * NetSuite's three-step TBA authorization flow: a request token signed with the consumer secret
 * alone, the user's consent in the browser, and the exchange for an access token. The result is a
 * token id and secret for {@link createTbaSigner}, without anyone copying secrets from the UI.
 *
 * @module
 */
import { absoluteUrl } from './absolute_url.ts'
import { accountOrigin } from './account_hosts.ts'
import { wwwAuthenticateError } from './www_authenticate.ts'
import { parseAccountId } from './account_id.ts'
import { argumentError, TbaError, TbaErrorCodes } from './errors.ts'
import { NetSuiteError, NetSuiteErrorCodes } from './netsuite_error.ts'
import { createOAuth1Signer } from './oauth1_signer.ts'
import {
  checkRedirectState,
  redirectAccount,
  redirectParams,
  type RedirectAccount,
} from './oauth2/redirect.ts'
import { redact } from './lib/redaction.ts'
import { checkCredential } from './lib/validate.ts'
import type { OAuth1Signer } from './types.ts'

/** Options of {@link createTbaAuthorizationFlow}. */
export interface TbaAuthorizationFlowOptions {
  /** NetSuite account id in any spelling (`1234567`, `1234567_SB1`, `1234567-sb1`). */
  accountId: string
  /** Consumer key of the integration record (TBA: Authorization Flow checked). */
  consumerKey: string
  /** Consumer secret of the integration record. */
  consumerSecret: string
  /**
   * Where NetSuite sends the browser after consent; must match the integration record's Callback
   * URL (NetSuite also accepts any port of `http://localhost` when the record says `http://localhost:*`).
   */
  callbackUrl: string
  /** Origin override for every step (`http://127.0.0.1:8080`, a proxy); default: the account-specific domains. */
  baseUrl?: string
  /** The fetch to use (default: the global one). */
  fetch?: typeof fetch
  /** Clock in seconds since 1970 (default: `Date.now() / 1000`). */
  clock?: () => number
}

/** The unauthorized request token of step one. Pass both fields to step three. */
export interface TbaRequestToken {
  /** The request token (`oauth_token`); it goes into the authorize URL. */
  token: string
  /** Its secret; keep it on the server side until {@link TbaAuthorizationFlow.accessToken}. */
  tokenSecret: string
}

/** The access token of step three: with the consumer key and secret, the four TBA credentials. */
export interface TbaAccessToken {
  /** Token id (`NETSUITE_TOKEN_ID`). */
  tokenId: string
  /** Token secret (`NETSUITE_TOKEN_SECRET`). */
  tokenSecret: string
}

/** What {@link TbaAuthorizationFlow.accessToken} needs. */
export interface TbaAccessTokenRequest {
  /** The request token, as returned in step one and echoed in the callback's `oauth_token`. */
  token: string
  /** The request token's secret from step one. */
  tokenSecret: string
  /** The callback's `oauth_verifier`. Empty when the user clicked Deny. */
  verifier: string
}

/** The callback of step two, read by {@link parseTbaCallback}. */
export interface TbaCallback extends RedirectAccount {
  /** The authorized request token (`oauth_token`). */
  token: string
  /** `oauth_verifier`, for step three. */
  verifier: string
  /** The state, when one was sent (already checked). */
  state?: string
}

/** The three steps bound to one integration record. */
export interface TbaAuthorizationFlow {
  /** Step one: `POST /rest/requesttoken`, signed with the consumer secret and `oauth_callback`. */
  requestToken(): Promise<TbaRequestToken>
  /** Step two: the URL to open in the user's browser (`/app/login/secure/authorizetoken.nl`). */
  authorizeUrl(token: string, options?: { state?: string }): string
  /** Step three: `POST /rest/accesstoken`, signed with the request token secret and `oauth_verifier`. */
  accessToken(request: TbaAccessTokenRequest): Promise<TbaAccessToken>
}

// The answers of steps one and three are OAuth 1.0a form documents (RFC 5849 §2.1, §2.3); the
// field names are the RFC's. Kept here, in one place, so a difference on a live account is a
// one-line change.
const FIELD_TOKEN = 'oauth_token'
const FIELD_SECRET = 'oauth_token_secret'
const FIELD_CONFIRMED = 'oauth_callback_confirmed'

/** What to do for each error name of NetSuite's "Error Messages for the TBA Authorization Flow". */
export const TBA_FLOW_ERROR_HINTS: Readonly<Record<string, string>> = {
  UnknownIntegration:
    'no integration record has this consumer key: check the key, or reset the credentials on the integration record (Setup > Integration > Manage Integrations)',
  IntegrationBlocked:
    'the integration record is blocked: open it (Setup > Integration > Manage Integrations), set State to Enabled and save',
  AuthorizationFlowRequired:
    'the integration record does not use the flow: check "TBA: Authorization Flow" on it and enter the Callback URL',
  InvalidTimestamp:
    "the request time is more than 5 minutes from NetSuite's: synchronise the clock (NTP) and do not queue signed requests",
  InvalidSignature:
    'the signature is wrong: check the consumer secret (and, in step three, that the request token secret is the one step one returned)',
  InvalidCallback:
    'the callback URL differs from the Callback URL on the integration record: make them equal (for a local listener the record may say http://localhost:*)',
  MissingRequiredParameter:
    'a required parameter is missing: the callback URL in step one, or the token and verifier in step three',
  NonceRejected:
    'the nonce was refused (too short or already used): sign every attempt afresh with 20 random letters and digits',
  InvalidToken:
    'the request token is unknown, expired or already exchanged: start again at step one',
  InvalidVerifier:
    'the verifier does not belong to this request token: use the oauth_verifier of the same callback',
}

const KNOWN_ERROR = new RegExp(`\\b(${Object.keys(TBA_FLOW_ERROR_HINTS).join('|')})\\b`)

function checkString(value: unknown, name: string, allowEmpty = false): string {
  if (typeof value !== 'string') {
    throw argumentError(
      `${name} must be a string, got ${value === null ? 'null' : typeof value}`,
      'ERR_INVALID_ARG_TYPE',
    )
  }
  if (!allowEmpty && value === '') {
    throw new TbaError(TbaErrorCodes.INVALID_CREDENTIAL, `${name} is empty.`)
  }
  return value
}

function checkAbsoluteUrl(value: unknown, name: string): URL {
  return absoluteUrl(
    checkString(value, name),
    `${name} ${JSON.stringify(String(value).slice(0, 100))} is not an absolute URL.`,
  )
}

/** Parse a form (or JSON) answer into a map; undefined when it is neither. */
function parseAnswer(text: string): Map<string, string> {
  const trimmed = text.trim()
  if (trimmed.startsWith('{')) {
    try {
      const value = JSON.parse(trimmed) as Record<string, unknown>
      return new Map(
        Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'),
      )
    } catch {
      return new Map()
    }
  }
  return new Map(new URLSearchParams(trimmed))
}

/** NetSuite's error name in a refused step's answer (JSON, form, `WWW-Authenticate` or text). */
function errorName(response: Response, text: string): string | undefined {
  const trimmed = text.trim()
  if (trimmed.startsWith('{')) {
    try {
      const value = JSON.parse(trimmed) as {
        error?: string | { code?: unknown }
        code?: unknown
        'o:errorCode'?: unknown
      }
      const code =
        typeof value.error === 'string'
          ? value.error
          : (value.error?.code ?? value.code ?? value['o:errorCode'])
      if (typeof code === 'string' && code !== '') return code.slice(0, 80)
    } catch {
      /* not JSON: look for the name in the text */
    }
  }
  const form = new URLSearchParams(trimmed.includes('=') && !trimmed.includes(' ') ? trimmed : '')
  const fromForm = form.get('error') ?? form.get('oauth_problem')
  if (fromForm) return fromForm.slice(0, 80)
  const fromHeader = wwwAuthenticateError(response)?.slice(0, 80)
  if (fromHeader) return fromHeader
  return KNOWN_ERROR.exec(trimmed)?.[1]
}

function denied(): NetSuiteError {
  return new NetSuiteError(
    NetSuiteErrorCodes.AUTHORIZATION_DENIED,
    'The callback carried an empty oauth_verifier: the user clicked Deny on the consent page (or the role cannot grant tokens). Ask the user to start again and click Allow, with a role that has "Log in using Access Tokens".',
    { netsuiteCode: 'AuthorizationDenied' },
  )
}

/**
 * Read the callback of step two (the full URL the browser was sent to, a query string, a URL or
 * URLSearchParams). With `state`, the callback must carry exactly that state. An empty
 * `oauth_verifier` (the user clicked Deny) throws `ERR_NETSUITE_AUTHORIZATION_DENIED`.
 *
 * @throws {@link TbaError} `ERR_TBA_STATE_MISMATCH` or `ERR_TBA_INVALID_REDIRECT`.
 */
export function parseTbaCallback(
  input: string | URL | URLSearchParams,
  check: { state?: string } = {},
): TbaCallback {
  const params = redirectParams(input)
  if (typeof check !== 'object' || check === null) {
    throw argumentError('parseTbaCallback() options must be an object', 'ERR_INVALID_ARG_TYPE')
  }
  const state = check.state === undefined ? undefined : checkRedirectState(params, check.state)
  const token = params.get('oauth_token')
  const verifier = params.get('oauth_verifier')
  if (!token || verifier === null) {
    throw new TbaError(
      TbaErrorCodes.INVALID_REDIRECT,
      'The callback carries no oauth_token and oauth_verifier: paste the address the browser was sent to after clicking Allow.',
    )
  }
  if (verifier === '') throw denied()
  const account = redirectAccount(params)
  return redact(
    { token, verifier, ...(state === undefined ? {} : { state }), ...account },
    'TbaCallback',
    { token, ...account },
  )
}

function stepError(step: string, response: Response, text: string): NetSuiteError {
  const name = errorName(response, text)
  const hint = name === undefined ? undefined : TBA_FLOW_ERROR_HINTS[name]
  const message = `The TBA authorization flow's ${step} was refused with HTTP ${response.status}${name ? ` (${name})` : ''}: ${
    hint ??
    'see the Login Audit Trail (Setup > Users/Roles > User Management > View Login Audit Trail, add the Detail column) for the reason'
  }.`
  return new NetSuiteError(NetSuiteErrorCodes.TBA_FLOW_REFUSED, message, {
    status: response.status,
    ...(name === undefined ? {} : { netsuiteCode: name }),
    retryable: response.status >= 500 || name === 'InvalidTimestamp' || name === 'NonceRejected',
  })
}

function malformed(step: string, response: Response, what: string): NetSuiteError {
  return new NetSuiteError(
    NetSuiteErrorCodes.TBA_FLOW_REFUSED,
    `The TBA authorization flow's ${step} answered HTTP ${response.status} without ${what}; check that baseUrl points at NetSuite (or the simulator) and not at a proxy that rewrites the answer.`,
    { status: response.status },
  )
}

/** POST a signed step and read the token and secret of its answer. */
async function tokenStep(
  fetchFn: typeof fetch,
  step: string,
  url: string,
  signer: OAuth1Signer,
  oauthParams: Record<string, string>,
  what: string,
): Promise<{
  response: Response
  fields: Map<string, string>
  token: string
  tokenSecret: string
}> {
  const { response, text } = await post(fetchFn, url, signer, oauthParams, step)
  if (!response.ok) throw stepError(step, response, text)
  const fields = parseAnswer(text)
  const token = fields.get(FIELD_TOKEN)
  const tokenSecret = fields.get(FIELD_SECRET)
  if (!token || !tokenSecret) throw malformed(step, response, what)
  return { response, fields, token, tokenSecret }
}

async function post(
  fetchFn: typeof fetch,
  url: string,
  signer: OAuth1Signer,
  oauthParams: Record<string, string>,
  step: string,
): Promise<{ response: Response; text: string }> {
  const { authorization } = await signer.sign({ method: 'POST', url, oauthParams })
  let response: Response
  try {
    response = await fetchFn(url, {
      method: 'POST',
      headers: { authorization, accept: 'application/x-www-form-urlencoded, application/json' },
    })
  } catch (error) {
    throw new NetSuiteError(
      NetSuiteErrorCodes.NETWORK,
      `The TBA authorization flow's ${step} could not reach ${new URL(url).origin}: ${(error as Error)?.message ?? String(error)}.`,
      { retryable: true, cause: error },
    )
  }
  return { response, text: await response.text() }
}

/**
 * Create NetSuite's three-step TBA authorization flow for one integration record (Token-based
 * Authentication and "TBA: Authorization Flow" checked, Callback URL set).
 *
 * @example
 * ```ts
 * const flow = createTbaAuthorizationFlow({ accountId, consumerKey, consumerSecret, callbackUrl: 'https://app.example.com/netsuite/callback' })
 * const { token, tokenSecret } = await flow.requestToken()
 * redirect(flow.authorizeUrl(token, { state }))
 * // …in the callback handler, after checking state:
 * const { tokenId, tokenSecret: secret } = await flow.accessToken({ token, tokenSecret, verifier: query.get('oauth_verifier') ?? '' })
 * ```
 *
 * @throws `TypeError` (`ERR_INVALID_ARG_TYPE`) or {@link TbaError} for a bad option.
 */
export function createTbaAuthorizationFlow(
  options: TbaAuthorizationFlowOptions,
): TbaAuthorizationFlow {
  if (typeof options !== 'object' || options === null) {
    throw argumentError(
      'createTbaAuthorizationFlow() needs { accountId, consumerKey, consumerSecret, callbackUrl }',
      'ERR_INVALID_ARG_TYPE',
    )
  }
  const { accountId, realm } = parseAccountId(options.accountId)
  // NetSuite's credentials, so NetSuite's checks (the generic OAuth 1.0a signer accepts more).
  const consumerKey = checkCredential(options.consumerKey, 'consumerKey')
  const consumerSecret = checkCredential(options.consumerSecret, 'consumerSecret', { secret: true })
  const callbackUrl = checkAbsoluteUrl(options.callbackUrl, 'callbackUrl').href
  let base: string | undefined
  if (options.baseUrl !== undefined) {
    const url = checkAbsoluteUrl(options.baseUrl, 'baseUrl')
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new TbaError(TbaErrorCodes.INVALID_URL, 'baseUrl must be an http(s) URL.')
    }
    base = url.href.replace(/\/+$/, '')
  }
  if (options.fetch !== undefined && typeof options.fetch !== 'function') {
    throw argumentError('fetch must be a function', 'ERR_INVALID_ARG_TYPE')
  }
  if (options.clock !== undefined && typeof options.clock !== 'function') {
    throw argumentError('clock must be a function', 'ERR_INVALID_ARG_TYPE')
  }
  const fetchFn: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init))
  const clock = options.clock
  const restlets = base ?? accountOrigin(accountId, 'restlets')
  const app = base ?? accountOrigin(accountId, 'app')
  const signerFor = (token?: string, tokenSecret?: string): OAuth1Signer =>
    createOAuth1Signer({
      consumerKey,
      consumerSecret,
      realm,
      signatureMethod: 'HMAC-SHA256',
      ...(token === undefined ? {} : { token, tokenSecret }),
      ...(clock === undefined ? {} : { clock }),
    })
  // Validates the consumer key and secret now rather than at the first request.
  const stepOneSigner = signerFor()

  const flow: TbaAuthorizationFlow = {
    async requestToken() {
      const { response, fields, token, tokenSecret } = await tokenStep(
        fetchFn,
        'request token step (step one)',
        `${restlets}/rest/requesttoken`,
        stepOneSigner,
        { oauth_callback: callbackUrl },
        'a request token',
      )
      const confirmed = fields.get(FIELD_CONFIRMED)
      if (confirmed !== undefined && confirmed !== 'true') {
        throw new NetSuiteError(
          NetSuiteErrorCodes.TBA_FLOW_REFUSED,
          `NetSuite did not confirm the callback URL (${FIELD_CONFIRMED}=${JSON.stringify(confirmed.slice(0, 20))}): ${TBA_FLOW_ERROR_HINTS.InvalidCallback}.`,
          { status: response.status, netsuiteCode: 'InvalidCallback' },
        )
      }
      return redact({ token, tokenSecret }, 'TbaRequestToken', { token })
    },

    authorizeUrl(token, authorizeOptions = {}) {
      checkString(token, 'token')
      if (typeof authorizeOptions !== 'object' || authorizeOptions === null) {
        throw argumentError('authorizeUrl() options must be an object', 'ERR_INVALID_ARG_TYPE')
      }
      const url = new URL(`${app}/app/login/secure/authorizetoken.nl`)
      url.searchParams.set('oauth_token', token)
      const { state } = authorizeOptions
      if (state !== undefined) {
        // NetSuite: optional, at most 512 letters and digits.
        if (typeof state !== 'string' || !/^[A-Za-z0-9]{1,512}$/.test(state)) {
          throw argumentError(
            'state must be 1–512 ASCII letters and digits (NetSuite refuses other characters in this flow); generateState() makes one',
            typeof state === 'string' ? 'ERR_INVALID_ARG_VALUE' : 'ERR_INVALID_ARG_TYPE',
          )
        }
        url.searchParams.set('state', state)
      }
      return url.href
    },

    async accessToken(request) {
      if (typeof request !== 'object' || request === null) {
        throw argumentError(
          'accessToken() needs { token, tokenSecret, verifier }',
          'ERR_INVALID_ARG_TYPE',
        )
      }
      const token = checkCredential(request.token, 'token')
      const tokenSecret = checkCredential(request.tokenSecret, 'tokenSecret', { secret: true })
      const verifier = checkString(request.verifier, 'verifier', true)
      if (verifier === '') throw denied()
      const answer = await tokenStep(
        fetchFn,
        'access token step (step three)',
        `${restlets}/rest/accesstoken`,
        signerFor(token, tokenSecret),
        { oauth_verifier: verifier },
        'an access token',
      )
      const { token: tokenId, tokenSecret: secret } = answer
      return redact({ tokenId, tokenSecret: secret }, 'TbaAccessToken', { tokenId })
    },
  }
  return redact(flow, 'TbaAuthorizationFlow', { accountId, consumerKey, callbackUrl })
}
