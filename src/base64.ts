/**
 * Standard base64 (RFC 4648 §4, with padding, no line breaks) of a byte array.
 *
 * @module
 */
const nativeToBase64 = (Uint8Array.prototype as { toBase64?: () => string }).toBase64

/** Encode bytes as standard base64. */
export function toBase64(bytes: Uint8Array): string {
  if (nativeToBase64) return nativeToBase64.call(bytes)
  let binary = ''
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i] as number)
  return btoa(binary)
}
