/**
 * The OAuth 2.0 authorization code grant against the simulator over loopback: authorize URL and
 * consent, code exchange with PKCE, confidential and public refresh rules, revoke, the `auth`
 * object (single flight, 401 retry, re-consent error), every error with its code, and no secret,
 * code, verifier or token in any error or rendering.
 */
import { createHash } from 'node:crypto'
import { inspect } from 'node:util'
import { describe, expect, it } from 'vitest'
import { useSimulator } from './helpers/simulator.ts'
import {
  createAuthorizationCodeClient,
  type AuthorizationCodeClientOptions,
  type AuthorizationCodeTokens,
} from '../src/oauth2.ts'
import { createRestClient, NetSuiteError } from '../src/rest.ts'
import { createRestletClient } from '../src/restlet.ts'

const sim = useSimulator((sim) => {
  sim.oauth2Code.consent('allow')
})

const REDIRECT = 'http://127.0.0.1:53682/callback'

function confidential(extra: Partial<AuthorizationCodeClientOptions> = {}) {
  return createAuthorizationCodeClient({
    accountId: sim.accountId,
    clientId: sim.oauth2Code.clientId,
    clientSecret: sim.oauth2Code.clientSecret,
    redirectUri: REDIRECT,
    baseUrl: sim.url,
    ...extra,
  })
}

function publicClient(extra: Partial<AuthorizationCodeClientOptions> = {}) {
  return createAuthorizationCodeClient({
    accountId: sim.accountId,
    clientId: sim.oauth2Code.publicClientId,
    redirectUri: REDIRECT,
    baseUrl: sim.url,
    ...extra,
  })
}

/** Open the authorize URL without following the redirect; return where it points. */
async function follow(url: string): Promise<string> {
  const response = await fetch(url, { redirect: 'manual' })
  expect(response.status).toBe(302)
  return response.headers.get('location') as string
}

async function login(client: ReturnType<typeof confidential>): Promise<AuthorizationCodeTokens> {
  const request = await client.authorizationUrl()
  return client.completeAuthorization(await follow(request.url), request)
}

async function failure(promise: Promise<unknown>): Promise<NetSuiteError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(NetSuiteError)
  return error as NetSuiteError
}

describe('createAuthorizationCodeClient', () => {
  it('builds the authorize URL as NetSuite documents it, PKCE S256 always', async () => {
    const client = createAuthorizationCodeClient({
      accountId: '1234567_SB1',
      clientId: 'cid',
      clientSecret: 'cs',
      redirectUri: 'https://myapplication.com/netsuite/oauth2callback',
    })
    const { url, state, codeVerifier } = await client.authorizationUrl({ prompt: 'consent' })
    const u = new URL(url)
    expect(u.origin + u.pathname).toBe(
      'https://1234567-sb1.app.netsuite.com/app/login/oauth2/authorize.nl',
    )
    expect([...u.searchParams.keys()]).toEqual([
      'response_type',
      'client_id',
      'redirect_uri',
      'scope',
      'state',
      'code_challenge',
      'code_challenge_method',
      'prompt',
    ])
    expect(url).toContain('scope=restlets+rest_webservices')
    expect(u.searchParams.get('response_type')).toBe('code')
    expect(u.searchParams.get('state')).toBe(state)
    expect(state).toMatch(/^[A-Za-z0-9]{32}$/)
    expect(codeVerifier).toMatch(/^[A-Za-z0-9]{64}$/)
    expect(u.searchParams.get('code_challenge')).toBe(
      createHash('sha256').update(codeVerifier).digest('base64url'),
    )
    expect(u.searchParams.get('code_challenge_method')).toBe('S256')
    expect(url).not.toContain(codeVerifier)
    const again = await client.authorizationUrl({ state: 'x'.repeat(22) })
    expect(again.state).toBe('x'.repeat(22))
    expect(again.codeVerifier).not.toBe(codeVerifier)
  })

  it('confidential client: code → tokens that work on REST and RESTlets; refresh keeps the refresh token (7 days)', async () => {
    const client = confidential()
    expect(client.clientType).toBe('confidential')
    const before = Date.now()
    const tokens = await login(client)
    expect(tokens).toMatchObject({
      company: sim.accountId,
      role: '3',
      entity: '38',
      scope: ['restlets', 'rest_webservices'],
    })
    expect(tokens.expiresAt).toBeGreaterThan(before + 3500_000)
    expect(tokens.refreshTokenExpiresAt).toBeGreaterThanOrEqual(before + 7 * 86400_000 - 1000)
    const auth = client.auth(tokens)
    const rest = createRestClient({ auth, baseUrl: sim.url, retry: false })
    expect((await rest.request({ method: 'GET', path: 'record/v1/customer/1' })).status).toBe(200)
    const restlet = createRestletClient({ auth, baseUrl: sim.url, retry: false })
    expect(await restlet.get({ ...sim.restlet })).toMatchObject({ method: 'GET' })
    // The auth carries the client's baseUrl: adapters given only the auth reach the same origin.
    expect(auth.baseUrl).toBe(sim.url)
    const onlyAuth = createRestClient({ auth, retry: false })
    expect((await onlyAuth.request({ method: 'GET', path: 'record/v1/customer/1' })).status).toBe(
      200,
    )

    const refreshed = await client.refresh(tokens)
    expect(refreshed.accessToken).not.toBe(tokens.accessToken)
    expect(refreshed.refreshToken).toBe(tokens.refreshToken)
    expect(refreshed.refreshTokenExpiresAt).toBe(tokens.refreshTokenExpiresAt)
    // The same refresh token serves again (confidential clients).
    expect((await client.refresh(tokens.refreshToken)).refreshToken).toBe(tokens.refreshToken)
  })

  it('public client: client_id in the body, rotating one-time refresh tokens', async () => {
    const seen: Request[] = []
    const client = publicClient({
      fetch: async (input, init) => {
        const request = new Request(input, init)
        seen.push(request.clone())
        return fetch(request)
      },
    })
    expect(client.clientType).toBe('public')
    const tokens = await login(client)
    const exchange = seen[0] as Request
    expect(exchange.headers.has('authorization')).toBe(false)
    const form = new URLSearchParams(await exchange.text())
    expect(form.get('client_id')).toBe(sim.oauth2Code.publicClientId)
    expect(form.get('grant_type')).toBe('authorization_code')
    expect(form.get('redirect_uri')).toBe(REDIRECT)
    expect(tokens.refreshTokenExpiresAt).toBeLessThanOrEqual(Date.now() + 48 * 3600_000)
    const next = await client.refresh(tokens)
    expect(next.refreshToken).not.toBe(tokens.refreshToken)
    const spent = await failure(client.refresh(tokens))
    expect(spent.code).toBe('ERR_NETSUITE_OAUTH2_CONSENT_REQUIRED')
    expect(spent.message).toMatch(/one-time/)
    expect(spent.message).toMatch(/netsuite-tba login --oauth2/)
    expect((await client.refresh(next)).refreshToken).not.toBe(next.refreshToken)
  })

  it('public client: the refresh chain ends at the rotation limit', async () => {
    sim.oauth2Code.publicRefresh(48, 0)
    const client = publicClient()
    const tokens = await login(client)
    expect((await failure(client.refresh(tokens))).code).toBe(
      'ERR_NETSUITE_OAUTH2_CONSENT_REQUIRED',
    )
  })

  it('revoke ends the refresh token and its access tokens', async () => {
    const client = confidential()
    const tokens = await login(client)
    const rest = createRestClient({ auth: client.auth(tokens), baseUrl: sim.url, retry: false })
    await rest.request({ method: 'GET', path: 'record/v1/customer/1' })
    await client.revoke(tokens)
    expect((await failure(client.refresh(tokens))).code).toBe(
      'ERR_NETSUITE_OAUTH2_CONSENT_REQUIRED',
    )
    const denied = await failure(rest.request({ method: 'GET', path: 'record/v1/customer/1' }))
    expect(denied.code).toBe('ERR_NETSUITE_OAUTH2_CONSENT_REQUIRED')
    const wrong = confidential({ clientSecret: 'wrong' })
    expect((await failure(wrong.revoke(tokens))).code).toBe('ERR_NETSUITE_OAUTH2_INVALID_CLIENT')
  })

  describe('auth()', () => {
    it('refreshes once for concurrent callers when the token is near expiry, and reports the tokens', async () => {
      const client = publicClient()
      const tokens = await login(client)
      const reported: AuthorizationCodeTokens[] = []
      const auth = client.auth(
        { ...tokens, expiresAt: Date.now() + 1000 },
        { onTokens: (t) => void reported.push(t) },
      )
      const issued = sim.oauth2.tokensIssued()
      const rest = createRestClient({ auth, baseUrl: sim.url, retry: false })
      await Promise.all(
        Array.from({ length: 5 }, () =>
          rest.request({ method: 'GET', path: 'record/v1/customer/1' }),
        ),
      )
      expect(sim.oauth2.tokensIssued()).toBe(issued + 1)
      expect(reported).toHaveLength(1)
      expect(reported[0]?.refreshToken).not.toBe(tokens.refreshToken)
      expect(auth.tokens()).toBe(reported[0])
      expect(JSON.stringify(auth)).not.toContain(tokens.accessToken)
    })

    it('a 401 invalid_token refreshes and retries the call once', async () => {
      const client = confidential()
      const tokens = await login(client)
      let reported = 0
      const auth = client.auth(tokens, { onTokens: () => void reported++ })
      const rest = createRestClient({ auth, baseUrl: sim.url, retry: false })
      sim.oauth2.inject.expireTokens()
      expect((await rest.request({ method: 'GET', path: 'record/v1/customer/1' })).status).toBe(200)
      expect(reported).toBe(1)
      expect(auth.tokens().accessToken).not.toBe(tokens.accessToken)
    })

    it('tells the user to authorize again when the refresh token is gone', async () => {
      const client = confidential()
      const tokens = await login(client)
      const auth = client.auth({ ...tokens, expiresAt: 0 })
      sim.oauth2Code.expireRefreshTokens()
      const rest = createRestClient({ auth, baseUrl: sim.url, retry: false })
      const error = await failure(rest.request({ method: 'GET', path: 'record/v1/customer/1' }))
      expect(error.code).toBe('ERR_NETSUITE_OAUTH2_CONSENT_REQUIRED')
      expect(error.message).toMatch(/7 days/)
      // Known expiry: refused before any request.
      const issued = sim.oauth2.tokensIssued()
      const expired = client.auth({ ...tokens, expiresAt: 0, refreshTokenExpiresAt: 1 })
      expect((await failure(expired.token())).code).toBe('ERR_NETSUITE_OAUTH2_CONSENT_REQUIRED')
      expect(sim.oauth2.tokensIssued()).toBe(issued)
    })
  })

  describe('consent page and authorization errors', () => {
    it('shows Allow and Deny; Deny becomes ERR_NETSUITE_AUTHORIZATION_DENIED', async () => {
      sim.oauth2Code.consent('page')
      const client = confidential()
      const request = await client.authorizationUrl()
      const page = await fetch(request.url)
      expect(page.status).toBe(200)
      const html = await page.text()
      expect(html).toContain('id="allow"')
      expect(html).toContain('id="deny"')
      const form = new URLSearchParams(new URL(request.url).searchParams)
      form.set('decision', 'deny')
      const denied = await fetch(`${sim.url}/app/login/oauth2/authorize.nl`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form,
      })
      const issued = sim.oauth2.tokensIssued()
      const error = await failure(
        client.completeAuthorization(denied.headers.get('location') as string, request),
      )
      expect(error).toMatchObject({
        code: 'ERR_NETSUITE_AUTHORIZATION_DENIED',
        netsuiteCode: 'access_denied',
      })
      expect(sim.oauth2.tokensIssued()).toBe(issued)
      form.set('decision', 'allow')
      const allowed = await fetch(`${sim.url}/app/login/oauth2/authorize.nl`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form,
      })
      const tokens = await client.completeAuthorization(
        allowed.headers.get('location') as string,
        request,
      )
      expect(tokens.accessToken).toBeTruthy()
    })

    it('a redirect with another state is refused before any token request', async () => {
      const client = confidential()
      const request = await client.authorizationUrl()
      const location = await follow(request.url)
      const issued = sim.oauth2.tokensIssued()
      await expect(
        client.completeAuthorization(location, { ...request, state: 'y'.repeat(32) }),
      ).rejects.toMatchObject({ code: 'ERR_TBA_STATE_MISMATCH' })
      expect(sim.oauth2.tokensIssued()).toBe(issued)
    })

    it('invalid_scope and unauthorized_client come back in the redirect as typed errors', async () => {
      const restletsOnly = confidential({ clientId: sim.oauth2.clientFor('restlets-only') })
      const r1 = await restletsOnly.authorizationUrl()
      const e1 = await failure(restletsOnly.completeAuthorization(await follow(r1.url), r1))
      expect(e1.code).toBe('ERR_NETSUITE_OAUTH2_INVALID_SCOPE')
      const blocked = confidential({ clientId: sim.oauth2.clientFor('integration-blocked') })
      const r2 = await blocked.authorizationUrl()
      const e2 = await failure(blocked.completeAuthorization(await follow(r2.url), r2))
      expect(e2.code).toBe('ERR_NETSUITE_OAUTH2_UNAUTHORIZED_CLIENT')
    })

    it('unknown clients and unregistered redirect URIs get an error page, never a redirect', async () => {
      const unknown = confidential({ clientId: 'f'.repeat(64) })
      expect(
        (await fetch((await unknown.authorizationUrl()).url, { redirect: 'manual' })).status,
      ).toBe(400)
      const elsewhere = confidential({ redirectUri: 'https://elsewhere.example/cb' })
      const response = await fetch((await elsewhere.authorizationUrl()).url, { redirect: 'manual' })
      expect(response.status).toBe(400)
      expect(response.headers.get('location')).toBeNull()
    })

    it('a public client without PKCE is refused (invalid_request)', async () => {
      const url = new URL(`${sim.url}/app/login/oauth2/authorize.nl`)
      for (const [k, v] of Object.entries({
        response_type: 'code',
        client_id: sim.oauth2Code.publicClientId,
        redirect_uri: REDIRECT,
        scope: 'restlets',
        state: 's'.repeat(24),
      }))
        url.searchParams.set(k, v)
      const location = new URL(await follow(url.href))
      expect(location.searchParams.get('error')).toBe('invalid_request')
    })
  })

  describe('token endpoint errors', () => {
    it('wrong client secret → invalid_client with the Basic challenge', async () => {
      const good = confidential()
      const request = await good.authorizationUrl()
      const location = await follow(request.url)
      const bad = confidential({ clientSecret: 'not-the-secret' })
      const error = await failure(bad.completeAuthorization(location, request))
      expect(error).toMatchObject({
        code: 'ERR_NETSUITE_OAUTH2_INVALID_CLIENT',
        status: 401,
        wwwAuthenticate: 'invalid_client',
      })
      expect(error.message).toMatch(/Basic realm/)
      expect(error.message).toMatch(/Client Secret/)
    })

    it('a code used twice, a wrong verifier or another redirect URI → invalid_grant', async () => {
      const client = confidential()
      const request = await client.authorizationUrl()
      const location = await follow(request.url)
      const code = new URL(location).searchParams.get('code') as string
      const wrong = await failure(client.exchangeCode({ code, codeVerifier: 'A'.repeat(64) }))
      expect(wrong).toMatchObject({ code: 'ERR_NETSUITE_OAUTH2_INVALID_GRANT', status: 400 })
      expect(wrong.message).toMatch(/code_verifier/)
      const otherRedirect = confidential({ redirectUri: 'http://127.0.0.1:9/callback' })
      expect(
        (await failure(otherRedirect.exchangeCode({ code, codeVerifier: request.codeVerifier })))
          .code,
      ).toBe('ERR_NETSUITE_OAUTH2_INVALID_GRANT')
      await client.exchangeCode({ code, codeVerifier: request.codeVerifier })
      const twice = await failure(client.exchangeCode({ code, codeVerifier: request.codeVerifier }))
      expect(twice.code).toBe('ERR_NETSUITE_OAUTH2_INVALID_GRANT')
    })

    it('a record without Authorization Code Grant → unauthorized_client with the box to check', async () => {
      const { clientId, clientSecret } = sim.oauth2Code.clientCredentialsOnly
      const m2m = confidential({ clientId, clientSecret })
      const exchange = await failure(m2m.exchangeCode({ code: 'c', codeVerifier: 'v'.repeat(43) }))
      expect(exchange).toMatchObject({
        code: 'ERR_NETSUITE_OAUTH2_UNAUTHORIZED_CLIENT',
        netsuiteCode: 'unauthorized_client',
        status: 400,
      })
      expect(exchange.message).toMatch(/Authorization Code Grant/)
      expect((await failure(m2m.refresh('r'))).code).toBe('ERR_NETSUITE_OAUTH2_UNAUTHORIZED_CLIENT')
      // At the authorize endpoint it comes back in the redirect.
      const request = await m2m.authorizationUrl()
      const error = await failure(m2m.completeAuthorization(await follow(request.url), request))
      expect(error.code).toBe('ERR_NETSUITE_OAUTH2_UNAUTHORIZED_CLIENT')
    })

    it('invalid_request, unsupported_grant_type and an access token used as refresh token', async () => {
      const client = confidential()
      const tokens = await login(client)
      const basic = `Basic ${Buffer.from(`${sim.oauth2Code.clientId}:${sim.oauth2Code.clientSecret}`).toString('base64')}`
      const post = (body: Record<string, string>) =>
        fetch(`${sim.url}/services/rest/auth/oauth2/v1/token`, {
          method: 'POST',
          headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(body),
        })
      const noCode = await post({ grant_type: 'authorization_code', redirect_uri: REDIRECT })
      expect(noCode.status).toBe(400)
      expect(await noCode.json()).toEqual({ error: 'invalid_request' })
      const password = await post({ grant_type: 'password' })
      expect(await password.json()).toEqual({ error: 'unsupported_grant_type' })
      const swapped = await failure(client.refresh(tokens.accessToken))
      expect(swapped.code).toBe('ERR_NETSUITE_OAUTH2_CONSENT_REQUIRED')
    })
  })

  it('validates every option', async () => {
    const good = {
      accountId: '1234567',
      clientId: 'cid',
      redirectUri: 'https://a.example/cb',
    }
    const bad: [unknown, string][] = [
      [null, 'ERR_INVALID_ARG_TYPE'],
      [{ ...good, clientId: '' }, 'ERR_INVALID_ARG_VALUE'],
      [{ ...good, clientSecret: 5 }, 'ERR_INVALID_ARG_TYPE'],
      [{ ...good, redirectUri: 'http://app.example.com/cb' }, 'ERR_TBA_INVALID_URL'],
      [{ ...good, redirectUri: 'cb' }, 'ERR_TBA_INVALID_URL'],
      [{ ...good, redirectUri: 'https://a/cb#x' }, 'ERR_TBA_INVALID_URL'],
      [{ ...good, scopes: [] }, 'ERR_INVALID_ARG_TYPE'],
      [{ ...good, scopes: ['mcp'] }, 'ERR_INVALID_ARG_VALUE'],
      [{ ...good, timeoutMs: Number.NaN }, 'ERR_INVALID_ARG_VALUE'],
      [{ ...good, timeoutMs: -1 }, 'ERR_INVALID_ARG_VALUE'],
      [{ ...good, refreshTokenValidityHours: 721 }, 'ERR_INVALID_ARG_VALUE'],
      [{ ...good, refreshTokenValidityHours: Infinity }, 'ERR_INVALID_ARG_VALUE'],
      [{ ...good, fetch: {} }, 'ERR_INVALID_ARG_TYPE'],
      [{ ...good, accountId: 'x.y' }, 'ERR_TBA_INVALID_ACCOUNT_ID'],
    ]
    for (const [value, code] of bad)
      expect(() => createAuthorizationCodeClient(value as AuthorizationCodeClientOptions)).toThrow(
        expect.objectContaining({ code }),
      )
    const client = createAuthorizationCodeClient({ ...good, redirectUri: 'myapp://callback' })
    await expect(client.authorizationUrl({ state: 'short' })).rejects.toMatchObject({
      code: 'ERR_INVALID_ARG_VALUE',
    })
    await expect(client.authorizationUrl({ prompt: 'never' as 'none' })).rejects.toMatchObject({
      code: 'ERR_INVALID_ARG_VALUE',
    })
    await expect(client.exchangeCode({ code: 'c', codeVerifier: 'short' })).rejects.toMatchObject({
      code: 'ERR_TBA_INVALID_CREDENTIAL',
    })
    expect(() => client.auth({} as AuthorizationCodeTokens)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }),
    )
  })

  it('keeps the secret, code, verifier and tokens out of errors, JSON and inspect', async () => {
    const client = confidential()
    const request = await client.authorizationUrl()
    const location = await follow(request.url)
    const code = new URL(location).searchParams.get('code') as string
    const tokens = await client.completeAuthorization(location, request)
    const errors = [
      await failure(client.exchangeCode({ code, codeVerifier: request.codeVerifier })),
      await failure(
        confidential({ clientSecret: 'Sup3rSecretValue' }).refresh(tokens.refreshToken),
      ),
    ]
    sim.oauth2Code.expireRefreshTokens()
    errors.push(await failure(client.refresh(tokens)))
    const secrets = [
      sim.oauth2Code.clientSecret,
      'Sup3rSecretValue',
      code,
      request.codeVerifier,
      tokens.accessToken,
      tokens.refreshToken,
    ]
    const auth = client.auth(tokens)
    for (const value of [client, request, tokens, auth, ...errors]) {
      const texts = [
        JSON.stringify(value),
        inspect(value, { showHidden: true, depth: Infinity }),
        String(value),
        (value as Error).stack ?? '',
        String((value as { cause?: unknown }).cause ?? ''),
      ]
      for (const text of texts) for (const s of secrets) expect(text).not.toContain(s)
    }
  })
})
