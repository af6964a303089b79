/**
 * SHA-256 (FIPS 180-4) in plain JavaScript, with resumable states, for the HMAC of the signing core.
 *
 * A state is the eight 32-bit chaining words after some whole 64-byte blocks; hashing can resume
 * from it, so what is constant (a key's pad block, the fixed start of a cached base string) is
 * compressed once and each signature hashes only what follows.
 *
 * Constant time. The compression uses only 32-bit additions, xors, ands, nots, fixed shifts and
 * fixed rotations of its words. Every loop runs a number of times fixed by the message length
 * (which is public: it is sent), and every array index is a round number or a byte position —
 * never a value computed from key or message bytes. So no branch and no memory access depends on
 * secret data. JavaScript engines promise nothing about timing (a JIT may, for example, represent
 * small integers differently before it optimises this code); this is the strongest property plain
 * JavaScript can offer, and the same one audited pure-JS hash libraries offer.
 *
 * No module-level mutable state: the working memory ({@link Sha256Work}) belongs to the caller.
 *
 * @module
 * @internal
 */

/** Round constants: the first 32 bits of the fractional parts of the cube roots of the first 64 primes. */
const K = Uint32Array.of(
  0x428a2f98,
  0x71374491,
  0xb5c0fbcf,
  0xe9b5dba5,
  0x3956c25b,
  0x59f111f1,
  0x923f82a4,
  0xab1c5ed5,
  0xd807aa98,
  0x12835b01,
  0x243185be,
  0x550c7dc3,
  0x72be5d74,
  0x80deb1fe,
  0x9bdc06a7,
  0xc19bf174,
  0xe49b69c1,
  0xefbe4786,
  0x0fc19dc6,
  0x240ca1cc,
  0x2de92c6f,
  0x4a7484aa,
  0x5cb0a9dc,
  0x76f988da,
  0x983e5152,
  0xa831c66d,
  0xb00327c8,
  0xbf597fc7,
  0xc6e00bf3,
  0xd5a79147,
  0x06ca6351,
  0x14292967,
  0x27b70a85,
  0x2e1b2138,
  0x4d2c6dfc,
  0x53380d13,
  0x650a7354,
  0x766a0abb,
  0x81c2c92e,
  0x92722c85,
  0xa2bfe8a1,
  0xa81a664b,
  0xc24b8b70,
  0xc76c51a3,
  0xd192e819,
  0xd6990624,
  0xf40e3585,
  0x106aa070,
  0x19a4c116,
  0x1e376c08,
  0x2748774c,
  0x34b0bcb5,
  0x391c0cb3,
  0x4ed8aa4a,
  0x5b9cca4f,
  0x682e6ff3,
  0x748f82ee,
  0x78a5636f,
  0x84c87814,
  0x8cc70208,
  0x90befffa,
  0xa4506ceb,
  0xbef9a3f7,
  0xc67178f2,
)

/** The initial state: the first 32 bits of the fractional parts of the square roots of the first 8 primes. */
const INITIAL = Int32Array.of(
  0x6a09e667,
  0xbb67ae85,
  0x3c6ef372,
  0xa54ff53a,
  0x510e527f,
  0x9b05688c,
  0x1f83d9ab,
  0x5be0cd19,
)

/** SHA-256 hashes 64-byte blocks. */
export const BLOCK_BYTES = 64

/** Working memory for hashing; each signer owns one (calls are synchronous, so it is never shared). */
export interface Sha256Work {
  /** The message schedule. */
  readonly w: Int32Array
  /** The state of the hash in progress. */
  readonly state: Int32Array
  /** The last one or two blocks with their padding. */
  readonly block: Uint8Array
}

/** Fresh working memory. */
export function sha256Work(): Sha256Work {
  return { w: new Int32Array(64), state: new Int32Array(8), block: new Uint8Array(128) }
}

/** A copy of the initial state (no bytes hashed yet). */
export function initialState(): Int32Array {
  return INITIAL.slice()
}

/** Rotate the 32-bit word `x` right by `n` (a constant at every call site). */
const rotr = (x: number, n: number): number => (x >>> n) | (x << (32 - n))

/** Compress `count` 64-byte blocks of `data`, starting at `at`, into `state`. */
export function compress(
  state: Int32Array,
  w: Int32Array,
  data: Uint8Array,
  at: number,
  count: number,
): void {
  let h0 = state[0] as number
  let h1 = state[1] as number
  let h2 = state[2] as number
  let h3 = state[3] as number
  let h4 = state[4] as number
  let h5 = state[5] as number
  let h6 = state[6] as number
  let h7 = state[7] as number
  for (let n = 0; n < count; n++) {
    // The message schedule: 16 big-endian words of the block, then 48 derived ones.
    for (let i = 0; i < 16; i++, at += 4) {
      w[i] =
        ((data[at] as number) << 24) |
        ((data[at + 1] as number) << 16) |
        ((data[at + 2] as number) << 8) |
        (data[at + 3] as number)
    }
    for (let i = 16; i < 64; i++) {
      const x = w[i - 15] as number
      const y = w[i - 2] as number
      const s0 = rotr(x, 7) ^ rotr(x, 18) ^ (x >>> 3)
      const s1 = rotr(y, 17) ^ rotr(y, 19) ^ (y >>> 10)
      w[i] = ((w[i - 16] as number) + s0 + (w[i - 7] as number) + s1) | 0
    }
    // 64 rounds (FIPS 180-4 §6.2.2).
    let a = h0
    let b = h1
    let c = h2
    let d = h3
    let e = h4
    let f = h5
    let g = h6
    let h = h7
    for (let i = 0; i < 64; i++) {
      const ch = (e & f) ^ (~e & g)
      const t1 =
        (h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ch + (K[i] as number) + (w[i] as number)) |
        0
      const maj = (a & b) ^ (a & c) ^ (b & c)
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + maj) | 0
      h = g
      g = f
      f = e
      e = (d + t1) | 0
      d = c
      c = b
      b = a
      a = (t1 + t2) | 0
    }
    h0 = (h0 + a) | 0
    h1 = (h1 + b) | 0
    h2 = (h2 + c) | 0
    h3 = (h3 + d) | 0
    h4 = (h4 + e) | 0
    h5 = (h5 + f) | 0
    h6 = (h6 + g) | 0
    h7 = (h7 + h) | 0
  }
  state[0] = h0
  state[1] = h1
  state[2] = h2
  state[3] = h3
  state[4] = h4
  state[5] = h5
  state[6] = h6
  state[7] = h7
}

/**
 * A new state: `state` (after `before` bytes) advanced over the whole blocks of `data[from, to)`.
 * `to - from` must be a multiple of 64.
 */
export function advance(
  state: Int32Array,
  work: Sha256Work,
  data: Uint8Array,
  from: number,
  to: number,
): Int32Array {
  const next = state.slice()
  compress(next, work.w, data, from, (to - from) / BLOCK_BYTES)
  return next
}

/**
 * Finish a hash: resume from `state` (after `before` bytes, a multiple of 64; left unchanged),
 * hash `data[from, to)` and the padding, and write the 32-byte digest into `out` at `outAt`.
 */
export function finish(
  state: Int32Array,
  before: number,
  data: Uint8Array,
  from: number,
  to: number,
  work: Sha256Work,
  out: Uint8Array,
  outAt: number,
): void {
  const s = work.state
  s.set(state)
  const whole = (to - from) >>> 6
  if (whole > 0) compress(s, work.w, data, from, whole)
  const rest = from + whole * BLOCK_BYTES
  const block = work.block
  const left = to - rest
  for (let i = 0; i < left; i++) block[i] = data[rest + i] as number
  block[left] = 0x80
  // One padding block if the length fits after the 0x80, else two.
  const end = left < 56 ? 64 : 128
  block.fill(0, left + 1, end - 8)
  const bytes = before + (to - from)
  const high = Math.floor(bytes / 0x20000000)
  const low = (bytes * 8) >>> 0
  block[end - 8] = high >>> 24
  block[end - 7] = high >>> 16
  block[end - 6] = high >>> 8
  block[end - 5] = high
  block[end - 4] = low >>> 24
  block[end - 3] = low >>> 16
  block[end - 2] = low >>> 8
  block[end - 1] = low
  compress(s, work.w, block, 0, end / BLOCK_BYTES)
  for (let i = 0; i < 8; i++) {
    const word = s[i] as number
    out[outAt++] = word >>> 24
    out[outAt++] = word >>> 16
    out[outAt++] = word >>> 8
    out[outAt++] = word
  }
}

/** SHA-256 of `data`, as 32 bytes. */
export function sha256(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(32)
  finish(INITIAL, 0, data, 0, data.length, sha256Work(), out, 0)
  return out
}
