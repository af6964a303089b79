/**
 * Pure RFC 5849 §3.4.1 helpers, exported for debugging and for other signers' tests.
 *
 * @module
 */
import { argumentError, TbaError, TbaErrorCodes } from './errors.ts'
import { canonicalComponent, percentEncode } from './percent_encoding.ts'

const FORM_CONTENT_TYPE = /^\s*application\/x-www-form-urlencoded\s*(?:;|$)/i

/**
 * Whether a body of this content type is signed: only `application/x-www-form-urlencoded`
 * (parameters such as `; charset=UTF-8` allowed). The signer, `authorize()` and the verifier
 * share this rule. @internal
 */
export function isFormContentType(contentType: string | null | undefined): boolean {
  return typeof contentType === 'string' && FORM_CONTENT_TYPE.test(contentType)
}

/** Reject an `oauth_*` or `realm` parameter (encoded name) in the query or form body. @internal */
export function checkNotReserved(name: string, where: string): void {
  if (name.startsWith('oauth_') || name === 'realm') {
    throw new TbaError(
      TbaErrorCodes.RESERVED_PARAMETER,
      `The ${where} contains the reserved parameter ${JSON.stringify(name)}; OAuth parameters are set by the signer — remove it from the ${where}${name.startsWith('oauth_') ? ' (pass extra protocol parameters through oauthParams)' : ''}.`,
    )
  }
}

/**
 * Split a raw `a=b&c` string into encoded `name value` pairs: `+` is a space, escapes are decoded
 * strictly, then each part is percent-encoded. The space cannot occur in an encoded string, and it
 * sorts below every character that can, so sorting these strings natively is RFC 5849 order.
 *
 * @internal
 */
export function collectEncodedPairs(
  raw: string,
  where: string,
  out: string[],
  rejectReserved: boolean,
): void {
  if (raw === '') return
  for (const segment of raw.split('&')) {
    if (segment === '') continue
    const eq = segment.indexOf('=')
    const rawName = eq === -1 ? segment : segment.slice(0, eq)
    const rawValue = eq === -1 ? '' : segment.slice(eq + 1)
    const name = canonicalComponent(rawName, `A ${where} parameter name`)
    if (rejectReserved) checkNotReserved(name, where)
    out.push(name + ' ' + canonicalComponent(rawValue, `The ${where} parameter ${name}`))
  }
}

/** Join sorted `name value` pairs as `name=value&…`. @internal */
export function joinEncodedPairs(pairs: readonly string[]): string {
  let out = ''
  for (let i = 0; i < pairs.length; i++) {
    const p = pairs[i] as string
    const sp = p.indexOf(' ')
    out += (i === 0 ? '' : '&') + p.slice(0, sp) + '=' + p.slice(sp + 1)
  }
  return out
}

/**
 * Normalise `application/x-www-form-urlencoded` parameters (RFC 5849 §3.4.1.3.2): decode, encode,
 * sort by name then value, join. OAuth parameters are not special here.
 *
 * @example
 * ```ts
 * normalizeParameters('b=2&a=x+y&a=x%21y') // 'a=x%20y&a=x%21y&b=2'
 * ```
 */
export function normalizeParameters(form: string): string {
  if (typeof form !== 'string') {
    throw argumentError(
      'normalizeParameters() needs the raw parameter string, such as "a=1&b=2"',
      'ERR_INVALID_ARG_TYPE',
    )
  }
  const pairs: string[] = []
  collectEncodedPairs(form.startsWith('?') ? form.slice(1) : form, 'parameter string', pairs, false)
  return joinEncodedPairs(pairs.sort())
}

/**
 * The base string URI (RFC 5849 §3.4.1.2): scheme and host lower case, default port dropped, path
 * as sent (`/` when empty), no query, fragment or userinfo.
 *
 * @example
 * ```ts
 * baseStringUri('HTTPS://Example.COM:443/a%20b?x=1#f') // 'https://example.com/a%20b'
 * ```
 */
export function baseStringUri(url: string | URL): string {
  let parsed: URL
  try {
    parsed = typeof url === 'string' ? new URL(url) : url
  } catch {
    throw new TbaError(
      TbaErrorCodes.INVALID_URL,
      `${JSON.stringify(String(url).slice(0, 100))} is not an absolute URL.`,
    )
  }
  return parsed.protocol + '//' + parsed.host + parsed.pathname
}

/**
 * `METHOD&enc(base string URI)&`: the start of every base string of this method and URL. The
 * method must already be upper case. @internal
 */
export function baseStringPrefix(method: string, url: URL): string {
  return method + '&' + percentEncode(baseStringUri(url)) + '&'
}

/**
 * The one base-string builder (RFC 5849 §3.4.1): `METHOD&enc(URI)&enc(sorted, joined pairs)`, from
 * every parameter (query, signed form body, `oauth_*`) as encoded `name value` pairs (sorted here).
 * The signers' per-URL templates are a cache of this function's output; the verifier calls it.
 *
 * @internal
 */
export function baseStringFromPairs(method: string, url: URL, pairs: string[]): string {
  return baseStringPrefix(method, url) + percentEncode(joinEncodedPairs(pairs.sort()))
}

/**
 * The signature base string `METHOD&enc(base URI)&enc(normalized parameters)` (RFC 5849 §3.4.1.1).
 *
 * @param normalizedParameters - Output of {@link normalizeParameters} including the oauth_* ones.
 */
export function signatureBaseString(
  method: string,
  url: string | URL,
  normalizedParameters: string,
): string {
  if (typeof method !== 'string' || typeof normalizedParameters !== 'string') {
    throw argumentError(
      'signatureBaseString() needs (method: string, url, normalizedParameters: string)',
      'ERR_INVALID_ARG_TYPE',
    )
  }
  return (
    method.toUpperCase() +
    '&' +
    percentEncode(baseStringUri(url)) +
    '&' +
    percentEncode(normalizedParameters)
  )
}

/** The OAuth signing key `enc(consumerSecret)&enc(tokenSecret)` (RFC 5849 §3.4.2); also the PLAINTEXT signature. */
export function signingKey(consumerSecret: string, tokenSecret = ''): string {
  return percentEncode(consumerSecret) + '&' + percentEncode(tokenSecret)
}
