/**
 * A key pair and a self-signed X.509 v3 certificate that NetSuite's OAuth 2.0 Client Credentials
 * (M2M) Setup page accepts: P-256/P-384/P-521 (ECDSA) or RSA 3072/4096 (signed with RSASSA-PSS),
 * at most two years valid, PEM. Built on WebCrypto with the DER writer of `der.ts`. Internal: used
 * by `netsuite-tba keygen` and the simulator.
 *
 * @module
 */
import { toBase64 } from '../lib/base64.ts'
import {
  bitString,
  explicit,
  nullValue,
  octetString,
  oid,
  sequence,
  set,
  smallInteger,
  time,
  tlv,
  unsignedInteger,
  utf8String,
} from './der.ts'

/** Key kinds `keygen` makes. */
export type CertificateKeyKind = 'P-256' | 'P-384' | 'P-521' | 'RSA-3072' | 'RSA-4096'

/** Options of {@link createKeyPairAndCertificate}. */
export interface CertificateOptions {
  /** Key kind (default P-256). */
  kind?: CertificateKeyKind
  /** Subject and issuer common name (default `netsuite-tba M2M`). */
  commonName?: string
  /** Days valid, 1–730 (NetSuite shortens anything over two years; default 730). */
  days?: number
  /** Start of validity (default now). */
  notBefore?: Date
}

/** What {@link createKeyPairAndCertificate} returns. */
export interface KeyPairAndCertificate {
  /** PKCS#8 PEM of the private key. */
  privateKeyPem: string
  /** The certificate, PEM (upload this to NetSuite). */
  certificatePem: string
  /** The certificate's SubjectPublicKeyInfo, PEM. */
  publicKeyPem: string
  /** The algorithm the key signs client assertions with. */
  algorithm: 'ES256' | 'ES384' | 'ES512' | 'PS256'
  /** Validity end. */
  notAfter: Date
}

const HASH_OIDS: Record<string, string> = {
  'SHA-256': '2.16.840.1.101.3.4.2.1',
  'SHA-384': '2.16.840.1.101.3.4.2.2',
  'SHA-512': '2.16.840.1.101.3.4.2.3',
}
const EC: Record<string, { hash: string; sigOid: string; algorithm: 'ES256' | 'ES384' | 'ES512' }> =
  {
    'P-256': { hash: 'SHA-256', sigOid: '1.2.840.10045.4.3.2', algorithm: 'ES256' },
    'P-384': { hash: 'SHA-384', sigOid: '1.2.840.10045.4.3.3', algorithm: 'ES384' },
    'P-521': { hash: 'SHA-512', sigOid: '1.2.840.10045.4.3.4', algorithm: 'ES512' },
  }

/** PEM armour with 64-character lines. @internal */
export function pem(label: string, der: Uint8Array): string {
  const lines = toBase64(der).match(/.{1,64}/g) ?? []
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`
}

/** An ECDSA signature from IEEE P1363 `r || s` to DER `SEQUENCE { r, s }` (X.509 form). @internal */
export function p1363ToDer(signature: Uint8Array): Uint8Array {
  const half = signature.length / 2
  return sequence(
    unsignedInteger(signature.subarray(0, half)),
    unsignedInteger(signature.subarray(half)),
  )
}

/** RSASSA-PSS AlgorithmIdentifier with SHA-256, MGF1-SHA-256 and a 32-byte salt (RFC 4055). @internal */
export function rsaPssAlgorithmIdentifier(): Uint8Array {
  const sha256 = sequence(oid(HASH_OIDS['SHA-256'] as string), nullValue())
  return sequence(
    oid('1.2.840.113549.1.1.10'),
    sequence(
      explicit(0, sha256),
      explicit(1, sequence(oid('1.2.840.113549.1.1.8'), sha256)),
      explicit(2, smallInteger(32)),
    ),
  )
}

function checkDays(days: unknown): number {
  if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > 730)
    throw new RangeError(
      `days must be a whole number from 1 to 730 (NetSuite accepts certificates valid up to two years; got ${String(days)}).`,
    )
  return days
}

function name(commonName: string): Uint8Array {
  return sequence(set(sequence(oid('2.5.4.3'), utf8String(commonName))))
}

/**
 * Generate a key pair and a self-signed certificate for NetSuite's M2M set-up page.
 *
 * @throws `RangeError` for days outside 1–730 or an empty common name.
 */
export async function createKeyPairAndCertificate(
  options: CertificateOptions = {},
): Promise<KeyPairAndCertificate> {
  const kind = options.kind ?? 'P-256'
  const days = checkDays(options.days ?? 730)
  const commonName = options.commonName ?? 'netsuite-tba M2M'
  if (typeof commonName !== 'string' || commonName.trim() === '' || commonName.length > 64)
    throw new RangeError('commonName must be 1–64 characters.')
  const ec = EC[kind]
  let keys: CryptoKeyPair
  let signatureAlgorithm: Uint8Array
  let sign: (data: Uint8Array<ArrayBuffer>) => Promise<Uint8Array>
  if (ec) {
    keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: kind }, true, [
      'sign',
      'verify',
    ])
    signatureAlgorithm = sequence(oid(ec.sigOid))
    sign = async (data) =>
      p1363ToDer(
        new Uint8Array(
          await crypto.subtle.sign({ name: 'ECDSA', hash: ec.hash }, keys.privateKey, data),
        ),
      )
  } else if (kind === 'RSA-3072' || kind === 'RSA-4096') {
    keys = await crypto.subtle.generateKey(
      {
        name: 'RSA-PSS',
        modulusLength: kind === 'RSA-3072' ? 3072 : 4096,
        publicExponent: new Uint8Array([1, 0, 1]),
        hash: 'SHA-256',
      },
      true,
      ['sign', 'verify'],
    )
    signatureAlgorithm = rsaPssAlgorithmIdentifier()
    sign = async (data) =>
      new Uint8Array(
        await crypto.subtle.sign({ name: 'RSA-PSS', saltLength: 32 }, keys.privateKey, data),
      )
  } else {
    throw new RangeError(
      `kind must be P-256, P-384, P-521, RSA-3072 or RSA-4096 (got ${String(kind)}).`,
    )
  }
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', keys.publicKey))
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', keys.privateKey))
  const serial = crypto.getRandomValues(new Uint8Array(16))
  serial[0] = ((serial[0] as number) & 0x7f) | 0x01 // positive, 16 significant octets
  const notBefore = new Date(Math.floor((options.notBefore ?? new Date()).getTime() / 1000) * 1000)
  const notAfter = new Date(notBefore.getTime() + days * 86_400_000)
  const subject = name(commonName)
  const keyId = new Uint8Array(await crypto.subtle.digest('SHA-1', spki)).subarray(0, 20)
  const extensions = explicit(
    3,
    sequence(
      // basicConstraints: critical, CA:FALSE
      sequence(oid('2.5.29.19'), tlv(0x01, Uint8Array.of(0xff)), octetString(sequence())),
      // keyUsage: critical, digitalSignature
      sequence(
        oid('2.5.29.15'),
        tlv(0x01, Uint8Array.of(0xff)),
        octetString(tlv(0x03, Uint8Array.of(7, 0x80))),
      ),
      // subjectKeyIdentifier
      sequence(oid('2.5.29.14'), octetString(octetString(keyId))),
    ),
  )
  const tbs = sequence(
    explicit(0, smallInteger(2)),
    unsignedInteger(serial),
    signatureAlgorithm,
    subject,
    sequence(time(notBefore), time(notAfter)),
    subject,
    spki,
    extensions,
  )
  const signature = await sign(tbs as Uint8Array<ArrayBuffer>)
  const certificate = sequence(tbs, signatureAlgorithm, bitString(signature))
  return {
    privateKeyPem: pem('PRIVATE KEY', pkcs8),
    certificatePem: pem('CERTIFICATE', certificate),
    publicKeyPem: pem('PUBLIC KEY', spki),
    algorithm: ec ? ec.algorithm : 'PS256',
    notAfter,
  }
}
