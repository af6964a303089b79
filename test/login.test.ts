/**
 * `netsuite-tba login` in-process against the simulator over loopback: the listener and paste
 * modes for OAuth 2.0 and TBA, the written file (mode 0600, working credentials), and every way it
 * can fail (state, Deny, timeout, Ctrl-C, an existing file) without writing anything.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { get } from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startSimulator, type Simulator } from '../conformance/simulator/index.ts'
import { parseEnvFile } from '../src/node/cli/config.ts'
import { run } from '../src/node/cli/run.ts'
import { clientsFromLoginFile } from './helpers/login_file.ts'
import { createKeyPairAndCertificate } from '../src/oauth2/certificate.ts'
import { createRestletClient } from '../src/restlet.ts'

let sim: Simulator
let dir: string
beforeAll(async () => {
  sim = await startSimulator()
})
afterAll(() => sim.close())
beforeEach(() => {
  sim.inject.reset()
  sim.oauth2Code.consent('allow')
  sim.tbaFlow.consent('allow')
  dir = mkdtempSync(join(tmpdir(), 'nstba-login-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

interface Running {
  stdout: () => string
  stderr: () => string
  done: Promise<number>
  /** The authorize URL the CLI printed. */
  url: () => Promise<string>
}

function start(
  argv: string[],
  env: Record<string, string>,
  extra: { signal?: AbortSignal; stdin?: AsyncIterable<string> } = {},
): Running {
  let stdout = ''
  let stderr = ''
  const done = run(['login', ...argv, '--no-open'], {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    stdoutIsTTY: false,
    stderrIsTTY: false,
    env,
    cwd: dir,
    ...extra,
  })
  const url = async (): Promise<string> => {
    for (let i = 0; i < 400; i++) {
      const m = /^ {2}(http\S+)$/m.exec(stderr)
      if (m) return m[1] as string
      await new Promise((r) => setTimeout(r, 10))
    }
    throw new Error(`no URL printed; stderr: ${stderr}`)
  }
  return { stdout: () => stdout, stderr: () => stderr, done, url }
}

const oauth2Env = (): Record<string, string> => ({
  NETSUITE_ACCOUNT_ID: sim.accountId,
  NETSUITE_CLIENT_ID: sim.oauth2Code.clientId,
  NETSUITE_CLIENT_SECRET: sim.oauth2Code.clientSecret,
  NETSUITE_BASE_URL: sim.url,
})

const tbaEnv = (): Record<string, string> => ({
  NETSUITE_ACCOUNT_ID: sim.accountId,
  NETSUITE_CONSUMER_KEY: sim.tbaFlow.consumerKey,
  NETSUITE_CONSUMER_SECRET: sim.tbaFlow.consumerSecret,
  NETSUITE_BASE_URL: sim.url,
})

/** A stdin that yields `line` once it is known. */
function stdinOf(line: Promise<string>): AsyncIterable<string> {
  return {
    async *[Symbol.asyncIterator]() {
      yield `${await line}\n`
    },
  }
}

const files = () => readdirSync(dir)

describe('netsuite-tba login', () => {
  it('--oauth2: the loopback listener receives the code; the file (0600) holds working credentials', async () => {
    const running = start(['--oauth2', '--out', 'creds.env', '--timeout', '20'], oauth2Env())
    const url = await running.url()
    expect(url).toMatch(/\/app\/login\/oauth2\/authorize\.nl\?/)
    const redirect = new URL(url).searchParams.get('redirect_uri') as string
    expect(redirect).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/)
    const landed = await fetch(url) // follows the consent redirect to the listener
    expect(await landed.text()).toContain('return to the terminal')
    expect(await running.done).toBe(0)
    const file = join(dir, 'creds.env')
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(files()).toEqual(['creds.env'])
    const { env, client, rest } = clientsFromLoginFile(file, sim.url)
    expect(env).toMatchObject({
      NETSUITE_ACCOUNT_ID: sim.accountId,
      NETSUITE_CLIENT_ID: sim.oauth2Code.clientId,
      NETSUITE_REDIRECT_URI: redirect,
      NETSUITE_BASE_URL: sim.url,
    })
    expect((await rest.request({ method: 'GET', path: 'record/v1/customer/1' })).status).toBe(200)
    // The refresh token works too.
    expect((await client.refresh(env.NETSUITE_REFRESH_TOKEN as string)).accessToken).toBeTruthy()
    expect(running.stderr()).not.toContain(env.NETSUITE_REFRESH_TOKEN as string)
    expect(running.stderr()).not.toContain(sim.oauth2Code.clientSecret)
    expect(running.stdout()).toBe('')
  })

  it('--oauth2 --print-env with a public client and a fixed --port', async () => {
    const env: Record<string, string> = {
      ...oauth2Env(),
      NETSUITE_CLIENT_ID: sim.oauth2Code.publicClientId,
      NETSUITE_CLIENT_SECRET: '',
    }
    const probe = await startSimulator()
    const port = Number(new URL(probe.url).port)
    await probe.close()
    const running = start(['--oauth2', '--print-env', '--port', String(port)], env)
    const url = await running.url()
    expect(new URL(url).searchParams.get('redirect_uri')).toBe(`http://127.0.0.1:${port}/callback`)
    await fetch(url)
    expect(await running.done).toBe(0)
    const lines = running.stdout().trim().split('\n')
    expect(lines.every((l) => l.startsWith('export NETSUITE_'))).toBe(true)
    expect(running.stdout()).toMatch(/^export NETSUITE_REFRESH_TOKEN=\S+$/m)
    expect(running.stdout()).not.toContain('NETSUITE_CLIENT_SECRET')
    expect(files()).toEqual([])
  })

  it('--tba: the three-step flow through the listener; the token works on the RESTlet', async () => {
    const running = start(['--tba', '--out', 'tba.env'], tbaEnv())
    const url = await running.url()
    expect(url).toMatch(/\/app\/login\/secure\/authorizetoken\.nl\?oauth_token=\w+&state=\w{32}$/)
    // NetSuite accepts http://localhost:* callbacks for the TBA flow: the default.
    expect(running.stderr()).toMatch(/come back to http:\/\/localhost:\d+\/callback/)
    await fetch(url)
    expect(await running.done).toBe(0)
    const env = parseEnvFile(readFileSync(join(dir, 'tba.env'), 'utf8'))
    const credentials = {
      accountId: env.NETSUITE_ACCOUNT_ID as string,
      consumerKey: env.NETSUITE_CONSUMER_KEY as string,
      consumerSecret: env.NETSUITE_CONSUMER_SECRET as string,
      tokenId: env.NETSUITE_TOKEN_ID as string,
      tokenSecret: env.NETSUITE_TOKEN_SECRET as string,
    }
    const restlet = createRestletClient({ credentials, baseUrl: sim.url, retry: false })
    expect(await restlet.get({ ...sim.restlet })).toMatchObject({ method: 'GET' })
    expect(running.stderr()).not.toContain(credentials.tokenSecret)
    expect(running.stderr()).not.toContain(credentials.consumerSecret)
  })

  it('--oauth2 with an https://127.0.0.1 redirect URI serves the listener over TLS (--tls-cert/--tls-key)', async () => {
    const { privateKeyPem, certificatePem } = await createKeyPairAndCertificate({
      commonName: '127.0.0.1',
      days: 1,
    })
    writeFileSync(join(dir, 'cert.pem'), certificatePem)
    writeFileSync(join(dir, 'key.pem'), privateKeyPem)
    const running = start(
      [
        '--oauth2',
        '--print-env',
        '--redirect-uri',
        'https://127.0.0.1/callback',
        '--tls-cert',
        'cert.pem',
        '--tls-key',
        'key.pem',
      ],
      oauth2Env(),
    )
    const url = await running.url()
    const location = (await fetch(url, { redirect: 'manual' })).headers.get('location') as string
    expect(location).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/callback\?/)
    // The browser would accept the certificate; here the test trusts it explicitly.
    const page = await new Promise<string>((resolve, reject) => {
      get(location, { ca: certificatePem, checkServerIdentity: () => undefined }, (res) => {
        let body = ''
        res.on('data', (c: Buffer) => (body += c.toString()))
        res.on('end', () => resolve(body))
      }).on('error', reject)
    })
    expect(page).toContain('return to the terminal')
    expect(await running.done).toBe(0)
    expect(running.stdout()).toMatch(
      /^export NETSUITE_REDIRECT_URI=https:\/\/127\.0\.0\.1:\d+\/callback$/m,
    )
  })

  it('paste mode: reads the address the browser landed on from standard input', async () => {
    let paste!: (line: string) => void
    const line = new Promise<string>((r) => (paste = r))
    const running = start(
      [
        '--oauth2',
        '--paste',
        '--redirect-uri',
        'https://app.example.com/netsuite/callback',
        '--print-env',
      ],
      oauth2Env(),
      { stdin: stdinOf(line) },
    )
    sim.oauth2Code.setRedirectUris(['https://app.example.com/netsuite/callback'])
    const url = await running.url()
    const location = (await fetch(url, { redirect: 'manual' })).headers.get('location') as string
    expect(location).toMatch(/^https:\/\/app\.example\.com\/netsuite\/callback\?/)
    expect(running.stderr()).toMatch(/paste the full address/)
    paste(location)
    expect(await running.done).toBe(0)
    expect(running.stdout()).toMatch(/^export NETSUITE_ACCESS_TOKEN=/m)
  })

  it('a pasted address with another state fails (exit 1) and writes nothing', async () => {
    let paste!: (line: string) => void
    const running = start(
      ['--oauth2', '--paste', '--redirect-uri', 'myapp://callback', '--out', 'x.env'],
      oauth2Env(),
      { stdin: stdinOf(new Promise<string>((r) => (paste = r))) },
    )
    sim.oauth2Code.setRedirectUris(['myapp://callback'])
    const url = await running.url()
    const location = new URL(
      (await fetch(url, { redirect: 'manual' })).headers.get('location') as string,
    )
    location.searchParams.set('state', 'forged'.repeat(5))
    const issued = sim.oauth2.tokensIssued()
    paste(location.href)
    expect(await running.done).toBe(1)
    expect(running.stderr()).toMatch(/another state/)
    expect(running.stderr()).toContain('ERR_CLI_LOGIN_FAILED')
    expect(sim.oauth2.tokensIssued()).toBe(issued)
    expect(files()).toEqual([])
  })

  it('Deny fails with the typed error and writes nothing', async () => {
    sim.oauth2Code.consent('deny')
    const running = start(['--oauth2', '--out', 'x.env'], oauth2Env())
    await fetch(await running.url())
    expect(await running.done).toBe(1)
    expect(running.stderr()).toContain('ERR_NETSUITE_AUTHORIZATION_DENIED')
    expect(files()).toEqual([])
  })

  it('times out with a clear message and writes nothing', async () => {
    const running = start(['--tba', '--out', 'x.env', '--timeout', '1'], tbaEnv())
    await running.url()
    expect(await running.done).toBe(1)
    expect(running.stderr()).toMatch(/no redirect arrived within 1 s/)
    expect(running.stderr()).toMatch(/Waiting for the browser/)
    expect(files()).toEqual([])
  })

  it('Ctrl-C (abort) exits 130 and writes nothing', async () => {
    const controller = new AbortController()
    const running = start(['--oauth2', '--out', 'x.env'], oauth2Env(), {
      signal: controller.signal,
    })
    await running.url()
    controller.abort()
    expect(await running.done).toBe(130)
    expect(running.stderr()).toMatch(/nothing was written/)
    expect(files()).toEqual([])
  })

  it('never overwrites a file without --force, and replaces it with --force', async () => {
    writeFileSync(join(dir, 'creds.env'), 'KEEP=1\n')
    const refused = start(['--oauth2', '--out', 'creds.env'], oauth2Env())
    expect(await refused.done).toBe(2)
    expect(refused.stderr()).toMatch(/--force/)
    expect(readFileSync(join(dir, 'creds.env'), 'utf8')).toBe('KEEP=1\n')
    const forced = start(['--oauth2', '--out', 'creds.env', '--force'], oauth2Env())
    await fetch(await forced.url())
    expect(await forced.done).toBe(0)
    expect(readFileSync(join(dir, 'creds.env'), 'utf8')).toMatch(/NETSUITE_REFRESH_TOKEN=/)
    expect(statSync(join(dir, 'creds.env')).mode & 0o777).toBe(0o600)
    expect(files()).toEqual(['creds.env'])
  })

  it('"simulate" prints ready-to-run login lines for its own records', async () => {
    const controller = new AbortController()
    let out = ''
    const done = run(['simulate', '--json'], {
      stdout: (t) => void (out += t),
      stderr: () => {},
      stdoutIsTTY: false,
      stderrIsTTY: false,
      env: {},
      cwd: dir,
      signal: controller.signal,
    })
    for (let i = 0; i < 300 && !out.trim().endsWith('}'); i++)
      await new Promise((r) => setTimeout(r, 10))
    controller.abort()
    expect(await done).toBe(0)
    const { login } = JSON.parse(out) as { login: string[] }
    expect(login[0]).toMatch(/NETSUITE_CLIENT_ID=\w+ .*netsuite-tba login --oauth2 --print-env$/)
    expect(login[1]).toMatch(/NETSUITE_CONSUMER_KEY=\w+ .*netsuite-tba login --tba --print-env$/)
  })

  it('refuses bad usage and missing configuration with the right exit codes', async () => {
    const cases: [string[], Record<string, string>, number, RegExp][] = [
      [['--print-env'], oauth2Env(), 2, /--oauth2 and --tba/],
      [['--oauth2', '--tba', '--print-env'], oauth2Env(), 2, /exactly one/],
      [['--oauth2'], oauth2Env(), 2, /--out FILE/],
      [['--oauth2', '--out', 'a', '--print-env'], oauth2Env(), 2, /--out FILE/],
      [['--oauth2', '--print-env'], { NETSUITE_ACCOUNT_ID: '1234567' }, 3, /NETSUITE_CLIENT_ID/],
      [['--tba', '--print-env'], { NETSUITE_ACCOUNT_ID: '1234567' }, 3, /NETSUITE_CONSUMER_KEY/],
      [['--oauth2', '--print-env'], {}, 3, /NETSUITE_ACCOUNT_ID/],
      [
        ['--oauth2', '--print-env', '--redirect-uri', 'https://127.0.0.1:8443/callback'],
        oauth2Env(),
        2,
        /--tls-cert/,
      ],
      [['--oauth2', '--print-env', '--timeout', '0'], oauth2Env(), 2, /--timeout/],
      [['--oauth2', '--print-env', '--port', '70000'], oauth2Env(), 2, /--port/],
    ]
    for (const [argv, env, code, message] of cases) {
      const r = start(argv, env)
      expect(await r.done, argv.join(' ')).toBe(code)
      expect(r.stderr()).toMatch(message)
    }
    expect(files()).toEqual([])
  })
})
