// Conformance adapter for oauth-sign (devDependency), used the way its main consumer (the
// `request` package) and its README use it: `sign(signatureMethod, httpMethod, baseUri, params,
// consumerSecret, tokenSecret)`, where `params` is one object holding the query parameters, the
// form body parameters (only for application/x-www-form-urlencoded) and the oauth_* parameters,
// parsed with node:querystring (repeated names become arrays, which oauth-sign expands). The base
// URI is the URL as sent without its query and fragment: oauth-sign takes it verbatim and leaves
// normalisation to the caller. oauth-sign builds no Authorization header, so none is compared.
import { createRequire } from 'node:module'
import querystring from 'node:querystring'
import oauthSign from 'oauth-sign'

const version = createRequire(import.meta.url)('oauth-sign/package.json').version
const FORM = /^application\/x-www-form-urlencoded\s*(?:;|$)/i

function splitUrl(url) {
  const noFragment = url.split('#')[0]
  const q = noFragment.indexOf('?')
  return q === -1
    ? { base: noFragment, query: '' }
    : { base: noFragment.slice(0, q), query: noFragment.slice(q + 1) }
}

function merge(target, source) {
  for (const [k, v] of Object.entries(source)) {
    if (!(k in target)) target[k] = v
    else target[k] = [].concat(target[k], v)
  }
  return target
}

/** @type {import('../adapter.ts').ConformanceAdapter} */
const adapter = {
  name: `oauth-sign ${version}`,
  sign(input) {
    const { base, query } = splitUrl(input.url)
    const params = merge({}, querystring.parse(query))
    if (input.body !== null && input.contentType !== null && FORM.test(input.contentType)) {
      merge(params, querystring.parse(input.body))
    }
    merge(params, {
      oauth_consumer_key: input.consumerKey,
      oauth_nonce: input.nonce,
      oauth_signature_method: input.signatureMethod,
      oauth_timestamp: input.timestamp,
      ...(input.token === null ? {} : { oauth_token: input.token }),
      ...(input.version === null ? {} : { oauth_version: input.version }),
      ...input.extraOAuthParams,
    })
    const signature = oauthSign.sign(
      input.signatureMethod,
      input.method,
      base,
      params,
      input.consumerSecret,
      input.tokenSecret,
    )
    const baseString =
      input.signatureMethod === 'PLAINTEXT'
        ? undefined
        : oauthSign.generateBase(input.method, base, params)
    return baseString === undefined ? { signature } : { signature, baseString }
  },
  percentEncode: (value) => oauthSign.rfc3986(value),
  normalizeParameters: (form) =>
    decodeURIComponent(
      oauthSign.generateBase('POST', 'https://example.com/', querystring.parse(form)).split('&')[2],
    ),
  plaintext: (consumerSecret, tokenSecret) => oauthSign.plaintext(consumerSecret, tokenSecret),
}

export default adapter
