/**
 * OAuth 2.0 client credentials (M2M) against the simulator over loopback HTTP: every algorithm with
 * a generated key of each kind (assertions checked by an independent WebCrypto verifier), caching,
 * single flight, expiry, the 401 retry, and the adapters' `auth` option.
 */
import { inspect } from 'node:util'
import { describe, expect, it } from 'vitest'
import { useSimulator } from './helpers/simulator.ts'
import { createTbaSigner } from '../src/index.ts'
import {
  createClientCredentialsAuth,
  type ClientAssertionAlgorithm,
  type ClientCredentialsAuthOptions,
} from '../src/oauth2.ts'
import { createRestClient } from '../src/rest.ts'
import { createRestletClient } from '../src/restlet.ts'
import { createSoapClient } from '../src/soap.ts'
import { ecKey, rsaKey, rsaPssKey, verifyJwt, type TestKey } from './oauth2_helpers.ts'

const sim = useSimulator()

function options(
  overrides: Partial<ClientCredentialsAuthOptions> = {},
): ClientCredentialsAuthOptions {
  return {
    accountId: sim.accountId,
    clientId: sim.oauth2.clientId,
    certificateId: sim.oauth2.certificateId,
    privateKey: sim.oauth2.privateKeyPem,
    baseUrl: sim.url,
    ...overrides,
  }
}

/** Map the key's public part on the simulator's M2M page and return auth options for it. */
function mapped(key: TestKey, overrides: Partial<ClientCredentialsAuthOptions> = {}) {
  const certificateId = sim.oauth2.addCertificate(key.spki)
  return options({ certificateId, privateKey: key.pkcs8, ...overrides })
}

describe('every algorithm with a key of each accepted kind', () => {
  const cases: [
    ClientAssertionAlgorithm | undefined,
    ClientAssertionAlgorithm,
    string,
    () => TestKey,
  ][] = [
    [undefined, 'ES256', 'P-256', () => ecKey('prime256v1')],
    [undefined, 'ES384', 'P-384', () => ecKey('secp384r1')],
    [undefined, 'ES512', 'P-521', () => ecKey('secp521r1')],
    [undefined, 'PS256', 'RSA-3072', () => rsaKey(3072)],
    ['PS384', 'PS384', 'RSA-3072', () => rsaKey(3072)],
    ['PS512', 'PS512', 'RSA-3072', () => rsaKey(3072)],
    [undefined, 'PS256', 'RSA-PSS-3072 (id-RSASSA-PSS PKCS#8)', () => rsaPssKey(3072)],
    ['PS512', 'PS512', 'RSA-4096', () => rsaKey(4096)],
  ]
  for (const [given, expected, label, make] of cases) {
    it(`${given ?? 'inferred'} → ${expected} with ${label}`, async () => {
      const key = make()
      const o = mapped(key, given ? { algorithm: given } : {})
      const auth = createClientCredentialsAuth(o)
      expect(auth.algorithm).toBe(expected)
      const before = Math.floor(Date.now() / 1000)
      const assertion = await auth.clientAssertion()
      const { header, claims } = await verifyJwt(assertion, key)
      expect(header).toEqual({ typ: 'JWT', alg: expected, kid: o.certificateId })
      expect(claims.iss).toBe(sim.oauth2.clientId)
      expect(claims.aud).toBe(`${sim.url}/services/rest/auth/oauth2/v1/token`)
      expect(claims.scope).toEqual(['restlets', 'rest_webservices'])
      const iat = claims.iat as number
      expect(Number.isInteger(iat)).toBe(true)
      expect(iat).toBeLessThan(before)
      expect(iat).toBeGreaterThanOrEqual(before - 61)
      expect((claims.exp as number) - iat).toBeGreaterThan(0)
      expect((claims.exp as number) - iat).toBeLessThanOrEqual(900)
      expect(claims.exp as number).toBeGreaterThan(before)
      expect(claims.jti).toMatch(/^[A-Za-z0-9]{16,}$/)
      expect(Object.keys(claims).sort()).toEqual(['aud', 'exp', 'iat', 'iss', 'jti', 'scope'])
      // The simulator verifies the assertion with node:crypto and issues a token.
      const restlet = createRestletClient({ auth })
      expect(await restlet.get({ ...sim.restlet, params: { a: '1' } })).toEqual({
        method: 'GET',
        params: { a: '1' },
      })
    })
  }

  it('a fresh jti and signature every time', async () => {
    const auth = createClientCredentialsAuth(options())
    const [a, b] = await Promise.all([auth.clientAssertion(), auth.clientAssertion()])
    expect(a).not.toBe(b)
    const jti = (s: string) =>
      JSON.parse(Buffer.from(s.split('.')[1] as string, 'base64url').toString()).jti
    expect(jti(a)).not.toBe(jti(b))
  })

  it('a CryptoKey works as well as PEM', async () => {
    const key = ecKey('secp384r1')
    const cryptoKey = await crypto.subtle.importKey(
      'pkcs8',
      key.privateKey.export({ type: 'pkcs8', format: 'der' }),
      { name: 'ECDSA', namedCurve: 'P-384' },
      false,
      ['sign'],
    )
    const auth = createClientCredentialsAuth(mapped(key, { privateKey: cryptoKey }))
    expect(auth.algorithm).toBe('ES384')
    await verifyJwt(await auth.clientAssertion(), key)
    expect((await auth.token()).tokenType).toBe('Bearer')
  })

  it('suite_analytics alone, and the scope the token carries', async () => {
    const auth = createClientCredentialsAuth(options({ scopes: ['suite_analytics'] }))
    const token = await auth.token()
    expect(token.scope).toEqual(['suite_analytics'])
    expect(token.expiresAt).toBeGreaterThan(Date.now() + 3500_000)
  })
})

describe('caching, single flight, expiry', () => {
  it('one token for many calls', async () => {
    const auth = createClientCredentialsAuth(options())
    const a = await auth.token()
    const b = await auth.token()
    expect(b.accessToken).toBe(a.accessToken)
    const rest = createRestClient({ auth })
    for (let i = 0; i < 3; i++) await rest.request({ method: 'GET', path: 'record/v1/customer/1' })
    expect(sim.oauth2.tokensIssued()).toBe(1)
  })

  it('one token request serves concurrent callers', async () => {
    const auth = createClientCredentialsAuth(options())
    const tokens = await Promise.all(Array.from({ length: 20 }, () => auth.token()))
    expect(new Set(tokens.map((t) => t.accessToken)).size).toBe(1)
    expect(sim.oauth2.tokensIssued()).toBe(1)
    const restlet = createRestletClient({ auth, concurrency: 5 })
    await Promise.all(Array.from({ length: 10 }, () => restlet.get({ ...sim.restlet })))
    expect(sim.oauth2.tokensIssued()).toBe(1)
  })

  it('a failed token request is not cached; the next call asks again', async () => {
    const auth = createClientCredentialsAuth(options())
    sim.oauth2.inject.failNextToken(1, 'server_error')
    const results = await Promise.allSettled([auth.token(), auth.token()])
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected'])
    expect((await auth.token()).tokenType).toBe('Bearer')
    expect(sim.oauth2.tokensIssued()).toBe(1)
  })

  // Client and simulator clocks move together: `advance` skips time on both.
  function clocks(): { clock: () => number; advance: (seconds: number) => void } {
    let offset = 0
    return {
      clock: () => Date.now() / 1000 + offset,
      advance: (seconds) => sim.inject.clockOffset((offset += seconds)),
    }
  }

  it('renews shortly before expires_in runs out (injected clock)', async () => {
    const { clock, advance } = clocks()
    sim.oauth2.inject.tokenLifetime(3600)
    const auth = createClientCredentialsAuth(options({ clock }))
    const first = await auth.token()
    expect(first.expiresAt).toBeCloseTo(clock() * 1000 + 3600_000, -3)
    advance(3600 - 62)
    expect((await auth.token()).accessToken).toBe(first.accessToken)
    advance(4) // within the last minute: renewed
    const second = await auth.token()
    expect(second.accessToken).not.toBe(first.accessToken)
    expect(sim.oauth2.tokensIssued()).toBe(2)
  })

  it('short-lived tokens are renewed a quarter of their life early', async () => {
    const { clock, advance } = clocks()
    sim.oauth2.inject.tokenLifetime(120)
    const auth = createClientCredentialsAuth(options({ clock }))
    const first = await auth.token()
    advance(88)
    expect((await auth.token()).accessToken).toBe(first.accessToken)
    advance(4)
    expect((await auth.token()).accessToken).not.toBe(first.accessToken)
  })

  it('clear() forgets the token', async () => {
    const auth = createClientCredentialsAuth(options())
    const a = await auth.token()
    auth.clear()
    expect((await auth.token()).accessToken).not.toBe(a.accessToken)
  })
})

describe('401 invalid_token: one retry with a fresh token', () => {
  it('an expired token is dropped and the call retried once (RESTlet and REST)', async () => {
    const auth = createClientCredentialsAuth(options())
    const restlet = createRestletClient({ auth })
    const rest = createRestClient({ auth })
    await restlet.get({ ...sim.restlet })
    sim.oauth2.inject.expireTokens()
    await restlet.get({ ...sim.restlet })
    expect(sim.oauth2.tokensIssued()).toBe(2)
    sim.oauth2.inject.revokeToken()
    expect((await rest.request({ method: 'GET', path: 'record/v1/customer/1' })).status).toBe(200)
    expect(sim.oauth2.tokensIssued()).toBe(3)
  })

  it('a POST is retried too (NetSuite did not act on a 401)', async () => {
    const auth = createClientCredentialsAuth(options())
    const restlet = createRestletClient({ auth })
    await auth.token()
    sim.oauth2.inject.expireTokens()
    expect(await restlet.post({ ...sim.restlet, body: { x: 1 } })).toMatchObject({ method: 'POST' })
  })

  it('only once: a token refused twice surfaces as ERR_NETSUITE_INVALID_LOGIN', async () => {
    // The integration has only the RESTlets box: REST refuses the token each time.
    const key = ecKey('prime256v1')
    const clientId = sim.oauth2.clientFor('restlets-only')
    const certificateId = sim.oauth2.addCertificate(key.spki, clientId)
    const auth = createClientCredentialsAuth(
      options({ clientId, certificateId, privateKey: key.pkcs8, scopes: ['restlets'] }),
    )
    const rest = createRestClient({ auth, retry: false })
    const error = await rest
      .request({ method: 'GET', path: 'record/v1/customer/1' })
      .catch((e) => e)
    expect(error).toMatchObject({
      code: 'ERR_NETSUITE_INVALID_LOGIN',
      status: 401,
      wwwAuthenticate: 'invalid_token',
    })
    expect(error.message).toMatch(/REST Web Services/)
    expect(error.message).toMatch(/Log in using OAuth 2\.0 Access Tokens/)
    expect(sim.oauth2.tokensIssued()).toBe(2)
    // The RESTlet works with the same auth.
    await createRestletClient({ auth }).get({ ...sim.restlet })
  })

  it('a revoked certificate: the retry asks for a token and gets invalid_grant', async () => {
    const key = ecKey('secp384r1')
    const o = mapped(key)
    const auth = createClientCredentialsAuth(o)
    const restlet = createRestletClient({ auth })
    await restlet.get({ ...sim.restlet })
    sim.oauth2.inject.revokeCertificate(o.certificateId)
    const error = (await restlet.get({ ...sim.restlet }).catch((e: Error) => e)) as Error
    expect(error).toMatchObject({ code: 'ERR_NETSUITE_OAUTH2_INVALID_GRANT', status: 400 })
    expect(error.message).toMatch(/OAuth 2\.0 Client Credentials \(M2M\) Setup/)
    expect(error.message).toMatch(/revoked or expired/)
  })

  it('a TBA signer as auth does not retry (no Bearer)', async () => {
    const restlet = createRestletClient({
      auth: createTbaSigner(sim.credentials),
      baseUrl: sim.url,
    })
    expect(await restlet.get({ ...sim.restlet })).toMatchObject({ method: 'GET' })
  })
})

describe('the auth option of the clients', () => {
  it('accountId comes from the auth; baseUrl from the client', async () => {
    const auth = createClientCredentialsAuth(options())
    expect(auth.accountId).toBe(sim.accountId)
    const rest = createRestClient({ auth, baseUrl: sim.url })
    expect((await rest.request({ method: 'GET', path: 'record/v1/customer/1' })).status).toBe(200)
  })

  it('auth together with credentials, signer or authorize is refused', () => {
    const auth = createClientCredentialsAuth(options())
    expect(() => createRestClient({ auth, credentials: sim.credentials })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' }),
    )
    expect(() => createRestletClient({ auth: {} as never, baseUrl: sim.url })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }),
    )
  })

  it("SOAP refuses an OAuth 2.0 auth: NetSuite's SOAP has no OAuth 2.0", () => {
    const auth = createClientCredentialsAuth(options())
    expect(() => createSoapClient({ auth, baseUrl: sim.url } as never)).toThrow(
      expect.objectContaining({
        code: 'ERR_TBA_OAUTH2_NOT_SUPPORTED',
        message: expect.stringMatching(/SOAP web services have no OAuth 2\.0/),
      }),
    )
  })
})

describe('secret hygiene', () => {
  it('no key, assertion or token in JSON, inspect or String', async () => {
    const auth = createClientCredentialsAuth(options())
    const token = await auth.token()
    const assertion = await auth.clientAssertion()
    const keyBody = sim.oauth2.privateKeyPem.split('\n')[1] as string
    for (const value of [auth, token]) {
      for (const text of [JSON.stringify(value), inspect(value, { depth: 5 }), String(value)]) {
        expect(text).not.toContain(token.accessToken)
        expect(text).not.toContain(keyBody)
        expect(text).not.toContain(assertion.slice(-40))
      }
    }
    expect(JSON.stringify(token)).toContain('"redacted":true')
    expect(inspect(auth)).toContain(sim.oauth2.certificateId)
  })
})
