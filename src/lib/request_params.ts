/**
 * Step 2 of the signing path: collect the request's own parameters (a form body's pairs, extra
 * `oauth_*` protocol parameters) as percent-encoded `name value` pairs, ready to sort. The query's
 * pairs are collected once per URL by the template cache (`template_cache.ts`).
 *
 * @module
 * @internal
 */
import { checkNotReserved, collectEncodedPairs, isFormContentType } from '../base_string.ts'
import { argumentError, TbaError, TbaErrorCodes } from '../errors.ts'
import { isWellFormed, percentEncode } from '../percent_encoding.ts'
import type { SignRequest } from '../types.ts'

/** The protocol parameters the signer sets itself. */
const CORE_OAUTH_NAMES = new Set([
  'oauth_consumer_key',
  'oauth_token',
  'oauth_nonce',
  'oauth_timestamp',
  'oauth_signature_method',
  'oauth_version',
  'oauth_signature',
])

/** The encoded pairs of a form-encoded body (RFC 5849 §3.4.1.3.1), or `undefined` if it is not one. */
export function formPairs(request: SignRequest): string[] | undefined {
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

/** The encoded pairs of `request.oauthParams` (oauth_callback, oauth_verifier, …). */
export function extraOAuthPairs(extra: Record<string, string>): string[] {
  if (typeof extra !== 'object' || extra === null) {
    throw argumentError('request.oauthParams must be an object of strings', 'ERR_INVALID_ARG_TYPE')
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
