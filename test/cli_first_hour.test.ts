/**
 * The CLI as a newcomer meets it: `--dotenv` (Node itself reads any `--env-file` in its command
 * line), the documented error codes for bad credentials, usage errors (exit 2) for `--base-url`
 * without a scheme, `--body` on a GET and invalid JSON, the README's REST example on the
 * simulator, and the way `simulate --help` says to use it.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest'
import { startSimulator, type Simulator } from '../conformance/simulator/index.ts'
import { simulatorOAuth2Env } from '../src/node/cli/oauth2_config.ts'
import { COMMANDS } from '../src/node/cli/run.ts'
import {
  builtCli,
  cli,
  cliIsStale,
  ROOT,
  SAMPLE_ENV,
  simulatePrintEnv,
  writeDotenv,
} from './cli_helpers.ts'

const RESTLET =
  'https://1234567-sb1.restlets.api.netsuite.com/app/site/hosting/restlet.nl?script=1&deploy=1'
let sim: Simulator
let env: Record<string, string>

beforeAll(async () => {
  sim = await startSimulator({ host: '127.0.0.1', port: 0 })
  const c = sim.credentials
  env = {
    NETSUITE_ACCOUNT_ID: c.accountId,
    NETSUITE_CONSUMER_KEY: c.consumerKey,
    NETSUITE_CONSUMER_SECRET: c.consumerSecret,
    NETSUITE_TOKEN_ID: c.tokenId,
    NETSUITE_TOKEN_SECRET: c.tokenSecret,
    NETSUITE_BASE_URL: sim.url,
  }
})
afterAll(async () => {
  await sim?.close()
})

describe('--dotenv instead of a flag Node reads itself', () => {
  it('reads the file (the file wins); --env-file stays an alias', async () => {
    const file = writeDotenv(SAMPLE_ENV)
    const dir = dirname(file)
    for (const flag of ['--dotenv', '--env-file']) {
      const r = await cli(['sign', '--url', RESTLET, flag, file], { NETSUITE_ACCOUNT_ID: '999' })
      expect(r.code, r.stderr).toBe(0)
      expect(r.stdout).toMatch(/^OAuth realm="1234567_SB1"/)
    }
    const missing = await cli(['sign', '--url', RESTLET, '--dotenv', join(dir, 'nope.env')])
    expect(missing.code).toBe(3)
    expect(missing.stderr).toMatch(/cannot read --dotenv .*nope\.env/)
  })

  it('every command that reads NETSUITE_* variables offers --dotenv, none advertises --env-file', async () => {
    const readers = ['start', 'sign', 'passport', 'request', 'token', 'doctor', 'login']
    for (const entry of COMMANDS) {
      const { help } = await entry.load()
      expect(help, entry.name).not.toMatch(/--env-file/)
      if (readers.includes(entry.name)) expect(help, entry.name).toContain('--dotenv FILE')
    }
  })

  it('token and login read --dotenv (the file wins) and name the flag when the file is missing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ns-first-'))
    // The lines `simulate` prints for its OAuth 2.0 side, as a dotenv file.
    const oauth2 = simulatorOAuth2Env(sim)
    onTestFinished(oauth2.remove)
    const file = join(dir, 'oauth2.env')
    writeFileSync(
      file,
      [
        `NETSUITE_ACCOUNT_ID=${sim.accountId}`,
        `NETSUITE_BASE_URL=${sim.url}`,
        ...oauth2.lines,
      ].join('\n'),
    )
    for (const flag of ['--dotenv', '--env-file']) {
      const r = await cli(['token', flag, file], { NETSUITE_CLIENT_ID: 'not-this-one' })
      expect(r.code, r.stderr).toBe(0)
      expect(r.stdout.trim()).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$|^\S{16,}$/)
    }
    for (const argv of [['token'], ['login', '--oauth2', '--print-env']]) {
      const missing = await cli([...argv, '--dotenv', join(dir, 'nope.env')])
      expect(missing.code, argv[0]).toBe(3)
      expect(missing.stderr).toMatch(/cannot read --dotenv .*nope\.env/)
    }
    const login = await cli(['login', '--oauth2', '--print-env'], {
      NETSUITE_ACCOUNT_ID: '1234567',
    })
    expect(login.code).toBe(3)
    expect(login.stderr).toMatch(/or pass --dotenv FILE/)
    expect(login.stderr).not.toMatch(/--env-file/)
  })

  it('start --dotenv FILE checks the account the file names (doctor), not the tour', async () => {
    const r = await cli(['start', '--dotenv', writeDotenv(env)], {})
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toMatch(/NETSUITE_\* variables are set: checking your account/)
    expect(r.stdout).toMatch(/netsuite-tba doctor/)
    expect(r.stdout).toMatch(/All checks passed/)
  })

  it('the built binary: a missing --dotenv file is our exit 3, not Node\'s "not found" exit 9', async () => {
    if (cliIsStale()) execFileSync('npx', ['tsup'], { cwd: ROOT, stdio: 'ignore' })
    const r = await builtCli(['sign', '--url', RESTLET, '--dotenv', 'missing.env'])
    expect(r.code, r.stderr).toBe(3)
    expect(r.stderr).toMatch(/cannot read --dotenv missing\.env/)
    expect(r.stderr).not.toMatch(/^node:/m)
  })
})

describe('errors a newcomer makes', () => {
  it('credential errors print the documented codes', async () => {
    const missing = await cli(['sign', '--url', RESTLET], { NETSUITE_ACCOUNT_ID: '1234567' })
    expect(missing.code).toBe(3)
    expect(missing.stderr).toContain('[ERR_TBA_MISSING_ENV]')
    const bad = await cli(['sign', '--url', RESTLET], {
      ...SAMPLE_ENV,
      NETSUITE_TOKEN_SECRET: `${SAMPLE_ENV.NETSUITE_TOKEN_SECRET} `,
    })
    expect(bad.code).toBe(3)
    expect(bad.stderr).toContain('[ERR_TBA_INVALID_CREDENTIAL]')
    expect(bad.stderr).not.toContain(SAMPLE_ENV.NETSUITE_TOKEN_SECRET)
    const account = await cli(['sign', '--url', RESTLET], {
      ...SAMPLE_ENV,
      NETSUITE_ACCOUNT_ID: '1234567-sb1.app.netsuite.com',
    })
    expect(account.code).toBe(3)
    expect(account.stderr).toContain('[ERR_TBA_INVALID_ACCOUNT_ID]')
  })

  it('--base-url without a scheme is a usage error (exit 2); a bad NETSUITE_BASE_URL is config (3)', async () => {
    const usage = await cli(
      ['request', 'soap', 'getServerTime', '--base-url', 'localhost:8787'],
      env,
    )
    expect(usage.code, usage.stderr).toBe(2)
    expect(usage.stderr).toMatch(/--base-url "localhost:8787" is not an http\(s\) URL/)
    const config = await cli(['request', 'soap', 'getServerTime'], {
      ...env,
      NETSUITE_BASE_URL: '127.0.0.1:8787',
    })
    expect(config.code).toBe(3)
  })

  it('--body on a GET and invalid JSON are usage errors; an explicit text type sends raw text', async () => {
    const ids = ['--script', String(sim.restlet.script), '--deploy', String(sim.restlet.deploy)]
    const get = await cli(['request', 'restlet', 'GET', ...ids, '--body', '{"a":1}'], env)
    expect(get.code).toBe(2)
    expect(get.stderr).toMatch(/--body is not sent with GET/)
    const restGet = await cli(
      ['request', 'rest', 'GET', 'record/v1/customer/1', '--body', '{}'],
      env,
    )
    expect(restGet.code).toBe(2)
    const invalid = await cli(['request', 'restlet', 'POST', ...ids, '--body', "{a:'x'}"], env)
    expect(invalid.code).toBe(2)
    expect(invalid.stderr).toMatch(/--body is not valid JSON/)
    const json = await cli(['request', 'restlet', 'POST', ...ids, '--body', '{"a":1}'], env)
    expect(json.code, json.stderr).toBe(0)
    expect(JSON.parse(json.stdout)).toMatchObject({ method: 'POST', body: { a: 1 } })
    const raw = await cli(
      [
        'request',
        'restlet',
        'POST',
        ...ids,
        '--body',
        'plain words',
        '-H',
        'content-type: text/plain',
      ],
      env,
    )
    expect(raw.code, raw.stderr).toBe(0)
    expect(JSON.parse(raw.stdout)).toMatchObject({ method: 'POST', body: 'plain words' })
  })

  it("the README's REST example works on the simulator", async () => {
    const r = await cli(['request', 'rest', 'GET', 'record/v1/customer/42'], env)
    expect(r.code, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({ id: '42' })
    const gone = await cli(['request', 'rest', 'GET', 'record/v1/customer/9999'], env)
    expect(gone.code).toBe(1)
    expect(gone.stderr).toMatch(/NONEXISTENT_ID/)
    expect(gone.stderr).not.toMatch(/Wrong host/)
  })
})

describe('simulate --help', () => {
  it('suggests a flow that works: --print-env to a file, doctor --dotenv that file', async () => {
    const help = await cli(['simulate', '--help'])
    expect(help.stdout).not.toMatch(/eval "\$\(/)
    expect(help.stdout).toMatch(/simulate --print-env > simulator\.env &/)
    expect(help.stdout).toMatch(/doctor --dotenv simulator\.env/)
    // The same flow, in-process: the printed lines are a dotenv file doctor reads.
    const dir = mkdtempSync(join(tmpdir(), 'ns-sim-'))
    const file = join(dir, 'simulator.env')
    const sim = await simulatePrintEnv()
    writeFileSync(file, sim.printed)
    const doctor = await cli(['doctor', '--dotenv', file], {})
    expect(doctor.code, doctor.stdout).toBe(0)
    expect(doctor.stdout).toMatch(
      /All checks passed: .*RESTlet, REST web services, SOAP web services/,
    )
    expect(await sim.stop()).toBe(0)
  })
})
