/**
 * The signing core of every signer (root and `netsuite-tba/node`, whatever HMAC backend signs):
 * request validation, parameter normalisation and the signature base string (RFC 5849 §3.4.1).
 * The path, in order: percent-encode → collect and sort the parameters → base string (built by
 * `baseStringPrefix`/`baseStringFromPairs` in `base_string.ts`, the one builder the verifier also
 * uses) → HMAC (`signer.ts`) → header (`finish`).
 *
 * Everything constant per signer is encoded once; everything constant per (method, URL) is kept
 * in a bounded template cache — a cache of the builder's output, property-tested against it — so a
 * repeated request costs a few string concatenations. The nonce and timestamp of a call are passed
 * down as arguments; no module-level state is read or written on the way.
 *
 * @module
 */
import { percentEncodeBase64 } from './base64.ts'
import { argumentError, TbaError, TbaErrorCodes } from './errors.ts'
import {
  baseStringFromPairs,
  baseStringPrefix,
  checkNotReserved,
  collectEncodedPairs,
  isFormContentType,
  joinEncodedPairs,
} from './base_string.ts'
import { isWellFormed, percentEncode } from './percent_encoding.ts'
import type { SignatureMethod, SignRequest, SignResult } from './types.ts'
import { checkMethod } from './validate.ts'
import { paddingLength, writePadding } from './lib/sha256.ts'

/** Settings the core needs (no secret: it never reads one); validated by the public factories. */
export interface CoreConfig {
  consumerKey: string
  token: string | undefined
  realm: string | undefined
  signatureMethod: SignatureMethod
  version: '1.0' | null
  nonce: () => string
  clock: () => number
  checkNonce: (nonce: unknown) => string
  checkTimestamp: (timestamp: unknown) => string
  /**
   * Which nonces are known to be RFC 3986 unreserved text, so percent-encoding leaves them as
   * they are: `'all'` (every nonce the checker accepts), `'generated'` (only those from `nonce`).
   */
  unreservedNonces: 'all' | 'generated' | 'none'
}

/** A request prepared for signing: the base string and what the header needs around the signature. */
export interface Prepared {
  baseString: string
  /**
   * With {@link CoreOptions.bytes}: the {@link CoreOptions.bytesPrefix} followed by the base string
   * as bytes (it is ASCII: every part is percent-encoded). The buffer is reused by the next
   * `prepare()` of the same URL: hash it (or let WebCrypto copy it) before preparing again.
   */
  bytes: Uint8Array<ArrayBuffer> | undefined
  /**
   * With {@link CoreOptions.padding} and a cached template: the same buffer as `bytes` followed by
   * the SHA-256 padding of a message of {@link CoreOptions.padding} bytes plus the base string, so
   * a hash can run over it in place. `undefined` otherwise.
   */
  padded: Uint8Array | undefined
  /**
   * How many bytes at the start of the base string (after the prefix) are the same for every
   * request of this cached template (everything before the nonce); 0 when not cached.
   */
  fixedLength: number
  /**
   * The cached template's slot for what a signer derives from those fixed bytes (an HMAC state
   * resumed after them, say); the slot lives as long as those bytes do. `undefined` when not cached.
   */
  slot: TemplateSlot | undefined
  nonce: string
  timestamp: string
  /** The nonce as it appears in the header (percent-encoded). */
  encNonce: string
  /** The header from the closing quote of the nonce to the opening quote of the signature. */
  headerMiddle: string
}

/** Options of {@link createCore}. */
export interface CoreOptions {
  /** Fill {@link Prepared.bytes}. */
  bytes?: boolean
  /** Bytes to put before the base string in {@link Prepared.bytes} (an HMAC inner pad, say). */
  bytesPrefix?: Uint8Array
  /**
   * Write SHA-256 padding after the bytes of cached templates ({@link Prepared.padded}), for a
   * message of this many bytes (an HMAC key block, say) followed by the base string.
   */
  padding?: number
}

/** Per-(method, URL) template: base string parts before and after the OAuth parameters. */
interface Template {
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
interface ByteTemplate extends TemplateSlot {
  /** The prefix and the base string. */
  buffer: Uint8Array<ArrayBuffer>
  /** `buffer` followed by the hash padding, when asked for (the same memory). */
  padded: Uint8Array | undefined
  nonceAt: number
  nonceLength: number
  timestampAt: number
  timestampLength: number
  /** The timestamp now in the buffer (it changes once a second, so most calls skip writing it). */
  timestamp: string
}

/** Write an ASCII string (every percent-encoded string is) into `buffer` at `at`. */
function writeAscii(buffer: Uint8Array, at: number, text: string): void {
  for (let i = 0; i < text.length; i++) buffer[at + i] = text.charCodeAt(i)
}

const encoder = new TextEncoder()

/** `prefix` followed by the ASCII string `text`, in a new buffer (with `spare` more bytes after). */
function asciiBytes(prefix: Uint8Array, text: string, spare = 0): Uint8Array<ArrayBuffer> {
  const buffer = new Uint8Array(prefix.length + text.length + spare)
  buffer.set(prefix)
  // Native for whole base strings (form requests, template builds); the text is ASCII, so its
  // UTF-8 bytes are its character codes and fill the buffer exactly.
  encoder.encodeInto(text, buffer.subarray(prefix.length))
  return buffer
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
const CORE_OAUTH_NAMES = new Set([
  'oauth_consumer_key',
  'oauth_token',
  'oauth_nonce',
  'oauth_timestamp',
  'oauth_signature_method',
  'oauth_version',
  'oauth_signature',
])
const BAD_PERCENT = /%(?![0-9A-Fa-f]{2})/

function parseUrl(raw: string | URL): URL {
  let input: URL
  if (typeof raw === 'string') {
    if (!isWellFormed(raw)) {
      throw new TbaError(
        TbaErrorCodes.INVALID_ENCODING,
        'request.url contains a lone UTF-16 surrogate; pass well-formed text.',
      )
    }
    try {
      input = new URL(raw)
    } catch {
      throw new TbaError(
        TbaErrorCodes.INVALID_URL,
        `request.url ${JSON.stringify(raw.slice(0, 100))} is not an absolute URL; pass the full https:// address.`,
      )
    }
  } else if (raw instanceof URL) {
    input = raw
  } else {
    throw argumentError('request.url must be a string or a URL', 'ERR_INVALID_ARG_TYPE')
  }
  if (input.protocol !== 'https:' && input.protocol !== 'http:') {
    throw new TbaError(
      TbaErrorCodes.INVALID_URL,
      `request.url uses ${input.protocol.replace(/:$/, '')}; only http and https URLs can be signed.`,
    )
  }
  const path = input.pathname
  if (path.includes('%')) {
    let valid = !BAD_PERCENT.test(path)
    if (valid) {
      try {
        decodeURIComponent(path)
      } catch {
        valid = false
      }
    }
    if (!valid) {
      throw new TbaError(
        TbaErrorCodes.INVALID_ENCODING,
        `The path of request.url (${JSON.stringify(path.slice(0, 100))}) has a malformed percent-escape or one that is not valid UTF-8; encode each path segment with encodeURIComponent.`,
      )
    }
  }
  return input
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
function aroundOAuth(prefix: string, sorted: readonly string[]): { head: string; tail: string } {
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

/** The core's interface. */
export interface Core {
  /** Validate the request and compute its base string. Synchronous; never touches a secret. */
  prepare(request: SignRequest): Prepared
  /**
   * The {@link SignResult} of a prepared request and its signature (base64, or the PLAINTEXT key).
   * `encodedSignature`, when the caller has it, is the signature percent-encoded.
   */
  finish(prepared: Prepared, signature: string, encodedSignature?: string): SignResult
}

/** Create the core for one signer configuration. */
export function createCore(config: CoreConfig, options: CoreOptions = {}): Core {
  const wantBytes = options.bytes === true
  const bytesPrefix = options.bytesPrefix ?? new Uint8Array(0)
  const prefixLength = bytesPrefix.length
  const padding = options.padding
  // A PLAINTEXT signature is the key, any text; an HMAC one is base64.
  const encodeSignature =
    config.signatureMethod === 'PLAINTEXT' ? percentEncode : percentEncodeBase64
  const encConsumerKey = percentEncode(config.consumerKey)
  const encToken = config.token === undefined ? undefined : percentEncode(config.token)
  const method = config.signatureMethod
  const part1 = percentEncode('oauth_consumer_key=' + encConsumerKey + '&oauth_nonce=')
  const part2 = percentEncode('&oauth_signature_method=' + method + '&oauth_timestamp=')
  const part3 = percentEncode(
    (encToken === undefined ? '' : '&oauth_token=' + encToken) +
      (config.version === null ? '' : '&oauth_version=' + config.version),
  )
  const headerStart =
    'OAuth ' +
    (config.realm === undefined ? '' : 'realm="' + percentEncode(config.realm) + '", ') +
    'oauth_consumer_key="' +
    encConsumerKey +
    '", ' +
    (encToken === undefined ? '' : 'oauth_token="' + encToken + '", ') +
    'oauth_nonce="'
  const headerAfterTimestamp =
    '", oauth_signature_method="' +
    method +
    '"' +
    (config.version === null ? '' : ', oauth_version="' + config.version + '"')
  const SIGNATURE_OPEN = ', oauth_signature="'

  // method → (URL → template). Keyed by the caller's URL string itself, so a repeated URL costs
  // one hash lookup (engines cache a string's hash) and no concatenation.
  const templates = new Map<string, Map<string, Template>>()
  let cachedSize = 0

  function template(methodUpper: string, url: string | URL): Template {
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
    // parseUrl rejects anything but a string or a URL with a coded error.
    const key = typeof url === 'string' ? url : url instanceof URL ? url.href : undefined
    let t = key === undefined ? undefined : byUrl.get(key)
    if (t === undefined) {
      const parsed = parseUrl(url)
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

  /**
   * The template's bytes with this nonce and timestamp written in (slots resized if needed). The
   * nonce and timestamp are passed in: nothing but these arguments decides what is written.
   */
  function templateBytes(t: Template, encNonce2: string, encTimestamp2: string): ByteTemplate {
    let b = t.bytes
    if (
      b === undefined ||
      b.nonceLength !== encNonce2.length ||
      b.timestampLength !== encTimestamp2.length
    ) {
      const before = t.head + part1
      const nonceAt = prefixLength + before.length
      const timestampAt = nonceAt + encNonce2.length + part2.length
      const text = before + encNonce2 + part2 + encTimestamp2 + part3 + t.tail
      const messageLength = padding === undefined ? 0 : padding + text.length
      const spare = padding === undefined ? 0 : paddingLength(messageLength)
      const all = asciiBytes(bytesPrefix, text, spare)
      if (padding !== undefined) writePadding(all, prefixLength + text.length, messageLength)
      b = {
        buffer: spare === 0 ? all : all.subarray(0, prefixLength + text.length),
        padded: padding === undefined ? undefined : all,
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

  // The current second's timestamp, checked and encoded once per second, with the parts of the
  // base string and of the header that follow the nonce and depend on nothing else.
  let lastSeconds = Number.NaN
  let lastTimestamp = ''
  let lastEncTimestamp = ''
  let lastBaseAfterNonce = ''
  let lastHeaderMiddle = ''

  /** A value as it enters the base string: encoded twice (unreserved text encodes to itself). */
  function encodeTwice(encoded: string, raw: string): string {
    return encoded === raw ? raw : percentEncode(encoded)
  }

  function formPairs(request: SignRequest): string[] | undefined {
    const body = request.body
    if (body === undefined || body === null) return undefined
    if (typeof body === 'string') {
      const ct = request.contentType
      if (ct !== undefined && typeof ct !== 'string') {
        throw argumentError('request.contentType must be a string', 'ERR_INVALID_ARG_TYPE')
      }
      if (!isFormContentType(ct)) return undefined
      if (!isWellFormed(body)) {
        throw new TbaError(
          TbaErrorCodes.INVALID_ENCODING,
          'The form body contains a lone UTF-16 surrogate; pass well-formed text.',
        )
      }
      const pairs: string[] = []
      collectEncodedPairs(body, 'form body', pairs, true)
      return pairs
    }
    if (body instanceof URLSearchParams) {
      const pairs: string[] = []
      for (const [n, v] of body) {
        const name = percentEncode(n)
        checkNotReserved(name, 'form body')
        pairs.push(name + ' ' + percentEncode(v))
      }
      return pairs
    }
    throw argumentError(
      'request.body must be a string or URLSearchParams (serialise JSON with JSON.stringify)',
      'ERR_INVALID_ARG_TYPE',
    )
  }

  function extraOAuthPairs(extra: Record<string, string>): string[] {
    if (typeof extra !== 'object' || extra === null) {
      throw argumentError(
        'request.oauthParams must be an object of strings',
        'ERR_INVALID_ARG_TYPE',
      )
    }
    const out: string[] = []
    for (const name of Object.keys(extra)) {
      const value = extra[name]
      if (!/^oauth_[A-Za-z0-9_]+$/.test(name) || CORE_OAUTH_NAMES.has(name)) {
        throw new TbaError(
          TbaErrorCodes.INVALID_OAUTH_PARAMETER,
          `oauthParams may only add protocol parameters such as oauth_callback or oauth_verifier; ${JSON.stringify(name)} is ${CORE_OAUTH_NAMES.has(name) ? 'set by the signer' : 'not an oauth_ parameter'}.`,
        )
      }
      if (typeof value !== 'string') {
        throw argumentError(`oauthParams.${name} must be a string`, 'ERR_INVALID_ARG_TYPE')
      }
      out.push(name + ' ' + percentEncode(value))
    }
    return out
  }

  // Generated nonces are unreserved, so they enter the base string as generated.
  const generatedUnreserved = config.unreservedNonces !== 'none'
  const checkedUnreserved = config.unreservedNonces === 'all'

  /** Validate the request and compute its base string. Synchronous; never touches a secret. */
  function prepare(request: SignRequest): Prepared {
    if (typeof request !== 'object' || request === null) {
      throw argumentError('sign() needs a request object { method, url }', 'ERR_INVALID_ARG_TYPE')
    }
    const methodUpper = checkMethod(request.method)
    const t = template(methodUpper, request.url)
    let nonce: string
    let encNonce: string
    if (request.nonce === undefined) {
      nonce = config.nonce()
      encNonce = generatedUnreserved ? nonce : percentEncode(nonce)
    } else {
      nonce = config.checkNonce(request.nonce)
      encNonce = checkedUnreserved ? nonce : percentEncode(nonce)
    }
    let timestamp: string
    let encTimestamp: string
    let baseAfterNonce: string | undefined
    let headerMiddle: string | undefined
    if (request.timestamp === undefined) {
      const seconds = Math.floor(config.clock())
      if (seconds !== lastSeconds) {
        lastTimestamp = config.checkTimestamp(seconds)
        lastEncTimestamp = percentEncode(lastTimestamp)
        lastBaseAfterNonce = part2 + encodeTwice(lastEncTimestamp, lastTimestamp) + part3
        lastHeaderMiddle =
          '", oauth_timestamp="' + lastEncTimestamp + headerAfterTimestamp + SIGNATURE_OPEN
        lastSeconds = seconds
      }
      timestamp = lastTimestamp
      encTimestamp = lastEncTimestamp
      baseAfterNonce = lastBaseAfterNonce
      headerMiddle = lastHeaderMiddle
    } else {
      timestamp = config.checkTimestamp(request.timestamp)
      encTimestamp = percentEncode(timestamp)
    }
    const form = formPairs(request)
    const extra =
      request.oauthParams === undefined ? undefined : extraOAuthPairs(request.oauthParams)
    let baseString: string
    let bytes: Uint8Array<ArrayBuffer> | undefined
    let padded: Uint8Array | undefined
    let fixedLength = 0
    let slot: TemplateSlot | undefined
    if (extra === undefined || extra.length === 0) {
      // Values enter the base string encoded twice; an unreserved value encodes to itself.
      const encNonce2 = encodeTwice(encNonce, nonce)
      baseAfterNonce ??= part2 + encodeTwice(encTimestamp, timestamp) + part3
      if (form === undefined) {
        baseString = t.head + part1 + encNonce2 + baseAfterNonce + t.tail
        if (wantBytes) {
          const b = templateBytes(t, encNonce2, encodeTwice(encTimestamp, timestamp))
          bytes = b.buffer
          padded = b.padded
          fixedLength = b.nonceAt - prefixLength
          slot = b
        }
      } else {
        // A form body: its pairs join the query's around the same oauth_* block, so only they
        // are sorted, joined and encoded for this call.
        const { head, tail } = aroundOAuth(t.prefix, t.pairs.concat(form).sort())
        baseString = head + part1 + encNonce2 + baseAfterNonce + tail
        if (wantBytes) bytes = asciiBytes(bytesPrefix, baseString)
      }
      headerMiddle ??= '", oauth_timestamp="' + encTimestamp + headerAfterTimestamp + SIGNATURE_OPEN
    } else {
      // Extra protocol parameters sort inside the oauth_* block: sort everything.
      const all = t.pairs.concat(form ?? [], extra)
      all.push(
        'oauth_consumer_key ' + encConsumerKey,
        'oauth_nonce ' + encNonce,
        'oauth_signature_method ' + method,
        'oauth_timestamp ' + encTimestamp,
      )
      if (encToken !== undefined) all.push('oauth_token ' + encToken)
      if (config.version !== null) all.push('oauth_version ' + config.version)
      baseString = baseStringFromPairs(methodUpper, t.url, all)
      if (wantBytes) bytes = asciiBytes(bytesPrefix, baseString)
      let extraHeader = ''
      if (extra) {
        for (const p of extra) {
          const sp = p.indexOf(' ')
          extraHeader += ', ' + p.slice(0, sp) + '="' + p.slice(sp + 1) + '"'
        }
      }
      headerMiddle =
        '", oauth_timestamp="' + encTimestamp + headerAfterTimestamp + extraHeader + SIGNATURE_OPEN
    }
    return {
      baseString,
      bytes,
      padded,
      fixedLength,
      slot,
      nonce,
      timestamp,
      encNonce,
      headerMiddle,
    }
  }

  function finish(prepared: Prepared, signature: string, encodedSignature?: string): SignResult {
    return {
      authorization:
        headerStart +
        prepared.encNonce +
        prepared.headerMiddle +
        (encodedSignature ?? encodeSignature(signature)) +
        '"',
      signature,
      baseString: prepared.baseString,
      nonce: prepared.nonce,
      timestamp: prepared.timestamp,
    }
  }

  return { prepare, finish }
}
