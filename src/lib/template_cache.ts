/**
 * A private cache of the base-string builder (`base_string.ts`), per signer: for each (method,
 * URL) it keeps the builder's output around the `oauth_*` block, so a repeated request costs a few
 * string concatenations, and the whole base string as bytes with two slots (nonce, timestamp)
 * rewritten in place, so a hash can resume after the bytes that never change.
 * test/signing_core.test.ts checks that it produces exactly the plain builder's bytes.
 *
 * @module
 * @internal
 */
import { baseStringPrefix, collectEncodedPairs, joinEncodedPairs } from '../base_string.ts'
import { parseRequestUrl } from './request_url.ts'
import { paddingLength, viewOf, writePadding } from './sha256.ts'

/** Per-(method, URL) template: base string parts before and after the OAuth parameters. */
export interface Template {
  /** `METHOD&enc(uri)&` + enc(params sorting before the oauth_* block, each followed by `&`). */
  head: string
  /** enc(`&` + params sorting after the oauth_* block), or ''. */
  tail: string
  /** Encoded non-OAuth query pairs as `name value` (sorted), for merging form-body pairs. */
  pairs: string[]
  /** `METHOD&enc(uri)&` alone. */
  prefix: string
  /** The parsed URL. */
  url: URL
  /** The whole base string as bytes (built on first use), rewritten in place for each signature. */
  bytes: ByteTemplate | undefined
  /** Approximate size in characters of the cache entry (key, strings and bytes), for the budget. */
  size: number
}

/** Where a signer keeps what it derives from the fixed start of a cached template's bytes. */
export interface TemplateSlot {
  derived: unknown
}

/** A base string in bytes (after the prefix) with two slots, the twice-encoded nonce and timestamp. */
export interface ByteTemplate extends TemplateSlot {
  /** The prefix and the base string. */
  buffer: Uint8Array<ArrayBuffer>
  /** `buffer` followed by the hash padding, when asked for (the same memory, as a `DataView`). */
  padded: DataView | undefined
  nonceAt: number
  nonceLength: number
  timestampAt: number
  timestampLength: number
  /** The timestamp now in the buffer (it changes once a second, so most calls skip writing it). */
  timestamp: string
}

/** How a signer's base strings are laid out as bytes. */
export interface ByteLayout {
  /** Bytes before the base string (an HMAC inner pad, say), or none. */
  prefix: Uint8Array
  /** Add SHA-256 padding for a message of this many bytes followed by the base string. */
  padding: number | undefined
  /** The encoded `oauth_*` block up to the nonce, between the nonce and the timestamp, and after it. */
  beforeNonce: string
  beforeTimestamp: string
  afterTimestamp: string
}

/** Cached templates per (method, URL) and signer; the oldest is dropped beyond this. */
const TEMPLATE_CACHE_LIMIT = 512
/**
 * Budget of one signer's template cache in characters (key, template strings and byte buffer,
 * roughly), so the cache is bounded in memory as well as in entries. A URL whose template alone
 * would take more than an eighth of it is signed without caching.
 */
const TEMPLATE_CACHE_BUDGET = 4_000_000
/** Methods with their own template map per signer; beyond this the oldest map is dropped. */
const METHOD_CACHE_LIMIT = 16

const encoder = new TextEncoder()

/** Write an ASCII string (every percent-encoded string is) into `buffer` at `at`. */
function writeAscii(buffer: Uint8Array, at: number, text: string): void {
  for (let i = 0; i < text.length; i++) buffer[at + i] = text.charCodeAt(i)
}

/** `prefix` followed by the ASCII string `text`, in a new buffer (with `spare` more bytes after). */
export function asciiBytes(prefix: Uint8Array, text: string, spare = 0): Uint8Array<ArrayBuffer> {
  const buffer = new Uint8Array(prefix.length + text.length + spare)
  buffer.set(prefix)
  // Native for whole base strings (form requests, template builds); the text is ASCII, so its
  // UTF-8 bytes are its character codes and fill the buffer exactly.
  encoder.encodeInto(text, buffer.subarray(prefix.length))
  return buffer
}

/**
 * Percent-encode text made of percent-encoded pairs joined by `=` and `&`. It holds none of the
 * characters `encodeURIComponent` leaves alone beyond the unreserved set, so that call is exact.
 */
function encodeEncoded(text: string): string {
  return encodeURIComponent(text)
}

/**
 * The base string around the `oauth_*` block for sorted, encoded `name value` pairs: `head` is
 * `prefix` plus the pairs sorting before `oauth_`, each followed by `&`; `tail` is `&` plus the
 * pairs sorting after it (encoded once more, as the base string has them). No pair is an `oauth_`
 * one: query and form parameters with such names are rejected.
 */
export function aroundOAuth(
  prefix: string,
  sorted: readonly string[],
): { head: string; tail: string } {
  let split = 0
  while (split < sorted.length && (sorted[split] as string) < 'oauth_') split++
  const before = sorted.slice(0, split)
  const after = sorted.slice(split)
  return {
    head: prefix + (before.length ? encodeEncoded(joinEncodedPairs(before) + '&') : ''),
    tail: after.length ? encodeEncoded('&' + joinEncodedPairs(after)) : '',
  }
}

function buildTemplate(method: string, url: URL, pairs: string[]): Template {
  // Lexicographic order of "name value" equals RFC 5849 §3.4.1.3.2 order (name, then value),
  // because ' ' sorts below every character an encoded string contains.
  pairs.sort()
  const prefix = baseStringPrefix(method, url)
  const { head, tail } = aroundOAuth(prefix, pairs)
  let pairsSize = 0
  for (const p of pairs) pairsSize += p.length
  // Strings, the pairs, and the byte buffer built later (about head + tail bytes).
  const size = 2 * (head.length + tail.length) + prefix.length + pairsSize + 256
  return { head, tail, pairs, prefix, url, bytes: undefined, size }
}

/** A bounded cache of templates: `(METHOD, url) → Template`. */
export type TemplateCache = (methodUpper: string, url: string | URL) => Template

/** A signer's template cache. */
export function createTemplateCache(): TemplateCache {
  // method → (URL → template). Keyed by the caller's URL string itself, so a repeated URL costs
  // one hash lookup (engines cache a string's hash) and no concatenation.
  const templates = new Map<string, Map<string, Template>>()
  let cachedSize = 0

  return function template(methodUpper, url) {
    let byUrl = templates.get(methodUpper)
    if (byUrl === undefined) {
      if (templates.size >= METHOD_CACHE_LIMIT) {
        const oldest = templates.keys().next().value as string
        for (const dropped of (templates.get(oldest) as Map<string, Template>).values()) {
          cachedSize -= dropped.size
        }
        templates.delete(oldest)
      }
      byUrl = new Map()
      templates.set(methodUpper, byUrl)
    }
    // parseRequestUrl rejects anything but a string or a URL with a coded error.
    const key = typeof url === 'string' ? url : url instanceof URL ? url.href : undefined
    let t = key === undefined ? undefined : byUrl.get(key)
    if (t === undefined) {
      const parsed = parseRequestUrl(url)
      const pairs: string[] = []
      collectEncodedPairs(parsed.search.slice(1), 'query', pairs, true)
      t = buildTemplate(methodUpper, parsed, pairs)
      if (key !== undefined) t.size += key.length
      // Evict oldest entries (of this method, then of others) until the new one fits the budget.
      if (key !== undefined && t.size <= TEMPLATE_CACHE_BUDGET / 8) {
        while (byUrl.size >= TEMPLATE_CACHE_LIMIT || cachedSize + t.size > TEMPLATE_CACHE_BUDGET) {
          let victims: Map<string, Template> | undefined = byUrl.size > 0 ? byUrl : undefined
          if (victims === undefined) {
            for (const m of templates.values()) if (m.size > 0 && (victims = m)) break
          }
          if (victims === undefined) break
          const oldest = victims.keys().next().value as string
          cachedSize -= (victims.get(oldest) as Template).size
          victims.delete(oldest)
        }
        byUrl.set(key, t)
        cachedSize += t.size
      }
    }
    return t
  }
}

/**
 * The template's bytes with this nonce and timestamp written in (slots resized if needed). The
 * nonce and timestamp are passed in: nothing but these arguments decides what is written.
 */
export function templateBytes(
  t: Template,
  layout: ByteLayout,
  encNonce2: string,
  encTimestamp2: string,
): ByteTemplate {
  let b = t.bytes
  if (
    b === undefined ||
    b.nonceLength !== encNonce2.length ||
    b.timestampLength !== encTimestamp2.length
  ) {
    const prefixLength = layout.prefix.length
    const before = t.head + layout.beforeNonce
    const nonceAt = prefixLength + before.length
    const timestampAt = nonceAt + encNonce2.length + layout.beforeTimestamp.length
    const text =
      before + encNonce2 + layout.beforeTimestamp + encTimestamp2 + layout.afterTimestamp + t.tail
    const padding = layout.padding
    const messageLength = padding === undefined ? 0 : padding + text.length
    const spare = padding === undefined ? 0 : paddingLength(messageLength)
    const all = asciiBytes(layout.prefix, text, spare)
    if (padding !== undefined) writePadding(all, prefixLength + text.length, messageLength)
    b = {
      buffer: spare === 0 ? all : all.subarray(0, prefixLength + text.length),
      padded: padding === undefined ? undefined : viewOf(all),
      nonceAt,
      nonceLength: encNonce2.length,
      timestampAt,
      timestampLength: encTimestamp2.length,
      timestamp: encTimestamp2,
      derived: undefined,
    }
    t.bytes = b
    return b
  }
  writeAscii(b.buffer, b.nonceAt, encNonce2)
  if (b.timestamp !== encTimestamp2) {
    writeAscii(b.buffer, b.timestampAt, encTimestamp2)
    b.timestamp = encTimestamp2
  }
  return b
}
