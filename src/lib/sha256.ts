/**
 * SHA-256 (FIPS 180-4) in plain JavaScript, with resumable states, for the HMAC of the signing core.
 *
 * A state is the eight 32-bit chaining words after some whole 64-byte blocks; hashing can resume
 * from it, so what is constant (a key's pad block, the fixed start of a cached base string) is
 * compressed once and each signature hashes only what follows.
 *
 * Constant time. The compression (`sha256_rounds.ts`, generated, in either layout) uses only
 * 32-bit additions, xors, ands, nots, fixed shifts and fixed rotations of its words. Every loop
 * runs a number of times fixed by the message length (which is public: it is sent) or by the round
 * count, and every array index is a round number or a byte position — never a value computed from
 * key or message bytes. So no branch and no memory access depends on secret data. JavaScript engines promise nothing about timing (a JIT may, for example, represent
 * small integers differently before it optimises this code); this is the strongest property plain
 * JavaScript can offer, and the same one audited pure-JS hash libraries offer.
 *
 * No module-level mutable state: the working memory ({@link Sha256Work}) belongs to the caller.
 *
 * @module
 * @internal
 */
import { RUNTIME } from './runtime_profile.ts'
import { compressLooped, compressUnrolled, type Compress } from './sha256_rounds.ts'

/**
 * How the compression function is laid out (`sha256_rounds.ts`): the rounds written out, fastest on
 * V8, or a loop of eight written-out rounds, fastest on JavaScriptCore. Same bytes either way.
 */
export type Sha256Layout = 'unrolled' | 'looped'

/** Every layout, for the checks that run each of them on every runtime. */
export const SHA256_LAYOUTS: readonly Sha256Layout[] = ['unrolled', 'looped']

/** The layout this runtime hashes with (measured with `npm run bench`): looped on Bun. */
export const DEFAULT_LAYOUT: Sha256Layout = RUNTIME === 'bun' ? 'looped' : 'unrolled'

const COMPRESS: Readonly<Record<Sha256Layout, Compress>> = {
  unrolled: compressUnrolled,
  looped: compressLooped,
}

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
  /** The compression function of the chosen layout. */
  readonly compress: Compress
  /** 64 words for the message schedule of the looped layout. */
  readonly schedule: Int32Array
  /** The state of the hash in progress. */
  readonly state: Int32Array
  /** The last one or two blocks with their padding. */
  readonly block: Uint8Array
  /** {@link Sha256Work.block} as a `DataView`, for {@link compress}. */
  readonly blockView: DataView
}

/** Fresh working memory for hashing with `layout`. */
export function sha256Work(layout: Sha256Layout = DEFAULT_LAYOUT): Sha256Work {
  const block = new Uint8Array(128)
  return {
    compress: COMPRESS[layout],
    schedule: new Int32Array(64),
    state: new Int32Array(8),
    block,
    blockView: viewOf(block),
  }
}

/** A `DataView` of the bytes of `data`. */
export function viewOf(data: Uint8Array): DataView {
  return new DataView(data.buffer, data.byteOffset, data.byteLength)
}

/** A copy of the initial state (no bytes hashed yet). */
export function initialState(): Int32Array {
  return INITIAL.slice()
}

/**
 * A new state: `state` (after `before` bytes) advanced over the whole blocks of `data[from, to)`.
 * `to - from` must be a multiple of 64.
 */
export function advance(
  state: Int32Array,
  data: Uint8Array,
  from: number,
  to: number,
  work: Sha256Work,
): Int32Array {
  const next = state.slice()
  work.compress(next, viewOf(data), from, (to - from) / BLOCK_BYTES, work.schedule)
  return next
}

/** Bytes of padding (0x80, zeros, 64-bit length) that end a message of `bytes` bytes on a block. */
export function paddingLength(bytes: number): number {
  return BLOCK_BYTES - ((bytes + 8) % BLOCK_BYTES) + 8
}

/**
 * Write the padding of a message of `bytes` bytes (FIPS 180-4 §5.1.1: 0x80, zeros, the length in
 * bits as a 64-bit big-endian number) into `buffer` at `at`; return where it ends. SHA-1 pads the
 * same way.
 */
export function writePadding(buffer: Uint8Array, at: number, bytes: number): number {
  const end = at + paddingLength(bytes)
  buffer[at] = 0x80
  buffer.fill(0, at + 1, end - 8)
  const high = Math.floor(bytes / 0x20000000)
  const low = (bytes * 8) >>> 0
  buffer[end - 8] = high >>> 24
  buffer[end - 7] = high >>> 16
  buffer[end - 6] = high >>> 8
  buffer[end - 5] = high
  buffer[end - 4] = low >>> 24
  buffer[end - 3] = low >>> 16
  buffer[end - 2] = low >>> 8
  buffer[end - 1] = low
  return end
}

/** Write the eight words of `state` into `out` at byte `at`, big-endian (a digest). */
export function writeState(state: Int32Array, out: DataView, at: number): void {
  for (let i = 0; i < 8; i++) out.setInt32(at + 4 * i, state[i] as number)
}

/** Copy the eight words of `from` into `to`. */
export function copyState(from: Int32Array, to: Int32Array): void {
  for (let i = 0; i < 8; i++) to[i] = from[i] as number
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
  const compress = work.compress
  copyState(state, s)
  const whole = (to - from) >>> 6
  if (whole > 0) compress(s, viewOf(data), from, whole, work.schedule)
  const rest = from + whole * BLOCK_BYTES
  const block = work.block
  const left = to - rest
  for (let i = 0; i < left; i++) block[i] = data[rest + i] as number
  const end = writePadding(block, left, before + (to - from))
  compress(s, work.blockView, 0, end / BLOCK_BYTES, work.schedule)
  writeState(s, viewOf(out), outAt)
}

/** SHA-256 of `data`, as 32 bytes. */
export function sha256(data: Uint8Array, layout: Sha256Layout = DEFAULT_LAYOUT): Uint8Array {
  const out = new Uint8Array(32)
  finish(INITIAL, 0, data, 0, data.length, sha256Work(layout), out, 0)
  return out
}
