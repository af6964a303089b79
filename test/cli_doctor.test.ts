/**
 * `netsuite-tba doctor`, `simulate` and `start` against the loopback simulator: doctor names the
 * right set-up step for every failure scenario the simulator can produce, and for clock skew.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  startSimulator,
  type Simulator,
  type SimulatorScenario,
} from '../conformance/simulator/index.ts'
import type { TbaCredentials } from '../src/index.ts'
import { runDoctor, type DoctorReport } from '../src/node/cli/doctor.ts'
import type { SetupStepId } from '../src/node/cli/diagnose.ts'
import { run } from '../src/node/cli/run.ts'
import { SCENARIOS, restletUrl } from '../src/node/cli/simulate.ts'
import { cli, ROOT, simulatePrintEnv } from './cli_helpers.ts'

let sim: Simulator

beforeAll(async () => {
  sim = await startSimulator({ host: '127.0.0.1', port: 0 })
})
afterAll(async () => {
  await sim?.close()
})
beforeEach(() => sim.inject.reset())

function envOf(credentials: TbaCredentials): Record<string, string> {
  return {
    NETSUITE_ACCOUNT_ID: credentials.accountId,
    NETSUITE_CONSUMER_KEY: credentials.consumerKey,
    NETSUITE_CONSUMER_SECRET: credentials.consumerSecret,
    NETSUITE_TOKEN_ID: credentials.tokenId,
    NETSUITE_TOKEN_SECRET: credentials.tokenSecret,
  }
}

/**
 * What plain `doctor` (every API: RESTlet, REST, SOAP) must conclude for each scenario, from
 * NetSuite-shaped answers alone. `steps` is the exact list it names, most likely first; `own` is
 * the scenario's real cause, which must be among them. Doctor is certain only when one step is
 * left: several scenarios answer identically (`consumer_key_refused` for a blocked integration
 * and for one without Token-based Authentication; `token_rejected` for a revoked token, a token
 * of another account and a role no longer assigned; a permission refusal for a missing
 * permission and for one added minutes ago), and then doctor lists them all.
 */
const EXPECTED: Record<
  Exclude<SimulatorScenario, 'ok' | 'two-factor-required-role'>,
  { own: SetupStepId; steps: SetupStepId[] }
> = {
  // WWW-Authenticate feature_disabled on RESTlet and REST explains SOAP's bare fault.
  'feature-disabled': { own: 'enable-features', steps: ['enable-features'] },
  'integration-blocked': {
    own: 'integration-state',
    steps: ['integration-state', 'integration-tba'],
  },
  'integration-tba-unchecked': {
    own: 'integration-tba',
    steps: ['integration-state', 'integration-tba'],
  },
  'unknown-consumer': { own: 'consumer-key', steps: ['consumer-key'] },
  'revoked-token': { own: 'token', steps: ['token', 'token-account', 'role-assigned'] },
  'token-other-account': {
    own: 'token-account',
    steps: ['token', 'token-account', 'role-assigned'],
  },
  'role-not-assigned': {
    own: 'role-assigned',
    steps: ['token', 'token-account', 'role-assigned'],
  },
  // Every API refuses: the RESTlet's permission_denied login, REST's 400 USER_ERROR.
  'role-missing-login-with-access-tokens': {
    own: 'role-login-tokens',
    steps: ['role-login-tokens', 'permission-pending', 'role-rest-web-services'],
  },
  // RESTlet and REST answer, so the token, integration and "Log in using Access Tokens" are fine.
  'role-missing-web-services': {
    own: 'role-web-services',
    steps: ['role-web-services', 'permission-pending'],
  },
  'role-missing-rest-web-services': {
    own: 'role-rest-web-services',
    steps: ['role-rest-web-services', 'permission-pending'],
  },
  'role-missing-record-permission': {
    own: 'role-record-permission',
    steps: ['role-record-permission', 'permission-pending'],
  },
  // §6: a RESTlet's 401 INVALID_LOGIN_CREDENTIALS while REST and SOAP answer.
  'web-services-only-role': { own: 'web-services-only-role', steps: ['web-services-only-role'] },
  'permission-change-pending': {
    own: 'permission-pending',
    steps: ['role-rest-web-services', 'permission-pending', 'role-web-services'],
  },
}

/** The environment `netsuite-tba simulate --print-env` exports for a credentials set. */
function simulateEnv(credentials: TbaCredentials): Record<string, string> {
  return {
    ...envOf(credentials),
    NETSUITE_BASE_URL: sim.url,
    NETSUITE_RESTLET_URL: restletUrl(sim),
  }
}

/** Run plain `netsuite-tba doctor --json` in-process; record every URL it fetched. */
async function plainDoctor(
  env: Record<string, string>,
  extra: string[] = [],
): Promise<{ code: number; report: DoctorReport; urls: string[]; stdout: string }> {
  const urls: string[] = []
  const original = globalThis.fetch
  globalThis.fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
    urls.push(input instanceof Request ? input.url : String(input))
    return original(input, init)
  }) as typeof fetch
  let stdout = ''
  try {
    const code = await run(['doctor', '--json', ...extra], {
      stdout: (t) => void (stdout += t),
      stderr: () => {},
      stdoutIsTTY: false,
      stderrIsTTY: false,
      env,
      cwd: ROOT,
    })
    return { code, report: JSON.parse(stdout) as DoctorReport, urls, stdout }
  } finally {
    globalThis.fetch = original
  }
}

describe('doctor against the simulator, from NetSuite-shaped answers only', () => {
  it('covers every simulator scenario', () => {
    expect([...Object.keys(EXPECTED), 'two-factor-required-role'].sort()).toEqual(
      SCENARIOS.filter((s) => s !== 'ok').sort(),
    )
  })

  it('plain doctor tests RESTlet, REST and SOAP and passes with working credentials', async () => {
    const { code, report, urls } = await plainDoctor(simulateEnv(sim.credentials))
    expect(code).toBe(0)
    expect(report.apis).toEqual(['restlet', 'rest', 'soap'])
    expect(report.checks.map((c) => [c.id, c.api ?? '', c.status])).toEqual([
      ['credentials', '', 'ok'],
      ['account', '', 'ok'],
      ['clock', '', 'ok'],
      ['call', 'restlet', 'ok'],
      ['call', 'rest', 'ok'],
      ['call', 'soap', 'ok'],
    ])
    expect(report.diagnosis).toBeUndefined()
    expect(urls.filter((u) => u.includes('/simulator/'))).toEqual([])
  })

  it('without a RESTlet URL, plain doctor tests REST and SOAP', async () => {
    const env = simulateEnv(sim.credentials)
    delete env.NETSUITE_RESTLET_URL
    const { code, report } = await plainDoctor(env)
    expect(code).toBe(0)
    expect(report.apis).toEqual(['rest', 'soap'])
  })

  it('a 2FA-required role works with tokens: doctor passes', async () => {
    const { code, report } = await plainDoctor(
      simulateEnv(sim.credentialsFor('two-factor-required-role')),
    )
    expect(code, JSON.stringify(report.checks)).toBe(0)
  })

  for (const [scenario, { own, steps }] of Object.entries(EXPECTED)) {
    it(`${scenario}: exit 1, names ${steps.join(' / ')}${steps.length === 1 ? ' (certain)' : ''}`, async () => {
      const credentials = sim.credentialsFor(scenario as SimulatorScenario)
      const { code, report, urls, stdout } = await plainDoctor(simulateEnv(credentials))
      expect(code).toBe(1)
      expect(report.ok).toBe(false)
      const named = [
        report.diagnosis?.step,
        ...(report.diagnosis?.alsoCheck ?? []).map((s) => s.step),
      ]
      expect(named, JSON.stringify(report.checks)).toEqual(steps)
      expect(named).toContain(own)
      expect(report.diagnosis?.certain).toBe(steps.length === 1)
      expect(report.checks.some((c) => c.id === 'call' && c.status === 'fail')).toBe(true)
      // No simulator-only endpoint, and no secret in the report.
      expect(urls.filter((u) => u.includes('/simulator/'))).toEqual([])
      expect(stdout).not.toContain(credentials.consumerSecret)
      expect(stdout).not.toContain(credentials.tokenSecret)
      // What users see of the simulator (answers, audit trail) carries no internal markers.
      expect(stdout).not.toMatch(/UNCONFIRMED/i)
      expect(JSON.stringify(sim.loginAuditTrail())).not.toMatch(/UNCONFIRMED/i)
    })
  }

  it('the human report lists every step when the answers fit several, and never says all passed', async () => {
    const env = simulateEnv(sim.credentialsFor('role-missing-web-services'))
    const human = await cli(['doctor'], env)
    expect(human.code).toBe(1)
    expect(human.stdout).not.toMatch(/All checks passed/)
    expect(human.stdout).toMatch(/✓ RESTlet/)
    expect(human.stdout).toMatch(/✗ SOAP web services/)
    expect(human.stdout).toMatch(/fit 2 set-up steps; check them in this order/)
    expect(human.stdout).toContain('docs/setup.md#role-web-services')
    expect(human.stdout).toContain('docs/setup.md#permission-pending')
    expect(human.stdout).toMatch(/Login Audit Trail.*Detail/)
    expect(human.stdout).toMatch(/--api restlet,rest/)
    const only = await cli(['doctor', '--api', 'restlet,rest'], env)
    expect(only.code, only.stdout).toBe(0)
    expect(only.stdout).toMatch(/All checks passed/)
  })

  it('one API alone: --api soap still names the steps of its answer', async () => {
    const report = await runDoctor(envOf(sim.credentialsFor('role-missing-web-services')), {
      api: 'soap',
      baseUrl: sim.url,
      timeoutMs: 5000,
    })
    expect(report.exitCode).toBe(1)
    expect(report.diagnosis?.step).toBe('role-web-services')
  })

  it('clock skew (simulator clock 10 minutes off) → clock', async () => {
    sim.inject.clockOffset(600)
    // The simulator's own clock moves (its Date header does not): NetSuite-style, it refuses the
    // timestamps with WWW-Authenticate error="timestamp_refused".
    const { code, report } = await plainDoctor(simulateEnv(sim.credentials))
    expect(code).toBe(1)
    expect(report.diagnosis).toMatchObject({ step: 'clock', certain: true })
  })

  it('flags a target host of another account before sending anything', async () => {
    const report = await runDoctor(
      { ...envOf(sim.credentials), NETSUITE_ACCOUNT_ID: '7654321' },
      { api: 'rest', baseUrl: 'https://1234567-sb1.suitetalk.api.netsuite.com' },
    )
    expect(report.checks.find((c) => c.id === 'account')?.status).toBe('fail')
    expect(report.diagnosis?.step).toBe('token-account')
  })

  it('the doctor command: human report, --json, exit codes 3 and 4, no secret printed', async () => {
    const env = simulateEnv(sim.credentialsFor('revoked-token'))
    const human = await cli(['doctor'], env)
    expect(human.code).toBe(1)
    expect(human.stdout).toMatch(/✗ RESTlet/)
    expect(human.stdout).toMatch(/fit 3 set-up steps; check them in this order/)
    expect(human.stdout).toMatch(/1\. The access token is revoked/)
    expect(human.stdout).toContain('docs/setup.md#token')
    expect(human.stdout).not.toMatch(/All checks passed/)
    expect(human.stdout + human.stderr).not.toContain(env.NETSUITE_TOKEN_SECRET as string)
    const json = await cli(['doctor', '--json'], env)
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      exitCode: 1,
      diagnosis: { step: 'token' },
    })
    expect((await cli(['doctor'], { NETSUITE_ACCOUNT_ID: '1234567' })).code).toBe(3)
    const usage = await cli(['doctor', '--base-url', '127.0.0.1:8787'], envOf(sim.credentials))
    expect(usage.code, usage.stderr).toBe(2)
    expect(usage.stderr).toMatch(/--base-url "127\.0\.0\.1:8787" is not an http\(s\) URL/)
    expect((await cli(['doctor', '--api', 'graphql'], envOf(sim.credentials))).code).toBe(2)
    const closed = await cli(
      ['doctor', '--base-url', 'http://127.0.0.1:9', '--timeout-ms', '2000'],
      envOf(sim.credentials),
    )
    expect(closed.code).toBe(4)
  })
})

describe('simulate and start', () => {
  it('simulate prints credentials and export lines that doctor honours', async () => {
    const simulated = await simulatePrintEnv()
    const stdout = simulated.printed
    const env: Record<string, string> = {}
    for (const m of stdout.matchAll(/^export (\w+)='?([^'\n]*)'?$/gm))
      env[m[1] as string] = m[2] as string
    expect(Object.keys(env)).toEqual(
      expect.arrayContaining([
        'NETSUITE_ACCOUNT_ID',
        'NETSUITE_CONSUMER_SECRET',
        'NETSUITE_BASE_URL',
        'NETSUITE_RESTLET_URL',
      ]),
    )
    expect(env.NETSUITE_BASE_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const rest = await cli(['doctor', '--api', 'rest'], env)
    expect(rest.code, rest.stdout).toBe(0)
    const restlet = await cli(['doctor'], env)
    expect(restlet.code, restlet.stdout).toBe(0)
    expect(restlet.stdout).toContain('RESTlet')
    const req = await cli(['request', 'soap', 'getServerTime'], env)
    expect(req.code, req.stderr).toBe(0)
    expect(await simulated.stop()).toBe(0)
  })

  it('start with NETSUITE_* set runs doctor; request failures name the set-up step', async () => {
    const env = simulateEnv(sim.credentials)
    const start = await cli(['start'], env)
    expect(start.code, start.stdout).toBe(0)
    expect(start.stdout).toMatch(
      /netsuite-tba doctor — RESTlet, REST web services, SOAP[\s\S]*All checks passed/,
    )
    const got = await cli(
      [
        'request',
        'restlet',
        'GET',
        '--script',
        String(sim.restlet.script),
        '--deploy',
        String(sim.restlet.deploy),
        '--param',
        'id=7',
      ],
      { ...envOf(sim.credentials), NETSUITE_BASE_URL: sim.url },
    )
    expect(got.code, got.stderr).toBe(0)
    expect(JSON.parse(got.stdout)).toMatchObject({ method: 'GET', params: { id: '7' } })
    const denied = await cli(['request', 'rest', 'GET', 'record/v1/customer/1'], {
      ...envOf(sim.credentialsFor('role-missing-record-permission')),
      NETSUITE_BASE_URL: sim.url,
    })
    expect(denied.code).toBe(1)
    expect(denied.stderr).toMatch(/error: HTTP 403/)
    expect(denied.stderr).toMatch(/Set-up steps that fit: Give the role the record permission/)
  })

  it('start with no NETSUITE_* variables runs the tour and exits 0', async () => {
    const t0 = Date.now()
    const r = await cli(['start'], {})
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/RESTlet[\s\S]*GET[\s\S]*POST/)
    expect(r.stdout).toMatch(/\d+ rows in \d+ pages/)
    expect(r.stdout).toMatch(/getServerTime/)
    expect(r.stdout).toMatch(/\d+ passed, 0 failed/)
    expect(r.stdout).toMatch(/signatures\/s/)
    expect(Date.now() - t0).toBeLessThan(15_000)
  })
})
