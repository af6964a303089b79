/**
 * Nonces: 20 ASCII letters and digits from `crypto.getRandomValues`, without modulo bias.
 *
 * @module
 */
import { argumentError, TbaError, TbaErrorCodes } from './errors.ts'

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
// 248 = 4 * 62: bytes at or above it are dropped so every character is equally likely.
const UNBIASED_LIMIT = 248
const POOL_SIZE = 4096
const CODES = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0))

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

/** Letters and digits drawn ahead, as one string that nonces of up to this length are cut from. */
const CHARS_AHEAD = 1024
let chars = ''
let charsAt = 0

/** Character codes of the draw, and the decoder that turns them into a string in one call. */
const drawn = new Uint8Array(CHARS_AHEAD)
const decoder = new TextDecoder()

/** {@link CHARS_AHEAD} unbiased random letters and digits from the byte pool. */
function drawChars(): string {
  let n = 0
  while (n < CHARS_AHEAD) {
    if (offset >= pool.length) refill()
    // Local copies keep the inner loop on registers; `offset` is written back below.
    const bytes = pool
    let at = offset
    while (n < CHARS_AHEAD && at < bytes.length) {
      const byte = bytes[at++] as number
      if (byte < UNBIASED_LIMIT) drawn[n++] = CODES[byte % 62] as number
    }
    offset = at
  }
  return decoder.decode(drawn)
}

/**
 * A fresh random nonce of `length` ASCII letters and digits (default 20, NetSuite's ideal length).
 * Random bytes come from a pooled `crypto.getRandomValues` buffer; bytes that would bias the
 * alphabet are rejected. Characters are drawn 1,024 at a time and each nonce is a fresh, never
 * reused stretch of them, so a nonce costs one substring.
 */
export function generateNonce(length = 20): string {
  if (!Number.isSafeInteger(length) || length < 1) {
    throw argumentError(
      `generateNonce(length) needs a whole number of characters ≥ 1 (got ${String(length)}); NetSuite accepts 6–64.`,
      'ERR_INVALID_ARG_VALUE',
    )
  }
  if (length > CHARS_AHEAD) {
    return generateNonce(CHARS_AHEAD) + generateNonce(length - CHARS_AHEAD)
  }
  if (charsAt + length > chars.length) {
    chars = drawChars()
    charsAt = 0
  }
  return chars.slice(charsAt, (charsAt += length))
}
