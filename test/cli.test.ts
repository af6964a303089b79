/**
 * The `netsuite-tba` CLI: argument layer, sign (checked by verifiers that are not this project's),
 * --explain, --curl, passport, help and exit codes, secrets never printed, and the built binary.
 */
import { createHmac } from 'node:crypto'
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import OAuth from 'oauth-1.0a'
import { beforeAll, describe, expect, it } from 'vitest'
import { parseArgs, UsageError } from '../src/node/cli/args.ts'
import { parseEnvFile } from '../src/node/cli/config.ts'
import { colorEnabled, createOutput, maskSecret } from '../src/node/cli/output.ts'
import { SETUP_STEPS } from '../src/node/cli/diagnose.ts'
import { readFileSync } from 'node:fs'
import { builtCli, cli, cliIsStale, ROOT, SAMPLE_ENV, writeDotenv } from './cli_helpers.ts'

const SECRETS = [SAMPLE_ENV.NETSUITE_CONSUMER_SECRET, SAMPLE_ENV.NETSUITE_TOKEN_SECRET]
const noSecrets = (text: string) => {
  for (const s of SECRETS) expect(text).not.toContain(s)
}

/** Header parameters, values percent-decoded. */
function header(value: string): Record<string, string> {
  expect(value).toMatch(/^OAuth /)
  const out: Record<string, string> = {}
  for (const m of value.slice(6).matchAll(/([a-z_]+)="([^"]*)"/g)) {
    out[m[1] as string] = decodeURIComponent(m[2] as string)
  }
  return out
}

/** An independent RFC 5849 HMAC-SHA256 signer written here on node:crypto. */
function independentSignature(
  method: string,
  url: string,
  oauth: Record<string, string>,
  form?: string,
): string {
  const enc = (s: string) =>
    encodeURIComponent(s).replace(
      /[!'()*]/g,
      (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase(),
    )
  const dec = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '))
  const u = new URL(url)
  const pairs: [string, string][] = []
  const add = (q: string) => {
    for (const part of q.split('&').filter(Boolean)) {
      const i = part.indexOf('=')
      pairs.push(
        i === -1 ? [enc(dec(part)), ''] : [enc(dec(part.slice(0, i))), enc(dec(part.slice(i + 1)))],
      )
    }
  }
  add(u.search.slice(1))
  if (form) add(form)
  for (const [k, v] of Object.entries(oauth)) {
    if (k !== 'realm' && k !== 'oauth_signature') pairs.push([enc(k), enc(v)])
  }
  pairs.sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
  const base = [
    method.toUpperCase(),
    enc(`${u.protocol}//${u.host.toLowerCase()}${u.pathname}`),
    enc(pairs.map(([k, v]) => `${k}=${v}`).join('&')),
  ].join('&')
  const key = `${enc(SAMPLE_ENV.NETSUITE_CONSUMER_SECRET)}&${enc(SAMPLE_ENV.NETSUITE_TOKEN_SECRET)}`
  return createHmac('sha256', key).update(base).digest('base64')
}

const RESTLET =
  'https://1234567-sb1.restlets.api.netsuite.com/app/site/hosting/restlet.nl?script=123&deploy=1&id=42'

describe('argument layer', () => {
  it('parses --name value, --name=value, flags, repeats, short aliases and --', () => {
    const spec = {
      url: { type: 'string' as const },
      explain: { type: 'boolean' as const },
      param: { type: 'string' as const, multiple: true },
      method: { type: 'string' as const, short: 'X' },
    }
    const a = parseArgs(
      [
        '--url',
        'https://x/',
        '--explain',
        '--param=a=1',
        '--param',
        'b=2',
        '-X',
        'POST',
        '--',
        '--raw',
      ],
      spec,
    )
    expect(a.options).toEqual({
      url: 'https://x/',
      explain: true,
      param: ['a=1', 'b=2'],
      method: 'POST',
    })
    expect(a.positionals).toEqual(['--raw'])
  })

  it('rejects unknown options with a suggestion, missing values and values on flags', () => {
    const spec = { explain: { type: 'boolean' as const }, url: { type: 'string' as const } }
    expect(() => parseArgs(['--explian'], spec)).toThrow(
      /unknown option --explian \(did you mean --explain\?\)/,
    )
    expect(() => parseArgs(['--url'], spec)).toThrow(UsageError)
    expect(() => parseArgs(['--url', '--explain'], spec)).toThrow(/needs a value/)
    expect(() => parseArgs(['--explain=yes'], spec)).toThrow(/takes no value/)
  })

  it('reads dotenv files: export, quotes, comments', () => {
    expect(
      parseEnvFile('# c\nexport A=1\nB="two words"\nC=\'x#y\'\nD=plain # comment\n\n'),
    ).toEqual({ A: '1', B: 'two words', C: 'x#y', D: 'plain' })
    expect(() => parseEnvFile('oops', 'f.env')).toThrow(/f\.env:1/)
  })

  it('uses colour only on a TTY without NO_COLOR', () => {
    expect(colorEnabled(false, {})).toBe(false)
    expect(colorEnabled(true, {})).toBe(true)
    expect(colorEnabled(true, { NO_COLOR: '1' })).toBe(false)
    expect(colorEnabled(true, { TERM: 'dumb' })).toBe(false)
  })

  it('masks secrets and scrubs registered secrets from all output', () => {
    expect(maskSecret(SAMPLE_ENV.NETSUITE_TOKEN_SECRET)).toBe('‹64 hex chars›')
    let text = ''
    const o = createOutput({
      stdout: (t) => void (text += t),
      stderr: (t) => void (text += t),
      stdoutIsTTY: false,
      stderrIsTTY: false,
      env: {},
      cwd: ROOT,
    })
    o.protect(SAMPLE_ENV.NETSUITE_TOKEN_SECRET)
    o.out(`leak ${SAMPLE_ENV.NETSUITE_TOKEN_SECRET}`)
    expect(text).toBe('leak [redacted]\n')
  })
})

describe('netsuite-tba sign', () => {
  it('prints only the header value, accepted by oauth-1.0a (a verifier that is not ours)', async () => {
    const r = await cli(
      [
        'sign',
        '--method',
        'GET',
        '--url',
        RESTLET,
        '--nonce',
        'fjaLirsIcCGVZWzBX0pg',
        '--timestamp',
        '1508242306',
      ],
      SAMPLE_ENV,
    )
    expect(r.code).toBe(0)
    expect(r.stderr).toBe('')
    expect(r.stdout.trim().split('\n')).toHaveLength(1)
    const p = header(r.stdout.trim())
    expect(p.realm).toBe('1234567_SB1')
    const oauth = new OAuth({
      consumer: {
        key: SAMPLE_ENV.NETSUITE_CONSUMER_KEY,
        secret: SAMPLE_ENV.NETSUITE_CONSUMER_SECRET,
      },
      signature_method: 'HMAC-SHA256',
      realm: '1234567_SB1',
      hash_function: (base, key) => createHmac('sha256', key).update(base).digest('base64'),
    })
    oauth.getNonce = () => 'fjaLirsIcCGVZWzBX0pg'
    oauth.getTimeStamp = () => 1508242306
    const theirs = oauth.authorize(
      { url: RESTLET, method: 'GET' },
      { key: SAMPLE_ENV.NETSUITE_TOKEN_ID, secret: SAMPLE_ENV.NETSUITE_TOKEN_SECRET },
    )
    expect(p.oauth_signature).toBe(theirs.oauth_signature)
    expect(p.oauth_nonce).toBe('fjaLirsIcCGVZWzBX0pg')
    expect(p.oauth_timestamp).toBe('1508242306')
    expect(p.oauth_token).toBe(SAMPLE_ENV.NETSUITE_TOKEN_ID)
    noSecrets(r.stdout)
  })

  it('matches an independent node:crypto implementation for spaces, duplicates and a form body', async () => {
    const url =
      'https://1234567-sb1.suitetalk.api.netsuite.com/services/rest/record/v1/customer?q=companyName%20START_WITH%20%22A%22&k=b&k=a&limit=5'
    const form = 'name=Acme+%26+Co&flag='
    const r = await cli(
      [
        'sign',
        '-X',
        'post',
        '--url',
        url,
        '--body',
        form,
        '--content-type',
        'application/x-www-form-urlencoded',
      ],
      SAMPLE_ENV,
    )
    expect(r.code).toBe(0)
    const p = header(r.stdout.trim())
    expect(p.oauth_signature).toBe(independentSignature('POST', url, p, form))
    // A JSON body is never signed: same signature as without a body for the same nonce/timestamp.
    const fixed = ['--nonce', 'abcdefGHIJ123456', '--timestamp', '1700000000']
    const json = await cli(
      [
        'sign',
        '-X',
        'POST',
        '--url',
        url,
        '--body',
        '{"a":1}',
        '--content-type',
        'application/json',
        ...fixed,
      ],
      SAMPLE_ENV,
    )
    const none = await cli(['sign', '-X', 'POST', '--url', url, ...fixed], SAMPLE_ENV)
    expect(header(json.stdout.trim()).oauth_signature).toBe(
      header(none.stdout.trim()).oauth_signature,
    )
  })

  it('--explain shows base string, parameters, masked key shape and header, no secret', async () => {
    const r = await cli(
      [
        'sign',
        '--url',
        RESTLET,
        '--explain',
        '--nonce',
        'fjaLirsIcCGVZWzBX0pg',
        '--timestamp',
        '1508242306',
      ],
      SAMPLE_ENV,
    )
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('Signature base string')
    expect(r.stdout).toContain(
      'GET&https%3A%2F%2F1234567-sb1.restlets.api.netsuite.com%2Fapp%2Fsite%2Fhosting%2Frestlet.nl&deploy%3D1',
    )
    expect(r.stdout).toContain('  deploy=1')
    expect(r.stdout).toContain('  oauth_nonce=fjaLirsIcCGVZWzBX0pg')
    expect(r.stdout).toContain('‹64 hex chars›&‹64 hex chars›')
    expect(r.stdout).toMatch(/fingerprint sha256:[0-9a-f]{12}/)
    expect(r.stdout).toContain('OAuth realm="1234567_SB1"')
    expect(r.stdout).not.toContain('\u001b[')
    noSecrets(r.stdout + r.stderr)
  })

  it('--curl prints a runnable curl command; a host of another account warns', async () => {
    const r = await cli(
      [
        'sign',
        '--url',
        RESTLET,
        '--curl',
        '-X',
        'POST',
        '--body',
        '{"a":1}',
        '--content-type',
        'application/json',
      ],
      SAMPLE_ENV,
    )
    expect(r.stdout).toMatch(
      /^curl -sS -X POST 'https:\/\/1234567-sb1\.restlets.*' -H 'Authorization: OAuth realm="1234567_SB1", .*' -H 'Content-Type: application\/json' --data-raw '\{"a":1\}'\n$/,
    )
    const other = await cli(
      ['sign', '--url', RESTLET.replace('1234567-sb1', '1234567')],
      SAMPLE_ENV,
    )
    expect(other.code).toBe(0)
    expect(other.stderr).toMatch(/not the account of the realm 1234567_SB1/)
  })

  it('reads --dotenv (the file wins) and exits 3 naming missing variables', async () => {
    const file = writeDotenv(SAMPLE_ENV, '.env')
    const ok = await cli(['sign', '--url', RESTLET, '--dotenv', file], {
      NETSUITE_ACCOUNT_ID: '999',
    })
    expect(ok.code).toBe(0)
    expect(header(ok.stdout.trim()).realm).toBe('1234567_SB1')
    const missing = await cli(['sign', '--url', RESTLET], { NETSUITE_ACCOUNT_ID: '1234567' })
    expect(missing.code).toBe(3)
    expect(missing.stderr).toMatch(/NETSUITE_CONSUMER_KEY.*NETSUITE_TOKEN_SECRET/)
    const bad = await cli(['sign', '--url', RESTLET], {
      ...SAMPLE_ENV,
      NETSUITE_TOKEN_SECRET: SAMPLE_ENV.NETSUITE_TOKEN_SECRET + ' ',
    })
    expect(bad.code).toBe(3)
    expect(bad.stderr).toMatch(/NETSUITE_TOKEN_SECRET contains a space at its end/)
    noSecrets(bad.stderr)
  })

  it('exit code 2 for usage errors and bad input', async () => {
    expect((await cli(['sign'], SAMPLE_ENV)).code).toBe(2)
    expect((await cli(['sign', '--url', 'not a url'], SAMPLE_ENV)).code).toBe(2)
    expect((await cli(['sign', '--url', RESTLET, '--nonce', 'a!'], SAMPLE_ENV)).code).toBe(2)
    const unknown = await cli(['sigh'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toMatch(/unknown command "sigh" \(did you mean "sign"\?\)/)
  })
})

describe('netsuite-tba passport', () => {
  it('prints a tokenPassport whose signature an independent HMAC reproduces', async () => {
    const r = await cli(
      ['passport', '--nonce', 'fjaLirsIcCGVZWzBX0pg', '--timestamp', '1508242306'],
      SAMPLE_ENV,
    )
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(
      '<platformMsgs:tokenPassport xmlns:platformMsgs="urn:messages_2025_2.platform.webservices.netsuite.com" xmlns:platformCore="urn:core_2025_2.platform.webservices.netsuite.com">',
    )
    expect(r.stdout).toContain('<platformCore:account>1234567_SB1</platformCore:account>')
    const sig = /<platformCore:signature algorithm="HMAC-SHA256">([^<]+)</.exec(r.stdout)?.[1]
    const base = [
      '1234567_SB1',
      SAMPLE_ENV.NETSUITE_CONSUMER_KEY,
      SAMPLE_ENV.NETSUITE_TOKEN_ID,
      'fjaLirsIcCGVZWzBX0pg',
      '1508242306',
    ].join('&')
    const key = `${SAMPLE_ENV.NETSUITE_CONSUMER_SECRET}&${SAMPLE_ENV.NETSUITE_TOKEN_SECRET}`
    expect(sig).toBe(createHmac('sha256', key).update(base).digest('base64'))
    noSecrets(r.stdout)
    const json = JSON.parse((await cli(['passport', '--json'], SAMPLE_ENV)).stdout)
    expect(json).toMatchObject({ account: '1234567_SB1', algorithm: 'HMAC-SHA256' })
    expect(json.nonce).toMatch(/^[A-Za-z0-9]{20}$/)
  })
})

describe('docs/setup.md', () => {
  it('has an anchor for every set-up step doctor can name', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'setup.md'), 'utf8')
    for (const id of Object.keys(SETUP_STEPS)) expect(doc, id).toContain(`<a id="${id}"></a>`)
  })
})

describe('help and exit codes', () => {
  it('every command has --help with exit codes', async () => {
    for (const name of [
      'start',
      'sign',
      'passport',
      'request',
      'doctor',
      'simulate',
      'conformance',
      'bench',
    ]) {
      const r = await cli([name, '--help'])
      expect(r.code, name).toBe(0)
      expect(r.stdout, name).toMatch(/^Usage/)
      expect(r.stdout, name).toMatch(/Exit codes/)
    }
    const top = await cli(['--help'])
    expect(top.stdout).toMatch(/Commands:[\s\S]*doctor/)
  })

  it('conformance passes on this runtime; bench prints quick figures', async () => {
    const r = await cli(['conformance'])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/netsuite-tba \(Node v\d+[^)]*\): \d+ passed, 0 failed/)
    const b = await cli(['bench', '--ms', '100', '--json'])
    const figures = JSON.parse(b.stdout) as { label: string; opsPerSecond: number }[]
    expect(figures.map((f) => f.label)).toEqual([
      'root sign(), 64 in flight',
      'netsuite-tba/node signSync()',
    ])
    for (const f of figures) expect(f.opsPerSecond).toBeGreaterThan(100)
  })

  it('certifies a third-party signer through --signer', async () => {
    const r = await cli(['conformance', '--signer', 'conformance/adapters/oauth_1_0a.mjs'])
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/oauth-1\.0a.*: \d+ passed, [1-9]\d* failed/)
    expect(r.stdout).toContain('Failure classes:')
  })
})

describe('the built binary (dist/cli.js)', () => {
  beforeAll(() => {
    if (cliIsStale()) execFileSync('npx', ['tsup'], { cwd: ROOT, stdio: 'ignore' })
  }, 60_000)

  it('signs through node dist/cli.js, without colour when not a TTY', async () => {
    const r = await builtCli(['sign', '--url', RESTLET], SAMPLE_ENV)
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^OAuth realm="1234567_SB1", oauth_consumer_key="ef40/)
    const usage = await builtCli(['sign', '--bogus'], SAMPLE_ENV)
    expect(usage.code).toBe(2)
    expect(usage.stderr).not.toContain('\u001b[')
  })
})
