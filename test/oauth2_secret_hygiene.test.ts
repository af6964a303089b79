/**
 * OAuth 2.0 secret hygiene: the private key, the client assertion and the access token never appear
 * in an error (message, stack, cause chain, own properties), nor in `JSON.stringify`,
 * `util.inspect` or `String()` of the auth, the token, the credentials or an error, on every failure
 * path the simulator and the key checks can produce.
 */
import { inspect } from 'node:util'
import { expect, it } from 'vitest'
import { useSimulator } from './helpers/simulator.ts'
import {
  clientAssertionAuthentication,
  createClientCredentialsAuth,
  oauth2CredentialsFromEnv,
  requestToken,
  tokenEndpointUrl,
  type ClientCredentialsAuthOptions,
} from '../src/oauth2.ts'
import { createRestClient } from '../src/rest.ts'
import { ecKey, rsaKey } from './oauth2_helpers.ts'

const sim = useSimulator()

/** Everything a user could print: renderings of the value, its cause chain and own properties. */
function renderings(value: unknown, depth = 0, properties = true): string[] {
  if (value === null || value === undefined || depth > 4) return []
  const out: string[] = []
  for (const f of [
    () => String(value),
    () => JSON.stringify(value),
    () => inspect(value, { depth: 6, showHidden: true }),
    () => (value as Error).stack,
    () => (value as Error).message,
  ]) {
    try {
      out.push(String(f()))
    } catch {
      // not every rendering exists for every value
    }
  }
  if (properties && typeof value === 'object') {
    for (const key of Object.getOwnPropertyNames(value)) {
      const v: unknown = (value as Record<string, unknown>)[key]
      if (v !== value) out.push(...renderings(v, depth + 1))
    }
  }
  return out
}

/** Errors: every rendering of the error and everything it holds. */
function clean(value: unknown, secrets: string[]): void {
  const text = renderings(value).join('\n')
  for (const secret of secrets) expect(text).not.toContain(secret)
}

/** Values that hold a secret by design (the token, the credentials): how they print. */
function cleanPrinted(value: unknown, secrets: string[]): void {
  const text = renderings(value, 0, false).join('\n')
  for (const secret of secrets) expect(text).not.toContain(secret)
}

const keyParts = (pem: string) =>
  pem
    .replace(/-----[^-]+-----/g, '')
    .split(/\s+/)
    .filter((line) => line.length >= 40)

it('no secret in any failure of the token endpoint or the calls', async () => {
  const key = ecKey('prime256v1')
  const certificateId = sim.oauth2.addCertificate(key.spki)
  const base: ClientCredentialsAuthOptions = {
    accountId: sim.accountId,
    clientId: sim.oauth2.clientId,
    certificateId,
    privateKey: key.pkcs8,
    baseUrl: sim.url,
  }
  const good = createClientCredentialsAuth(base)
  const token = await good.token()
  const assertion = await good.clientAssertion()
  const secrets = [...keyParts(key.pkcs8), token.accessToken, assertion.split('.')[2] as string]
  clean(good, secrets)
  cleanPrinted(token, [token.accessToken])
  const failures: unknown[] = []
  const capture = (p: Promise<unknown>) =>
    p.then(
      () => failures.push(new Error('no failure')),
      (e: unknown) => failures.push(e),
    )
  await capture(createClientCredentialsAuth({ ...base, clientId: 'x'.repeat(64) }).token())
  await capture(createClientCredentialsAuth({ ...base, certificateId: 'nope' }).token())
  await capture(
    createClientCredentialsAuth({ ...base, privateKey: ecKey('secp384r1').pkcs8 }).token(),
  )
  await capture(
    createClientCredentialsAuth({
      ...base,
      scopes: ['suite_analytics', 'restlets'],
      clientId: sim.oauth2.clientFor('restlets-only'),
    }).token(),
  )
  sim.oauth2.inject.failNextToken(1, 'server_error')
  await capture(createClientCredentialsAuth(base).token())
  sim.oauth2.inject.failNextToken(1, 'non_json')
  await capture(createClientCredentialsAuth(base).token())
  await capture(createClientCredentialsAuth({ ...base, baseUrl: 'http://127.0.0.1:1' }).token())
  // The first use of the assertion succeeds; the second is a replay.
  await requestToken({
    tokenUrl: tokenEndpointUrl({ baseUrl: sim.url }),
    grantType: 'client_credentials',
    clientAuthentication: clientAssertionAuthentication(assertion),
  })
  await capture(
    requestToken({
      tokenUrl: tokenEndpointUrl({ baseUrl: sim.url }),
      grantType: 'client_credentials',
      clientAuthentication: clientAssertionAuthentication(assertion),
    }),
  )
  // A call whose token is refused twice (the REST scope box is not checked).
  const clientId = sim.oauth2.clientFor('restlets-only')
  const restletsOnly = createClientCredentialsAuth({
    ...base,
    clientId,
    certificateId: sim.oauth2.addCertificate(key.spki, clientId),
    scopes: ['restlets'],
  })
  const restToken = await restletsOnly.token()
  await capture(
    createRestClient({ auth: restletsOnly, retry: false }).request({
      method: 'GET',
      path: 'record/v1/customer/1',
    }),
  )
  sim.oauth2.inject.revokeCertificate(certificateId)
  await capture(
    createRestClient({ auth: good }).request({ method: 'GET', path: 'record/v1/customer/1' }),
  )
  expect(failures).toHaveLength(10)
  for (const f of failures) {
    expect(f).toHaveProperty('code')
    clean(f, [...secrets, restToken.accessToken])
  }
})

it('no key material in key errors, and none in the env credentials', () => {
  const pem = rsaKey(3072).pkcs8
  const parts = keyParts(pem)
  const broken = [
    pem
      .replace(/-----END PRIVATE KEY-----/, '')
      .replace('-----BEGIN PRIVATE KEY-----', '-----BEGIN PRIVATE KEY-----\n!'),
    pem.slice(0, 600) + '\n-----END PRIVATE KEY-----',
    pem
      .replace('BEGIN PRIVATE KEY', 'BEGIN ENCRYPTED PRIVATE KEY')
      .replace('END PRIVATE KEY', 'END ENCRYPTED PRIVATE KEY'),
  ]
  for (const privateKey of broken) {
    let error: unknown
    try {
      createClientCredentialsAuth({
        accountId: '1234567',
        clientId: 'c',
        certificateId: 'k',
        privateKey,
      })
    } catch (e) {
      error = e
    }
    expect(error).toHaveProperty('code')
    clean(error, parts)
  }
  cleanPrinted(
    oauth2CredentialsFromEnv({
      NETSUITE_ACCOUNT_ID: '1',
      NETSUITE_CLIENT_ID: 'c',
      NETSUITE_CERTIFICATE_ID: 'k',
      NETSUITE_PRIVATE_KEY: pem,
    }),
    parts,
  )
})
