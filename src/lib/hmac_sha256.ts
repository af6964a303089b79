/**
 * HMAC-SHA256 (RFC 2104) in plain JavaScript on {@link ./sha256.ts}, with the key's inner and outer
 * pad blocks compressed once per key:
 * `HMAC(K, m) = H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ m))`.
 *
 * A call may also resume from a later state of the inner hash (the key's inner block plus whole
 * blocks of a message prefix that is the same for every call, see {@link HmacSha256Key.resumeAfter}),
 * so it hashes only the rest of the message and the outer block. Constant time in the sense
 * explained in `sha256.ts`: the key only ever enters 32-bit word arithmetic.
 *
 * The derived states are as sensitive as the key; they live in ordinary memory (like the secret
 * strings the signer was given), unlike a non-extractable WebCrypto key.
 *
 * @module
 * @internal
 */
import {
  advance,
  BLOCK_BYTES,
  DEFAULT_LAYOUT,
  finish,
  initialState,
  sha256,
  sha256Work,
  writePadding,
  viewOf,
  writeState,
  copyState,
  type Sha256Layout,
} from './sha256.ts'

/** An HMAC-SHA256 key with its pads compressed, and the working memory of its calls. */
export interface HmacSha256Key {
  /**
   * The inner hash state after the key's inner block and the whole blocks of `prefix[from, to)`
   * (64-byte aligned from `from`; the caller passes `to` rounded down): resume a call there with
   * {@link HmacSha256Key.digest}.
   */
  resumeAfter(prefix: Uint8Array, from: number, to: number): Int32Array
  /** The inner state after the key's block alone (resume with `hashed` = 0). */
  readonly inner: Int32Array
  /**
   * HMAC of a message whose first `hashed` bytes (a multiple of 64) are already in `state`, and
   * whose remaining bytes are `data[from, to)`. Returns the 32-byte digest in a buffer owned by
   * this key (valid until its next call).
   */
  digest(state: Int32Array, hashed: number, data: Uint8Array, from: number, to: number): Uint8Array
  /**
   * {@link HmacSha256Key.digest} of a message whose remaining bytes `data[from, to)` already end
   * with the SHA-256 padding of the whole inner message (key block included): whole blocks, hashed
   * in place without a copy.
   */
  digestPadded(state: Int32Array, data: DataView, from: number, to: number): Uint8Array
}

const encoder = new TextEncoder()

/** Derive the pad states of `key` (a string is taken as UTF-8), for hashing with `layout`. */
export function hmacSha256Key(
  key: Uint8Array | string,
  layout: Sha256Layout = DEFAULT_LAYOUT,
): HmacSha256Key {
  const work = sha256Work(layout)
  const compress = work.compress
  const schedule = work.schedule
  let k = typeof key === 'string' ? encoder.encode(key) : key
  // RFC 2104 §2: a key longer than the block is hashed first; a shorter one is padded with zeros.
  if (k.length > BLOCK_BYTES) k = sha256(k, layout)
  const pad = new Uint8Array(BLOCK_BYTES)
  for (let i = 0; i < BLOCK_BYTES; i++) pad[i] = (i < k.length ? (k[i] as number) : 0) ^ 0x36
  const inner = advance(initialState(), pad, 0, BLOCK_BYTES, work)
  for (let i = 0; i < BLOCK_BYTES; i++) pad[i] = (i < k.length ? (k[i] as number) : 0) ^ 0x5c
  const outer = advance(initialState(), pad, 0, BLOCK_BYTES, work)
  pad.fill(0)
  schedule.fill(0)
  if (typeof key === 'string') k.fill(0)
  // The outer message is always (K ⊕ opad) and a 32-byte inner digest: one block whose padding
  // never changes. A call writes the inner digest into it and compresses it.
  const outerBlock = new Uint8Array(BLOCK_BYTES)
  writePadding(outerBlock, 32, BLOCK_BYTES + 32)
  const outerView = viewOf(outerBlock)
  const s = work.state
  const out = new Uint8Array(32)
  const outView = viewOf(out)
  /** The outer hash of the inner state `s` (its digest goes into the outer block as words). */
  const outerHash = (): Uint8Array => {
    writeState(s, outerView, 0)
    copyState(outer, s)
    compress(s, outerView, 0, 1, schedule)
    writeState(s, outView, 0)
    return out
  }
  return {
    inner,
    resumeAfter: (prefix, from, to) => advance(inner, prefix, from, to, work),
    digest(state, hashed, data, from, to) {
      finish(state, BLOCK_BYTES + hashed, data, from, to, work, outerBlock, 0)
      copyState(outer, s)
      compress(s, outerView, 0, 1, schedule)
      writeState(s, outView, 0)
      return out
    },
    digestPadded(state, data, from, to) {
      copyState(state, s)
      compress(s, data, from, (to - from) / BLOCK_BYTES, schedule)
      return outerHash()
    },
  }
}

/** One-shot HMAC-SHA256 of `data` under `key`, as 32 new bytes. */
export function hmacSha256(
  key: Uint8Array | string,
  data: Uint8Array,
  layout: Sha256Layout = DEFAULT_LAYOUT,
): Uint8Array {
  const k = hmacSha256Key(key, layout)
  return k.digest(k.inner, 0, data, 0, data.length).slice()
}
