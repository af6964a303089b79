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
import { runDoctor, type DoctorOptions } from '../src/node/cli/doctor.ts'
import type { SetupStepId } from '../src/node/cli/diagnose.ts'
import { run } from '../src/node/cli/run.ts'
import { SCENARIOS, restletUrl } from '../src/node/cli/simulate.ts'
import { cli, ROOT } from './cli_helpers.ts'

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

/** The step doctor must name for each scenario, and the API that exposes it. */
const EXPECTED: Record<
  Exclude<SimulatorScenario, 'ok'>,
  { step: SetupStepId; api: 'restlet' | 'rest' | 'soap' }
> = {
  'feature-disabled': { step: 'enable-features', api: 'restlet' },
  'integration-blocked': { step: 'integration-state', api: 'restlet' },
  'integration-tba-unchecked': { step: 'integration-tba', api: 'restlet' },
  'unknown-consumer': { step: 'consumer-key', api: 'restlet' },
  'revoked-token': { step: 'token', api: 'restlet' },
  'token-other-account': { step: 'token-account', api: 'restlet' },
  'role-missing-login-with-access-tokens': { step: 'role-login-tokens', api: 'restlet' },
  'role-missing-web-services': { step: 'role-web-services', api: 'soap' },
  'role-missing-rest-web-services': { step: 'role-rest-web-services', api: 'rest' },
  'role-missing-record-permission': { step: 'role-record-permission', api: 'rest' },
  'web-services-only-role': { step: 'web-services-only-role', api: 'restlet' },
  'role-not-assigned': { step: 'role-assigned', api: 'restlet' },
  'two-factor-required-role': { step: 'two-factor', api: 'restlet' },
  'permission-change-pending': { step: 'permission-pending', api: 'rest' },
}

function doctorOptions(api: 'restlet' | 'rest' | 'soap'): DoctorOptions {
  return api === 'restlet'
    ? { api, restletUrl: restletUrl(sim), timeoutMs: 5000 }
    : { api, baseUrl: sim.url, timeoutMs: 5000 }
}

describe('doctor against the simulator', () => {
  it('covers every simulator scenario', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(SCENARIOS.filter((s) => s !== 'ok').sort())
  })

  for (const api of ['restlet', 'rest', 'soap'] as const) {
    it(`passes every check with working credentials (${api})`, async () => {
      const report = await runDoctor(envOf(sim.credentials), doctorOptions(api))
      expect(report.checks.map((c) => [c.id, c.status])).toEqual([
        ['credentials', 'ok'],
        ['account', 'ok'],
        ['clock', 'ok'],
        ['call', 'ok'],
      ])
      expect(report.ok).toBe(true)
      expect(report.exitCode).toBe(0)
      expect(report.diagnosis).toBeUndefined()
    })
  }

  for (const [scenario, { step, api }] of Object.entries(EXPECTED)) {
    it(`${scenario} → ${step}`, async () => {
      const credentials = sim.credentialsFor(scenario as SimulatorScenario)
      const report = await runDoctor(envOf(credentials), doctorOptions(api))
      expect(report.exitCode).toBe(1)
      expect(report.checks.at(-1)).toMatchObject({ id: 'call', status: 'fail' })
      expect(report.diagnosis?.step, JSON.stringify(report.checks.at(-1))).toBe(step)
      expect(report.diagnosis?.certain).toBe(true)
      expect(report.diagnosis?.fix.length).toBeGreaterThan(0)
      const text = JSON.stringify(report)
      expect(text).not.toContain(credentials.consumerSecret)
      expect(text).not.toContain(credentials.tokenSecret)
    })
  }

  // Real NetSuite has no audit-trail API: from the response alone, the right step must still be
  // the diagnosis or among the steps doctor lists next to it.
  const withoutAuditTrail: typeof fetch = (input, init) =>
    String(input instanceof Request ? input.url : input).includes('/simulator/login-audit-trail')
      ? Promise.resolve(new Response('', { status: 404 }))
      : fetch(input, init)
  for (const [scenario, { step, api }] of Object.entries(EXPECTED)) {
    it(`${scenario}: ${step} is named from the response alone`, async () => {
      const c = sim.credentialsFor(scenario as SimulatorScenario)
      const report = await runDoctor(envOf(c), { ...doctorOptions(api), fetch: withoutAuditTrail })
      const named = [
        report.diagnosis?.step,
        ...(report.diagnosis?.alsoCheck ?? []).map((s) => s.step),
      ]
      expect(named).toContain(step)
    })
  }

  it('clock skew (simulator clock 10 minutes off) → clock', async () => {
    sim.inject.clockOffset(600)
    const report = await runDoctor(envOf(sim.credentials), doctorOptions('restlet'))
    expect(report.exitCode).toBe(1)
    expect(report.diagnosis?.step).toBe('clock')
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
    const env: Record<string, string> = {
      ...envOf(sim.credentialsFor('revoked-token')),
      NETSUITE_RESTLET_URL: restletUrl(sim),
    }
    const human = await cli(['doctor'], env)
    expect(human.code).toBe(1)
    expect(human.stdout).toMatch(/✗ signed call/)
    expect(human.stdout).toMatch(/Fix: The access token is revoked/)
    expect(human.stdout).toContain('docs/setup.md#token')
    expect(human.stdout + human.stderr).not.toContain(env.NETSUITE_TOKEN_SECRET as string)
    const json = await cli(['doctor', '--json'], env)
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      exitCode: 1,
      diagnosis: { step: 'token' },
    })
    expect((await cli(['doctor'], { NETSUITE_ACCOUNT_ID: '1234567' })).code).toBe(3)
    const closed = await cli(
      ['doctor', '--base-url', 'http://127.0.0.1:9', '--timeout-ms', '2000'],
      envOf(sim.credentials),
    )
    expect(closed.code).toBe(4)
  })
})

describe('simulate and start', () => {
  it('simulate prints credentials and export lines that doctor honours', async () => {
    let stdout = ''
    const ac = new AbortController()
    const done = run(['simulate', '--print-env'], {
      stdout: (t) => void (stdout += t),
      stderr: () => {},
      stdoutIsTTY: false,
      stderrIsTTY: false,
      env: {},
      cwd: ROOT,
      signal: ac.signal,
    })
    for (let i = 0; i < 100 && !stdout.includes('NETSUITE_RESTLET_URL'); i++) {
      await new Promise((r) => setTimeout(r, 20))
    }
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
    ac.abort()
    expect(await done).toBe(0)
  })

  it('start with NETSUITE_* set runs doctor; request failures name the set-up step', async () => {
    const env = { ...envOf(sim.credentials), NETSUITE_RESTLET_URL: restletUrl(sim) }
    const start = await cli(['start'], env)
    expect(start.code, start.stdout).toBe(0)
    expect(start.stdout).toMatch(/netsuite-tba doctor — RESTlet[\s\S]*All checks passed/)
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
    expect(denied.stderr).toMatch(/Set-up step: Give the role the record permission/)
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
