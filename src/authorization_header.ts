/**
 * The OAuth `Authorization` header: building it and parsing it back.
 *
 * @module
 */
import { TbaError, TbaErrorCodes } from './errors.ts'
import { formDecode } from './percent_encoding.ts'

/**
 * Parse an `Authorization: OAuth …` header value into its parameters (names and decoded values),
 * in header order. Strict: a missing `OAuth` scheme, a duplicate or unquoted parameter, or text
 * after the last parameter is rejected.
 *
 * @example
 * ```ts
 * parseAuthorizationHeader('OAuth realm="123", oauth_nonce="abc"') // [['realm','123'],['oauth_nonce','abc']]
 * ```
 *
 * @throws {@link TbaError} `ERR_TBA_INVALID_ENCODING` when the header is malformed.
 */
export function parseAuthorizationHeader(header: string): [string, string][] {
  const fail = (why: string): never => {
    throw new TbaError(
      TbaErrorCodes.INVALID_ENCODING,
      `Malformed OAuth Authorization header: ${why}.`,
    )
  }
  if (typeof header !== 'string') return fail('not a string')
  const match = /^\s*OAuth(?:\s+|$)/i.exec(header)
  if (!match) return fail('it does not start with "OAuth "')
  const params: [string, string][] = []
  const seen = new Set<string>()
  const param = /([A-Za-z0-9_\-.~%]+)\s*=\s*"([^"\\\r\n]*)"\s*(,\s*|$)/y
  let pos = match[0].length
  while (pos < header.length) {
    param.lastIndex = pos
    const m = param.exec(header)
    if (!m) return fail(`unexpected text at position ${pos}`)
    const name = formDecode(m[1] as string, 'A header parameter name')
    if (seen.has(name)) return fail(`parameter ${JSON.stringify(name)} appears twice`)
    seen.add(name)
    // Header values are percent-encoded; '+' is a literal plus here, not a space.
    const raw = (m[2] as string).replace(/\+/g, '%2B')
    params.push([name, formDecode(raw, `The header parameter ${name}`)])
    pos = param.lastIndex
    if (m[3] === '' && pos < header.length) return fail(`missing comma at position ${pos}`)
  }
  return params
}
