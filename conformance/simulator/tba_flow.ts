/// <reference types="node" />
/**
 * The simulator's three-step TBA authorization flow (netsuite-tba.md §5.3): `POST /rest/requesttoken`
 * (signed with the consumer secret alone, `oauth_callback` checked against the integration record),
 * the consent page `/app/login/secure/authorizetoken.nl` (Allow/Deny, or an auto-consent switch for
 * tests), and `POST /rest/accesstoken`, which issues a TBA token that then works on the RESTlets and
 * REST of the same simulator. Errors use the names of NetSuite's "Error Messages for the TBA
 * Authorization Flow" table.
 *
 * @module
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { parseAuthorizationHeader } from '../../src/authorization_header.ts'
import { normalizeParameters, signatureBaseString, signingKey } from '../../src/base_string.ts'
import { percentEncode } from '../../src/percent_encoding.ts'
import { esc, restletError, type Answer } from './responses.ts'

/** What the consent page does without a click: show the page, or answer Allow or Deny at once. */
export type ConsentMode = 'page' | 'allow' | 'deny'

/** The integration record of the flow and the switches tests use. */
export interface TbaFlowControls {
  /** Consumer key of the integration record with "TBA: Authorization Flow" checked. */
  consumerKey: string
  /** Its consumer secret. */
  consumerSecret: string
  /** The record's Callback URLs; `*` as the port matches any port (NetSuite's `http://localhost:*`). */
  callbackUrls: string[]
  /** Replace the Callback URLs of the record. */
  setCallbackUrls(urls: string[]): void
  /** The consent page's behaviour (default `page`). */
  consent(mode: ConsentMode): void
  /** Block (State = Blocked) or enable the integration record. */
  block(blocked: boolean): void
  /** Request tokens issued so far (for tests). */
  issuedRequestTokens(): number
}

/** What the flow needs from the simulator around it. */
export interface TbaFlowHost {
  /** The canonical account id (`company` of the callback). */
  accountId: string
  /** The simulator clock in seconds. */
  now(): number
  /** Allowed clock difference in seconds. */
  maxSkewSeconds: number
  /** Consumer keys of integration records without the flow (answered `AuthorizationFlowRequired`). */
  isOtherIntegration(consumerKey: string): boolean
  /** Create a TBA token for the flow's integration record that works on RESTlets and REST. */
  issueToken(consumerKey: string, consumerSecret: string): { tokenId: string; tokenSecret: string }
  /** Add a Login Audit Trail row. */
  audit(status: 'Success' | 'Failure', detail: string): void
}

interface RequestToken {
  secret: string
  callback: string
  created: number
  verifier?: string
  denied?: boolean
  used?: boolean
}

/** A request token lives this long (seconds) before the exchange. */
const REQUEST_TOKEN_TTL = 600
const ROLE = '3'
const ENTITY = '38'

function matchesCallback(registered: string, given: string): boolean {
  let g: URL
  let r: URL
  try {
    g = new URL(given)
    r = new URL(registered.replace(':*', ':1'))
  } catch {
    return false
  }
  const anyPort = /^[a-z][a-z0-9+.-]*:\/\/[^/]*:\*/i.test(registered)
  return (
    g.protocol === r.protocol &&
    g.hostname === r.hostname &&
    (anyPort || g.port === r.port) &&
    g.pathname === r.pathname
  )
}

function form(status: number, fields: Record<string, string>): Answer {
  return {
    status,
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body: new URLSearchParams(fields).toString(),
  }
}

function secret(): string {
  return randomBytes(24).toString('hex')
}

function equal(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

/** Create the flow; `handle` answers its three paths and returns undefined for any other. */
export function createTbaFlow(host: TbaFlowHost): {
  controls: TbaFlowControls
  handle(
    method: string,
    url: URL,
    authorization: string | undefined,
    body: string,
  ): Answer | undefined
} {
  const consumerKey = `ckflow${randomBytes(8).toString('hex')}`
  const consumerSecret = secret()
  let callbackUrls = ['http://127.0.0.1:*/callback', 'http://localhost:*/callback']
  let consent: ConsentMode = 'page'
  let blocked = false
  let issued = 0
  const requestTokens = new Map<string, RequestToken>()
  const nonces = new Set<string>()

  const refuse = (status: number, code: string, message: string): Answer => {
    host.audit('Failure', code)
    const answer = restletError(status, code, message)
    answer.headers['www-authenticate'] = `OAuth realm="${host.accountId}", error="${code}"`
    return answer
  }

  /** Check the common header parameters and the signature; the failure answer, or the params. */
  function check(
    method: string,
    url: URL,
    authorization: string | undefined,
    required: string[],
    tokenSecret: (params: Map<string, string>) => string | Answer,
  ): Answer | Map<string, string> {
    let params: Map<string, string>
    try {
      params = new Map(parseAuthorizationHeader(authorization ?? ''))
    } catch {
      return refuse(
        400,
        'MissingRequiredParameter',
        'The Authorization header is missing or malformed.',
      )
    }
    for (const name of [
      'oauth_consumer_key',
      'oauth_signature_method',
      'oauth_timestamp',
      'oauth_nonce',
      'oauth_signature',
      ...required,
    ]) {
      if (!params.get(name) && !(name === 'oauth_verifier' && params.has(name)))
        return refuse(400, 'MissingRequiredParameter', `The request lacks ${name}.`)
    }
    const key = params.get('oauth_consumer_key') as string
    if (key !== consumerKey) {
      if (host.isOtherIntegration(key))
        return refuse(
          401,
          'AuthorizationFlowRequired',
          'The integration record does not use the TBA authorization flow.',
        )
      return refuse(401, 'UnknownIntegration', 'The integration record could not be found.')
    }
    if (blocked) return refuse(401, 'IntegrationBlocked', 'The integration record is blocked.')
    if (params.get('oauth_signature_method') !== 'HMAC-SHA256')
      return refuse(401, 'InvalidSignature', 'Only HMAC-SHA256 is supported.')
    const version = params.get('oauth_version')
    if (version !== undefined && version !== '1.0')
      return refuse(400, 'MissingRequiredParameter', 'oauth_version must be 1.0.')
    const timestamp = params.get('oauth_timestamp') as string
    if (
      !/^\d{1,12}$/.test(timestamp) ||
      Math.abs(host.now() - Number(timestamp)) > host.maxSkewSeconds
    )
      return refuse(401, 'InvalidTimestamp', 'The timestamp is not in the allowed range.')
    const nonce = params.get('oauth_nonce') as string
    if (!/^[A-Za-z0-9]{6,64}$/.test(nonce) || nonces.has(`${timestamp}&${nonce}`))
      return refuse(401, 'NonceRejected', 'The nonce was rejected.')
    const ts = tokenSecret(params)
    if (typeof ts !== 'string') return ts
    const pairs = [...params]
      .filter(([name]) => name !== 'realm' && name !== 'oauth_signature')
      .map(([name, value]) => `${percentEncode(name)}=${percentEncode(value)}`)
    if (url.search.length > 1) pairs.push(url.search.slice(1))
    const base = signatureBaseString(method, url, normalizeParameters(pairs.join('&')))
    const expected = createHmac('sha256', signingKey(consumerSecret, ts))
      .update(base)
      .digest('base64')
    if (!equal(expected, params.get('oauth_signature') as string))
      return refuse(401, 'InvalidSignature', 'The signature is incorrect.')
    nonces.add(`${timestamp}&${nonce}`)
    return params
  }

  function requestToken(method: string, url: URL, authorization: string | undefined): Answer {
    const checked = check(method, url, authorization, ['oauth_callback'], (params) =>
      params.has('oauth_token')
        ? refuse(400, 'MissingRequiredParameter', 'Step one takes no oauth_token.')
        : '',
    )
    if (!(checked instanceof Map)) return checked
    const callback = checked.get('oauth_callback') as string
    if (!callbackUrls.some((registered) => matchesCallback(registered, callback)))
      return refuse(401, 'InvalidCallback', `InvalidCallback ${callback.slice(0, 200)}`)
    const token = randomBytes(32).toString('hex')
    const rts = secret()
    requestTokens.set(token, { secret: rts, callback, created: host.now() })
    issued++
    host.audit('Success', 'Request token issued')
    return form(200, {
      oauth_token: token,
      oauth_token_secret: rts,
      oauth_callback_confirmed: 'true',
    })
  }

  function redirect(
    token: string,
    entry: RequestToken,
    allow: boolean,
    state: string | null,
  ): Answer {
    entry.verifier = allow ? randomBytes(32).toString('hex') : ''
    entry.denied = !allow
    const target = new URL(entry.callback)
    target.searchParams.set('oauth_token', token)
    target.searchParams.set('oauth_verifier', entry.verifier)
    target.searchParams.set('company', host.accountId)
    target.searchParams.set('role', ROLE)
    target.searchParams.set('entity', ENTITY)
    if (state !== null) target.searchParams.set('state', state)
    host.audit(allow ? 'Success' : 'Failure', allow ? 'Consent given' : 'AuthorizationDenied')
    return {
      status: 302,
      headers: { location: target.href, 'cache-control': 'no-store' },
      body: '',
    }
  }

  function page(status: number, title: string, inner: string): Answer {
    return {
      status,
      headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
      body: `<!doctype html><html><head><meta charset="utf-8"><title>${esc(title)}</title></head><body><h1>${esc(title)}</h1>${inner}</body></html>`,
    }
  }

  function authorize(method: string, url: URL, body: string): Answer {
    const params = method === 'POST' ? new URLSearchParams(body) : url.searchParams
    const token = params.get('oauth_token') ?? ''
    const state = params.get('state')
    const entry = requestTokens.get(token)
    if (
      !entry ||
      entry.used ||
      entry.verifier !== undefined ||
      host.now() - entry.created > REQUEST_TOKEN_TTL
    )
      return page(
        400,
        'Invalid request token',
        '<p>The request token is unknown, expired or already used. Start again.</p>',
      )
    if (state !== null && !/^[A-Za-z0-9]{1,512}$/.test(state))
      return page(400, 'Invalid state', '<p>state must be at most 512 letters and digits.</p>')
    if (method === 'POST') {
      const decision = params.get('decision')
      if (decision !== 'allow' && decision !== 'deny') return page(400, 'Choose Allow or Deny', '')
      return redirect(token, entry, decision === 'allow', state)
    }
    if (consent !== 'page') return redirect(token, entry, consent === 'allow', state)
    const hidden = `<input type="hidden" name="oauth_token" value="${esc(token)}">${state === null ? '' : `<input type="hidden" name="state" value="${esc(state)}">`}`
    return page(
      200,
      'Grant access',
      `<p>The application asks for an access token for account ${esc(host.accountId)}, role Administrator.</p><form method="post" action="/app/login/secure/authorizetoken.nl">${hidden}<button type="submit" name="decision" value="allow" id="allow">Allow</button> <button type="submit" name="decision" value="deny" id="deny">Deny</button></form>`,
    )
  }

  function accessToken(method: string, url: URL, authorization: string | undefined): Answer {
    let entry: RequestToken | undefined
    const checked = check(
      method,
      url,
      authorization,
      ['oauth_token', 'oauth_verifier'],
      (params) => {
        entry = requestTokens.get(params.get('oauth_token') as string)
        if (!entry || entry.used || host.now() - entry.created > REQUEST_TOKEN_TTL)
          return refuse(
            401,
            'InvalidToken',
            'The request token is unknown, expired or already used.',
          )
        return entry.secret
      },
    )
    if (!(checked instanceof Map)) return checked
    const e = entry as RequestToken
    const verifier = checked.get('oauth_verifier') as string
    if (e.verifier === undefined || e.denied || !equal(e.verifier, verifier))
      return refuse(401, 'InvalidVerifier', 'The verifier does not match the request token.')
    e.used = true
    const { tokenId, tokenSecret } = host.issueToken(consumerKey, consumerSecret)
    host.audit('Success', 'Access token issued')
    return form(200, { oauth_token: tokenId, oauth_token_secret: tokenSecret })
  }

  return {
    controls: {
      consumerKey,
      consumerSecret,
      get callbackUrls() {
        return [...callbackUrls]
      },
      setCallbackUrls: (urls) => void (callbackUrls = [...urls]),
      consent: (mode) => void (consent = mode),
      block: (value) => void (blocked = value),
      issuedRequestTokens: () => issued,
    },
    handle(method, url, authorization, body) {
      if (url.pathname === '/rest/requesttoken')
        return method === 'POST'
          ? requestToken(method, url, authorization)
          : restletError(405, 'INVALID_REQUEST', 'Use POST.')
      if (url.pathname === '/rest/accesstoken')
        return method === 'POST'
          ? accessToken(method, url, authorization)
          : restletError(405, 'INVALID_REQUEST', 'Use POST.')
      if (url.pathname === '/app/login/secure/authorizetoken.nl')
        return method === 'GET' || method === 'POST'
          ? authorize(method, url, body)
          : restletError(405, 'INVALID_REQUEST', 'Use GET.')
      return undefined
    },
  }
}
