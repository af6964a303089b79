/**
 * Standard base64 (RFC 4648 §4, with padding, no line breaks) of a byte array.
 *
 * @module
 */
const nativeToBase64 = (Uint8Array.prototype as { toBase64?: () => string }).toBase64
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/** Encode bytes as standard base64. */
export function toBase64(bytes: Uint8Array): string {
  if (nativeToBase64) return nativeToBase64.call(bytes)
  // Table-driven, 3 bytes → 4 characters (engines without Uint8Array.prototype.toBase64).
  let out = ''
  const full = bytes.length - (bytes.length % 3)
  let i = 0
  for (; i < full; i += 3) {
    const n =
      ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number)
    out +=
      ALPHABET.charAt(n >>> 18) +
      ALPHABET.charAt((n >>> 12) & 63) +
      ALPHABET.charAt((n >>> 6) & 63) +
      ALPHABET.charAt(n & 63)
  }
  if (i < bytes.length) {
    const b0 = bytes[i] as number
    const b1 = i + 1 < bytes.length ? (bytes[i + 1] as number) : 0
    const n = (b0 << 16) | (b1 << 8)
    out +=
      ALPHABET.charAt(n >>> 18) +
      ALPHABET.charAt((n >>> 12) & 63) +
      (i + 1 < bytes.length ? ALPHABET.charAt((n >>> 6) & 63) : '=') +
      '='
  }
  return out
}
