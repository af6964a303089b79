/**
 * OAuth 2.0 private keys: every PEM kind openssl and Node write (converted or refused with the
 * openssl command that fixes it), CryptoKeys, algorithm choice, and option validation — all
 * refusals before any request.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { useSimulator } from './helpers/simulator.ts'
import {
  createClientCredentialsAuth,
  type ClientCredentialsAuthOptions,
  type OAuth2Scope,
} from '../src/oauth2.ts'
import { ecKey, rsaKey, rsaPssKey, verifyJwt, type TestKey } from './oauth2_helpers.ts'

const sim = useSimulator()

const HAS_OPENSSL = spawnSync('openssl', ['version']).status === 0
const OPENSSL_MISSING = 'openssl is not installed (apt-get install -y openssl)'
if (!HAS_OPENSSL) {
  if (process.env.CI === 'true') throw new Error(OPENSSL_MISSING)
  console.warn(`skipping the openssl-made keys: ${OPENSSL_MISSING}`)
}

let fetchCalls = 0
const countingFetch: typeof fetch = (input, init) => {
  fetchCalls++
  return fetch(input, init)
}

function opts(privateKey: string | CryptoKey, extra: Partial<ClientCredentialsAuthOptions> = {}) {
  return {
    accountId: sim.accountId,
    clientId: sim.oauth2.clientId,
    certificateId: 'cert-not-used',
    privateKey,
    baseUrl: sim.url,
    fetch: countingFetch,
    ...extra,
  }
}

/** Sign with `pem`, verify independently with `key`, and get a token from the simulator. */
async function works(pem: string, key: TestKey, expectedAlg: string) {
  const certificateId = sim.oauth2.addCertificate(key.spki)
  const auth = createClientCredentialsAuth(opts(pem, { certificateId }))
  expect(auth.algorithm).toBe(expectedAlg)
  const { header } = await verifyJwt(await auth.clientAssertion(), key)
  expect(header.alg).toBe(expectedAlg)
  expect((await auth.token()).accessToken).toMatch(/\S/)
}

function refused(privateKey: string | CryptoKey, code: string, message: RegExp, extra = {}) {
  fetchCalls = 0
  expect(() => createClientCredentialsAuth(opts(privateKey, extra))).toThrow(
    expect.objectContaining({ code, message: expect.stringMatching(message) }),
  )
  expect(fetchCalls).toBe(0)
}

describe('PEM kinds that are converted', () => {
  it('PKCS#1 RSA (BEGIN RSA PRIVATE KEY)', async () => {
    const key = rsaKey(3072)
    const pem = key.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()
    expect(pem).toContain('BEGIN RSA PRIVATE KEY')
    await works(pem, key, 'PS256')
  })

  for (const [curve, alg] of [
    ['prime256v1', 'ES256'],
    ['secp384r1', 'ES384'],
    ['secp521r1', 'ES512'],
  ] as const) {
    it(`SEC1 ${curve} (BEGIN EC PRIVATE KEY) → ${alg}`, async () => {
      const key = ecKey(curve)
      const pem = key.privateKey.export({ type: 'sec1', format: 'pem' }).toString()
      expect(pem).toContain('BEGIN EC PRIVATE KEY')
      await works(pem, key, alg)
    })
  }

  it('SEC1 after an EC PARAMETERS block (openssl ecparam -genkey)', async () => {
    const key = ecKey('prime256v1')
    const pem =
      '-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n' +
      key.privateKey.export({ type: 'sec1', format: 'pem' }).toString()
    await works(pem, key, 'ES256')
  })

  it('PKCS#8 with the id-RSASSA-PSS OID, with and without parameters', async () => {
    for (const key of [rsaPssKey(3072), rsaPssKey(3072, true)]) {
      expect(key.pkcs8).toContain('BEGIN PRIVATE KEY')
      await works(key.pkcs8, key, 'PS256')
    }
  })

  it('a one-line variable with literal \\n and CRLF line ends', async () => {
    const key = ecKey('prime256v1')
    await works(key.pkcs8.replace(/\n/g, '\\n'), key, 'ES256')
    await works(key.pkcs8.replace(/\n/g, '\r\n'), key, 'ES256')
  })
})

describe('keys made by openssl (Oracle’s commands)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'netsuite-oauth2-keys-'))
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' })

  it.skipIf(!HAS_OPENSSL)('req -x509 -newkey ec P-256 (Certificate Conditions page)', async () => {
    openssl(
      'req',
      '-new',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-pkeyopt',
      'ec_param_enc:named_curve',
      '-nodes',
      '-days',
      '365',
      '-subj',
      '/CN=test',
      '-out',
      'ec-public.pem',
      '-keyout',
      'ec-private.pem',
    )
    const certificateId = sim.oauth2.addCertificate(
      readFileSync(join(dir, 'ec-public.pem'), 'utf8'),
    )
    const auth = createClientCredentialsAuth(
      opts(readFileSync(join(dir, 'ec-private.pem'), 'utf8'), { certificateId }),
    )
    expect(auth.algorithm).toBe('ES256')
    expect((await auth.token()).tokenType).toBe('Bearer')
  })

  it.skipIf(!HAS_OPENSSL)(
    'req -x509 -newkey rsa:3072 with PSS (Certificate Conditions page)',
    async () => {
      openssl(
        'req',
        '-new',
        '-x509',
        '-newkey',
        'rsa:3072',
        '-keyout',
        'rsa-private.pem',
        '-sigopt',
        'rsa_padding_mode:pss',
        '-sha256',
        '-sigopt',
        'rsa_pss_saltlen:64',
        '-out',
        'rsa-public.pem',
        '-nodes',
        '-days',
        '365',
        '-subj',
        '/CN=test',
      )
      const certificateId = sim.oauth2.addCertificate(
        readFileSync(join(dir, 'rsa-public.pem'), 'utf8'),
      )
      const auth = createClientCredentialsAuth(
        opts(readFileSync(join(dir, 'rsa-private.pem'), 'utf8'), { certificateId }),
      )
      expect(auth.algorithm).toBe('PS256')
      expect((await auth.token()).tokenType).toBe('Bearer')
    },
  )

  it.skipIf(!HAS_OPENSSL)('genpkey rsa-pss, genrsa -traditional and ecparam -genkey', async () => {
    openssl(
      'genpkey',
      '-algorithm',
      'rsa-pss',
      '-pkeyopt',
      'rsa_keygen_bits:3072',
      '-out',
      'pss.pem',
    )
    openssl('genrsa', '-traditional', '-out', 'pkcs1.pem', '3072')
    openssl('ecparam', '-name', 'secp384r1', '-genkey', '-out', 'sec1.pem')
    for (const [file, alg] of [
      ['pss.pem', 'PS256'],
      ['pkcs1.pem', 'PS256'],
      ['sec1.pem', 'ES384'],
    ]) {
      const pem = readFileSync(join(dir, file as string), 'utf8')
      openssl('pkey', '-in', file as string, '-pubout', '-out', `${file}.pub`)
      const certificateId = sim.oauth2.addCertificate(
        readFileSync(join(dir, `${file}.pub`), 'utf8'),
      )
      const auth = createClientCredentialsAuth(opts(pem, { certificateId }))
      expect(auth.algorithm).toBe(alg)
      expect((await auth.token()).tokenType).toBe('Bearer')
    }
  })

  it.skipIf(!HAS_OPENSSL)('explicit EC parameters are refused, naming named_curve', () => {
    openssl(
      'genpkey',
      '-algorithm',
      'EC',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-pkeyopt',
      'ec_param_enc:explicit',
      '-out',
      'explicit.pem',
    )
    refused(
      readFileSync(join(dir, 'explicit.pem'), 'utf8'),
      'ERR_TBA_OAUTH2_UNSUPPORTED_KEY',
      /ec_param_enc:named_curve/,
    )
  })
})

describe('refused before any request, with the fix', () => {
  it('encrypted PKCS#8 and encrypted PKCS#1', () => {
    const { privateKey } = rsaKey(3072)
    const pkcs8 = privateKey
      .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' })
      .toString()
    const pkcs1 = privateKey
      .export({ type: 'pkcs1', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' })
      .toString()
    expect(pkcs8).toContain('ENCRYPTED PRIVATE KEY')
    expect(pkcs1).toContain('Proc-Type: 4,ENCRYPTED')
    for (const pem of [pkcs8, pkcs1])
      refused(pem, 'ERR_TBA_OAUTH2_INVALID_KEY', /openssl pkcs8 -topk8 -nocrypt/)
  })

  it('RSA under 3072 bits', () => {
    const small = generateKeyPairSync('rsa', { modulusLength: 2048 })
    refused(
      small.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      'ERR_TBA_OAUTH2_UNSUPPORTED_KEY',
      /3072 or 4096 bits only; this key has 2048/,
    )
    refused(
      small.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
      'ERR_TBA_OAUTH2_UNSUPPORTED_KEY',
      /keygen --rsa/,
    )
  })

  it('curves NetSuite does not accept, and other key types', () => {
    const k1 = ecKey('secp256k1')
    refused(
      k1.pkcs8,
      'ERR_TBA_OAUTH2_UNSUPPORTED_KEY',
      /P-256, P-384 or P-521 only; this key is on secp256k1/,
    )
    refused(
      k1.privateKey.export({ type: 'sec1', format: 'pem' }).toString(),
      'ERR_TBA_OAUTH2_UNSUPPORTED_KEY',
      /secp256k1/,
    )
    const ed = generateKeyPairSync('ed25519')
    refused(
      ed.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      'ERR_TBA_OAUTH2_UNSUPPORTED_KEY',
      /Ed25519/,
    )
  })

  it('a certificate or public key instead of the private key', () => {
    refused(ecKey('prime256v1').spki, 'ERR_TBA_OAUTH2_INVALID_KEY', /public part you upload/)
  })

  it('not PEM, broken base64, broken DER', () => {
    refused('not a key', 'ERR_TBA_OAUTH2_INVALID_KEY', /not a PEM private key/)
    refused(
      '-----BEGIN PRIVATE KEY-----\n!!!!\n-----END PRIVATE KEY-----',
      'ERR_TBA_OAUTH2_INVALID_KEY',
      /not valid base64/,
    )
    const pem = ecKey('prime256v1').pkcs8
    const body = pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '')
    const cut = `-----BEGIN PRIVATE KEY-----\n${body.slice(0, 40)}\n-----END PRIVATE KEY-----`
    refused(cut, 'ERR_TBA_OAUTH2_INVALID_KEY', /not a well-formed key/)
  })

  it('the message never contains the key', () => {
    const pem = rsaKey(3072).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
    const broken = pem.replace('MII', 'MIX')
    try {
      createClientCredentialsAuth(opts(broken))
    } catch (e) {
      const body = broken.split('\n')[2] as string
      expect(String((e as Error).message)).not.toContain(body)
      return
    }
    // A corrupted key may parse; then WebCrypto refuses it at the first use.
  })
})

describe('algorithms', () => {
  it('RS256 and other algorithms are refused, naming what to use', () => {
    const pem = rsaKey(3072).pkcs8
    refused(pem, 'ERR_TBA_OAUTH2_UNSUPPORTED_ALGORITHM', /RS256\) client assertions/, {
      algorithm: 'RS256',
    })
    refused(pem, 'ERR_TBA_OAUTH2_UNSUPPORTED_ALGORITHM', /PS256, PS384, PS512/, {
      algorithm: 'HS256',
    })
  })

  it('an algorithm that does not fit the key', () => {
    refused(
      ecKey('prime256v1').pkcs8,
      'ERR_TBA_OAUTH2_UNSUPPORTED_ALGORITHM',
      /P-256 key signs ES256/,
      {
        algorithm: 'ES384',
      },
    )
    refused(ecKey('secp384r1').pkcs8, 'ERR_TBA_OAUTH2_UNSUPPORTED_ALGORITHM', /signs ES384/, {
      algorithm: 'PS256',
    })
    refused(rsaKey(3072).pkcs8, 'ERR_TBA_OAUTH2_UNSUPPORTED_ALGORITHM', /RSA key signs PS256/, {
      algorithm: 'ES256',
    })
  })

  it('CryptoKeys: RSA-PSS hash decides, RS256 keys and public keys are refused', async () => {
    const der = rsaKey(3072).privateKey.export({ type: 'pkcs8', format: 'der' })
    const pss384 = await crypto.subtle.importKey(
      'pkcs8',
      der,
      { name: 'RSA-PSS', hash: 'SHA-384' },
      false,
      ['sign'],
    )
    const key = rsaKey(3072)
    const certificateId = sim.oauth2.addCertificate(key.spki)
    const auth = createClientCredentialsAuth(opts(pss384, { certificateId }))
    expect(auth.algorithm).toBe('PS384')
    await verifyJwt(await auth.clientAssertion(), key)
    refused(pss384, 'ERR_TBA_OAUTH2_UNSUPPORTED_ALGORITHM', /imported for PS384/, {
      algorithm: 'PS256',
    })
    const rs = await crypto.subtle.importKey(
      'pkcs8',
      der,
      { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
      false,
      ['sign'],
    )
    refused(rs, 'ERR_TBA_OAUTH2_UNSUPPORTED_ALGORITHM', /RSA-PSS/)
    const pub = await crypto.subtle.importKey(
      'spki',
      ecKey('prime256v1').publicKey.export({ type: 'spki', format: 'der' }),
      { name: 'ECDSA', namedCurve: 'P-256' },
      false,
      ['verify'],
    )
    refused(pub, 'ERR_TBA_OAUTH2_INVALID_KEY', /private CryptoKey/)
    const small = await crypto.subtle.generateKey(
      {
        name: 'RSA-PSS',
        modulusLength: 2048,
        publicExponent: new Uint8Array([1, 0, 1]),
        hash: 'SHA-256',
      },
      false,
      ['sign', 'verify'],
    )
    refused(small.privateKey, 'ERR_TBA_OAUTH2_UNSUPPORTED_KEY', /this key has 2048/)
  })
})

describe('options are validated', () => {
  const pem = () => ecKey('prime256v1').pkcs8
  const bad: [string, Partial<ClientCredentialsAuthOptions>, string][] = [
    ['clientId empty', { clientId: '' }, 'ERR_INVALID_ARG_VALUE'],
    ['clientId with a space', { clientId: 'abc def' }, 'ERR_INVALID_ARG_VALUE'],
    ['clientId a number', { clientId: 42 as never }, 'ERR_INVALID_ARG_TYPE'],
    ['certificateId missing', { certificateId: undefined as never }, 'ERR_INVALID_ARG_TYPE'],
    ['certificateId with a newline', { certificateId: 'abc\n' }, 'ERR_INVALID_ARG_VALUE'],
    ['scopes empty', { scopes: [] }, 'ERR_INVALID_ARG_TYPE'],
    ['scopes unknown', { scopes: ['mcp' as OAuth2Scope] }, 'ERR_INVALID_ARG_VALUE'],
    ['scopes a string', { scopes: 'restlets' as never }, 'ERR_INVALID_ARG_TYPE'],
    ['timeoutMs NaN', { timeoutMs: NaN }, 'ERR_INVALID_ARG_VALUE'],
    ['timeoutMs negative', { timeoutMs: -1 }, 'ERR_INVALID_ARG_VALUE'],
    ['timeoutMs Infinity', { timeoutMs: Infinity }, 'ERR_INVALID_ARG_VALUE'],
    ['clock not a function', { clock: 5 as never }, 'ERR_INVALID_ARG_TYPE'],
    ['fetch not a function', { fetch: 'x' as never }, 'ERR_INVALID_ARG_TYPE'],
    ['tokenUrl not http', { tokenUrl: 'ftp://x/token' }, 'ERR_INVALID_ARG_VALUE'],
    ['baseUrl relative', { baseUrl: '/x' }, 'ERR_INVALID_ARG_VALUE'],
    ['accountId with a dot', { accountId: '1234567.app' }, 'ERR_TBA_INVALID_ACCOUNT_ID'],
    ['privateKey a number', { privateKey: 7 as never }, 'ERR_INVALID_ARG_TYPE'],
  ]
  for (const [name, extra, code] of bad) {
    it(name, () => {
      expect(() => createClientCredentialsAuth({ ...opts(pem()), ...extra })).toThrow(
        expect.objectContaining({ code }),
      )
    })
  }

  it('a clock returning NaN fails the call, not with a wrong assertion', async () => {
    const auth = createClientCredentialsAuth(opts(pem(), { clock: () => NaN }))
    await expect(auth.clientAssertion()).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' })
  })

  it('the default token URL is the account’s SuiteTalk domain', () => {
    const auth = createClientCredentialsAuth({
      ...opts(pem()),
      baseUrl: undefined,
      accountId: '1234567_sb1',
    })
    expect(auth.tokenUrl).toBe(
      'https://1234567-sb1.suitetalk.api.netsuite.com/services/rest/auth/oauth2/v1/token',
    )
    const t = createClientCredentialsAuth({ ...opts(pem()), tokenUrl: 'https://proxy.example/t' })
    expect(t.tokenUrl).toBe('https://proxy.example/t')
  })
})

describe('property: every assertion verifies and carries what it was given', () => {
  it('random client ids, certificate ids and scope sets', async () => {
    const key = ecKey('prime256v1')
    const printable = fc.stringMatching(/^[\x21-\x7e]{1,80}$/)
    await fc.assert(
      fc.asyncProperty(
        printable,
        printable,
        fc.subarray(['restlets', 'rest_webservices', 'suite_analytics'] as OAuth2Scope[], {
          minLength: 1,
        }),
        fc.integer({ min: 1_600_000_000, max: 4_000_000_000 }),
        async (clientId, certificateId, scopes, now) => {
          const auth = createClientCredentialsAuth({
            ...opts(key.pkcs8),
            clientId,
            certificateId,
            scopes,
            clock: () => now + 0.5,
          })
          const { header, claims } = await verifyJwt(await auth.clientAssertion(), key)
          expect(header.kid).toBe(certificateId)
          expect(claims.iss).toBe(clientId)
          expect(claims.scope).toEqual(scopes)
          expect(claims.iat).toBe(now - 30)
          expect(claims.exp).toBe(now - 30 + 300)
        },
      ),
      { numRuns: 40 },
    )
  })
})
