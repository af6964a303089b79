/**
 * Server-side verification of NetSuite-style TBA (OAuth 1.0a HMAC-SHA256) requests.
 *
 * @module
 */
import { parseAuthorizationHeader } from './authorization_header.ts'
import {
  baseStringFromPairs,
  collectEncodedPairs,
  isFormContentType,
  signingKey,
} from './base_string.ts'
import { hmacBase64 } from './hmac.ts'
import { percentEncode } from './percent_encoding.ts'
import { VerifyErrorCodes, type VerifyErrorCode } from './verify_codes.ts'
import { argumentError } from './errors.ts'
import { numberOption } from './number_option.ts'
import { createMemoryNonceStore, replayKey, type NonceStore } from './verify_nonce_store.ts'

export { parseAuthorizationHeader } from './authorization_header.ts'
export { VerifyErrorCodes, type VerifyErrorCode } from './verify_codes.ts'
export {
  createMemoryNonceStore,
  type MemoryNonceStoreOptions,
  type NonceStore,
  type NonceStoreFullError,
} from './verify_nonce_store.ts'

/** The secrets `lookup` returns for a known consumer key and token. */
export interface VerifySecrets {
  consumerSecret: string
  tokenSecret: string
}

/** Options of {@link verifyRequest}. */
export interface VerifyOptions {
  /** Secrets of a consumer key and token pair, or `undefined` when unknown (or revoked). */
  lookup: (
    consumerKey: string,
    tokenId: string,
  ) => VerifySecrets | undefined | Promise<VerifySecrets | undefined>
  /** Expected realm, compared case-sensitively; unchecked when absent. */
  realm?: string
  /** Allowed clock difference in seconds, both ways: a finite number, 0 or more (default 300). */
  maxSkewSeconds?: number
  /**
   * Replay store. Default: an in-memory store of this verifier — {@link createVerifier} keeps its
   * own; `verifyRequest` keeps one per `realm` and `lookup` function (functions with the same
   * source share one, so a `lookup` written inline in a handler still remembers nonces). Share a
   * store between processes with `createRedisNonceStore` from `netsuite-tba/redis`.
   */
  nonceStore?: NonceStore
  /** Clock in seconds (default: `Date.now() / 1000`); must return a finite number. */
  now?: () => number
  /**
   * Largest form body read, in bytes (a non-negative integer, default 1,048,576). A larger
   * `application/x-www-form-urlencoded` body is refused with `ERR_VERIFY_BODY_TOO_LARGE`. The body
   * is read only once the consumer key and token are known.
   */
  maxBodyBytes?: number
}

/** A verifier made by {@link createVerifier}. */
export interface Verifier {
  /** Verify one request; never throws for a bad request. */
  verify(request: Request): Promise<VerifyResult>
}

/** Result of {@link verifyRequest}: who signed, or why the request is rejected. */
export type VerifyResult =
  | { ok: true; consumerKey: string; tokenId: string; realm?: string }
  | { ok: false; code: VerifyErrorCode; reason: string }

const REQUIRED = [
  'oauth_consumer_key',
  'oauth_token',
  'oauth_signature_method',
  'oauth_timestamp',
  'oauth_nonce',
  'oauth_signature',
] as const
const ALLOWED = new Set<string>([...REQUIRED, 'oauth_version', 'realm'])
const NONCE = /^[A-Za-z0-9]{6,64}$/

const DEFAULT_MAX_BODY_BYTES = 1_048_576
// Signs the base string of a request whose credentials are unknown, so that answer costs an HMAC too.
const UNKNOWN_KEY = 'netsuite-tba-unknown-credentials&'

interface Settings {
  lookup: VerifyOptions['lookup']
  realm: string | undefined
  maxSkew: number
  now: () => number
  maxBodyBytes: number
}

/** Validate options once; every mistake is a coded TypeError. */
function settingsOf(options: VerifyOptions): Settings {
  if (typeof options !== 'object' || options === null) {
    throw argumentError('Pass verify options with a lookup function.', 'ERR_INVALID_ARG_TYPE')
  }
  const { lookup, realm, maxSkewSeconds, nonceStore, now, maxBodyBytes } = options
  if (typeof lookup !== 'function') {
    throw argumentError(
      'lookup must be a function (consumerKey, tokenId) => secrets | undefined',
      'ERR_INVALID_ARG_TYPE',
    )
  }
  if (realm !== undefined && typeof realm !== 'string') {
    throw argumentError('realm must be a string such as "1234567_SB1"', 'ERR_INVALID_ARG_TYPE')
  }
  const maxSkew = numberOption(maxSkewSeconds, 'maxSkewSeconds', {
    min: 0,
    fallback: 300,
    what: 'seconds (NetSuite allows 300)',
  })
  if (nonceStore !== undefined && typeof (nonceStore as NonceStore | null)?.add !== 'function') {
    throw argumentError(
      'nonceStore must have an add(key, ttlSeconds) method',
      'ERR_INVALID_ARG_TYPE',
    )
  }
  if (now !== undefined && typeof now !== 'function') {
    throw argumentError('now must be a function returning seconds', 'ERR_INVALID_ARG_TYPE')
  }
  const maxBody = numberOption(maxBodyBytes, 'maxBodyBytes', {
    min: 0,
    integer: true,
    fallback: DEFAULT_MAX_BODY_BYTES,
    what: 'bytes',
  })
  return {
    lookup,
    realm,
    maxSkew,
    now: now ?? (() => Date.now() / 1000),
    maxBodyBytes: maxBody,
  }
}

// verifyRequest's default stores: one per realm and lookup source text.
const defaultStores = new Map<string, NonceStore>()

function defaultStoreFor(settings: Settings): NonceStore {
  const key = `${settings.realm ?? ''}\u0000${String(settings.lookup)}`
  let store = defaultStores.get(key)
  if (!store) defaultStores.set(key, (store = createMemoryNonceStore()))
  return store
}

/** Read a form body of at most `max` bytes; `undefined` when it is larger. */
async function readBody(request: Request, max: number): Promise<string | undefined> {
  const declared = request.headers.get('content-length')
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > max) return undefined
  const body = request.clone().body
  if (body === null) return ''
  const reader = body.getReader()
  const decoder = new TextDecoder()
  let size = 0
  let text = ''
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > max) {
      await reader.cancel().catch(() => undefined)
      return undefined
    }
    text += decoder.decode(value, { stream: true })
  }
  return text + decoder.decode()
}

function fail(code: VerifyErrorCode, reason: string): VerifyResult {
  return { ok: false, code, reason }
}

/** Compare two strings in time that depends only on their lengths. */
function constantTimeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length
  const n = Math.max(a.length, b.length)
  for (let i = 0; i < n; i++) diff |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0)
  return diff === 0
}

/**
 * Verify a TBA-signed request the way NetSuite does: strict `Authorization` header, HMAC-SHA256
 * over the base string rebuilt from the request (query parameters, and the form body only when the
 * content type is `application/x-www-form-urlencoded`), constant-time comparison, a ±`maxSkewSeconds`
 * timestamp window, replayed nonces and, when given, the realm. Never throws for a bad request
 * (bad options throw a `TypeError` with `code` `ERR_INVALID_ARG_VALUE`/`ERR_INVALID_ARG_TYPE`).
 * The credentials are looked up before the body is read, the body is read from a clone and only up
 * to `maxBodyBytes`, an unknown key or token costs an HMAC like a known one, and the nonce is
 * recorded only when everything else is valid. To verify many requests with the same options, use
 * {@link createVerifier}.
 *
 * @example
 * ```ts
 * const result = await verifyRequest(request, { lookup: (ck, tk) => secrets.get(ck + ':' + tk), realm: '1234567_SB1' })
 * if (!result.ok) return new Response(result.reason, { status: 401 })
 * ```
 */
export async function verifyRequest(
  request: Request,
  options: VerifyOptions,
): Promise<VerifyResult> {
  const settings = settingsOf(options)
  return verifyWith(request, settings, options.nonceStore ?? defaultStoreFor(settings))
}

/**
 * A verifier with fixed options and its own replay store (an in-memory one unless `nonceStore`
 * is given). Options are checked once, here.
 *
 * @example
 * ```ts
 * const verifier = createVerifier({ lookup, realm: '1234567_SB1', nonceStore: createRedisNonceStore({ redis }) })
 * const result = await verifier.verify(request)
 * ```
 */
export function createVerifier(options: VerifyOptions): Verifier {
  const settings = settingsOf(options)
  const store = options.nonceStore ?? createMemoryNonceStore()
  return { verify: (request) => verifyWith(request, settings, store) }
}

async function verifyWith(
  request: Request,
  options: Settings,
  store: NonceStore,
): Promise<VerifyResult> {
  const header = request.headers.get('authorization')
  if (header === null || !/^\s*OAuth(\s|$)/i.test(header)) {
    return fail(VerifyErrorCodes.MISSING_HEADER, 'No "Authorization: OAuth …" header.')
  }
  let params: Map<string, string>
  try {
    params = new Map(parseAuthorizationHeader(header))
  } catch (error) {
    return fail(VerifyErrorCodes.MALFORMED_HEADER, (error as Error).message)
  }
  for (const name of params.keys()) {
    if (!ALLOWED.has(name)) {
      return fail(
        VerifyErrorCodes.MALFORMED_HEADER,
        `Unexpected header parameter ${JSON.stringify(name.slice(0, 40))}.`,
      )
    }
  }
  for (const name of REQUIRED) {
    if (!params.get(name)) {
      return fail(VerifyErrorCodes.MALFORMED_HEADER, `The header lacks ${name}.`)
    }
  }
  const get = (name: (typeof REQUIRED)[number]): string => params.get(name) as string
  if (get('oauth_signature_method') !== 'HMAC-SHA256') {
    return fail(
      VerifyErrorCodes.UNSUPPORTED_METHOD,
      `oauth_signature_method ${JSON.stringify(get('oauth_signature_method').slice(0, 20))} is not accepted; use HMAC-SHA256.`,
    )
  }
  const version = params.get('oauth_version')
  if (version !== undefined && version !== '1.0') {
    return fail(VerifyErrorCodes.UNSUPPORTED_METHOD, 'oauth_version must be 1.0 when present.')
  }
  const realm = params.get('realm')
  if (options.realm !== undefined && realm !== options.realm) {
    return fail(
      VerifyErrorCodes.REALM_MISMATCH,
      `The realm ${realm === undefined ? 'is missing' : JSON.stringify(realm.slice(0, 70))}; expected ${JSON.stringify(options.realm)} (upper case, "_" separator).`,
    )
  }
  const nonce = get('oauth_nonce')
  if (!NONCE.test(nonce)) {
    return fail(VerifyErrorCodes.BAD_NONCE, 'oauth_nonce must be 6–64 ASCII letters and digits.')
  }
  const timestampText = get('oauth_timestamp')
  if (!/^[0-9]{1,12}$/.test(timestampText)) {
    return fail(VerifyErrorCodes.MALFORMED_HEADER, 'oauth_timestamp must be whole Unix seconds.')
  }
  const timestamp = Number(timestampText)
  const now = options.now()
  if (typeof now !== 'number' || !Number.isFinite(now)) {
    throw argumentError(
      `now() must return a finite number of seconds, got ${String(now)}`,
      'ERR_INVALID_ARG_VALUE',
    )
  }
  const maxSkew = options.maxSkew
  if (!(Math.abs(now - timestamp) <= maxSkew)) {
    return fail(
      VerifyErrorCodes.STALE_TIMESTAMP,
      `oauth_timestamp is ${Math.round(timestamp - now)} s away from the server clock (allowed ±${maxSkew} s); sync the client clock (NTP) and sign just before sending.`,
    )
  }

  // Credentials first: an unknown key or token never makes the verifier read the body.
  const consumerKey = get('oauth_consumer_key')
  const tokenId = get('oauth_token')
  const secrets = await options.lookup(consumerKey, tokenId)
  let body = ''
  const contentType = request.headers.get('content-type') ?? ''
  if (secrets !== undefined && isFormContentType(contentType) && request.body !== null) {
    const text = await readBody(request, options.maxBodyBytes).catch((error: unknown) => error)
    if (text === undefined) {
      return fail(
        VerifyErrorCodes.BODY_TOO_LARGE,
        `The form body is larger than ${options.maxBodyBytes} bytes (maxBodyBytes).`,
      )
    }
    if (typeof text !== 'string') {
      return fail(VerifyErrorCodes.BAD_REQUEST, `The body could not be read (${String(text)}).`)
    }
    body = text
  }

  let baseString: string
  try {
    const url = new URL(request.url)
    const pairs: string[] = []
    collectEncodedPairs(url.search.slice(1), 'query', pairs, false)
    if (body !== '') collectEncodedPairs(body, 'form body', pairs, false)
    for (const [name, value] of params) {
      if (name !== 'realm' && name !== 'oauth_signature') {
        pairs.push(percentEncode(name) + ' ' + percentEncode(value))
      }
    }
    baseString = baseStringFromPairs(request.method.toUpperCase(), url, pairs)
  } catch (error) {
    return fail(VerifyErrorCodes.BAD_REQUEST, (error as Error).message)
  }

  const expected = await hmacBase64(
    'HMAC-SHA256',
    secrets === undefined ? UNKNOWN_KEY : signingKey(secrets.consumerSecret, secrets.tokenSecret),
    baseString,
  )
  const matches = constantTimeEqual(expected, get('oauth_signature'))
  if (secrets === undefined) {
    return fail(
      VerifyErrorCodes.UNKNOWN_CREDENTIALS,
      'Unknown consumer key or token (wrong, revoked or from another account).',
    )
  }
  if (!matches) {
    return fail(
      VerifyErrorCodes.BAD_SIGNATURE,
      'The signature does not match the request (method, URL, query, form body, or secrets differ).',
    )
  }
  let fresh: boolean
  try {
    fresh = await store.add(
      replayKey(consumerKey, tokenId, timestampText, nonce),
      // Kept until the timestamp leaves the window; after that it is refused as stale anyway.
      Math.ceil(timestamp + maxSkew - now) + 1,
    )
  } catch (error) {
    const full = (error as { code?: unknown } | null)?.code === VerifyErrorCodes.NONCE_STORE_FULL
    return fail(
      full ? VerifyErrorCodes.NONCE_STORE_FULL : VerifyErrorCodes.NONCE_STORE_UNAVAILABLE,
      full
        ? (error as Error).message
        : `The nonce store failed, so the request is refused (${String((error as Error)?.message ?? error).slice(0, 160)}).`,
    )
  }
  if (!fresh) {
    return fail(
      VerifyErrorCodes.REPLAYED_NONCE,
      'This nonce and timestamp were already used; sign every attempt afresh.',
    )
  }
  return realm === undefined
    ? { ok: true, consumerKey, tokenId }
    : { ok: true, consumerKey, tokenId, realm }
}
