/**
 * The client assertion's signing key: a PEM string (PKCS#8, or PKCS#1 / SEC1 / RSA-PSS PKCS#8,
 * which are rewrapped as the PKCS#8 WebCrypto imports) or a CryptoKey, checked against NetSuite's
 * certificate rules (RSA 3072+ bits, P-256/P-384/P-521) before any request is made.
 *
 * @module
 */
import { argumentError, TbaError, TbaErrorCodes } from '../errors.ts'
import {
  children,
  decodeOid,
  DerError,
  integerBits,
  nullValue,
  octetString,
  oid,
  readDer,
  sequence,
  smallInteger,
  type DerElement,
} from './der.ts'
import type { ClientAssertionAlgorithm } from './types.ts'

const OID_RSA = '1.2.840.113549.1.1.1'
const OID_RSA_PSS = '1.2.840.113549.1.1.10'
const OID_EC = '1.2.840.10045.2.1'

/** NetSuite's curves, by OID, with the algorithm each implies. */
export const CURVES: Readonly<
  Record<string, { name: 'P-256' | 'P-384' | 'P-521'; algorithm: ClientAssertionAlgorithm }>
> = {
  '1.2.840.10045.3.1.7': { name: 'P-256', algorithm: 'ES256' },
  '1.3.132.0.34': { name: 'P-384', algorithm: 'ES384' },
  '1.3.132.0.35': { name: 'P-521', algorithm: 'ES512' },
}
const CURVE_NAMES: Record<string, string> = {
  '1.3.132.0.10': 'secp256k1',
  '1.2.840.10045.3.1.1': 'P-192',
  '1.3.132.0.33': 'P-224',
  '1.3.36.3.3.2.8.1.1.7': 'brainpoolP256r1',
}

/** The accepted algorithms and how WebCrypto signs with each. */
export const ALGORITHMS: Readonly<
  Record<
    ClientAssertionAlgorithm,
    { kind: 'EC' | 'RSA'; hash: string; curve?: string; saltLength?: number }
  >
> = {
  PS256: { kind: 'RSA', hash: 'SHA-256', saltLength: 32 },
  PS384: { kind: 'RSA', hash: 'SHA-384', saltLength: 48 },
  PS512: { kind: 'RSA', hash: 'SHA-512', saltLength: 64 },
  ES256: { kind: 'EC', hash: 'SHA-256', curve: 'P-256' },
  ES384: { kind: 'EC', hash: 'SHA-384', curve: 'P-384' },
  ES512: { kind: 'EC', hash: 'SHA-512', curve: 'P-521' },
}

/** Minimum RSA modulus NetSuite accepts. */
export const MIN_RSA_BITS = 3072

/** The command that turns any unencrypted PEM key into PKCS#8. */
export const TO_PKCS8 = 'openssl pkcs8 -topk8 -nocrypt -in private.pem -out private-pkcs8.pem'

/** A key ready to sign: what it is, and a lazy import. @internal */
export interface SigningKey {
  algorithm: ClientAssertionAlgorithm
  /** `RSA-3072`, `P-256`, … for messages. */
  description: string
  /** Import (once) and return the CryptoKey. */
  cryptoKey(): Promise<CryptoKey>
}

function invalidKey(message: string, cause?: unknown): TbaError {
  return new TbaError(
    TbaErrorCodes.OAUTH2_INVALID_KEY,
    message,
    cause === undefined ? undefined : { cause },
  )
}

function unsupportedKey(message: string): TbaError {
  return new TbaError(TbaErrorCodes.OAUTH2_UNSUPPORTED_KEY, message)
}

/** Check an `algorithm` option. @internal */
export function checkAlgorithm(value: unknown): ClientAssertionAlgorithm | undefined {
  if (value === undefined) return undefined
  if (typeof value === 'string' && Object.hasOwn(ALGORITHMS, value))
    return value as ClientAssertionAlgorithm
  const rs = typeof value === 'string' && /^RS\d+$/.test(value)
  throw new TbaError(
    TbaErrorCodes.OAUTH2_UNSUPPORTED_ALGORITHM,
    `algorithm ${JSON.stringify(String(value).slice(0, 20))} is not accepted by NetSuite: use PS256, PS384, PS512 (RSA-PSS) or ES256, ES384, ES512 (ECDSA), or omit it to infer it from the key.${rs ? ' NetSuite no longer accepts RSASSA-PKCS1-v1_5 (RS256) client assertions; the same RSA key signs PS256.' : ''}`,
  )
}

function pick(
  kind: 'EC' | 'RSA',
  given: ClientAssertionAlgorithm | undefined,
  inferred: ClientAssertionAlgorithm,
  description: string,
): ClientAssertionAlgorithm {
  if (given === undefined) return inferred
  const spec = ALGORITHMS[given]
  if (spec.kind !== kind || (kind === 'EC' && given !== inferred)) {
    throw new TbaError(
      TbaErrorCodes.OAUTH2_UNSUPPORTED_ALGORITHM,
      `algorithm ${given} does not fit the ${description} key: ${kind === 'EC' ? `a ${description} key signs ${inferred}` : 'an RSA key signs PS256, PS384 or PS512'}. Omit algorithm to infer it from the key.`,
    )
  }
  return given
}

/**
 * Check a private key option and prepare it for signing. Synchronous: every refusal happens before
 * any request. @internal
 */
export function prepareSigningKey(key: unknown, algorithm: unknown): SigningKey {
  const given = checkAlgorithm(algorithm)
  if (typeof key === 'string') return fromPem(key, given)
  if (isCryptoKey(key)) return fromCryptoKey(key, given)
  throw argumentError(
    'privateKey must be a PEM string (-----BEGIN PRIVATE KEY-----) or a CryptoKey.',
    'ERR_INVALID_ARG_TYPE',
  )
}

function isCryptoKey(value: unknown): value is CryptoKey {
  if (typeof value !== 'object' || value === null) return false
  const k = value as Partial<CryptoKey>
  return typeof k.type === 'string' && typeof k.algorithm === 'object' && Array.isArray(k.usages)
}

function fromCryptoKey(key: CryptoKey, given: ClientAssertionAlgorithm | undefined): SigningKey {
  if (key.type !== 'private' || !key.usages.includes('sign'))
    throw invalidKey('privateKey must be a private CryptoKey with the "sign" usage.')
  const alg = key.algorithm as {
    name: string
    namedCurve?: string
    modulusLength?: number
    hash?: { name: string }
  }
  if (alg.name === 'ECDSA') {
    const curve = Object.values(CURVES).find((c) => c.name === alg.namedCurve)
    if (!curve)
      throw unsupportedKey(
        `NetSuite accepts EC keys on P-256, P-384 or P-521 only; this key is on ${alg.namedCurve}.`,
      )
    const algorithm = pick('EC', given, curve.algorithm, curve.name)
    return { algorithm, description: curve.name, cryptoKey: async () => key }
  }
  if (alg.name === 'RSA-PSS') {
    checkRsaBits(alg.modulusLength ?? 0)
    const inferred = `PS${alg.hash?.name.slice(4)}` as ClientAssertionAlgorithm
    if (!Object.hasOwn(ALGORITHMS, inferred))
      throw unsupportedKey(
        `This RSA-PSS CryptoKey uses ${alg.hash?.name}; NetSuite needs SHA-256, SHA-384 or SHA-512.`,
      )
    const algorithm = pick('RSA', given, inferred, `RSA-${alg.modulusLength}`)
    if (algorithm !== inferred)
      throw new TbaError(
        TbaErrorCodes.OAUTH2_UNSUPPORTED_ALGORITHM,
        `algorithm ${algorithm} does not fit this CryptoKey, imported for ${inferred} (RSA-PSS with ${alg.hash?.name}): import it with the matching hash or omit algorithm.`,
      )
    return { algorithm, description: `RSA-${alg.modulusLength}`, cryptoKey: async () => key }
  }
  if (alg.name === 'RSASSA-PKCS1-v1_5')
    throw new TbaError(
      TbaErrorCodes.OAUTH2_UNSUPPORTED_ALGORITHM,
      'This CryptoKey is imported for RSASSA-PKCS1-v1_5 (RS256), which NetSuite no longer accepts: import the same key with { name: "RSA-PSS", hash: "SHA-256" } (PS256), or pass its PEM.',
    )
  throw unsupportedKey(
    `NetSuite accepts RSA-PSS and ECDSA keys only; this CryptoKey is ${alg.name}.`,
  )
}

function checkRsaBits(bits: number): void {
  if (bits < MIN_RSA_BITS)
    throw unsupportedKey(
      `NetSuite accepts RSA keys of 3072 or 4096 bits only; this key has ${bits}. Make a new key and certificate (netsuite-tba keygen --rsa, or openssl req -new -x509 -newkey rsa:3072 -sigopt rsa_padding_mode:pss -sha256 -nodes -days 730 -keyout private.pem -out public.pem) and upload the certificate on the M2M set-up page.`,
    )
}

/** PEM blocks: label and DER bytes. */
function pemBlocks(text: string): { label: string; headers: string; der: Uint8Array }[] {
  const blocks: { label: string; headers: string; der: Uint8Array }[] = []
  // Keys pasted into one-line environment variables often carry literal "\n".
  const normalized =
    text.includes('-----BEGIN') && !text.includes('\n') ? text.replace(/\\n/g, '\n') : text
  const re = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g
  for (let m = re.exec(normalized); m; m = re.exec(normalized)) {
    const body = m[2] as string
    const headers = /^[\s]*((?:[A-Za-z-]+:.*\r?\n)+)/.exec(body)?.[1] ?? ''
    const base64 = body.slice(body.indexOf(headers) + headers.length).replace(/\s+/g, '')
    let der: Uint8Array
    try {
      const binary = atob(base64)
      der = Uint8Array.from(binary, (c) => c.charCodeAt(0))
    } catch {
      throw invalidKey(
        `The ${m[1]} PEM block is not valid base64: copy the whole file, line breaks included.`,
      )
    }
    blocks.push({ label: m[1] as string, headers, der })
  }
  return blocks
}

function fromPem(text: string, given: ClientAssertionAlgorithm | undefined): SigningKey {
  const blocks = pemBlocks(text)
  const block = blocks.find((b) => b.label.endsWith('PRIVATE KEY'))
  if (!block) {
    const labels = blocks.map((b) => b.label)
    throw invalidKey(
      labels.includes('CERTIFICATE') || labels.includes('PUBLIC KEY')
        ? `privateKey holds a ${labels[0]}: that is the public part you upload to NetSuite. Pass the private key file (-----BEGIN PRIVATE KEY-----) that was made with it.`
        : 'privateKey is not a PEM private key: pass the text of the key file, from -----BEGIN PRIVATE KEY----- to -----END PRIVATE KEY-----.',
    )
  }
  try {
    if (block.label === 'ENCRYPTED PRIVATE KEY' || /ENCRYPTED/.test(block.headers))
      throw invalidKey(
        `privateKey is encrypted with a passphrase; WebCrypto needs it unencrypted. Decrypt it once and keep the result as secret as before: ${TO_PKCS8} (openssl asks for the passphrase).`,
      )
    if (block.label === 'RSA PRIVATE KEY')
      return rsaKey(pkcs1ToPkcs8(block.der), readPkcs1Bits(readDer(block.der)), given)
    if (block.label === 'EC PRIVATE KEY') return sec1ToKey(block.der, given)
    if (block.label === 'PRIVATE KEY') return pkcs8Key(block.der, given)
  } catch (error) {
    if (error instanceof DerError)
      throw invalidKey(
        `privateKey (${block.label}) is not a well-formed key (${error.message}): convert it with ${TO_PKCS8}.`,
      )
    throw error
  }
  throw invalidKey(
    `privateKey is a ${block.label}, which cannot be read here: convert it with ${TO_PKCS8}.`,
  )
}

function readPkcs1Bits(rsa: DerElement): number {
  const fields = children(rsa)
  const modulus = fields[1]
  if (rsa.tag !== 0x30 || fields.length < 9 || modulus?.tag !== 0x02)
    throw new DerError('not an RSAPrivateKey')
  return integerBits(modulus.content)
}

function pkcs1ToPkcs8(pkcs1: Uint8Array): Uint8Array {
  return sequence(smallInteger(0), sequence(oid(OID_RSA), nullValue()), octetString(pkcs1))
}

function rsaKey(
  pkcs8: Uint8Array,
  bits: number,
  given: ClientAssertionAlgorithm | undefined,
): SigningKey {
  checkRsaBits(bits)
  const algorithm = pick('RSA', given, 'PS256', `RSA-${bits}`)
  const { hash } = ALGORITHMS[algorithm]
  return lazy(algorithm, `RSA-${bits}`, pkcs8, { name: 'RSA-PSS', hash })
}

function curveOf(oidElement: DerElement | undefined): {
  name: 'P-256' | 'P-384' | 'P-521'
  algorithm: ClientAssertionAlgorithm
  oid: string
} {
  if (oidElement?.tag !== 0x06)
    throw unsupportedKey(
      'This EC key has explicit curve parameters instead of a named curve, which NetSuite and WebCrypto refuse: make the key with -pkeyopt ec_param_enc:named_curve (netsuite-tba keygen does).',
    )
  const dotted = decodeOid(oidElement.content)
  const curve = CURVES[dotted]
  if (!curve)
    throw unsupportedKey(
      `NetSuite accepts EC keys on P-256, P-384 or P-521 only; this key is on ${CURVE_NAMES[dotted] ?? dotted}. Make a new key (netsuite-tba keygen, or openssl req -new -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -pkeyopt ec_param_enc:named_curve -nodes -days 730 -keyout private.pem -out public.pem).`,
    )
  return { ...curve, oid: dotted }
}

function sec1ToKey(der: Uint8Array, given: ClientAssertionAlgorithm | undefined): SigningKey {
  const ec = readDer(der)
  const fields = children(ec)
  if (ec.tag !== 0x30 || fields[0]?.tag !== 0x02 || fields[1]?.tag !== 0x04)
    throw new DerError('not an ECPrivateKey')
  const params = fields.find((f) => f.tag === 0xa0)
  if (!params)
    throw invalidKey(`This EC PRIVATE KEY does not name its curve: convert it with ${TO_PKCS8}.`)
  const curve = curveOf(children(params)[0])
  // PKCS#8 carries the curve in the AlgorithmIdentifier; the inner key drops [0] as openssl does.
  const inner = sequence(...fields.filter((f) => f.tag !== 0xa0).map((f) => f.bytes))
  const pkcs8 = sequence(smallInteger(0), sequence(oid(OID_EC), oid(curve.oid)), octetString(inner))
  return ecKey(pkcs8, curve, given)
}

function ecKey(
  pkcs8: Uint8Array,
  curve: { name: 'P-256' | 'P-384' | 'P-521'; algorithm: ClientAssertionAlgorithm },
  given: ClientAssertionAlgorithm | undefined,
): SigningKey {
  const algorithm = pick('EC', given, curve.algorithm, curve.name)
  return lazy(algorithm, curve.name, pkcs8, { name: 'ECDSA', namedCurve: curve.name })
}

function pkcs8Key(der: Uint8Array, given: ClientAssertionAlgorithm | undefined): SigningKey {
  const info = readDer(der)
  const [version, algorithmId, privateKey] = children(info)
  if (
    info.tag !== 0x30 ||
    version?.tag !== 0x02 ||
    algorithmId?.tag !== 0x30 ||
    privateKey?.tag !== 0x04
  )
    throw new DerError('not a PKCS#8 PrivateKeyInfo')
  const [algOid, params] = children(algorithmId)
  const dotted = algOid?.tag === 0x06 ? decodeOid(algOid.content) : ''
  if (dotted === OID_RSA) return rsaKey(der, readPkcs1Bits(readDer(privateKey.content)), given)
  if (dotted === OID_RSA_PSS) {
    // id-RSASSA-PSS keys (openssl -newkey rsa-pss) are refused by WebCrypto: the same key material
    // under rsaEncryption is what it imports.
    return rsaKey(
      pkcs1ToPkcs8(privateKey.content),
      readPkcs1Bits(readDer(privateKey.content)),
      given,
    )
  }
  if (dotted === OID_EC) return ecKey(der, curveOf(params), given)
  const names: Record<string, string> = {
    '1.3.101.112': 'Ed25519',
    '1.3.101.113': 'Ed448',
    '1.2.840.10040.4.1': 'DSA',
  }
  throw unsupportedKey(
    `NetSuite accepts RSA (3072/4096 bits) and EC (P-256/P-384/P-521) keys only; this key is ${names[dotted] ?? dotted}.`,
  )
}

function lazy(
  algorithm: ClientAssertionAlgorithm,
  description: string,
  pkcs8: Uint8Array,
  params: RsaHashedImportParams | EcKeyImportParams,
): SigningKey {
  let imported: Promise<CryptoKey> | undefined
  return {
    algorithm,
    description,
    cryptoKey: () =>
      (imported ??= crypto.subtle
        .importKey('pkcs8', pkcs8 as Uint8Array<ArrayBuffer>, params, false, ['sign'])
        .catch((cause: unknown) => {
          imported = undefined
          throw invalidKey(
            `The ${description} private key could not be imported by WebCrypto (${(cause as Error)?.name ?? 'error'}); check the file is complete, or convert it with ${TO_PKCS8}.`,
          )
        })),
  }
}
