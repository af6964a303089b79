/// <reference types="node" />
/**
 * The simulator's OAuth 2.0 authorization code grant (../shared/netsuite-oauth2.md part B), on top
 * of the token endpoint of `oauth2.ts`:
 *
 * - `GET /app/login/oauth2/authorize.nl`: checks client, redirect URI, response_type, scope, state
 *   (22–1024 printable characters) and PKCE (S256 only; required for public clients), then shows a
 *   consent page with Allow/Deny, or answers at once with the auto-consent switch. Unknown clients
 *   and unregistered redirect URIs get an error page, never a redirect, as NetSuite does.
 * - Token endpoint grants `authorization_code` (code once, within its lifetime, same client and
 *   redirect URI, `code_verifier` against the challenge) and `refresh_token`: confidential clients
 *   get a new access token only (the refresh token lives 7 days), public clients a new access token
 *   and a new one-time refresh token (48 h by default, the chain capped at 168 h).
 * - `POST /services/rest/auth/oauth2/v1/revoke`: revokes a refresh token and its access tokens.
 *
 * Client authentication: HTTP Basic `client_id:client_secret`; public clients send `client_id` in
 * the body (or Basic with an empty secret). The simulator accepts `http://` loopback redirect URIs
 * for tests; NetSuite itself accepts only `https://` and custom schemes.
 *
 * @module
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { esc, json, type Answer } from './responses.ts'
import type { GrantContext, OAuth2Side } from './oauth2.ts'

/** The revoke endpoint path. */
export const REVOKE_PATH = '/services/rest/auth/oauth2/v1/revoke'
/** The authorization endpoint path. */
export const AUTHORIZE_PATH = '/app/login/oauth2/authorize.nl'

/** What the consent page does without a click. */
export type OAuth2ConsentMode = 'page' | 'allow' | 'deny'

/** Switches and facts of the authorization code grant (`sim.oauth2Code`). */
export interface SimulatorAuthorizationCode {
  /** Client ID of a confidential client (the working record of `sim.oauth2`). */
  clientId: string
  /** Its client secret. */
  clientSecret: string
  /** Client ID of a public client (no secret; PKCE required; rotating refresh tokens). */
  publicClientId: string
  /** A confidential client whose record has only the Client Credentials grant checked. */
  clientCredentialsOnly: { clientId: string; clientSecret: string }
  /** Redirect URIs registered on every record; `*` as the port matches any port. */
  redirectUris: string[]
  /** Replace the registered redirect URIs. */
  setRedirectUris(uris: string[]): void
  /** The consent page's behaviour (default `page`). */
  consent(mode: OAuth2ConsentMode): void
  /** Public clients' Refresh Token Validity (hours, default 48) and Maximum Time For Token Rotation (hours, default 168). */
  publicRefresh(validityHours: number, rotationHours?: number): void
  /** Make every refresh token expired. */
  expireRefreshTokens(): void
  /** Codes issued so far. */
  codesIssued(): number
  /** Back to the defaults. */
  reset(): void
}

interface Code {
  clientId: string
  redirectUri: string
  scopes: string[]
  challenge?: string
  expiresAt: number
  used: boolean
}

interface RefreshToken {
  clientId: string
  scopes: string[]
  expiresAt: number
  /** When the chain started (`oit`), for public clients' rotation limit. */
  chainStart: number
  revoked: boolean
  used: boolean
  accessTokens: string[]
}

const CODE_LIFETIME = 300
const CONFIDENTIAL_REFRESH = 7 * 24 * 3600
const SCOPES = new Set(['restlets', 'rest_webservices', 'suite_analytics'])
const DEFAULT_REDIRECTS = [
  'http://127.0.0.1:*/callback',
  'http://localhost:*/callback',
  'https://127.0.0.1:*/callback',
  'netsuite-tba://callback',
]

function token(prefix: string): string {
  return prefix + randomBytes(24).toString('base64url')
}

function equal(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

function matchesRedirect(registered: string, given: string): boolean {
  if (!registered.includes(':*')) return registered === given
  try {
    const g = new URL(given)
    const r = new URL(registered.replace(':*', ':1'))
    return (
      g.protocol === r.protocol &&
      g.hostname === r.hostname &&
      g.pathname === r.pathname &&
      g.search === '' &&
      g.port !== ''
    )
  } catch {
    return false
  }
}

/** Add the authorization code grant to an OAuth 2.0 side; `handle` answers its two paths. */
export function installAuthorizationCode(side: OAuth2Side): {
  api: SimulatorAuthorizationCode
  handle(method: string, url: URL, body: string, headers: Headers): Answer | undefined
} {
  const { host } = side
  const confidential = side.api.clientId
  const publicClientId = randomBytes(32).toString('hex')
  side.clients.set(publicClientId, {
    clientId: publicClientId,
    clientSecret: '',
    scopes: new Set(SCOPES),
    grants: new Set(['authorization_code', 'refresh_token']),
    scenario: 'ok',
  })
  const publicClients = new Set([publicClientId])
  const m2mOnly = { clientId: randomBytes(32).toString('hex'), clientSecret: token('cs') }
  side.clients.set(m2mOnly.clientId, {
    ...m2mOnly,
    scopes: new Set(SCOPES),
    grants: new Set(['client_credentials']),
    scenario: 'ok',
  })
  let redirectUris = [...DEFAULT_REDIRECTS]
  let consentMode: OAuth2ConsentMode = 'page'
  let publicValidity = 48 * 3600
  let publicRotation = 168 * 3600
  let issuedCodes = 0
  const codes = new Map<string, Code>()
  const refreshTokens = new Map<string, RefreshToken>()

  side.grants.set('authorization_code', authorizationCodeGrant)
  side.grants.set('refresh_token', refreshTokenGrant)

  /** Authenticate the client of a token or revoke request. */
  function client(
    request: Request,
    form: URLSearchParams,
  ): { clientId: string; isPublic: boolean } | Answer {
    const header = request.headers.get('authorization')
    const bodyId = form.get('client_id')
    let clientId: string
    let secret: string | undefined
    if (header !== null) {
      const m = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header)
      const decoded = m ? Buffer.from(m[1] as string, 'base64').toString('utf8') : ''
      const colon = decoded.indexOf(':')
      if (colon < 0)
        return side.error(401, 'invalid_client', 'ClientAuthenticationFailed (malformed Basic)')
      try {
        clientId = decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' '))
        secret = decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' '))
      } catch {
        return side.error(401, 'invalid_client', 'ClientAuthenticationFailed (malformed Basic)')
      }
      if (bodyId !== null && bodyId !== clientId)
        return side.error(400, 'invalid_request', 'InvalidRequest (two client authentications)')
    } else if (bodyId !== null) {
      clientId = bodyId
    } else {
      return side.error(401, 'invalid_client', 'ClientAuthenticationFailed (no client)')
    }
    const record = side.clients.get(clientId)
    const who = clientId.slice(0, 12)
    if (!record) return side.error(401, 'invalid_client', 'UnknownIntegration', who)
    const isPublic = publicClients.has(clientId)
    if (isPublic) {
      if (secret !== undefined && secret !== '')
        return side.error(401, 'invalid_client', 'ClientAuthenticationFailed (public client)', who)
    } else if (secret === undefined || !equal(secret, record.clientSecret)) {
      return side.error(401, 'invalid_client', 'ClientAuthenticationFailed', who)
    }
    if (record.scenario === 'integration-blocked')
      return side.error(401, 'invalid_client', 'IntegrationBlocked', who)
    return { clientId, isPublic }
  }

  function issueWith(
    clientId: string,
    scopes: string[],
    refresh: RefreshToken,
    refreshValue: string | undefined,
  ): Answer {
    const answer = side.issue({
      clientId,
      scopes,
      ...(refreshValue === undefined ? {} : { extra: { refresh_token: refreshValue } }),
    })
    const accessToken = (JSON.parse(answer.body) as { access_token: string }).access_token
    refresh.accessTokens.push(accessToken)
    return answer
  }

  function newRefreshToken(
    clientId: string,
    scopes: string[],
    isPublic: boolean,
    chainStart: number,
  ): [string, RefreshToken] {
    const value = token('nsrt')
    const now = host.now()
    const entry: RefreshToken = {
      clientId,
      scopes,
      expiresAt: isPublic
        ? Math.min(now + publicValidity, chainStart + publicRotation)
        : now + CONFIDENTIAL_REFRESH,
      chainStart,
      revoked: false,
      used: false,
      accessTokens: [],
    }
    refreshTokens.set(value, entry)
    return [value, entry]
  }

  function authorizationCodeGrant({ form, request, now }: GrantContext): Answer {
    const who = client(request, form)
    if (!('clientId' in who)) return who
    const { clientId, isPublic } = who
    const id = clientId.slice(0, 12)
    const record = side.clients.get(clientId)
    if (!record?.grants.has('authorization_code'))
      return side.error(400, 'unauthorized_client', 'AuthorizationCodeGrantRequired', id)
    const value = form.get('code')
    const redirectUri = form.get('redirect_uri')
    if (!value || !redirectUri)
      return side.error(400, 'invalid_request', 'InvalidRequest (code or redirect_uri)', id)
    const code = codes.get(value)
    if (!code || code.used || code.expiresAt <= now)
      return side.error(400, 'invalid_grant', 'InvalidGrant (code unknown, used or expired)', id)
    if (code.clientId !== clientId) return side.error(400, 'invalid_grant', 'ClientIdMismatch', id)
    if (code.redirectUri !== redirectUri)
      return side.error(400, 'invalid_grant', 'InvalidRedirectURI (differs from step one)', id)
    const verifier = form.get('code_verifier')
    if (code.challenge !== undefined) {
      if (verifier === null || !/^[A-Za-z0-9\-._~]{43,128}$/.test(verifier))
        return side.error(400, 'invalid_request', 'InvalidRequest (code_verifier)', id)
      const computed = createHash('sha256').update(verifier, 'ascii').digest('base64url')
      if (!equal(computed, code.challenge))
        return side.error(400, 'invalid_grant', 'InvalidGrant (code_verifier mismatch)', id)
    } else if (verifier !== null) {
      return side.error(400, 'invalid_grant', 'InvalidGrant (no code_challenge was sent)', id)
    }
    code.used = true
    const [refreshValue, entry] = newRefreshToken(clientId, code.scopes, isPublic, now)
    return issueWith(clientId, code.scopes, entry, refreshValue)
  }

  function refreshTokenGrant({ form, request, now }: GrantContext): Answer {
    const who = client(request, form)
    if (!('clientId' in who)) return who
    const { clientId, isPublic } = who
    const id = clientId.slice(0, 12)
    if (!side.clients.get(clientId)?.grants.has('refresh_token'))
      return side.error(400, 'unauthorized_client', 'InvalidGrantType (refresh_token)', id)
    const value = form.get('refresh_token')
    if (!value) return side.error(400, 'invalid_request', 'InvalidRequest (refresh_token)', id)
    if (side.tokens.has(value))
      return side.error(400, 'invalid_grant', 'InvalidRefreshToken (an access token)', id)
    const entry = refreshTokens.get(value)
    if (!entry) return side.error(400, 'invalid_grant', 'InvalidGrant (unknown)', id)
    if (entry.clientId !== clientId) return side.error(400, 'invalid_grant', 'ClientIdMismatch', id)
    if (entry.revoked) return side.error(400, 'invalid_grant', 'TokenBlocked (revoked)', id)
    if (entry.used) return side.error(400, 'invalid_grant', 'TokenBlocked (already used)', id)
    if (entry.expiresAt <= now) return side.error(400, 'invalid_grant', 'RefreshTokenExpired', id)
    if (!isPublic) return issueWith(clientId, entry.scopes, entry, undefined)
    // Public clients: one-time refresh tokens; the chain ends at the rotation limit.
    entry.used = true
    if (now >= entry.chainStart + publicRotation)
      return side.error(400, 'invalid_grant', 'RefreshTokenExpired (rotation limit)', id)
    const [next, nextEntry] = newRefreshToken(clientId, entry.scopes, true, entry.chainStart)
    return issueWith(clientId, entry.scopes, nextEntry, next)
  }

  function revoke(headers: Headers, body: string, url: URL): Answer {
    const form = new URLSearchParams(body)
    const request = new Request(url, { method: 'POST', headers, body })
    const who = client(request, form)
    if (!('clientId' in who)) return who
    const value = form.get('token')
    if (!value) return side.error(400, 'invalid_request', 'InvalidRequest (token)')
    const entry = refreshTokens.get(value)
    if (entry && entry.clientId === who.clientId) {
      entry.revoked = true
      for (const accessToken of entry.accessTokens) {
        const t = side.tokens.get(accessToken)
        if (t) t.revoked = true
      }
      host.accept('Refresh token revoked', who.clientId.slice(0, 12))
    }
    return { status: 200, headers: { 'cache-control': 'no-store' }, body: '' }
  }

  function page(status: number, title: string, inner: string): Answer {
    return {
      status,
      headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
      body: `<!doctype html><html><head><meta charset="utf-8"><title>${esc(title)}</title></head><body><h1>${esc(title)}</h1>${inner}</body></html>`,
    }
  }

  function redirectTo(uri: string, params: Record<string, string | null>): Answer {
    const target = new URL(uri)
    for (const [k, v] of Object.entries(params)) if (v !== null) target.searchParams.set(k, v)
    return {
      status: 302,
      headers: { location: target.href, 'cache-control': 'no-store' },
      body: '',
    }
  }

  function authorize(method: string, url: URL, body: string): Answer {
    const params = method === 'POST' ? new URLSearchParams(body) : url.searchParams
    const clientId = params.get('client_id') ?? ''
    const redirectUri = params.get('redirect_uri') ?? ''
    const record = side.clients.get(clientId)
    if (!record) {
      host.reject('oauth2_unauthorized_client', 'UnknownIntegration (authorize)')
      return page(400, 'Invalid login attempt', '<p>The client ID is unknown.</p>')
    }
    if (!redirectUris.some((r) => matchesRedirect(r, redirectUri))) {
      host.reject('oauth2_invalid_request', 'InvalidRedirectURI')
      return page(
        400,
        'Invalid redirect URI',
        '<p>The redirect URI is not one of those on the integration record.</p>',
      )
    }
    const state = params.get('state')
    const fail = (error: string, audit: string): Answer => {
      host.reject(`oauth2_${error}`, audit, clientId.slice(0, 12))
      return redirectTo(redirectUri, { error, state })
    }
    if (params.get('response_type') !== 'code')
      return fail('unsupported_response_type', 'UnsupportedResponseType')
    if (state === null || !/^[\x20-\x7e]{22,1024}$/.test(state))
      return fail('invalid_request', 'InvalidState')
    if (record.scenario === 'integration-blocked')
      return fail('unauthorized_client', 'IntegrationBlocked')
    if (!record.grants.has('authorization_code'))
      return fail('unauthorized_client', 'AuthorizationCodeGrantRequired')
    const scopes = (params.get('scope') ?? '').split(' ').filter(Boolean)
    if (scopes.length === 0 || !scopes.every((s) => SCOPES.has(s)))
      return fail('invalid_scope', 'InvalidScope')
    if (!scopes.every((s) => record.scopes.has(s))) return fail('invalid_scope', 'ScopeMismatched')
    const challenge = params.get('code_challenge')
    const challengeMethod = params.get('code_challenge_method')
    if (challenge !== null) {
      if (challengeMethod !== 'S256' || !/^[A-Za-z0-9_-]{43}$/.test(challenge))
        return fail('invalid_request', 'InvalidRequest (PKCE: S256 challenge required)')
    } else if (publicClients.has(clientId) || challengeMethod !== null) {
      return fail('invalid_request', 'InvalidRequest (PKCE missing)')
    }
    const prompt = params.get('prompt')
    if (prompt !== null && !/^(none|login|consent|login consent|consent login)$/.test(prompt))
      return fail('invalid_request', 'InvalidRequest (prompt)')
    const grant = (): Answer => {
      const code = token('nsac')
      codes.set(code, {
        clientId,
        redirectUri,
        scopes,
        ...(challenge === null ? {} : { challenge }),
        expiresAt: host.now() + CODE_LIFETIME,
        used: false,
      })
      issuedCodes++
      host.accept('Authorization code issued', clientId.slice(0, 12))
      return redirectTo(redirectUri, {
        state,
        role: '3',
        entity: '38',
        company: host.accountId,
        code,
      })
    }
    const deny = (): Answer => fail('access_denied', 'AuthorizationExplicitlyDenied')
    if (method === 'POST') {
      const decision = params.get('decision')
      if (decision === 'allow') return grant()
      if (decision === 'deny') return deny()
      return page(400, 'Choose Allow or Deny', '')
    }
    if (consentMode === 'allow' || prompt === 'none') return grant()
    if (consentMode === 'deny') return deny()
    const hidden = [...params]
      .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
      .join('')
    return page(
      200,
      'Allow access to NetSuite',
      `<p>An application asks to use ${esc(scopes.join(', '))} in account ${esc(host.accountId)} as Administrator.</p><form method="post" action="${AUTHORIZE_PATH}">${hidden}<button type="submit" name="decision" value="allow" id="allow">Allow</button> <button type="submit" name="decision" value="deny" id="deny">Deny</button></form>`,
    )
  }

  const api: SimulatorAuthorizationCode = {
    clientId: confidential,
    clientSecret: (side.clients.get(confidential) as { clientSecret: string }).clientSecret,
    publicClientId,
    clientCredentialsOnly: { ...m2mOnly },
    get redirectUris() {
      return [...redirectUris]
    },
    setRedirectUris: (uris) => void (redirectUris = [...uris]),
    consent: (mode) => void (consentMode = mode),
    publicRefresh: (validityHours, rotationHours = 168) => {
      publicValidity = validityHours * 3600
      publicRotation = rotationHours * 3600
    },
    expireRefreshTokens: () => {
      for (const entry of refreshTokens.values()) entry.expiresAt = host.now() - 1
    },
    codesIssued: () => issuedCodes,
    reset: () => {
      redirectUris = [...DEFAULT_REDIRECTS]
      consentMode = 'page'
      publicValidity = 48 * 3600
      publicRotation = 168 * 3600
      issuedCodes = 0
      codes.clear()
      refreshTokens.clear()
    },
  }

  return {
    api,
    handle(method, url, body, headers) {
      if (url.pathname === AUTHORIZE_PATH) {
        if (method !== 'GET' && method !== 'POST') return json(405, { error: 'invalid_request' })
        return authorize(method, url, body)
      }
      if (url.pathname === REVOKE_PATH) {
        if (method !== 'POST')
          return side.error(400, 'invalid_request', 'InvalidRequest (revoke needs POST)')
        return revoke(headers, body, url)
      }
      return undefined
    },
  }
}
