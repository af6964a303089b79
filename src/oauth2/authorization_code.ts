/**
 * `createAuthorizationCodeClient`: NetSuite's OAuth 2.0 authorization code grant with PKCE (S256
 * always), for applications that act for a NetSuite user: the authorize URL, the code exchange,
 * refresh, revoke, and an `auth` object for the RESTlet and REST clients that refreshes by itself.
 *
 * Refresh rules (NetSuite): a confidential client (with a client secret) gets no new refresh token
 * on refresh, so its refresh token is a hard 7-day horizon; a public client gets a new one-time
 * refresh token with every refresh, which must be stored in place of the old one.
 *
 * @module
 */
import { absoluteUrl } from '../absolute_url.ts'
import { accountOrigin } from '../account_hosts.ts'
import { parseAccountId } from '../account_id.ts'
import { argumentError, TbaError, TbaErrorCodes } from '../errors.ts'
import { NetSuiteError, NetSuiteErrorCodes } from '../netsuite_error.ts'
import { parseJsonObject } from '../http_client.ts'
import { redact } from '../lib/redaction.ts'
import { fromBase64url } from './base64url.ts'
import { bearerTokens } from './bearer_auth.ts'
import {
  checkFunction,
  checkNumber,
  checkScopes,
  checkString,
  clockSeconds,
  INTEGRATION_RECORD,
} from './options.ts'
import { checkCodeVerifier, codeChallenge, generateCodeVerifier, generateState } from './pkce.ts'
import { parseAuthorizationRedirect, type RedirectAccount } from './redirect.ts'
import {
  clientIdInBody,
  clientSecretBasic,
  requestToken,
  tokenEndpointUrl,
  TOKEN_ENDPOINT_PATH,
  tokenEndpointError,
  type ClientAuthentication,
  type TokenErrorHints,
} from './token_endpoint.ts'
import type { OAuth2Scope, OAuth2Token, RequestAuth } from './types.ts'

/** Options of {@link createAuthorizationCodeClient}. */
export interface AuthorizationCodeClientOptions {
  /** NetSuite account id in any spelling (`1234567`, `1234567_SB1`, `1234567-sb1`). */
  accountId: string
  /** Client ID of the integration record (Authorization Code Grant checked). */
  clientId: string
  /** Client secret: a confidential client. Omit it for a public client (Public Client checked). */
  clientSecret?: string
  /**
   * One of the Redirect URIs of the integration record, exactly. NetSuite accepts `https://` and
   * custom schemes (`myapp://callback`); `http://` only for loopback addresses (the simulator).
   */
  redirectUri: string
  /** Scopes to ask for (default `['restlets', 'rest_webservices']`). */
  scopes?: readonly OAuth2Scope[]
  /** Origin override for every endpoint (simulator, proxy). */
  baseUrl?: string
  /** The fetch to use (default: the global one). */
  fetch?: typeof fetch
  /** Clock in seconds since 1970 (default `Date.now() / 1000`). */
  clock?: () => number
  /** Token endpoint timeout in milliseconds (default 60,000). */
  timeoutMs?: number
  /**
   * Public clients: the integration record's Refresh Token Validity in hours (1–720, default 48),
   * used for `refreshTokenExpiresAt`. Confidential clients' refresh tokens last 7 days.
   */
  refreshTokenValidityHours?: number
}

/** Options of {@link AuthorizationCodeClient.authorizationUrl}. */
export interface AuthorizationUrlOptions {
  /** Your own state (22–1024 printable characters); a fresh random one when omitted. */
  state?: string
  /** `none`, `login`, `consent`, `login consent` or `consent login`. */
  prompt?: 'none' | 'login' | 'consent' | 'login consent' | 'consent login'
}

/** What {@link AuthorizationCodeClient.authorizationUrl} returns. Keep `state` and `codeVerifier` server-side. */
export interface AuthorizationRequest {
  /** Send the user's browser here. */
  url: string
  /** Compare the redirect's state with it ({@link parseAuthorizationRedirect}). */
  state: string
  /** Pass it to {@link AuthorizationCodeClient.exchangeCode}. */
  codeVerifier: string
}

/** The tokens of the authorization code grant. Hidden from `JSON.stringify` and inspect. */
export interface AuthorizationCodeTokens {
  /** The Bearer token (60 minutes). */
  accessToken: string
  /** The refresh token: store it (public clients: replace the old one after each refresh). */
  refreshToken: string
  /** When the access token expires, in milliseconds since 1970. */
  expiresAt: number
  /** When the refresh token expires (ms since 1970), when known: then the user must authorize again. */
  refreshTokenExpiresAt?: number
  /** Scopes granted. */
  scope: string[]
}

/** Options of {@link AuthorizationCodeClient.auth}. */
export interface AuthorizationCodeAuthOptions {
  /** Called with the new tokens after every refresh: store them (public clients must). */
  onTokens?: (tokens: AuthorizationCodeTokens) => void | Promise<void>
}

/** An auth for the RESTlet and REST clients' `auth` option, backed by a refresh token. */
export interface AuthorizationCodeAuth extends RequestAuth {
  readonly scheme: 'oauth2'
  readonly accountId: string
  /** Valid tokens: the current ones, or refreshed ones (one refresh serves concurrent callers). */
  token(): Promise<AuthorizationCodeTokens>
  /** The same request with `Authorization: Bearer …`, refreshing first when needed. */
  authorize(request: Request): Promise<Request>
  /** The tokens as they are now (after any refresh). */
  tokens(): AuthorizationCodeTokens
  /** Called by the clients on 401 `invalid_token`: the next call refreshes. */
  unauthorized(request: Request, response: Response): boolean
}

/** The authorization code grant bound to one integration record. */
export interface AuthorizationCodeClient {
  /** Canonical account id. */
  readonly accountId: string
  /** Confidential (client secret) or public client. */
  readonly clientType: 'confidential' | 'public'
  /** Step one: the authorize URL with a fresh state and PKCE S256 challenge. */
  authorizationUrl(options?: AuthorizationUrlOptions): Promise<AuthorizationRequest>
  /** Step two: exchange the redirect's code (use it at once; it is valid briefly and once). */
  exchangeCode(request: { code: string; codeVerifier: string }): Promise<AuthorizationCodeTokens>
  /** Check the redirect (state, error) and exchange its code in one call. */
  completeAuthorization(
    redirect: string | URL | URLSearchParams,
    request: { state: string; codeVerifier: string },
  ): Promise<AuthorizationCodeTokens & RedirectAccount>
  /**
   * A new access token. Public clients also get a new refresh token (the old one is spent);
   * confidential clients keep theirs. Pass the tokens object to carry `refreshTokenExpiresAt`.
   */
  refresh(refreshToken: string | AuthorizationCodeTokens): Promise<AuthorizationCodeTokens>
  /** Revoke a refresh token and the access tokens issued with it. */
  revoke(refreshToken: string | AuthorizationCodeTokens): Promise<void>
  /** An auth for the clients' `auth` option that refreshes when needed. */
  auth(
    tokens: AuthorizationCodeTokens,
    options?: AuthorizationCodeAuthOptions,
  ): AuthorizationCodeAuth
}

const PROMPTS = ['none', 'login', 'consent', 'login consent', 'consent login']
/** NetSuite: a confidential client's refresh token is valid for seven days. */
export const CONFIDENTIAL_REFRESH_TOKEN_MS: number = 7 * 24 * 3600 * 1000
/** Access tokens are refreshed this long before they expire. */
const RENEW_MARGIN_MS = 60_000
/** Path of the revoke endpoint on the SuiteTalk domain. */
export const REVOKE_ENDPOINT_PATH = '/services/rest/auth/oauth2/v1/revoke'
const RECORD = INTEGRATION_RECORD
const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|\[::1\])$/

/** The set-up step behind each token endpoint error of the authorization code grant. */
export const AUTHORIZATION_CODE_HINTS: Readonly<TokenErrorHints> = {
  invalid_request:
    'The token request was malformed: the code, redirect_uri and code_verifier must all be sent, and only one client authentication (Basic for confidential clients, client_id in the body for public ones).',
  invalid_client: `NetSuite did not accept the client: check the Client ID and Client Secret of ${RECORD} (shown once, when it is saved; Reset Credentials makes new ones), that Public Client matches whether you pass a clientSecret, and that its State is Enabled.`,
  invalid_grant: `The code or refresh token was refused: codes are valid briefly and once, and only with the same redirect URI and code_verifier as step one; refresh tokens expire (confidential clients: 7 days; public clients: the record's Refresh Token Validity, and each is used once) or were revoked. Send the user through authorization again.`,
  unauthorized_client: `This client may not use the grant: check "Authorization Code Grant" on the Authentication subtab of ${RECORD}.`,
  unsupported_grant_type:
    'NetSuite did not accept the grant_type: check that the OAuth 2.0 feature is enabled (Setup > Company > Enable Features > SuiteCloud > Manage Authentication).',
  invalid_scope: `A scope asked for is not checked on ${RECORD}: tick its box (RESTlets, REST Web Services, SuiteAnalytics Connect) or change the scopes option.`,
}

/** Codes, tokens and URIs can be long: up to 4096 characters. */
const check = (value: unknown, name: string, hint: string): string =>
  checkString(value, name, hint, 4096)

function checkRedirectUri(value: unknown): string {
  check(value, 'redirectUri', `one of the Redirect URIs of ${RECORD}`)
  const url = absoluteUrl(
    value as string,
    `redirectUri must be an absolute URL exactly as on ${RECORD}.`,
  )
  if (url.protocol === 'http:' && !LOOPBACK.test(url.hostname))
    throw new TbaError(
      TbaErrorCodes.INVALID_URL,
      'NetSuite accepts only https:// or a custom scheme (myapp://callback) as an OAuth 2.0 redirect URI, never http://.',
    )
  if (url.hash !== '')
    throw new TbaError(TbaErrorCodes.INVALID_URL, 'redirectUri must not contain a #fragment.')
  return value as string
}

function hideTokens(tokens: AuthorizationCodeTokens): AuthorizationCodeTokens {
  return redact(tokens, 'AuthorizationCodeTokens', {
    expiresAt: tokens.expiresAt,
    ...(tokens.refreshTokenExpiresAt === undefined
      ? {}
      : { refreshTokenExpiresAt: tokens.refreshTokenExpiresAt }),
    scope: tokens.scope,
  })
}

/** The `exp` of a JWT refresh token in ms, when it is one (NetSuite's are); else undefined. */
function jwtExpiryMs(token: string): number | undefined {
  const part = token.split('.')[1]
  if (part === undefined || token.split('.').length !== 3) return undefined
  try {
    const text = fromBase64url(part)
    const exp = (JSON.parse(text) as { exp?: unknown }).exp
    return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : undefined
  } catch {
    return undefined
  }
}

/** The typed error that tells the user to authorize again. */
function consentRequired(why: string, cause?: unknown): NetSuiteError {
  return new NetSuiteError(
    NetSuiteErrorCodes.OAUTH2_CONSENT_REQUIRED,
    `${why} The user must authorize the application again: send them to a new authorizationUrl() (from a terminal: netsuite-tba login --oauth2) and store the tokens it yields.`,
    { netsuiteCode: 'invalid_grant', ...(cause === undefined ? {} : { cause }) },
  )
}

/**
 * Create an OAuth 2.0 authorization code client (PKCE S256 always) for one integration record.
 *
 * @example
 * ```ts
 * import { createAuthorizationCodeClient } from 'netsuite-tba/oauth2'
 * const client = createAuthorizationCodeClient({ accountId, clientId, clientSecret, redirectUri: 'https://app.example.com/netsuite/callback' })
 * const { url, state, codeVerifier } = await client.authorizationUrl()
 * // …redirect the user to url; in the callback handler:
 * const tokens = await client.completeAuthorization(request.url, { state, codeVerifier })
 * const rest = createRestClient({ auth: client.auth(tokens, { onTokens: save }) })
 * ```
 *
 * @throws `TypeError` (`ERR_INVALID_ARG_*`) or {@link TbaError} for a malformed option.
 */
export function createAuthorizationCodeClient(
  options: AuthorizationCodeClientOptions,
): AuthorizationCodeClient {
  if (typeof options !== 'object' || options === null)
    throw argumentError(
      'Pass { accountId, clientId, clientSecret?, redirectUri } to createAuthorizationCodeClient().',
      'ERR_INVALID_ARG_TYPE',
    )
  const { accountId } = parseAccountId(options.accountId)
  const clientId = check(options.clientId, 'clientId', `the Client ID of ${RECORD}`)
  const clientSecret =
    options.clientSecret === undefined
      ? undefined
      : check(options.clientSecret, 'clientSecret', `the Client Secret of ${RECORD}`)
  const isPublic = clientSecret === undefined
  const redirectUri = checkRedirectUri(options.redirectUri)
  const scopes = checkScopes(options.scopes)
  const tokenUrl = tokenEndpointUrl({
    accountId,
    ...(options.baseUrl !== undefined ? { baseUrl: options.baseUrl } : {}),
  })
  const base = tokenUrl.slice(0, -TOKEN_ENDPOINT_PATH.length)
  const revokeUrl = base + REVOKE_ENDPOINT_PATH
  const authorizeBase = options.baseUrl !== undefined ? base : accountOrigin(accountId, 'app')
  const fetchFn = checkFunction(options.fetch, 'fetch')
  const nowSeconds = clockSeconds(options.clock)
  const timeoutMs =
    options.timeoutMs === undefined
      ? 60_000
      : checkNumber(options.timeoutMs, 'timeoutMs', 1, 3_600_000)
  const publicRefreshMs =
    (options.refreshTokenValidityHours === undefined
      ? 48
      : checkNumber(options.refreshTokenValidityHours, 'refreshTokenValidityHours', 1, 720)) *
    3600_000
  const nowMs = (): number => nowSeconds() * 1000
  const clientAuthentication: ClientAuthentication = isPublic
    ? clientIdInBody(clientId)
    : clientSecretBasic(clientId, clientSecret)

  const callToken = (grantType: string, params: Record<string, string>): Promise<OAuth2Token> => {
    const started = nowMs()
    return requestToken({
      tokenUrl,
      grantType,
      params,
      clientAuthentication,
      scopes,
      hints: AUTHORIZATION_CODE_HINTS,
      nowMs: () => started,
      timeoutMs,
      ...(fetchFn ? { fetch: fetchFn } : {}),
    })
  }

  const refreshExpiry = (refreshToken: string, issuedAt: number): number =>
    jwtExpiryMs(refreshToken) ??
    issuedAt + (isPublic ? publicRefreshMs : CONFIDENTIAL_REFRESH_TOKEN_MS)

  const client: AuthorizationCodeClient = {
    accountId,
    clientType: isPublic ? 'public' : 'confidential',

    async authorizationUrl(urlOptions = {}) {
      if (typeof urlOptions !== 'object' || urlOptions === null)
        throw argumentError('authorizationUrl() options must be an object.', 'ERR_INVALID_ARG_TYPE')
      let state: string
      if (urlOptions.state === undefined) state = generateState()
      else if (typeof urlOptions.state !== 'string')
        throw argumentError('state must be a string.', 'ERR_INVALID_ARG_TYPE')
      else if (!/^[\x20-\x7e]{22,1024}$/.test(urlOptions.state))
        throw argumentError(
          'state must be 22–1024 printable ASCII characters (NetSuite refuses others); omit it for a random one.',
          'ERR_INVALID_ARG_VALUE',
        )
      else state = urlOptions.state
      if (urlOptions.prompt !== undefined && !PROMPTS.includes(urlOptions.prompt))
        throw argumentError(
          `prompt must be one of ${PROMPTS.map((p) => `"${p}"`).join(', ')}.`,
          'ERR_INVALID_ARG_VALUE',
        )
      const codeVerifier = generateCodeVerifier()
      const url = new URL(`${authorizeBase}/app/login/oauth2/authorize.nl`)
      url.searchParams.set('response_type', 'code')
      url.searchParams.set('client_id', clientId)
      url.searchParams.set('redirect_uri', redirectUri)
      url.searchParams.set('scope', scopes.join(' '))
      url.searchParams.set('state', state)
      url.searchParams.set('code_challenge', await codeChallenge(codeVerifier))
      url.searchParams.set('code_challenge_method', 'S256')
      if (urlOptions.prompt !== undefined) url.searchParams.set('prompt', urlOptions.prompt)
      return redact({ url: url.href, state, codeVerifier }, 'AuthorizationRequest', {
        url: url.href,
      })
    },

    async exchangeCode(request) {
      if (typeof request !== 'object' || request === null)
        throw argumentError('exchangeCode() needs { code, codeVerifier }.', 'ERR_INVALID_ARG_TYPE')
      const code = check(request.code, 'code', "the redirect's code parameter")
      const codeVerifier = checkCodeVerifier(request.codeVerifier)
      const issuedAt = nowMs()
      const token = await callToken('authorization_code', {
        code,
        redirect_uri: redirectUri,
        code_verifier: codeVerifier,
      })
      if (token.refreshToken === undefined)
        throw new NetSuiteError(
          NetSuiteErrorCodes.OAUTH2_INVALID_RESPONSE,
          'The token endpoint answered the code exchange without a refresh_token; check that baseUrl points at NetSuite.',
        )
      return hideTokens({
        accessToken: token.accessToken,
        refreshToken: token.refreshToken,
        expiresAt: token.expiresAt,
        refreshTokenExpiresAt: refreshExpiry(token.refreshToken, issuedAt),
        scope: token.scope,
      })
    },

    async completeAuthorization(redirect, request) {
      if (typeof request !== 'object' || request === null)
        throw argumentError(
          'completeAuthorization() needs { state, codeVerifier } from authorizationUrl().',
          'ERR_INVALID_ARG_TYPE',
        )
      const {
        code,
        state: _state,
        ...account
      } = parseAuthorizationRedirect(redirect, {
        state: request.state,
      })
      void _state
      const tokens = await client.exchangeCode({ code, codeVerifier: request.codeVerifier })
      return hideTokens({ ...tokens, ...account })
    },

    async refresh(given) {
      const previous = typeof given === 'string' ? undefined : given
      const refreshToken = check(
        typeof given === 'string' ? given : given?.refreshToken,
        'refreshToken',
        'the refresh token from exchangeCode()',
      )
      if (
        previous?.refreshTokenExpiresAt !== undefined &&
        previous.refreshTokenExpiresAt <= nowMs()
      )
        throw consentRequired('The refresh token has expired.')
      let token: OAuth2Token
      try {
        token = await callToken('refresh_token', { refresh_token: refreshToken })
      } catch (error) {
        if ((error as { netsuiteCode?: unknown })?.netsuiteCode === 'invalid_grant')
          throw consentRequired(
            `NetSuite refused the refresh token (invalid_grant): it expired${isPublic ? ', was already used (public clients get one-time refresh tokens: store the new one after every refresh)' : ' (confidential clients: 7 days after consent)'} or was revoked.`,
            error,
          )
        throw error
      }
      const issuedAt = nowMs()
      const rotated = token.refreshToken !== undefined && token.refreshToken !== refreshToken
      if (isPublic && !rotated)
        throw new NetSuiteError(
          NetSuiteErrorCodes.OAUTH2_INVALID_RESPONSE,
          'NetSuite answered a public client refresh without a new refresh token; the old one is spent. Check that Public Client is checked on the integration record.',
        )
      const expiresAtOfRefresh = rotated
        ? refreshExpiry(token.refreshToken as string, issuedAt)
        : (previous?.refreshTokenExpiresAt ?? jwtExpiryMs(refreshToken))
      return hideTokens({
        accessToken: token.accessToken,
        refreshToken: rotated ? (token.refreshToken as string) : refreshToken,
        expiresAt: token.expiresAt,
        ...(expiresAtOfRefresh === undefined ? {} : { refreshTokenExpiresAt: expiresAtOfRefresh }),
        scope: token.scope,
      })
    },

    async revoke(given) {
      const refreshToken = check(
        typeof given === 'string' ? given : given?.refreshToken,
        'refreshToken',
        'the refresh token to revoke',
      )
      const body = new URLSearchParams({ token: refreshToken })
      const headers = new Headers({
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      })
      clientAuthentication(body, headers)
      let response: Response
      try {
        response = await (fetchFn ?? globalThis.fetch)(revokeUrl, {
          method: 'POST',
          headers,
          body: body.toString(),
          redirect: 'manual',
          signal: AbortSignal.timeout(timeoutMs),
        })
      } catch (error) {
        throw new NetSuiteError(
          NetSuiteErrorCodes.NETWORK,
          `The revoke request could not be sent to ${new URL(revokeUrl).origin}; check the account id (or baseUrl), DNS, proxy and TLS settings.`,
          { cause: error, retryable: true },
        )
      }
      const text = await response.text()
      if (response.ok) return
      throw tokenEndpointError(response, parseJsonObject(text), text, AUTHORIZATION_CODE_HINTS)
    },

    auth(initial, authOptions = {}) {
      if (
        typeof initial !== 'object' ||
        initial === null ||
        typeof initial.accessToken !== 'string' ||
        typeof initial.refreshToken !== 'string' ||
        typeof initial.expiresAt !== 'number'
      )
        throw argumentError(
          'auth(tokens) needs the tokens exchangeCode() or refresh() returned ({ accessToken, refreshToken, expiresAt }).',
          'ERR_INVALID_ARG_TYPE',
        )
      if (typeof authOptions !== 'object' || authOptions === null)
        throw argumentError('auth() options must be an object.', 'ERR_INVALID_ARG_TYPE')
      const onTokens = checkFunction(authOptions.onTokens, 'onTokens')
      const bearer = bearerTokens<AuthorizationCodeTokens>({
        initial: hideTokens({ ...initial, scope: [...(initial.scope ?? scopes)] }),
        renew: (previous) => client.refresh(previous as AuthorizationCodeTokens),
        usable: (tokens) => nowMs() < tokens.expiresAt - RENEW_MARGIN_MS,
        ...(onTokens ? { onRenewed: onTokens } : {}),
      })

      const auth: AuthorizationCodeAuth = {
        scheme: 'oauth2',
        accountId,
        // The clients send to the auth's origin override when they have none of their own.
        ...(options.baseUrl !== undefined ? { baseUrl: options.baseUrl } : {}),
        token: bearer.token,
        tokens: () => bearer.current() as AuthorizationCodeTokens,
        authorize: bearer.authorize,
        unauthorized: bearer.unauthorized,
      }
      return redact(auth, 'AuthorizationCodeAuth', { accountId, clientId })
    },
  }
  return redact(client, 'AuthorizationCodeClient', {
    accountId,
    clientId,
    clientType: client.clientType,
    redirectUri,
    scopes,
  })
}
