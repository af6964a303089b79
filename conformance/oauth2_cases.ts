/**
 * OAuth 2.0 client credentials cases of the conformance kit, run by every runtime entry against the
 * built `netsuite-tba/oauth2`: for each algorithm (PS256/384/512, ES256/384/512) and each key form
 * (PKCS#8, PKCS#1, SEC1, id-RSASSA-PSS PKCS#8) a client assertion is signed by the library and
 * verified here with WebCrypto over the exact signing input, its header and claims parsed by hand;
 * the token exchange runs against an in-memory token endpoint (no network); weak keys are refused.
 * Keys are generated at run time; the PKCS#1, SEC1 and RSA-PSS forms are written from their JWK by
 * the small DER encoder below, which shares no code with the library.
 *
 * Runtime-neutral: no `node:` import, no file system, no test framework.
 *
 * @module
 */
import type { CaseResult } from './run_vectors.ts'

/** The part of `netsuite-tba/oauth2` the cases use. */
export interface OAuth2Api {
  createClientCredentialsAuth(options: {
    accountId: string
    clientId: string
    certificateId: string
    privateKey: string | CryptoKey
    algorithm?: string
    fetch?: typeof fetch
  }): {
    algorithm: string
    tokenUrl: string
    clientAssertion(): Promise<string>
    token(): Promise<{ accessToken: string; tokenType: string; expiresAt: number }>
    authorize(request: Request): Promise<Request>
  }
}

const HASH: Record<string, string> = { '256': 'SHA-256', '384': 'SHA-384', '512': 'SHA-512' }
const CURVE: Record<string, string> = { '256': 'P-256', '384': 'P-384', '512': 'P-521' }
const CURVE_OID: Record<string, number[]> = {
  'P-256': [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07],
  'P-384': [0x2b, 0x81, 0x04, 0x00, 0x22],
  'P-521': [0x2b, 0x81, 0x04, 0x00, 0x23],
}
const RSA_PSS_OID = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a]

// A minimal DER encoder, independent of the library's.
function der(tag: number, body: number[]): number[] {
  const n = body.length
  const len =
    n < 128
      ? [n]
      : n < 256
        ? [0x81, n]
        : n < 65536
          ? [0x82, n >> 8, n & 255]
          : [0x83, n >> 16, (n >> 8) & 255, n & 255]
  return [tag, ...len, ...body]
}
function bytesOf(b64url: string): number[] {
  const bin = atob(
    b64url.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((b64url.length + 3) % 4),
  )
  return Array.from(bin, (c) => c.charCodeAt(0))
}
function uint(b64url: string): number[] {
  let b = bytesOf(b64url)
  while (b.length > 1 && b[0] === 0) b = b.slice(1)
  return der(0x02, (b[0] as number) & 0x80 ? [0, ...b] : b)
}
function pemOf(label: string, body: number[]): string {
  const b64 = btoa(String.fromCharCode(...body))
  return `-----BEGIN ${label}-----\n${(b64.match(/.{1,64}/g) ?? []).join('\n')}\n-----END ${label}-----\n`
}
function pkcs1(jwk: JsonWebKey): number[] {
  const f = ['n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi'] as const
  return der(0x30, [...der(0x02, [0]), ...f.flatMap((k) => uint(jwk[k] as string))])
}
function sec1(jwk: JsonWebKey): number[] {
  const point = [4, ...bytesOf(jwk.x as string), ...bytesOf(jwk.y as string)]
  return der(0x30, [
    ...der(0x02, [1]),
    ...der(0x04, bytesOf(jwk.d as string)),
    ...der(0xa0, der(0x06, CURVE_OID[jwk.crv as string] as number[])),
    ...der(0xa1, der(0x03, [0, ...point])),
  ])
}
function rsaPssPkcs8(jwk: JsonWebKey): number[] {
  return der(0x30, [
    ...der(0x02, [0]),
    ...der(0x30, der(0x06, RSA_PSS_OID)),
    ...der(0x04, pkcs1(jwk)),
  ])
}

function decodeJson(part: string): Record<string, unknown> {
  return JSON.parse(new TextDecoder().decode(new Uint8Array(bytesOf(part)))) as Record<
    string,
    unknown
  >
}

/** Verify a compact JWS here and check the assertion's header and claims. Returns a reason or ''. */
async function checkAssertion(jwt: string, publicKey: CryptoKey, alg: string): Promise<string> {
  const parts = jwt.split('.')
  if (parts.length !== 3 || !parts.every((p) => /^[A-Za-z0-9_-]+$/.test(p)))
    return 'not a compact JWS'
  const [h, c, s] = parts as [string, string, string]
  const header = decodeJson(h)
  const claims = decodeJson(c)
  if (header.typ !== 'JWT' || header.alg !== alg || header.kid !== 'cert-1')
    return `header ${JSON.stringify(header)}`
  const now = Date.now() / 1000
  const iat = claims.iat as number
  const exp = claims.exp as number
  if (claims.iss !== 'client-1') return 'iss'
  if (
    claims.aud !==
    'https://1234567-sb1.suitetalk.api.netsuite.com/services/rest/auth/oauth2/v1/token'
  )
    return `aud ${String(claims.aud)}`
  if (JSON.stringify(claims.scope) !== '["restlets","rest_webservices"]') return 'scope'
  if (!(iat <= now && iat > now - 120 && exp > now && exp - iat < 3600))
    return `iat/exp ${iat}/${exp}`
  if (typeof claims.jti !== 'string' || claims.jti.length < 16) return 'jti'
  const bits = alg.slice(2)
  const ok = await crypto.subtle.verify(
    alg.startsWith('ES')
      ? { name: 'ECDSA', hash: HASH[bits] as string }
      : { name: 'RSA-PSS', saltLength: Number(bits) / 8 },
    publicKey,
    new Uint8Array(bytesOf(s)),
    new TextEncoder().encode(`${h}.${c}`),
  )
  return ok ? '' : 'signature does not verify'
}

/** A token endpoint in memory: checks the form and the assertion, answers like NetSuite. */
function tokenEndpoint(publicKey: CryptoKey, alg: string, problems: string[]): typeof fetch {
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    const form = new URLSearchParams(String(init?.body))
    if (init?.method !== 'POST') problems.push('token request is not a POST')
    if (!url.endsWith('/services/rest/auth/oauth2/v1/token')) problems.push(`token URL ${url}`)
    if (form.get('grant_type') !== 'client_credentials') problems.push('grant_type')
    if (
      form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'
    )
      problems.push('client_assertion_type')
    const reason = await checkAssertion(form.get('client_assertion') ?? '', publicKey, alg)
    if (reason) problems.push(`token endpoint: ${reason}`)
    return new Response(
      JSON.stringify({ access_token: 'at-1', token_type: 'bearer', expires_in: 3600 }),
      {
        status: 200,
        headers: { 'content-type': 'application/json' },
      },
    )
  }
}

type KeyForm = 'pkcs8' | 'pkcs1' | 'sec1' | 'rsa-pss-pkcs8' | 'CryptoKey'

async function oneCase(
  api: OAuth2Api,
  alg: string,
  form: KeyForm,
  keys: CryptoKeyPair,
): Promise<CaseResult> {
  const id = `oauth2 ${alg} ${form}`
  const base = { file: 'oauth2', id, kind: 'oauth2' } as const
  try {
    let privateKey: string | CryptoKey
    if (form === 'CryptoKey') privateKey = keys.privateKey
    else if (form === 'pkcs8')
      privateKey = pemOf(
        'PRIVATE KEY',
        Array.from(new Uint8Array(await crypto.subtle.exportKey('pkcs8', keys.privateKey))),
      )
    else {
      const jwk = await crypto.subtle.exportKey('jwk', keys.privateKey)
      privateKey =
        form === 'pkcs1'
          ? pemOf('RSA PRIVATE KEY', pkcs1(jwk))
          : form === 'sec1'
            ? pemOf('EC PRIVATE KEY', sec1(jwk))
            : pemOf('PRIVATE KEY', rsaPssPkcs8(jwk))
    }
    const problems: string[] = []
    const auth = api.createClientCredentialsAuth({
      accountId: '1234567_SB1',
      clientId: 'client-1',
      certificateId: 'cert-1',
      privateKey,
      ...(alg.startsWith('PS') && alg !== 'PS256' ? { algorithm: alg } : {}),
      fetch: tokenEndpoint(keys.publicKey, alg, problems),
    })
    if (auth.algorithm !== alg) problems.push(`algorithm ${auth.algorithm}`)
    const reason = await checkAssertion(await auth.clientAssertion(), keys.publicKey, alg)
    if (reason) problems.push(reason)
    const request = await auth.authorize(
      new Request(
        'https://1234567-sb1.restlets.api.netsuite.com/app/site/hosting/restlet.nl?script=1&deploy=1',
      ),
    )
    if (request.headers.get('authorization') !== 'Bearer at-1')
      problems.push('Authorization header')
    return problems.length
      ? { ...base, status: 'fail', reason: problems.join('; ') }
      : { ...base, status: 'pass' }
  } catch (error) {
    const e = error as { code?: string; message?: string }
    return {
      ...base,
      status: 'fail',
      reason: `${e.code ?? ''} ${e.message ?? String(error)}`.slice(0, 300),
    }
  }
}

/** Every OAuth 2.0 case. */
export async function runOAuth2Cases(api: OAuth2Api): Promise<CaseResult[]> {
  const results: CaseResult[] = []
  const rsaImport = (hash: string): RsaHashedKeyGenParams => ({
    name: 'RSA-PSS',
    modulusLength: 3072,
    publicExponent: new Uint8Array([1, 0, 1]),
    hash,
  })
  const rsa = await crypto.subtle.generateKey(rsaImport('SHA-256'), true, ['sign', 'verify'])
  for (const bits of ['256', '384', '512']) {
    // The library imports the PEM with the hash of the algorithm; the verifier needs the same.
    const publicKey = await crypto.subtle.importKey(
      'spki',
      await crypto.subtle.exportKey('spki', rsa.publicKey),
      { name: 'RSA-PSS', hash: HASH[bits] as string },
      false,
      ['verify'],
    )
    const keys = { privateKey: rsa.privateKey, publicKey }
    const forms: KeyForm[] = bits === '256' ? ['pkcs8', 'pkcs1', 'rsa-pss-pkcs8'] : ['pkcs8']
    for (const form of forms) results.push(await oneCase(api, `PS${bits}`, form, keys))
    const ec = await crypto.subtle.generateKey(
      { name: 'ECDSA', namedCurve: CURVE[bits] as string },
      true,
      ['sign', 'verify'],
    )
    for (const form of ['pkcs8', 'sec1', 'CryptoKey'] as KeyForm[])
      results.push(await oneCase(api, `ES${bits}`, form, ec))
  }
  // NetSuite's rules before any request: RSA under 3072 bits, RS256.
  const small = await crypto.subtle.generateKey(
    { ...rsaImport('SHA-256'), modulusLength: 2048 },
    true,
    ['sign', 'verify'],
  )
  const smallPem = pemOf(
    'PRIVATE KEY',
    Array.from(new Uint8Array(await crypto.subtle.exportKey('pkcs8', small.privateKey))),
  )
  for (const [id, options, code] of [
    ['oauth2 refuses RSA-2048', { privateKey: smallPem }, 'ERR_TBA_OAUTH2_UNSUPPORTED_KEY'],
    [
      'oauth2 refuses RS256',
      { privateKey: smallPem, algorithm: 'RS256' },
      'ERR_TBA_OAUTH2_UNSUPPORTED_ALGORITHM',
    ],
  ] as const) {
    let got = 'no error'
    try {
      api.createClientCredentialsAuth({
        accountId: '1234567',
        clientId: 'c',
        certificateId: 'k',
        ...options,
      })
    } catch (error) {
      got = (error as { code?: string }).code ?? String(error)
    }
    results.push({
      file: 'oauth2',
      id,
      kind: 'oauth2',
      status: got === code ? 'pass' : 'fail',
      ...(got === code ? {} : { reason: `expected ${code}, got ${got}` }),
    })
  }
  return results
}
