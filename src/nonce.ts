/**
 * Nonces: 20 ASCII letters and digits from `crypto.getRandomValues`, without modulo bias.
 *
 * @module
 */
import { TbaError, TbaErrorCodes } from './errors.ts'

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
// 248 = 4 * 62: bytes at or above it are dropped so every character is equally likely.
const UNBIASED_LIMIT = 248
const POOL_SIZE = 4096
const CODES = Array.from(ALPHABET, (c) => c.charCodeAt(0))
/** Scratch array of character codes for the default length (one string allocation per nonce). */
const scratch: number[] = new Array<number>(20).fill(0)

let pool = new Uint8Array(0)
let offset = 0

function refill(): void {
  const c = (globalThis as { crypto?: Crypto }).crypto
  if (!c?.getRandomValues) {
    throw new TbaError(
      TbaErrorCodes.UNSUPPORTED_RUNTIME,
      'crypto.getRandomValues is not available in this runtime; netsuite-tba needs WebCrypto (Node >= 20, Deno, Bun, Workers, browsers).',
    )
  }
  if (pool.length === 0) pool = new Uint8Array(POOL_SIZE)
  c.getRandomValues(pool)
  offset = 0
}

/**
 * A fresh random nonce of `length` ASCII letters and digits (default 20, NetSuite's ideal length).
 * Random bytes come from a pooled `crypto.getRandomValues` buffer; bytes that would bias the
 * alphabet are rejected.
 */
export function generateNonce(length = 20): string {
  // Long nonces go in chunks: String.fromCharCode.apply has an engine-specific argument limit.
  if (length > 1024) return generateNonce(1024) + generateNonce(length - 1024)
  const codes = length === scratch.length ? scratch : new Array<number>(length)
  let n = 0
  while (n < length) {
    if (offset >= pool.length) refill()
    const byte = pool[offset++] as number
    if (byte < UNBIASED_LIMIT) codes[n++] = CODES[byte % 62] as number
  }
  return String.fromCharCode.apply(null, codes)
}
