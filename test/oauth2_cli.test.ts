/**
 * The OAuth 2.0 side of the CLI: `keygen` (key 0600, certificate parsed back by node:crypto and
 * openssl, accepted by the simulator), `token` (plain, --json, --assertion, errors and exit codes),
 * `request` with OAuth 2.0 credentials from the environment, and the simulator's OAuth 2.0 lines.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { X509Certificate } from 'node:crypto'
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startSimulator, type Simulator } from '../conformance/simulator/index.ts'
import { simulatorOAuth2Env } from '../src/node/cli/oauth2_config.ts'
import { cli } from './cli_helpers.ts'
import { verifyJwt } from './oauth2_helpers.ts'

const HAS_OPENSSL = spawnSync('openssl', ['version']).status === 0
if (!HAS_OPENSSL) {
  if (process.env.CI === 'true') throw new Error('openssl is missing (apt-get install -y openssl)')
  console.warn(
    'skipping openssl x509 checks: openssl is not installed (apt-get install -y openssl)',
  )
}

let sim: Simulator
let keyDir: string
let env: Record<string, string>
beforeAll(async () => {
  sim = await startSimulator()
  keyDir = mkdtempSync(join(tmpdir(), 'netsuite-oauth2-cli-'))
  const keyFile = join(keyDir, 'sim.pem')
  writeFileSync(keyFile, sim.oauth2.privateKeyPem, { mode: 0o600 })
  env = {
    NETSUITE_ACCOUNT_ID: sim.accountId,
    NETSUITE_CLIENT_ID: sim.oauth2.clientId,
    NETSUITE_CERTIFICATE_ID: sim.oauth2.certificateId,
    NETSUITE_PRIVATE_KEY_FILE: keyFile,
    NETSUITE_BASE_URL: sim.url,
  }
})
afterAll(() => sim.close())
beforeEach(() => sim.inject.reset())

const KEY_BODY = () => sim.oauth2.privateKeyPem.split('\n')[1] as string

describe('keygen', () => {
  for (const [args, kind, bits, sigAlg] of [
    [[], 'ec', 256, 'ecdsa-with-SHA256'],
    [['--curve', 'P-384'], 'ec', 384, 'ecdsa-with-SHA384'],
    [['--rsa'], 'rsa', 3072, 'rsassaPss'],
  ] as const) {
    it(`${args.join(' ') || '(default P-256)'}: 0600 key, a certificate NetSuite's rules accept`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'netsuite-keygen-'))
      const r = await cli(['keygen', '--out-dir', dir, '--json', ...args])
      expect(r.code, r.stderr).toBe(0)
      const out = JSON.parse(r.stdout) as {
        privateKeyFile: string
        certificateFile: string
        algorithm: string
      }
      expect(statSync(out.privateKeyFile).mode & 0o777).toBe(0o600)
      const pem = readFileSync(out.certificateFile, 'utf8')
      const x509 = new X509Certificate(pem)
      expect(x509.publicKey.asymmetricKeyType).toBe(kind)
      const details = x509.publicKey.asymmetricKeyDetails ?? {}
      if (kind === 'rsa') expect(details.modulusLength).toBe(bits)
      else expect(details.namedCurve).toBe(bits === 256 ? 'prime256v1' : 'secp384r1')
      expect(x509.verify(x509.publicKey)).toBe(true) // self-signed, signature valid
      const days = (Date.parse(x509.validTo) - Date.parse(x509.validFrom)) / 86_400_000
      expect(days).toBeGreaterThan(700)
      expect(days).toBeLessThanOrEqual(730)
      expect(x509.ca).toBe(false)
      if (HAS_OPENSSL) {
        const text = execFileSync('openssl', [
          'x509',
          '-in',
          out.certificateFile,
          '-noout',
          '-text',
        ]).toString()
        expect(text).toMatch(/Version: 3/)
        expect(text).toContain(`Signature Algorithm: ${sigAlg}`)
        expect(text).toContain(`(${bits} bit)`)
        expect(
          execFileSync('openssl', [
            'verify',
            '-CAfile',
            out.certificateFile,
            out.certificateFile,
          ]).toString(),
        ).toMatch(/OK/)
      }
      // Upload it on the (simulated) M2M set-up page and use the key.
      const certificateId = sim.oauth2.addCertificate(pem)
      const t = await cli(['token', '--json'], {
        ...env,
        NETSUITE_CERTIFICATE_ID: certificateId,
        NETSUITE_PRIVATE_KEY_FILE: out.privateKeyFile,
      })
      expect(t.code, t.stderr).toBe(0)
      expect(JSON.parse(t.stdout).token_type).toBe('Bearer')
    })
  }

  it('human output names the next steps; never overwrites without --force', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'netsuite-keygen-'))
    const first = await cli(['keygen', '--out-dir', dir, '--name', 'acme'])
    expect(first.code).toBe(0)
    expect(first.stdout).toMatch(/OAuth 2\.0 Client Credentials \(M2M\) Setup/)
    expect(first.stdout).toMatch(/NETSUITE_PRIVATE_KEY_FILE=.*acme-private\.pem/)
    expect(first.stdout).not.toMatch(/BEGIN PRIVATE KEY/)
    const again = await cli(['keygen', '--out-dir', dir, '--name', 'acme'])
    expect(again.code).toBe(2)
    expect(again.stderr).toMatch(/exists; pass --force/)
    const before = readFileSync(join(dir, 'acme-private.pem'), 'utf8')
    expect((await cli(['keygen', '--out-dir', dir, '--name', 'acme', '--force'])).code).toBe(0)
    expect(readFileSync(join(dir, 'acme-private.pem'), 'utf8')).not.toBe(before)
    expect(statSync(join(dir, 'acme-private.pem')).mode & 0o777).toBe(0o600)
  })

  it('usage errors', async () => {
    for (const args of [
      ['--days', '731'],
      ['--days', '0'],
      ['--curve', 'P-192'],
      ['--rsa-bits', '2048'],
      ['--rsa', '--curve', 'P-256'],
      ['--name', '../x'],
      ['extra'],
    ]) {
      const r = await cli(['keygen', '--out-dir', keyDir, ...args])
      expect(r.code, args.join(' ')).toBe(2)
    }
  })
})

describe('token', () => {
  it('prints the access token; stderr says what it is', async () => {
    const r = await cli(['token'], env)
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout.trim()).toMatch(/^\S{16,}$/)
    expect(r.stderr).toMatch(/Bearer token for restlets, rest_webservices/)
    // The printed token works on the simulator's REST API.
    const res = await fetch(`${sim.url}/services/rest/record/v1/customer/1`, {
      headers: { authorization: `Bearer ${r.stdout.trim()}` },
    })
    expect(res.status).toBe(200)
  })

  it('--json and --scope', async () => {
    const r = await cli(['token', '--json', '--scope', 'restlets'], env)
    expect(r.code, r.stderr).toBe(0)
    const j = JSON.parse(r.stdout)
    expect(Object.keys(j).sort()).toEqual([
      'access_token',
      'expires_at',
      'expires_in',
      'scope',
      'token_type',
    ])
    expect(j.scope).toEqual(['restlets'])
    expect(j.expires_in).toBeGreaterThan(3500)
    expect(j.expires_in).toBeLessThanOrEqual(3600)
  })

  it('--assertion prints a JWT that verifies, and makes no request', async () => {
    const r = await cli(['token', '--assertion'], env)
    expect(r.code).toBe(0)
    const { createPublicKey } = await import('node:crypto')
    const publicKey = createPublicKey(sim.oauth2.certificatePem)
    const { claims } = await verifyJwt(r.stdout.trim(), {
      publicKey,
      spki: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    } as never)
    expect(claims.iss).toBe(sim.oauth2.clientId)
    expect(sim.oauth2.tokensIssued()).toBe(0)
  })

  it('NETSUITE_PRIVATE_KEY with literal \\n works like the file', async () => {
    const { NETSUITE_PRIVATE_KEY_FILE: _, ...rest } = env
    const r = await cli(['token'], {
      ...rest,
      NETSUITE_PRIVATE_KEY: sim.oauth2.privateKeyPem.replace(/\n/g, '\\n'),
    })
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout + r.stderr).not.toContain(KEY_BODY())
  })

  it('missing variables: exit 3, every name listed', async () => {
    const r = await cli(['token'], { NETSUITE_ACCOUNT_ID: sim.accountId })
    expect(r.code).toBe(3)
    expect(r.stderr).toMatch(/NETSUITE_CLIENT_ID, NETSUITE_CERTIFICATE_ID, NETSUITE_PRIVATE_KEY/)
  })

  it('an unreadable key file or a weak key: exit 3', async () => {
    const a = await cli(['token'], { ...env, NETSUITE_PRIVATE_KEY_FILE: join(keyDir, 'nope.pem') })
    expect(a.code).toBe(3)
    expect(a.stderr).toMatch(
      /NETSUITE_PRIVATE_KEY_FILE names a file that cannot be read \(ENOENT\)/,
    )
  })

  it('NetSuite refusals: exit 1 with the set-up step, and no secret', async () => {
    const a = await cli(['token'], { ...env, NETSUITE_CERTIFICATE_ID: 'unknown' })
    expect(a.code).toBe(1)
    expect(a.stderr).toMatch(/ERR_NETSUITE_OAUTH2_INVALID_GRANT/)
    expect(a.stderr).toMatch(/OAuth 2\.0 Client Credentials \(M2M\) Setup/)
    const b = await cli(['token'], { ...env, NETSUITE_CLIENT_ID: 'a'.repeat(64) })
    expect(b.code).toBe(1)
    expect(b.stderr).toMatch(/ERR_NETSUITE_OAUTH2_INVALID_CLIENT/)
    for (const r of [a, b]) expect(r.stdout + r.stderr).not.toContain(KEY_BODY())
  })

  it('an unreachable token endpoint: exit 4', async () => {
    const r = await cli(['token'], { ...env, NETSUITE_BASE_URL: 'http://127.0.0.1:1' })
    expect(r.code).toBe(4)
  })
})

describe('request with OAuth 2.0 credentials', () => {
  it('RESTlet and REST calls carry the Bearer token', async () => {
    const a = await cli(
      ['request', 'restlet', 'GET', '--script', '1001', '--deploy', '1', '--param', 'id=7'],
      env,
    )
    expect(a.code, a.stderr).toBe(0)
    expect(JSON.parse(a.stdout)).toEqual({ method: 'GET', params: { id: '7' } })
    const b = await cli(['request', 'rest', 'GET', 'record/v1/customer/1'], env)
    expect(b.code, b.stderr).toBe(0)
    expect(sim.oauth2.tokensIssued()).toBe(2)
  })

  it('SOAP with only OAuth 2.0 credentials says SOAP has no OAuth 2.0', async () => {
    const r = await cli(['request', 'soap', 'getServerTime'], env)
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/SOAP web services have no OAuth 2\.0/)
  })

  it('TBA and OAuth 2.0 both set: SOAP keeps TBA', async () => {
    const tba = {
      NETSUITE_CONSUMER_KEY: sim.credentials.consumerKey,
      NETSUITE_CONSUMER_SECRET: sim.credentials.consumerSecret,
      NETSUITE_TOKEN_ID: sim.credentials.tokenId,
      NETSUITE_TOKEN_SECRET: sim.credentials.tokenSecret,
    }
    const r = await cli(['request', 'soap', 'getServerTime'], { ...env, ...tba })
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/serverTime/)
  })
})

describe('start', () => {
  it('the tour makes an OAuth 2.0 call; with OAuth 2.0 variables set it runs doctor', async () => {
    const tour = await cli(['start', '--offline'])
    expect(tour.code, tour.stderr).toBe(0)
    expect(tour.stdout).toMatch(/OAuth 2\.0 client credentials, machine to machine/)
    expect(tour.stdout).toMatch(/ES256 client assertion → Bearer token/)
    expect(tour.stdout).toMatch(/RESTlet GET with Authorization: Bearer/)
    const doctor = await cli(['start'], env)
    expect(doctor.code, doctor.stderr).toBe(0)
    expect(doctor.stdout).toMatch(/doctor — OAuth 2\.0 client credentials/)
  })
})

describe('simulate prints OAuth 2.0 lines', () => {
  it('the key file is 0600 and the lines point at it', () => {
    const e = simulatorOAuth2Env(sim)
    try {
      expect(statSync(e.keyFile).mode & 0o777).toBe(0o600)
      expect(readFileSync(e.keyFile, 'utf8')).toBe(sim.oauth2.privateKeyPem)
      expect(e.lines).toEqual([
        `export NETSUITE_CLIENT_ID=${sim.oauth2.clientId}`,
        `export NETSUITE_CERTIFICATE_ID=${sim.oauth2.certificateId}`,
        `export NETSUITE_PRIVATE_KEY_FILE=${e.keyFile}`,
      ])
    } finally {
      e.remove()
    }
  })
})
