/**
 * A small DER reader and writer (X.690), enough for private key containers (PKCS#1, SEC1, PKCS#8)
 * and X.509 certificates. Internal.
 *
 * @module
 */

/** One DER element. @internal */
export interface DerElement {
  /** The identifier octet (tags above 30 are not used by the structures read here). */
  tag: number
  /** The element's bytes, header included. */
  bytes: Uint8Array
  /** The content bytes. */
  content: Uint8Array
}

/** Thrown for malformed DER; callers turn it into a user-facing error. @internal */
export class DerError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'DerError'
  }
}

/** Read the element at `offset`. @internal */
export function readElement(data: Uint8Array, offset = 0): DerElement {
  const tag = data[offset]
  let lengthByte = data[offset + 1]
  if (tag === undefined || lengthByte === undefined) throw new DerError('truncated DER')
  if ((tag & 0x1f) === 0x1f) throw new DerError('high tag numbers are not supported')
  let length = lengthByte
  let header = 2
  if (lengthByte & 0x80) {
    const count = lengthByte & 0x7f
    if (count === 0 || count > 4) throw new DerError('unsupported DER length')
    length = 0
    for (let i = 0; i < count; i++) {
      lengthByte = data[offset + 2 + i]
      if (lengthByte === undefined) throw new DerError('truncated DER')
      length = length * 256 + lengthByte
    }
    header += count
  }
  const end = offset + header + length
  if (end > data.length) throw new DerError('truncated DER')
  return {
    tag,
    bytes: data.subarray(offset, end),
    content: data.subarray(offset + header, end),
  }
}

/** The children of a constructed element (SEQUENCE, SET, context tag). @internal */
export function children(element: DerElement): DerElement[] {
  const out: DerElement[] = []
  for (let offset = 0; offset < element.content.length;) {
    const child = readElement(element.content, offset)
    out.push(child)
    offset += child.bytes.length
  }
  return out
}

/** Read a whole buffer as one element (nothing may follow). @internal */
export function readDer(data: Uint8Array): DerElement {
  const element = readElement(data)
  if (element.bytes.length !== data.length) throw new DerError('trailing bytes after DER')
  return element
}

/** Decode an OBJECT IDENTIFIER's content to dotted form. @internal */
export function decodeOid(content: Uint8Array): string {
  const parts: number[] = []
  let value = 0
  for (const byte of content) {
    value = value * 128 + (byte & 0x7f)
    if (!(byte & 0x80)) {
      if (parts.length === 0)
        parts.push(value < 80 ? Math.floor(value / 40) : 2, value < 80 ? value % 40 : value - 80)
      else parts.push(value)
      value = 0
    }
  }
  return parts.join('.')
}

/** Bit length of an unsigned INTEGER's content (leading zero octets ignored). @internal */
export function integerBits(content: Uint8Array): number {
  let i = 0
  while (i < content.length - 1 && content[i] === 0) i++
  const first = content[i] ?? 0
  return (content.length - i - 1) * 8 + (first === 0 ? 0 : 32 - Math.clz32(first))
}

// Writer

function lengthBytes(length: number): number[] {
  if (length < 0x80) return [length]
  const out: number[] = []
  for (let n = length; n > 0; n = Math.floor(n / 256)) out.unshift(n & 0xff)
  return [0x80 | out.length, ...out]
}

/** Concatenate byte arrays. @internal */
export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let offset = 0
  for (const p of parts) {
    out.set(p, offset)
    offset += p.length
  }
  return out
}

/** One element from its tag and content. @internal */
export function tlv(tag: number, ...content: Uint8Array[]): Uint8Array {
  const body = concat(...content)
  return concat(Uint8Array.from([tag, ...lengthBytes(body.length)]), body)
}

/** SEQUENCE. @internal */
export const sequence = (...items: Uint8Array[]): Uint8Array => tlv(0x30, ...items)
/** SET. @internal */
export const set = (...items: Uint8Array[]): Uint8Array => tlv(0x31, ...items)
/** NULL. @internal */
export const nullValue = (): Uint8Array => Uint8Array.from([0x05, 0x00])
/** OCTET STRING. @internal */
export const octetString = (bytes: Uint8Array): Uint8Array => tlv(0x04, bytes)
/** BIT STRING with no unused bits. @internal */
export const bitString = (bytes: Uint8Array): Uint8Array => tlv(0x03, Uint8Array.of(0), bytes)
/** UTF8String. @internal */
export const utf8String = (text: string): Uint8Array => tlv(0x0c, new TextEncoder().encode(text))
/** Explicit context tag `[n]`. @internal */
export const explicit = (n: number, ...items: Uint8Array[]): Uint8Array => tlv(0xa0 | n, ...items)

/** INTEGER from unsigned big-endian bytes (a leading zero is added when the top bit is set). @internal */
export function unsignedInteger(bytes: Uint8Array): Uint8Array {
  let i = 0
  while (i < bytes.length - 1 && bytes[i] === 0) i++
  const trimmed = bytes.subarray(i)
  return (trimmed[0] ?? 0) & 0x80
    ? tlv(0x02, Uint8Array.of(0), trimmed)
    : tlv(0x02, trimmed.length ? trimmed : Uint8Array.of(0))
}

/** INTEGER from a small non-negative number. @internal */
export function smallInteger(value: number): Uint8Array {
  const bytes: number[] = []
  for (let n = value; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff)
  return unsignedInteger(Uint8Array.from(bytes.length ? bytes : [0]))
}

/** OBJECT IDENTIFIER from dotted form. @internal */
export function oid(dotted: string): Uint8Array {
  const [a, b, ...rest] = dotted.split('.').map(Number)
  const out: number[] = []
  for (const value of [(a as number) * 40 + (b as number), ...rest]) {
    const chunk: number[] = [value & 0x7f]
    for (let n = Math.floor(value / 128); n > 0; n = Math.floor(n / 128))
      chunk.unshift(0x80 | (n & 0x7f))
    out.push(...chunk)
  }
  return tlv(0x06, Uint8Array.from(out))
}

/** UTCTime (years 1950–2049) or GeneralizedTime, as RFC 5280 §4.1.2.5 requires. @internal */
export function time(date: Date): Uint8Array {
  const iso = date.toISOString() // YYYY-MM-DDTHH:MM:SS.sssZ
  const digits = iso.slice(0, 19).replace(/[-T:]/g, '') + 'Z'
  const year = date.getUTCFullYear()
  return year >= 1950 && year < 2050
    ? tlv(0x17, new TextEncoder().encode(digits.slice(2)))
    : tlv(0x18, new TextEncoder().encode(digits))
}
