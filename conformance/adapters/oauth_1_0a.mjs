// Conformance adapter for ddo/oauth-1.0a (devDependency), used the way its README shows:
// `new OAuth({ consumer, signature_method, hash_function, realm })`, then
// `oauth.authorize({ url, method, data }, token)` and `oauth.toHeader(...)`. The URL goes in as
// sent; form bodies go in as a data object (repeated names as arrays, which the library
// supports); other bodies are not passed. The fixed nonce/timestamp replace getNonce/getTimeStamp
// on the instance, as the library's own tests do. Nothing is corrected for the library.
import { createHmac } from 'node:crypto'
import { createRequire } from 'node:module'
import OAuth from 'oauth-1.0a'

const version = createRequire(import.meta.url)('oauth-1.0a/package.json').version
const FORM = /^application\/x-www-form-urlencoded\s*(?:;|$)/i

const hashFunctions = {
  'HMAC-SHA256': (base, key) => createHmac('sha256', key).update(base).digest('base64'),
  'HMAC-SHA1': (base, key) => createHmac('sha1', key).update(base).digest('base64'),
}

/** A form body as the data object a user hands to oauth-1.0a. */
function formData(form) {
  const data = {}
  for (const [k, v] of new URLSearchParams(form)) {
    if (!(k in data)) data[k] = v
    else if (Array.isArray(data[k])) data[k].push(v)
    else data[k] = [data[k], v]
  }
  return data
}

function client(signatureMethod, consumerKey, consumerSecret, extra = {}, onBase = () => {}) {
  const hash = hashFunctions[signatureMethod]
  return new OAuth({
    consumer: { key: consumerKey, secret: consumerSecret },
    signature_method: signatureMethod,
    // The user's hash function; it also records the base string the library signed.
    ...(hash ? { hash_function: (base, key) => (onBase(base), hash(base, key)) } : {}),
    ...extra,
  })
}

/** @type {import('../adapter.ts').ConformanceAdapter} */
const adapter = {
  name: `oauth-1.0a ${version}`,
  sign(input) {
    let baseString
    const oauth = client(
      input.signatureMethod,
      input.consumerKey,
      input.consumerSecret,
      {
        ...(input.version ? { version: input.version } : {}),
        ...(input.realm !== null ? { realm: input.realm } : {}),
      },
      (base) => (baseString = base),
    )
    oauth.getNonce = () => input.nonce
    oauth.getTimeStamp = () => input.timestamp
    const data =
      input.body !== null && input.contentType !== null && FORM.test(input.contentType)
        ? formData(input.body)
        : {}
    // Extra protocol parameters (oauth_callback, oauth_verifier, …) go in the data object.
    Object.assign(data, input.extraOAuthParams)
    const request = { url: input.url, method: input.method, data }
    const token =
      input.token === null
        ? { secret: input.tokenSecret }
        : { key: input.token, secret: input.tokenSecret }
    const authorized = oauth.authorize(request, token)
    return {
      signature: authorized.oauth_signature,
      ...(baseString === undefined ? {} : { baseString }),
      authorization: oauth.toHeader({ ...authorized, ...input.extraOAuthParams }).Authorization,
    }
  },
  percentEncode: (value) => client('PLAINTEXT', 'k', 's').percentEncode(value),
  baseStringUri: (url) => client('PLAINTEXT', 'k', 's').getBaseUrl(url),
  normalizeParameters: (form) =>
    client('PLAINTEXT', 'k', 's').getParameterString(
      { url: 'https://example.com/', method: 'POST', data: formData(form) },
      {},
    ),
  hmac: (method, consumerSecret, tokenSecret, baseString) => {
    const oauth = client(method, 'k', consumerSecret)
    return oauth.hash_function(baseString, oauth.getSigningKey(tokenSecret))
  },
  plaintext: (consumerSecret, tokenSecret) =>
    client('PLAINTEXT', 'k', consumerSecret).getSigningKey(tokenSecret),
}

export default adapter
