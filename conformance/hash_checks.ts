/**
 * The built-in SHA-256 and HMAC-SHA256 of the signing core, on whatever runtime runs this, in
 * every layout of its compression function (each runtime signs with one; all are checked
 * everywhere): the published vectors (vectors/sha256_hmac_vectors.json), and a differential test
 * against the runtime's own WebCrypto over random keys (0–200 bytes) and messages (0–4 KB),
 * resuming the inner hash at every 64-byte boundary of each message. Runtime-neutral: no `node:`
 * import.
 *
 * @module
 */
import { hmacSha256Key } from '../src/lib/hmac_sha256.ts'
import { DEFAULT_LAYOUT, sha256, SHA256_LAYOUTS, type Sha256Layout } from '../src/lib/sha256.ts'
import type { CaseResult } from './run_vectors.ts'
import hashVectors from '../vectors/sha256_hmac_vectors.json' with { type: 'json' }

const FILE = 'sha256_hmac_vectors.json'

function fromHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16)
  return out
}

function toHex(bytes: Uint8Array): string {
  let s = ''
  for (const b of bytes) s += b.toString(16).padStart(2, '0')
  return s
}

interface HashCase {
  id: string
  kind: string
  input: { message_hex?: string; repeat?: number; key_hex?: string; data_hex?: string }
  expected: { digest_hex?: string; mac_hex?: string; truncated_bytes?: number }
}

/** Case ids name the layout, marking the one this runtime signs with. */
function layoutLabel(layout: Sha256Layout): string {
  return layout === DEFAULT_LAYOUT ? `${layout} layout, this runtime's` : `${layout} layout`
}

/** The published SHA-256 and HMAC-SHA256 vectors through the built-in hash, in every layout. */
export function hashVectorResults(): CaseResult[] {
  return SHA256_LAYOUTS.flatMap((layout) => layoutVectorResults(layout))
}

function layoutVectorResults(layout: Sha256Layout): CaseResult[] {
  const results: CaseResult[] = []
  for (const c of hashVectors.cases as HashCase[]) {
    let expected: string
    let actual: string
    if (c.kind === 'sha256') {
      const one = fromHex(c.input.message_hex as string)
      const repeat = c.input.repeat ?? 1
      const message = new Uint8Array(one.length * repeat)
      for (let i = 0; i < repeat; i++) message.set(one, i * one.length)
      expected = c.expected.digest_hex as string
      actual = toHex(sha256(message, layout))
    } else {
      const key = hmacSha256Key(fromHex(c.input.key_hex as string), layout)
      const data = fromHex(c.input.data_hex as string)
      expected = c.expected.mac_hex as string
      actual = toHex(key.digest(key.inner, 0, data, 0, data.length)).slice(0, expected.length)
    }
    results.push({
      file: FILE,
      id: `${c.id} (${layoutLabel(layout)})`,
      kind: c.kind,
      status: actual === expected ? 'pass' : 'fail',
      ...(actual === expected ? {} : { reason: 'digest differs', expected, actual }),
    })
  }
  return results
}

function randomBytes(length: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(length)
  for (let at = 0; at < length; at += 65536) {
    crypto.getRandomValues(out.subarray(at, Math.min(length, at + 65536)))
  }
  return out
}

function randomInt(max: number): number {
  return (randomBytes(4).reduce((n, b) => n * 256 + b, 0) >>> 0) % (max + 1)
}

/**
 * `rounds` random keys and messages: in every layout, the built-in HMAC, started from the key's
 * state and resumed after every whole 64-byte prefix, must equal WebCrypto's HMAC, and the
 * built-in SHA-256 must equal `subtle.digest`. One result per layout and check kind.
 */
export async function differentialResults(rounds = 48): Promise<CaseResult[]> {
  const subtle = crypto.subtle
  const macChecks = new Map<Sha256Layout, number>(SHA256_LAYOUTS.map((l) => [l, 0]))
  const hashChecks = new Map<Sha256Layout, number>(SHA256_LAYOUTS.map((l) => [l, 0]))
  for (let r = 0; r < rounds; r++) {
    // Always cover the edges: empty key, block-sized and longer keys, empty and long messages.
    const keyLength = r === 0 ? 0 : r === 1 ? 64 : r === 2 ? 65 : randomInt(200)
    const messageLength = r === 0 ? 0 : r === 3 ? 4096 : randomInt(4096)
    const keyBytes = randomBytes(keyLength)
    const message = randomBytes(messageLength)
    const imported = await subtle
      .importKey(
        'raw',
        keyBytes,
        { name: 'HMAC', hash: 'SHA-256', ...(keyLength === 0 ? { length: 0 } : {}) },
        false,
        ['sign'],
      )
      .catch(() => undefined)
    const wantMac =
      imported === undefined
        ? undefined
        : toHex(new Uint8Array(await subtle.sign('HMAC', imported, message)))
    const wantDigest = toHex(new Uint8Array(await subtle.digest('SHA-256', message)))
    for (const layout of SHA256_LAYOUTS) {
      if (wantMac !== undefined) {
        const key = hmacSha256Key(keyBytes, layout)
        for (let cut = 0; cut <= message.length; cut += 64) {
          const state = key.resumeAfter(message, 0, cut)
          const got = toHex(key.digest(state, cut, message, cut, message.length))
          macChecks.set(layout, (macChecks.get(layout) as number) + 1)
          if (got !== wantMac) {
            return [
              {
                file: 'differential',
                id: `hmac-vs-webcrypto (${layoutLabel(layout)}) key ${keyLength} B, message ${messageLength} B, resumed at ${cut}`,
                kind: 'hmac_sha256',
                status: 'fail',
                reason: 'the built-in HMAC-SHA256 differs from WebCrypto',
                expected: wantMac,
                actual: got,
              },
            ]
          }
        }
      }
      const digest = toHex(sha256(message, layout))
      hashChecks.set(layout, (hashChecks.get(layout) as number) + 1)
      if (digest !== wantDigest) {
        return [
          {
            file: 'differential',
            id: `sha256-vs-webcrypto (${layoutLabel(layout)}) ${messageLength} B`,
            kind: 'sha256',
            status: 'fail',
            reason: 'the built-in SHA-256 differs from subtle.digest',
            expected: wantDigest,
            actual: digest,
          },
        ]
      }
    }
  }
  const ok = (id: string, kind: string, checks: number): CaseResult => ({
    file: 'differential',
    id: `${id} (${checks} checks)`,
    kind,
    status: checks > 0 ? 'pass' : 'fail',
    ...(checks > 0 ? {} : { reason: 'no check ran' }),
  })
  return SHA256_LAYOUTS.flatMap((layout) => [
    ok(
      `hmac-vs-webcrypto, resumed at every 64-byte boundary (${layoutLabel(layout)})`,
      'hmac_sha256',
      macChecks.get(layout) as number,
    ),
    ok(`sha256-vs-webcrypto (${layoutLabel(layout)})`, 'sha256', hashChecks.get(layout) as number),
  ])
}
