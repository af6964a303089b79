/** Helpers of the OAuth 2.0 tests: keys of every kind, and an independent JWT verifier. */
import { constants, generateKeyPairSync, verify as nodeVerify, type KeyObject } from 'node:crypto'

// @types/node 20 has no KeyObject overload for 'rsa-pss'.
const generatePss = generateKeyPairSync as unknown as (
  type: 'rsa-pss',
  options: object,
) => { privateKey: KeyObject; publicKey: KeyObject }

/** A generated key pair in the forms the tests need. */
export interface TestKey {
  privateKey: KeyObject
  publicKey: KeyObject
  /** PKCS#8 PEM. */
  pkcs8: string
  /** SubjectPublicKeyInfo PEM (what the simulator's M2M mapping takes). */
  spki: string
}

function wrap(pair: { privateKey: KeyObject; publicKey: KeyObject }): TestKey {
  return {
    ...pair,
    pkcs8: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    spki: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  }
}

const cache = new Map<string, TestKey>()

/** An EC key on `curve` (Node names: prime256v1, secp384r1, secp521r1, secp256k1). */
export function ecKey(curve: string): TestKey {
  const k = `ec:${curve}`
  if (!cache.has(k)) cache.set(k, wrap(generateKeyPairSync('ec', { namedCurve: curve })))
  return cache.get(k) as TestKey
}

/** An RSA key (rsaEncryption) of `bits`. */
export function rsaKey(bits: number): TestKey {
  const k = `rsa:${bits}`
  if (!cache.has(k)) cache.set(k, wrap(generateKeyPairSync('rsa', { modulusLength: bits })))
  return cache.get(k) as TestKey
}

/** An RSA key with the id-RSASSA-PSS OID, as `openssl genpkey -algorithm rsa-pss` writes it. */
export function rsaPssKey(bits: number, restricted = false): TestKey {
  const k = `rsa-pss:${bits}:${restricted}`
  if (!cache.has(k))
    cache.set(
      k,
      wrap(
        restricted
          ? generatePss('rsa-pss', {
              modulusLength: bits,
              hashAlgorithm: 'sha256',
              mgf1HashAlgorithm: 'sha256',
              saltLength: 32,
            })
          : generatePss('rsa-pss', { modulusLength: bits }),
      ),
    )
  return cache.get(k) as TestKey
}

/** Decode base64url by hand (no library JWT code involved). */
export function fromBase64url(text: string): Uint8Array<ArrayBuffer> {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error(`not base64url: ${text.slice(0, 20)}`)
  return new Uint8Array(Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64'))
}

const HASH: Record<string, string> = { '256': 'SHA-256', '384': 'SHA-384', '512': 'SHA-512' }
const CURVE: Record<string, string> = { '256': 'P-256', '384': 'P-384', '512': 'P-521' }

/**
 * Verify a compact JWS with WebCrypto over the exact signing input, and parse header and claims by
 * hand. Returns them when the signature holds; throws otherwise.
 */
export async function verifyJwt(
  jwt: string,
  testKey: TestKey,
): Promise<{ header: Record<string, unknown>; claims: Record<string, unknown> }> {
  const parts = jwt.split('.')
  if (parts.length !== 3) throw new Error('not a compact JWS')
  const [h, c, s] = parts as [string, string, string]
  const header = JSON.parse(new TextDecoder().decode(fromBase64url(h))) as Record<string, unknown>
  const claims = JSON.parse(new TextDecoder().decode(fromBase64url(c))) as Record<string, unknown>
  const alg = String(header.alg)
  const bits = alg.slice(2)
  if (testKey.publicKey.asymmetricKeyType === 'rsa-pss') {
    // WebCrypto imports only rsaEncryption public keys; node:crypto checks id-RSASSA-PSS ones.
    const ok = nodeVerify(
      `sha${bits}`,
      Buffer.from(`${h}.${c}`),
      {
        key: testKey.publicKey,
        padding: constants.RSA_PKCS1_PSS_PADDING,
        saltLength: Number(bits) / 8,
      },
      fromBase64url(s),
    )
    if (!ok) throw new Error(`signature does not verify (${alg})`)
    return { header, claims }
  }
  const der = Buffer.from(
    testKey.spki.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''),
    'base64',
  )
  const ec = alg.startsWith('ES')
  const key = await crypto.subtle.importKey(
    'spki',
    der,
    ec
      ? { name: 'ECDSA', namedCurve: CURVE[bits] as string }
      : { name: 'RSA-PSS', hash: HASH[bits] as string },
    false,
    ['verify'],
  )
  const ok = await crypto.subtle.verify(
    ec
      ? { name: 'ECDSA', hash: HASH[bits] as string }
      : { name: 'RSA-PSS', saltLength: Number(bits) / 8 },
    key,
    fromBase64url(s),
    new TextEncoder().encode(`${h}.${c}`),
  )
  if (!ok) throw new Error(`signature does not verify (${alg})`)
  return { header, claims }
}
