/**
 * The built-in SHA-256 and HMAC-SHA256 of the signing core, on whatever runtime runs this: the
 * published vectors (vectors/sha256_hmac_vectors.json), and a differential test against the
 * runtime's own WebCrypto over random keys (0–200 bytes) and messages (0–4 KB), resuming the
 * inner hash at every 64-byte boundary of each message. Runtime-neutral: no `node:` import.
 *
 * @module
 */
import { hmacSha256Key } from '../src/lib/hmac_sha256.ts'
import { sha256 } from '../src/lib/sha256.ts'
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

/** The published SHA-256 and HMAC-SHA256 vectors through the built-in hash. */
export function hashVectorResults(): CaseResult[] {
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
      actual = toHex(sha256(message))
    } else {
      const key = hmacSha256Key(fromHex(c.input.key_hex as string))
      const data = fromHex(c.input.data_hex as string)
      expected = c.expected.mac_hex as string
      actual = toHex(key.digest(key.inner, 0, data, 0, data.length)).slice(0, expected.length)
    }
    results.push({
      file: FILE,
      id: c.id,
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
 * `rounds` random keys and messages: the built-in HMAC, started from the key's state and resumed
 * after every whole 64-byte prefix, must equal WebCrypto's HMAC; the built-in SHA-256 must equal
 * `subtle.digest`. One result per check kind.
 */
export async function differentialResults(rounds = 48): Promise<CaseResult[]> {
  const subtle = crypto.subtle
  let macChecks = 0
  let hashChecks = 0
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
    const key = hmacSha256Key(keyBytes)
    if (imported !== undefined) {
      const want = toHex(new Uint8Array(await subtle.sign('HMAC', imported, message)))
      for (let cut = 0; cut <= message.length; cut += 64) {
        const state = key.resumeAfter(message, 0, cut)
        const got = toHex(key.digest(state, cut, message, cut, message.length))
        macChecks++
        if (got !== want) {
          return [
            {
              file: 'differential',
              id: `hmac-vs-webcrypto key ${keyLength} B, message ${messageLength} B, resumed at ${cut}`,
              kind: 'hmac_sha256',
              status: 'fail',
              reason: 'the built-in HMAC-SHA256 differs from WebCrypto',
              expected: want,
              actual: got,
            },
          ]
        }
      }
    }
    const digest = toHex(new Uint8Array(await subtle.digest('SHA-256', message)))
    hashChecks++
    if (toHex(sha256(message)) !== digest) {
      return [
        {
          file: 'differential',
          id: `sha256-vs-webcrypto ${messageLength} B`,
          kind: 'sha256',
          status: 'fail',
          reason: 'the built-in SHA-256 differs from subtle.digest',
          expected: digest,
          actual: toHex(sha256(message)),
        },
      ]
    }
  }
  const ok = (id: string, kind: string, checks: number): CaseResult => ({
    file: 'differential',
    id: `${id} (${checks} checks)`,
    kind,
    status: checks > 0 ? 'pass' : 'fail',
    ...(checks > 0 ? {} : { reason: 'no check ran' }),
  })
  return [
    ok('hmac-vs-webcrypto, resumed at every 64-byte boundary', 'hmac_sha256', macChecks),
    ok('sha256-vs-webcrypto', 'sha256', hashChecks),
  ]
}
