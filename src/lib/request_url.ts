/**
 * Step 1 of the signing path: the request's URL, parsed and checked (absolute, http or https, a
 * path whose percent-escapes decode as UTF-8).
 *
 * @module
 * @internal
 */
import { argumentError, TbaError, TbaErrorCodes } from '../errors.ts'
import { isWellFormed } from '../percent_encoding.ts'

const BAD_PERCENT = /%(?![0-9A-Fa-f]{2})/

/** Parse and check `request.url` (a string or a `URL`), with a coded error for what cannot be signed. */
export function parseRequestUrl(raw: string | URL): URL {
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
