/**
 * The token endpoint call and its errors: every RFC 6749 error NetSuite answers, each with its
 * stable code, HTTP status and set-up step; malformed answers, network failures and timeouts; the
 * client authentication methods; and the simulator's Bearer checks on RESTlets and REST.
 */
import { createSign } from 'node:crypto'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startSimulator, type Simulator } from '../conformance/simulator/index.ts'
import {
  clientAssertionAuthentication,
  clientIdInBody,
  clientSecretBasic,
  createClientCredentialsAuth,
  NetSuiteError,
  requestToken,
  tokenEndpointUrl,
  type ClientCredentialsAuthOptions,
} from '../src/oauth2.ts'
import { ecKey, rsaKey } from './oauth2_helpers.ts'

let sim: Simulator
let tokenUrl: string
beforeAll(async () => {
  sim = await startSimulator()
  tokenUrl = tokenEndpointUrl({ baseUrl: sim.url })
})
afterAll(() => sim.close())
beforeEach(() => sim.inject.reset())

function options(extra: Partial<ClientCredentialsAuthOptions> = {}): ClientCredentialsAuthOptions {
  return {
    accountId: sim.accountId,
    clientId: sim.oauth2.clientId,
    certificateId: sim.oauth2.certificateId,
    privateKey: sim.oauth2.privateKeyPem,
    baseUrl: sim.url,
    ...extra,
  }
}

async function failure(promise: Promise<unknown>): Promise<NetSuiteError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(NetSuiteError)
  return error as NetSuiteError
}

async function lastAudit(): Promise<string> {
  const trail = (await (await fetch(`${sim.url}/simulator/login-audit-trail`)).json()) as {
    detail: string
  }[]
  return trail.at(-1)?.detail ?? ''
}

/** The client credentials errors, each with what the message must name. */
describe('client credentials errors: code, status, set-up step', () => {
  it('invalid_client: unknown client ID, with the Basic challenge', async () => {
    const auth = createClientCredentialsAuth(options({ clientId: 'f'.repeat(64) }))
    const e = await failure(auth.token())
    expect(e).toMatchObject({
      code: 'ERR_NETSUITE_OAUTH2_INVALID_CLIENT',
      status: 401,
      netsuiteCode: 'invalid_client',
      retryable: false,
    })
    expect(e.message).toMatch(/Basic realm="1234567_SB1"/)
    expect(e.message).toMatch(/Client ID of the integration record/)
    expect(await lastAudit()).toMatch(/UnknownIntegration/)
  })

  it('invalid_client: integration record blocked', async () => {
    const clientId = sim.oauth2.clientFor('integration-blocked')
    const key = ecKey('prime256v1')
    const certificateId = sim.oauth2.addCertificate(key.spki, clientId)
    const e = await failure(
      createClientCredentialsAuth(
        options({ clientId, certificateId, privateKey: key.pkcs8 }),
      ).token(),
    )
    expect(e.code).toBe('ERR_NETSUITE_OAUTH2_INVALID_CLIENT')
    expect(e.message).toMatch(/State is Enabled/)
  })

  it('unauthorized_client: the Client Credentials box is not checked', async () => {
    const clientId = sim.oauth2.clientFor('client-credentials-unchecked')
    const key = ecKey('prime256v1')
    const certificateId = sim.oauth2.addCertificate(key.spki, clientId)
    const e = await failure(
      createClientCredentialsAuth(
        options({ clientId, certificateId, privateKey: key.pkcs8 }),
      ).token(),
    )
    expect(e).toMatchObject({ code: 'ERR_NETSUITE_OAUTH2_UNAUTHORIZED_CLIENT', status: 400 })
    expect(e.message).toMatch(/Client Credentials \(Machine to Machine\) Grant/)
  })

  it('invalid_grant: unknown certificate ID (kid)', async () => {
    const e = await failure(createClientCredentialsAuth(options({ certificateId: 'nope' })).token())
    expect(e).toMatchObject({ code: 'ERR_NETSUITE_OAUTH2_INVALID_GRANT', status: 400 })
    expect(e.message).toMatch(/certificateId is the Certificate ID/)
    expect(e.message).toMatch(/sandbox refresh clears them/)
    expect(await lastAudit()).toBe('MissingKey')
  })

  it('invalid_grant: the key is not the certificate’s', async () => {
    const e = await failure(
      createClientCredentialsAuth(options({ privateKey: ecKey('prime256v1').pkcs8 })).token(),
    )
    expect(e.code).toBe('ERR_NETSUITE_OAUTH2_INVALID_GRANT')
    expect(e.message).toMatch(/privateKey belongs to that certificate/)
    expect(await lastAudit()).toBe('SignatureValidation')
  })

  it('invalid_grant: revoked certificate', async () => {
    const key = ecKey('secp521r1')
    const certificateId = sim.oauth2.addCertificate(key.spki)
    sim.oauth2.inject.revokeCertificate(certificateId)
    const e = await failure(
      createClientCredentialsAuth(options({ certificateId, privateKey: key.pkcs8 })).token(),
    )
    expect(e.code).toBe('ERR_NETSUITE_OAUTH2_INVALID_GRANT')
    expect(e.message).toMatch(/not revoked or expired/)
  })

  it('invalid_grant: the clock here is ahead of NetSuite’s', async () => {
    sim.inject.clockOffset(-120)
    const e = await failure(createClientCredentialsAuth(options()).token())
    expect(e.code).toBe('ERR_NETSUITE_OAUTH2_INVALID_GRANT')
    expect(e.message).toMatch(/clock is right \(NTP\)/)
    expect(e.message).toMatch(/This machine's clock is 1[12]\d s ahead of NetSuite's/)
    expect(await lastAudit()).toMatch(/TokenNotAcceptable \(issued in the future\)/)
    // A clock a little ahead is absorbed by the backdated iat.
    sim.inject.clockOffset(-20)
    expect((await createClientCredentialsAuth(options()).token()).tokenType).toBe('Bearer')
  })

  it('invalid_grant: the role lacks "Log in using OAuth 2.0 Access Tokens"', async () => {
    const clientId = sim.oauth2.clientFor('role-missing-oauth2-permission')
    const key = ecKey('prime256v1')
    const certificateId = sim.oauth2.addCertificate(key.spki, clientId)
    const e = await failure(
      createClientCredentialsAuth(
        options({ clientId, certificateId, privateKey: key.pkcs8 }),
      ).token(),
    )
    expect(e.code).toBe('ERR_NETSUITE_OAUTH2_INVALID_GRANT')
    expect(e.message).toMatch(/Log in using OAuth 2\.0 Access Tokens/)
  })

  it('invalid_grant: a replayed assertion (jti)', async () => {
    const assertion = await createClientCredentialsAuth(options()).clientAssertion()
    const send = () =>
      requestToken({
        tokenUrl,
        grantType: 'client_credentials',
        clientAuthentication: clientAssertionAuthentication(assertion),
      })
    expect((await send()).tokenType).toBe('Bearer')
    const e = await failure(send())
    expect(e.code).toBe('ERR_NETSUITE_OAUTH2_INVALID_GRANT')
    expect(e.message).not.toContain(assertion.split('.')[2])
    expect(await lastAudit()).toMatch(/jti replay/)
  })

  it('invalid_scope: a scope not checked on the integration record', async () => {
    const clientId = sim.oauth2.clientFor('restlets-only')
    const key = ecKey('prime256v1')
    const certificateId = sim.oauth2.addCertificate(key.spki, clientId)
    const e = await failure(
      createClientCredentialsAuth(
        options({ clientId, certificateId, privateKey: key.pkcs8 }),
      ).token(),
    )
    expect(e).toMatchObject({ code: 'ERR_NETSUITE_OAUTH2_INVALID_SCOPE', status: 400 })
    expect(e.message).toMatch(/RESTlets, REST Web Services, SuiteAnalytics Connect/)
    expect(await lastAudit()).toBe('ScopeMismatched')
  })

  it('server_error: an RS256 assertion or one without kid (as NetSuite answers them)', async () => {
    const key = rsaKey(3072)
    const certificateId = sim.oauth2.addCertificate(key.spki)
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url')
    const now = Math.floor(Date.now() / 1000)
    const claims = {
      iss: sim.oauth2.clientId,
      scope: ['restlets'],
      aud: tokenUrl,
      iat: now - 10,
      exp: now + 200,
    }
    for (const [header, audit] of [
      [{ typ: 'JWT', alg: 'RS256', kid: certificateId }, /UnsupportedAlgo/],
      [{ typ: 'JWT', alg: 'PS256' }, /MissingKeyId/],
    ] as const) {
      const input = `${b64(header)}.${b64(claims)}`
      const signature = createSign('sha256')
        .update(input)
        .sign(key.privateKey)
        .toString('base64url')
      const e = await failure(
        requestToken({
          tokenUrl,
          grantType: 'client_credentials',
          clientAuthentication: clientAssertionAuthentication(`${input}.${signature}`),
        }),
      )
      expect(e).toMatchObject({
        code: 'ERR_NETSUITE_OAUTH2_SERVER_ERROR',
        status: 500,
        retryable: true,
      })
      expect(await lastAudit()).toMatch(audit)
    }
  })

  it('server_error from the client credentials auth names the algorithm and kid', async () => {
    sim.oauth2.inject.failNextToken(1, 'server_error')
    const e = await failure(createClientCredentialsAuth(options()).token())
    expect(e.code).toBe('ERR_NETSUITE_OAUTH2_SERVER_ERROR')
    expect(e.message).toMatch(/RS256 is refused/)
    expect(e.message).toMatch(/MissingKeyId/)
  })

  it('a non-JSON answer (proxy page)', async () => {
    sim.oauth2.inject.failNextToken(1, 'non_json')
    const e = await failure(createClientCredentialsAuth(options()).token())
    expect(e).toMatchObject({
      code: 'ERR_NETSUITE_OAUTH2_INVALID_RESPONSE',
      status: 502,
      retryable: true,
    })
    expect(e.message).toMatch(/HTML or XML page/)
  })
})

describe('the shared token endpoint call', () => {
  it('unsupported_grant_type and invalid_request', async () => {
    const a = await failure(requestToken({ tokenUrl, grantType: 'password' }))
    expect(a).toMatchObject({ code: 'ERR_NETSUITE_OAUTH2_UNSUPPORTED_GRANT_TYPE', status: 400 })
    const b = await failure(requestToken({ tokenUrl, grantType: 'client_credentials' }))
    expect(b).toMatchObject({ code: 'ERR_NETSUITE_OAUTH2_INVALID_REQUEST', status: 400 })
    expect(b.message).toMatch(/missing or malformed/)
  })

  it('grant hints replace the defaults', async () => {
    const e = await failure(
      requestToken({
        tokenUrl,
        grantType: 'password',
        hints: { unsupported_grant_type: 'Use X.' },
      }),
    )
    expect(e.message).toMatch(/\(unsupported_grant_type\)\. Use X\.$/)
  })

  const answer =
    (status: number, body: string, headers: Record<string, string> = {}): typeof fetch =>
    async () =>
      new Response(body, { status, headers: { 'content-type': 'application/json', ...headers } })

  it('reads a token answer: bearer in any case, expires_in, scope, refresh and id tokens', async () => {
    const t = await requestToken({
      tokenUrl,
      grantType: 'authorization_code',
      nowMs: () => 1_000_000,
      fetch: answer(
        200,
        JSON.stringify({
          access_token: 'at',
          token_type: 'bearer',
          expires_in: '3600',
          scope: 'restlets rest_webservices',
          refresh_token: 'rt',
          id_token: 'it',
        }),
      ),
    })
    expect({ ...t }).toEqual({
      accessToken: 'at',
      tokenType: 'Bearer',
      expiresAt: 1_000_000 + 3_600_000,
      scope: ['restlets', 'rest_webservices'],
      refreshToken: 'rt',
      idToken: 'it',
    })
    expect(JSON.stringify(t)).not.toMatch(/"at"|"rt"|"it"/)
  })

  it('malformed success answers are refused', async () => {
    for (const body of [
      '{}',
      '{"access_token":"a b","token_type":"Bearer"}',
      '{"access_token":"a","token_type":"mac"}',
      '{"access_token":"a","token_type":"Bearer","expires_in":-5}',
      '{"access_token":"a","token_type":"Bearer","expires_in":"soon"}',
      '[1]',
      'not json',
    ]) {
      const e = await failure(requestToken({ tokenUrl, grantType: 'x', fetch: answer(200, body) }))
      expect(e.code).toBe('ERR_NETSUITE_OAUTH2_INVALID_RESPONSE')
    }
  })

  it('an unknown error value, an error in a 200, and an empty error answer', async () => {
    const a = await failure(
      requestToken({
        tokenUrl,
        grantType: 'x',
        fetch: answer(503, '{"error":"temporarily_unavailable"}'),
      }),
    )
    expect(a).toMatchObject({
      code: 'ERR_NETSUITE_OAUTH2_INVALID_RESPONSE',
      netsuiteCode: 'temporarily_unavailable',
      retryable: true,
    })
    const b = await failure(
      requestToken({
        tokenUrl,
        grantType: 'x',
        fetch: answer(200, '{"error":"invalid_grant","error_description":"expired"}'),
      }),
    )
    expect(b.code).toBe('ERR_NETSUITE_OAUTH2_INVALID_GRANT')
    expect(b.message).toMatch(/invalid_grant: expired/)
    const c = await failure(requestToken({ tokenUrl, grantType: 'x', fetch: answer(400, '') }))
    expect(c.message).toMatch(/no body/)
  })

  it('network failure and timeout', async () => {
    const a = await failure(
      requestToken({
        tokenUrl: 'http://127.0.0.1:1/services/rest/auth/oauth2/v1/token',
        grantType: 'x',
      }),
    )
    expect(a).toMatchObject({ code: 'ERR_NETSUITE_NETWORK', retryable: true })
    const hang: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) =>
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
      )
    const b = await failure(requestToken({ tokenUrl, grantType: 'x', fetch: hang, timeoutMs: 50 }))
    expect(b).toMatchObject({ code: 'ERR_NETSUITE_TIMEOUT' })
    const controller = new AbortController()
    const pending = requestToken({
      tokenUrl,
      grantType: 'x',
      fetch: hang,
      signal: controller.signal,
    })
    controller.abort(new Error('stop'))
    await expect(pending).rejects.toThrow('stop')
  })

  it('client authentication methods: assertion, Basic, client_id in the body', async () => {
    const seen: { body: string; authorization: string | null }[] = []
    const capture: typeof fetch = async (_input, init) => {
      const headers = new Headers(init?.headers)
      expect(headers.get('content-type')).toBe('application/x-www-form-urlencoded')
      seen.push({ body: String(init?.body), authorization: headers.get('authorization') })
      return new Response('{"access_token":"a","token_type":"Bearer","expires_in":3600}')
    }
    await requestToken({
      tokenUrl,
      grantType: 'client_credentials',
      fetch: capture,
      clientAuthentication: clientAssertionAuthentication('h.p.s'),
    })
    await requestToken({
      tokenUrl,
      grantType: 'refresh_token',
      params: { refresh_token: 'r t' },
      fetch: capture,
      clientAuthentication: clientSecretBasic('id:1', 'sé'),
    })
    await requestToken({
      tokenUrl,
      grantType: 'authorization_code',
      params: { code: 'c' },
      fetch: capture,
      clientAuthentication: clientIdInBody('pub'),
    })
    expect(seen[0]).toEqual({
      body: 'grant_type=client_credentials&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=h.p.s',
      authorization: null,
    })
    expect(seen[1]?.body).toBe('grant_type=refresh_token&refresh_token=r+t')
    expect(Buffer.from((seen[1]?.authorization ?? '').slice(6), 'base64').toString()).toBe(
      'id%3A1:s%C3%A9',
    )
    expect(seen[2]).toEqual({
      body: 'grant_type=authorization_code&code=c&client_id=pub',
      authorization: null,
    })
  })
})

describe('the simulator’s Bearer checks on RESTlets and REST', () => {
  const restletUrl = () =>
    `${sim.url}/app/site/hosting/restlet.nl?script=${sim.restlet.script}&deploy=${sim.restlet.deploy}`
  const restUrl = () => `${sim.url}/services/rest/record/v1/customer/1`

  it('a valid token passes on both', async () => {
    const { accessToken } = await createClientCredentialsAuth(options()).token()
    for (const url of [restletUrl(), restUrl()]) {
      const r = await fetch(url, { headers: { authorization: `Bearer ${accessToken}` } })
      expect(r.status).toBe(200)
    }
  })

  it('malformed: 400 with error="invalid_request"', async () => {
    for (const url of [restletUrl(), restUrl()]) {
      const r = await fetch(url, { headers: { authorization: 'Bearer a b c' } })
      expect(r.status).toBe(400)
      expect(r.headers.get('www-authenticate')).toMatch(
        /^Bearer realm="1234567_SB1", error="invalid_request", error_description="The request could not be understood/,
      )
    }
  })

  it('unknown, expired, revoked: 401 with error="invalid_token" and the Login Audit Trail detail', async () => {
    const auth = createClientCredentialsAuth(options())
    const check = async (token: string, detail: RegExp) => {
      for (const url of [restletUrl(), restUrl()]) {
        const r = await fetch(url, { headers: { authorization: `Bearer ${token}` } })
        expect(r.status).toBe(401)
        expect(r.headers.get('www-authenticate')).toBe(
          'Bearer realm="1234567_SB1", error="invalid_token", error_description="Invalid login attempt."',
        )
        expect(await r.text()).toMatch(/INVALID_LOGIN/)
        expect(await lastAudit()).toMatch(detail)
      }
    }
    await check('unknown', /InvalidToken/)
    const a = (await auth.token()).accessToken
    sim.oauth2.inject.expireTokens()
    await check(a, /AccessTokenExpired/)
    auth.clear()
    const b = (await auth.token()).accessToken
    sim.oauth2.inject.revokeToken(b)
    await check(b, /TokenBlocked/)
  })

  it('the token endpoint refuses anything but a form POST', async () => {
    const get = await fetch(tokenUrl)
    expect(get.status).toBe(400)
    const jsonPost = await fetch(tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    })
    expect(((await jsonPost.json()) as { error: string }).error).toBe('invalid_request')
  })
})
