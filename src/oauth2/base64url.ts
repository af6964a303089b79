/**
 * Base64url without padding (RFC 7515 §2), both ways, for JWTs and PKCE. Internal.
 *
 * @module
 */
import { toBase64 } from '../lib/base64.ts'

/** Bytes to base64url without padding. */
export function base64url(bytes: Uint8Array): string {
  return toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/** Base64url (padding optional) to a binary string, as `atob` gives; throws on bad input. */
export function fromBase64url(text: string): string {
  return atob(
    text
      .replace(/-/g, '+')
      .replace(/_/g, '/')
      .padEnd(Math.ceil(text.length / 4) * 4, '='),
  )
}
