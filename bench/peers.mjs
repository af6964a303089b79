// Peer OAuth 1.0a libraries, wrapped to produce the same Authorization header for the same request.
// Each factory returns sign(req) -> header string, where req = { method, url, form? }.
// `fixed` ({ nonce, timestamp }) pins the nonce and timestamp for the signature cross-check.
import { createRequire } from 'node:module'
import { createHmac } from 'node:crypto'

const require = createRequire(import.meta.url)

const enc = (s) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())

function queryObject(search, into = {}) {
  for (const [k, v] of new URLSearchParams(search)) {
    if (k in into) into[k] = [].concat(into[k], v)
    else into[k] = v
  }
  return into
}

/** oauth-1.0a with hash_function = node:crypto createHmac('sha256'). */
export function oauth1a(creds, fixed) {
  const OAuth = require('oauth-1.0a')
  const oauth = OAuth({
    consumer: { key: creds.consumerKey, secret: creds.consumerSecret },
    signature_method: 'HMAC-SHA256',
    realm: creds.realm,
    hash_function: (base, key) => createHmac('sha256', key).update(base).digest('base64'),
  })
  if (fixed) {
    oauth.getNonce = () => fixed.nonce
    oauth.getTimeStamp = () => fixed.timestamp
  }
  const token = { key: creds.token, secret: creds.tokenSecret }
  return (req) => {
    const data = req.form ? queryObject(req.form) : undefined
    return oauth.toHeader(oauth.authorize({ url: req.url, method: req.method, data }, token))
      .Authorization
  }
}

/** oauth-sign (request's signer): the caller builds the parameters and the header. */
export function oauthSign(creds, fixed) {
  const { sign } = require('oauth-sign')
  const nonceGen = () => Math.random().toString(36).slice(2) + Math.random().toString(36).slice(2)
  return (req) => {
    const u = new URL(req.url)
    const params = queryObject(u.search)
    if (req.form) queryObject(req.form, params)
    const oa = {
      oauth_consumer_key: creds.consumerKey,
      oauth_nonce: fixed ? fixed.nonce : nonceGen(),
      oauth_signature_method: 'HMAC-SHA256',
      oauth_timestamp: fixed ? fixed.timestamp : String(Math.floor(Date.now() / 1000)),
      oauth_token: creds.token,
      oauth_version: '1.0',
    }
    Object.assign(params, oa)
    const base = u.protocol + '//' + u.host + u.pathname
    oa.oauth_signature = sign(
      'HMAC-SHA256',
      req.method,
      base,
      params,
      creds.consumerSecret,
      creds.tokenSecret,
    )
    let h = 'OAuth realm="' + creds.realm + '"'
    for (const k in oa) h += ', ' + k + '="' + enc(oa[k]) + '"'
    return h
  }
}

/** oauth (ciaranj): authHeader() never emits realm, so the wrapper prepends it. */
export function oauthCiaranj(creds, fixed) {
  const { OAuth } = require('oauth')
  const oa = new OAuth(
    null,
    null,
    creds.consumerKey,
    creds.consumerSecret,
    '1.0',
    null,
    'HMAC-SHA256',
  )
  if (fixed) {
    oa._getNonce = () => fixed.nonce
    oa._getTimestamp = () => fixed.timestamp
  }
  const realm = 'OAuth realm="' + creds.realm + '",'
  return (req) => {
    const extra = req.form ? queryObject(req.form) : {}
    const params = oa._prepareParameters(creds.token, creds.tokenSecret, req.method, req.url, extra)
    return realm + oa._buildAuthorizationHeaders(params).slice('OAuth '.length)
  }
}

export const PEERS = [
  { id: 'oauth-1.0a', make: oauth1a },
  { id: 'oauth-sign', make: oauthSign },
  { id: 'oauth', make: oauthCiaranj },
]
