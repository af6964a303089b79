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
import { createMemoryNonceStore, type NonceStore } from './verify_nonce_store.ts'

export { parseAuthorizationHeader } from './authorization_header.ts'
export { VerifyErrorCodes, type VerifyErrorCode } from './verify_codes.ts'
export {
  createMemoryNonceStore,
  type MemoryNonceStoreOptions,
  type NonceStore,
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
  /** Allowed clock difference in seconds, both ways (default 300). */
  maxSkewSeconds?: number
  /** Replay store (default: one bounded in-memory store shared by calls without one). */
  nonceStore?: NonceStore
  /** Clock in seconds (default: `Date.now() / 1000`). */
  now?: () => number
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

let defaultStore: NonceStore | undefined

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
 * timestamp window, replayed nonces and, when given, the realm. Never throws for a bad request;
 * the nonce is recorded only when everything else is valid. The request body is read from a clone.
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
  const now = (options.now ?? (() => Date.now() / 1000))()
  const maxSkew = options.maxSkewSeconds ?? 300
  if (Math.abs(now - timestamp) > maxSkew) {
    return fail(
      VerifyErrorCodes.STALE_TIMESTAMP,
      `oauth_timestamp is ${Math.round(timestamp - now)} s away from the server clock (allowed ±${maxSkew} s); sync the client clock (NTP) and sign just before sending.`,
    )
  }

  let baseString: string
  try {
    const url = new URL(request.url)
    const pairs: string[] = []
    collectEncodedPairs(url.search.slice(1), 'query', pairs, false)
    const contentType = request.headers.get('content-type') ?? ''
    if (isFormContentType(contentType) && request.body !== null) {
      collectEncodedPairs(await request.clone().text(), 'form body', pairs, false)
    }
    for (const [name, value] of params) {
      if (name !== 'realm' && name !== 'oauth_signature') {
        pairs.push(percentEncode(name) + ' ' + percentEncode(value))
      }
    }
    baseString = baseStringFromPairs(request.method.toUpperCase(), url, pairs)
  } catch (error) {
    return fail(VerifyErrorCodes.BAD_REQUEST, (error as Error).message)
  }

  const consumerKey = get('oauth_consumer_key')
  const tokenId = get('oauth_token')
  const secrets = await options.lookup(consumerKey, tokenId)
  if (secrets === undefined) {
    return fail(
      VerifyErrorCodes.UNKNOWN_CREDENTIALS,
      'Unknown consumer key or token (wrong, revoked or from another account).',
    )
  }
  const expected = await hmacBase64(
    'HMAC-SHA256',
    signingKey(secrets.consumerSecret, secrets.tokenSecret),
    baseString,
  )
  if (!constantTimeEqual(expected, get('oauth_signature'))) {
    return fail(
      VerifyErrorCodes.BAD_SIGNATURE,
      'The signature does not match the request (method, URL, query, form body, or secrets differ).',
    )
  }
  const store = options.nonceStore ?? (defaultStore ??= createMemoryNonceStore())
  const fresh = await store.add(
    `${consumerKey}&${tokenId}&${timestampText}&${nonce}`,
    // Kept until the timestamp leaves the window; after that it is refused as stale anyway.
    Math.ceil(timestamp + maxSkew - now) + 1,
  )
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
