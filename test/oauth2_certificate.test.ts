/**
 * The DER writer and reader against published encodings (X.690 examples, RFC 5280 time rules,
 * well-known OIDs), round-trip properties, and the self-signed certificates `keygen` and the
 * simulator make, parsed back by node:crypto (and openssl where installed).
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { X509Certificate, createPrivateKey } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  createKeyPairAndCertificate,
  p1363ToDer,
  rsaPssAlgorithmIdentifier,
  type CertificateKeyKind,
} from '../src/oauth2/certificate.ts'
import {
  children,
  decodeOid,
  integerBits,
  oid,
  readDer,
  sequence,
  smallInteger,
  time,
  tlv,
  unsignedInteger,
} from '../src/oauth2/der.ts'

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex')
const bytes = (h: string) => new Uint8Array(Buffer.from(h.replace(/\s+/g, ''), 'hex'))

describe('DER writer: published encodings', () => {
  it('OBJECT IDENTIFIERs', () => {
    // X.690 §8.19.5 example {2 999 3} and well-known OIDs (RFC 5480, RFC 8017, RFC 5758).
    expect(hex(oid('2.999.3'))).toBe('0603883703')
    expect(hex(oid('1.2.840.113549'))).toBe('06062a864886f70d')
    expect(hex(oid('1.2.840.10045.3.1.7'))).toBe('06082a8648ce3d030107') // prime256v1
    expect(hex(oid('1.3.132.0.34'))).toBe('06052b81040022') // secp384r1
    expect(hex(oid('1.2.840.113549.1.1.10'))).toBe('06092a864886f70d01010a') // RSASSA-PSS
    expect(hex(oid('1.2.840.10045.4.3.2'))).toBe('06082a8648ce3d040302') // ecdsa-with-SHA256
    for (const dotted of ['2.999.3', '1.2.840.113549.1.1.10', '1.3.132.0.35', '2.5.29.19'])
      expect(decodeOid(readDer(oid(dotted)).content)).toBe(dotted)
  })

  it('INTEGERs and lengths', () => {
    expect(hex(smallInteger(0))).toBe('020100')
    expect(hex(smallInteger(127))).toBe('02017f')
    expect(hex(smallInteger(128))).toBe('02020080')
    expect(hex(smallInteger(256))).toBe('02020100')
    expect(hex(unsignedInteger(bytes('0000ff')))).toBe('020200ff')
    expect(hex(tlv(0x04, new Uint8Array(127))).slice(0, 4)).toBe('047f')
    expect(hex(tlv(0x04, new Uint8Array(128))).slice(0, 6)).toBe('048180')
    expect(hex(tlv(0x04, new Uint8Array(256))).slice(0, 8)).toBe('04820100')
    expect(hex(tlv(0x04, new Uint8Array(70000))).slice(0, 10)).toBe('0483011170')
    expect(integerBits(bytes('00ff'))).toBe(8)
    expect(integerBits(bytes('0100'))).toBe(9)
  })

  it('UTCTime until 2049, GeneralizedTime from 2050 (RFC 5280 §4.1.2.5)', () => {
    expect(Buffer.from(time(new Date('2049-12-31T23:59:59Z'))).toString('latin1')).toBe(
      '\x17\x0d491231235959Z',
    )
    expect(Buffer.from(time(new Date('2050-01-01T00:00:00Z'))).toString('latin1')).toBe(
      '\x18\x0f20500101000000Z',
    )
  })

  it('ECDSA r||s to DER: leading zeros trimmed, a high bit gets a zero octet', () => {
    const r = bytes('00' + '7f'.repeat(31))
    const s = bytes('80' + '01'.repeat(31))
    const der = p1363ToDer(new Uint8Array([...r, ...s]))
    // 0x44 = (2 + 31) + (3 + 32)
    expect(hex(der)).toBe(`3044021f${'7f'.repeat(31)}022100${'80' + '01'.repeat(31)}`)
  })

  it('the RSASSA-PSS AlgorithmIdentifier is the RFC 4055 SHA-256 one', () => {
    expect(hex(rsaPssAlgorithmIdentifier())).toBe(
      '304106092a864886f70d01010a3034a00f300d06096086480165030402010500a11c301a06092a864886f70d010108300d06096086480165030402010500a203020120',
    )
  })

  it('properties: OIDs and nested lengths round-trip through the reader', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 0, max: 39 }),
        fc.array(fc.integer({ min: 0, max: 2 ** 31 - 1 }), { maxLength: 8 }),
        (a, b, rest) => {
          const dotted = [a, b, ...rest].join('.')
          expect(decodeOid(readDer(oid(dotted)).content)).toBe(dotted)
        },
      ),
    )
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 5 }), (items) => {
        const der = sequence(...items.map((i) => tlv(0x04, i)))
        const parsed = children(readDer(der)).map((c) => hex(c.content))
        expect(parsed).toEqual(items.map(hex))
      }),
    )
  })
})

describe('self-signed certificates for the M2M set-up page', () => {
  const HAS_OPENSSL = spawnSync('openssl', ['version']).status === 0
  it('openssl is here to parse the certificates (CI installs it)', () => {
    if (!HAS_OPENSSL && process.env.CI === 'true')
      throw new Error('openssl is missing: apt-get install -y openssl')
    if (!HAS_OPENSSL)
      console.warn('openssl is missing; skipping its checks (apt-get install -y openssl)')
  })
  const kinds: [CertificateKeyKind, string, number | string][] = [
    ['P-256', 'ec', 'prime256v1'],
    ['P-384', 'ec', 'secp384r1'],
    ['P-521', 'ec', 'secp521r1'],
    ['RSA-3072', 'rsa', 3072],
  ]
  for (const [kind, type, detail] of kinds) {
    it(`${kind}: parses, self-verifies, two years, key matches`, async () => {
      const made = await createKeyPairAndCertificate({
        kind,
        commonName: 'Acme M2M',
        notBefore: new Date('2027-01-15T10:00:00Z'),
      })
      const x509 = new X509Certificate(made.certificatePem)
      expect(x509.subject).toBe('CN=Acme M2M')
      expect(x509.issuer).toBe('CN=Acme M2M')
      expect(new Date(x509.validFrom).toISOString()).toBe('2027-01-15T10:00:00.000Z')
      expect(new Date(x509.validTo).toISOString()).toBe('2029-01-14T10:00:00.000Z')
      expect(x509.verify(x509.publicKey)).toBe(true)
      expect(x509.checkPrivateKey(createPrivateKey(made.privateKeyPem))).toBe(true)
      expect(x509.publicKey.asymmetricKeyType).toBe(type)
      const d = x509.publicKey.asymmetricKeyDetails ?? {}
      expect(type === 'rsa' ? d.modulusLength : d.namedCurve).toBe(detail)
      expect(x509.serialNumber).toMatch(/^[0-9A-F]{32}$/)
      if (HAS_OPENSSL) {
        const dir = mkdtempSync(join(tmpdir(), 'netsuite-cert-'))
        const file = join(dir, 'c.pem')
        writeFileSync(file, made.certificatePem)
        const text = execFileSync('openssl', ['x509', '-in', file, '-noout', '-text']).toString()
        expect(text).toMatch(/X509v3 Basic Constraints: critical\s+CA:FALSE/)
        expect(text).toMatch(/X509v3 Key Usage: critical\s+Digital Signature/)
        expect(
          execFileSync('openssl', ['verify', '-no_check_time', '-CAfile', file, file]).toString(),
        ).toMatch(/: OK/)
      }
    })
  }

  it('days and common name are checked', async () => {
    await expect(createKeyPairAndCertificate({ days: 731 })).rejects.toThrow(/1 to 730/)
    await expect(createKeyPairAndCertificate({ days: 1.5 })).rejects.toThrow(/1 to 730/)
    await expect(createKeyPairAndCertificate({ commonName: ' ' })).rejects.toThrow(/commonName/)
    await expect(createKeyPairAndCertificate({ kind: 'P-192' as never })).rejects.toThrow(/kind/)
  })
})
