/**
 * `doctor` with OAuth 2.0 credentials: for each OAuth 2.0 failure the simulator produces, the
 * set-up step it names (from NetSuite's answers and the Date header only), and the exit code.
 */
import { generateKeyPairSync } from 'node:crypto'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startSimulator, type Simulator } from '../conformance/simulator/index.ts'
import {
  diagnoseOAuth2,
  OAUTH2_STEPS,
  prefersOAuth2,
  runOAuth2Doctor,
  type OAuth2StepId,
} from '../src/node/cli/diagnose_oauth2.ts'
import { cli, writeDotenv } from './cli_helpers.ts'
import { ecKey } from './oauth2_helpers.ts'

let sim: Simulator
let env: Record<string, string>
beforeAll(async () => {
  sim = await startSimulator()
  env = {
    NETSUITE_ACCOUNT_ID: sim.accountId,
    NETSUITE_CLIENT_ID: sim.oauth2.clientId,
    NETSUITE_CERTIFICATE_ID: sim.oauth2.certificateId,
    NETSUITE_PRIVATE_KEY: sim.oauth2.privateKeyPem,
    NETSUITE_RESTLET_URL: `${sim.url}/app/site/hosting/restlet.nl?script=${sim.restlet.script}&deploy=${sim.restlet.deploy}`,
  }
})
afterAll(() => sim.close())
beforeEach(() => sim.inject.reset())

const doctor = (overrides: Record<string, string | undefined> = {}) =>
  runOAuth2Doctor({ ...env, ...overrides }, { baseUrl: sim.url, timeoutMs: 5000 })

/** A client of that scenario with a fresh mapped key. */
function client(scenario: Parameters<Simulator['oauth2']['clientFor']>[0]) {
  const key = ecKey('prime256v1')
  const clientId = sim.oauth2.clientFor(scenario)
  return {
    NETSUITE_CLIENT_ID: clientId,
    NETSUITE_CERTIFICATE_ID: sim.oauth2.addCertificate(key.spki, clientId),
    NETSUITE_PRIVATE_KEY: key.pkcs8,
  }
}

describe('doctor names the set-up step of every OAuth 2.0 failure the simulator produces', () => {
  it('all good: token, clock, REST and RESTlet', async () => {
    const r = await doctor()
    expect(r.ok).toBe(true)
    expect(r.exitCode).toBe(0)
    expect(r.checks.map((c) => `${c.id}:${c.status}`)).toEqual([
      'credentials:ok',
      'key:ok',
      'token:ok',
      'clock:ok',
      'rest:ok',
      'restlet:ok',
    ])
  })

  const cases: [
    string,
    () => Record<string, string | undefined>,
    () => void,
    OAuth2StepId,
    boolean,
    number,
  ][] = [
    [
      'variables missing',
      () => ({ NETSUITE_CERTIFICATE_ID: undefined, NETSUITE_PRIVATE_KEY: undefined }),
      () => {},
      'oauth2-variables',
      true,
      3,
    ],
    [
      'RSA-2048 key',
      () => ({
        NETSUITE_PRIVATE_KEY: generateKeyPairSync('rsa', { modulusLength: 2048 })
          .privateKey.export({ type: 'pkcs8', format: 'pem' })
          .toString(),
      }),
      () => {},
      'oauth2-key',
      true,
      3,
    ],
    [
      'unknown client ID',
      () => ({ NETSUITE_CLIENT_ID: 'e'.repeat(64) }),
      () => {},
      'oauth2-feature-and-record',
      true,
      1,
    ],
    [
      'integration record blocked',
      () => client('integration-blocked'),
      () => {},
      'oauth2-feature-and-record',
      true,
      1,
    ],
    [
      'Client Credentials box unchecked',
      () => client('client-credentials-unchecked'),
      () => {},
      'oauth2-client-credentials-grant',
      true,
      1,
    ],
    ['scope box unchecked', () => client('restlets-only'), () => {}, 'oauth2-scopes', true, 1],
    [
      'unknown certificate ID',
      () => ({ NETSUITE_CERTIFICATE_ID: 'not-mapped' }),
      () => {},
      'oauth2-mapping',
      false,
      1,
    ],
    [
      'key not the certificate’s',
      () => ({ NETSUITE_PRIVATE_KEY: ecKey('prime256v1').pkcs8 }),
      () => {},
      'oauth2-mapping',
      false,
      1,
    ],
    [
      'certificate revoked',
      () => ({}),
      () => sim.oauth2.inject.revokeCertificate(sim.oauth2.certificateId),
      'oauth2-mapping',
      false,
      1,
    ],
    [
      'role lacks the OAuth 2.0 permission',
      () => client('role-missing-oauth2-permission'),
      () => {},
      'oauth2-mapping',
      false,
      1,
    ],
    [
      'clock of this machine 5 minutes ahead',
      () => ({}),
      () => sim.inject.clockOffset(-300),
      'clock',
      true,
      1,
    ],
    [
      'server_error',
      () => ({}),
      () => sim.oauth2.inject.failNextToken(1, 'server_error'),
      'oauth2-algorithm',
      false,
      1,
    ],
    [
      'a proxy page instead of JSON',
      () => ({}),
      () => sim.oauth2.inject.failNextToken(1, 'non_json'),
      'host',
      false,
      1,
    ],
  ]
  for (const [name, overrides, inject, step, certain, exitCode] of cases) {
    it(`${name} → ${step}`, async () => {
      inject()
      const r = await doctor(overrides())
      expect(r.ok).toBe(false)
      expect(r.diagnosis?.step).toBe(step)
      expect(r.diagnosis?.certain).toBe(certain)
      expect(r.diagnosis?.docs).toBe(`docs/oauth2.md#${step}`)
      expect(r.exitCode).toBe(exitCode)
      const text = JSON.stringify(r)
      expect(text).not.toContain((env.NETSUITE_PRIVATE_KEY as string).split('\n')[1])
    })
  }

  it('the clock check reports NetSuite’s offset from the Date header', async () => {
    sim.inject.clockOffset(-300)
    const r = await doctor()
    const clock = r.checks.find((c) => c.id === 'clock')
    expect(clock?.status).toBe('fail')
    expect(clock?.detail).toMatch(/is 30\d s behind this machine|is 299 s behind/)
  })

  it('an unreachable token endpoint: host, exit 4', async () => {
    const r = await runOAuth2Doctor(env, { baseUrl: 'http://127.0.0.1:1', timeoutMs: 2000 })
    expect(r.diagnosis?.step).toBe('host')
    expect(r.exitCode).toBe(4)
  })

  it('a Bearer call refused after the token: the role step', () => {
    const d = diagnoseOAuth2({
      code: 'ERR_NETSUITE_INVALID_LOGIN',
      status: 401,
      wwwAuthenticate: 'invalid_token',
    })
    expect(d.step.id).toBe('oauth2-role')
    expect(d.evidence).toBe('HTTP 401 invalid_token')
    expect(OAUTH2_STEPS['oauth2-role'].fix.join(' ')).toMatch(
      /Log in using OAuth 2\.0 Access Tokens/,
    )
  })
})

describe('the doctor command picks OAuth 2.0 from the environment', () => {
  it('OAuth 2.0 only → OAuth 2.0 doctor; TBA token set → TBA doctor', () => {
    expect(prefersOAuth2(env)).toBe(true)
    expect(prefersOAuth2({ ...env, NETSUITE_TOKEN_ID: 'x' })).toBe(false)
    expect(prefersOAuth2({ NETSUITE_ACCOUNT_ID: '1' })).toBe(false)
  })

  it('netsuite-tba doctor: report, fix and exit code', async () => {
    const ok = await cli(['doctor', '--base-url', sim.url], env)
    expect(ok.code, ok.stderr).toBe(0)
    expect(ok.stdout).toMatch(/OAuth 2\.0 client credentials/)
    expect(ok.stdout).toMatch(/All checks passed/)
    const bad = await cli(['doctor', '--base-url', sim.url, '--json'], {
      ...env,
      ...client('client-credentials-unchecked'),
    })
    expect(bad.code).toBe(1)
    expect(JSON.parse(bad.stdout).diagnosis.step).toBe('oauth2-client-credentials-grant')
    const human = await cli(['doctor', '--base-url', sim.url], {
      ...env,
      NETSUITE_CERTIFICATE_ID: 'x',
    })
    expect(human.code).toBe(1)
    expect(human.stdout).toMatch(/Check the M2M certificate mapping/)
    expect(human.stdout).toMatch(/Login Audit Trail/)
    expect(human.stdout + human.stderr).not.toContain(sim.oauth2.privateKeyPem.split('\n')[1])
  })

  it("takes the TBA doctor's options: --api, --rest-path, --dotenv, --json and its exit codes", async () => {
    const statuses = (stdout: string) =>
      (JSON.parse(stdout) as { checks: { id: string; status: string }[] }).checks
        .filter((c) => c.id === 'rest' || c.id === 'restlet')
        .map((c) => `${c.id}:${c.status}`)
    const rest = await cli(['doctor', '--base-url', sim.url, '--api', 'rest', '--json'], env)
    expect(rest.code, rest.stderr).toBe(0)
    expect(statuses(rest.stdout)).toEqual(['rest:ok', 'restlet:skip'])
    const restlet = await cli(['doctor', '--base-url', sim.url, '--api', 'restlet', '--json'], env)
    expect(restlet.code, restlet.stderr).toBe(0)
    expect(statuses(restlet.stdout)).toEqual(['rest:skip', 'restlet:ok'])
    const soap = await cli(['doctor', '--base-url', sim.url, '--api', 'soap'], env)
    expect(soap.code).toBe(2)
    expect(soap.stderr).toMatch(/SOAP web services have no OAuth 2\.0/)
    const noUrl = await cli(['doctor', '--base-url', sim.url, '--api', 'restlet'], {
      ...env,
      NETSUITE_RESTLET_URL: undefined,
    })
    expect(noUrl.code).toBe(2)
    expect(noUrl.stderr).toMatch(/--api restlet needs --restlet-url or NETSUITE_RESTLET_URL/)
    const badApi = await cli(['doctor', '--api', 'graphql'], env)
    expect(badApi.code).toBe(2)
    const path = await cli(
      ['doctor', '--base-url', sim.url, '--api', 'rest', '--rest-path', 'record/v1/customer/42'],
      env,
    )
    expect(path.code, path.stderr).toBe(0)
    const file = writeDotenv({ ...env, NETSUITE_BASE_URL: sim.url })
    const dotenv = await cli(['doctor', '--dotenv', file, '--json'], {})
    expect(dotenv.code, dotenv.stderr).toBe(0)
    expect(JSON.parse(dotenv.stdout).scheme).toBe('oauth2')
    const unreachable = await cli(['doctor', '--base-url', 'http://127.0.0.1:9', '--json'], env)
    expect(unreachable.code).toBe(4)
  })
})
