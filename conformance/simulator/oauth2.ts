/// <reference types="node" />
/**
 * The simulator's OAuth 2.0 side: NetSuite's token endpoint and Bearer checks on RESTlets and REST
 * (../shared/netsuite-oauth2.md parts A and C).
 *
 * - Token endpoint `POST /services/rest/auth/oauth2/v1/token`. Grants are looked up in
 *   {@link OAuth2Side.grants} by `grant_type`; `client_credentials` verifies the JWT client
 *   assertion against the certificates the simulator holds (alg allow-list, `kid`, `iss`, `aud`,
 *   `iat`/`exp` window, `scope`, `jti` replay). More grants plug in with `grants.set(name, handler)`.
 * - Error answers follow RFC 6749 §5.2 as NetSuite documents them for its token endpoint
 *   (`invalid_client` with `WWW-Authenticate: Basic realm="<account>"`). For an unsupported `alg`
 *   or a missing `kid` the simulator answers 500 `server_error`, as NetSuite was observed to do;
 *   the reason of every refusal goes to the Login Audit Trail with NetSuite's Detail value.
 * - Bearer tokens: 400 `invalid_request` for a malformed header, 401 `invalid_token` ("Invalid
 *   login attempt.") for an unknown, expired or revoked token or one without the surface's scope.
 *
 * @module
 */
import { constants, createPublicKey, randomBytes, verify, type KeyObject } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { accountOrigin } from '../../src/account_hosts.ts'
import { createKeyPairAndCertificate } from '../../src/oauth2/certificate.ts'
import { json, loginFailure, type Answer } from './responses.ts'
import type { Surface } from './scenarios.ts'

/** The token endpoint path. */
export const TOKEN_PATH = '/services/rest/auth/oauth2/v1/token'

/** What the OAuth 2.0 side needs from the simulator. */
export interface OAuth2Host {
  /** Canonical account id (the realm). */
  accountId: string
  /** Simulated now, in seconds (carries the injected clock offset). */
  now(): number
  /** Log a Login Audit Trail row (and count a success). */
  accept(detail: string, id?: string): void
  /** Log a refusal (Login Audit Trail row and counters). */
  reject(cause: string, detail: string, id?: string): void
}

/** Integration records the simulator holds; each gives a client ID with that behaviour. */
export type OAuth2ClientScenario =
  | 'ok'
  | 'restlets-only'
  | 'client-credentials-unchecked'
  | 'integration-blocked'
  | 'role-missing-oauth2-permission'

/** One integration record. */
export interface SimClient {
  clientId: string
  /** Client secret (confidential clients of the authorization code grant). */
  clientSecret: string
  /** Scope boxes checked on the record. */
  scopes: Set<string>
  /** Grant boxes checked on the record. */
  grants: Set<string>
  scenario: OAuth2ClientScenario
}

/** One uploaded certificate (M2M mapping). */
export interface SimCertificate {
  certificateId: string
  clientId: string
  publicKey: KeyObject
  revoked: boolean
}

/** One issued access token. */
export interface SimAccessToken {
  clientId: string
  scopes: string[]
  expiresAt: number
  revoked: boolean
  certificateId?: string
}

/** What a grant handler gets. */
export interface GrantContext {
  form: URLSearchParams
  request: Request
  /** Simulated now in seconds. */
  now: number
  /** The token URL as the client addressed it (the `aud` of an assertion). */
  tokenUrl: string
  side: OAuth2Side
}

/** A grant: turns a token request into an answer (use `side.issue` / `side.error`). */
export type GrantHandler = (context: GrantContext) => Answer | Promise<Answer>

/** Failures the token endpoint can be told to produce next. */
export type InjectedTokenFailure = 'server_error' | 'non_json'

/** The OAuth 2.0 controls a test or the CLI uses (`sim.oauth2`). */
export interface SimulatorOAuth2 {
  /** Client ID of the working integration record. */
  clientId: string
  /** Certificate ID of the simulator's own P-256 certificate, mapped to `clientId`. */
  certificateId: string
  /** Its private key, PKCS#8 PEM (a test value, not a secret). */
  privateKeyPem: string
  /** Its self-signed X.509 certificate, PEM, as uploaded to the M2M set-up page. */
  certificatePem: string
  /** Client ID of an integration record with that behaviour. */
  clientFor(scenario: OAuth2ClientScenario): string
  /**
   * Map a certificate (X.509 PEM) or public key (SPKI PEM) to a client, as the M2M set-up page
   * does; returns the Certificate ID. NetSuite's rules apply: RSA 3072+ bits, P-256/384/521.
   */
  addCertificate(pem: string, clientId?: string): string
  /** Fault injection. */
  inject: {
    /** Make every issued token expired (the server side; clients still think it valid). */
    expireTokens(): void
    /** Revoke one access token, or all when omitted. */
    revokeToken(accessToken?: string): void
    /** Revoke a certificate: its tokens stop working and new assertions are refused. */
    revokeCertificate(certificateId: string): void
    /** Lifetime of new tokens in seconds (default 3600). */
    tokenLifetime(seconds: number): void
    /** The next `count` token requests fail so. */
    failNextToken(count: number, kind: InjectedTokenFailure): void
  }
  /** Token requests answered with a token so far. */
  tokensIssued(): number
}

/** The OAuth 2.0 side of one simulator. */
export interface OAuth2Side {
  host: OAuth2Host
  clients: Map<string, SimClient>
  certificates: Map<string, SimCertificate>
  tokens: Map<string, SimAccessToken>
  /** Grant handlers by `grant_type`. */
  grants: Map<string, GrantHandler>
  /** Answer a token endpoint request, or undefined when the path is not the token endpoint. */
  handleHttp(req: IncomingMessage, url: URL, body: string): Promise<Answer | undefined>
  /** Check a Bearer request; undefined when it carries no Bearer token (TBA goes on). */
  authenticateBearer(
    surface: Surface,
    request: Request,
  ): { answer?: Answer; tokenId?: string } | undefined
  /** Issue an access token and answer with it (`extra` fields are added to the JSON). */
  issue(grant: {
    clientId: string
    scopes: string[]
    certificateId?: string
    extra?: Record<string, unknown>
  }): Answer
  /** An RFC 6749 §5.2 error answer, logged with the Login Audit Trail detail. */
  error(status: number, error: string, audit: string, id?: string): Answer
  api: SimulatorOAuth2
  reset(): void
}

const SCOPES = new Set(['restlets', 'rest_webservices', 'suite_analytics'])
const ALGORITHMS: Record<string, { hash: string; kind: 'ec' | 'rsa-pss'; curve?: string }> = {
  ES256: { hash: 'sha256', kind: 'ec', curve: 'prime256v1' },
  ES384: { hash: 'sha384', kind: 'ec', curve: 'secp384r1' },
  ES512: { hash: 'sha512', kind: 'ec', curve: 'secp521r1' },
  PS256: { hash: 'sha256', kind: 'rsa-pss' },
  PS384: { hash: 'sha384', kind: 'rsa-pss' },
  PS512: { hash: 'sha512', kind: 'rsa-pss' },
}
const SALT: Record<string, number> = { sha256: 32, sha384: 48, sha512: 64 }
const SURFACE_SCOPE: Record<string, string> = { restlet: 'restlets', rest: 'rest_webservices' }

function id(prefix: string): string {
  return prefix + randomBytes(16).toString('base64url').replace(/[-_]/g, 'x')
}

/** Check NetSuite's certificate conditions for a public key. */
export function checkCertificateKey(key: KeyObject): void {
  const details = key.asymmetricKeyDetails ?? {}
  if (key.asymmetricKeyType === 'ec') {
    if (!['prime256v1', 'secp384r1', 'secp521r1'].includes(details.namedCurve ?? ''))
      throw new Error(
        `NetSuite accepts EC keys on P-256, P-384 or P-521 only (got ${details.namedCurve}).`,
      )
    return
  }
  if (key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'rsa-pss') {
    if ((details.modulusLength ?? 0) < 3072)
      throw new Error(
        `NetSuite accepts RSA keys of 3072 or 4096 bits only (got ${details.modulusLength}).`,
      )
    return
  }
  throw new Error(`NetSuite does not accept ${key.asymmetricKeyType} keys.`)
}

/** Create the OAuth 2.0 side; its own P-256 key and certificate are made here. */
export async function createOAuth2Side(host: OAuth2Host): Promise<OAuth2Side> {
  const clients = new Map<string, SimClient>()
  const byScenario = new Map<OAuth2ClientScenario, string>()
  for (const scenario of [
    'ok',
    'restlets-only',
    'client-credentials-unchecked',
    'integration-blocked',
    'role-missing-oauth2-permission',
  ] as const) {
    const clientId = randomBytes(32).toString('hex')
    clients.set(clientId, {
      clientId,
      clientSecret: randomBytes(32).toString('hex'),
      scopes: new Set(scenario === 'restlets-only' ? ['restlets'] : SCOPES),
      grants: new Set(
        scenario === 'client-credentials-unchecked'
          ? ['authorization_code', 'refresh_token']
          : ['client_credentials', 'authorization_code', 'refresh_token'],
      ),
      scenario,
    })
    byScenario.set(scenario, clientId)
  }
  const okClient = byScenario.get('ok') as string
  const certificates = new Map<string, SimCertificate>()
  const tokens = new Map<string, SimAccessToken>()
  const usedJti = new Map<string, number>()
  let lifetime = 3600
  let issued = 0
  let failQueue: InjectedTokenFailure[] = []

  function addCertificate(pem: string, clientId = okClient): string {
    if (!clients.has(clientId)) throw new Error('Unknown simulator client ID.')
    const publicKey = createPublicKey(pem)
    checkCertificateKey(publicKey)
    const certificateId = id('')
    certificates.set(certificateId, { certificateId, clientId, publicKey, revoked: false })
    return certificateId
  }

  const own = await createKeyPairAndCertificate({
    kind: 'P-256',
    commonName: 'netsuite-tba simulator',
  })
  const ownCertificateId = addCertificate(own.certificatePem)

  const side: OAuth2Side = {
    host,
    clients,
    certificates,
    tokens,
    grants: new Map<string, GrantHandler>([['client_credentials', clientCredentialsGrant]]),
    handleHttp,
    authenticateBearer,
    issue,
    error,
    api: {
      clientId: okClient,
      certificateId: ownCertificateId,
      privateKeyPem: own.privateKeyPem,
      certificatePem: own.certificatePem,
      clientFor: (scenario) => {
        const clientId = byScenario.get(scenario)
        if (!clientId) throw new Error(`Unknown OAuth 2.0 scenario ${JSON.stringify(scenario)}.`)
        return clientId
      },
      addCertificate,
      inject: {
        expireTokens: () => {
          for (const t of tokens.values()) t.expiresAt = Math.min(t.expiresAt, host.now() - 1)
        },
        revokeToken: (accessToken) => {
          for (const [value, t] of tokens)
            if (accessToken === undefined || value === accessToken) t.revoked = true
        },
        revokeCertificate: (certificateId) => {
          const c = certificates.get(certificateId)
          if (!c) throw new Error('Unknown certificate ID.')
          c.revoked = true
        },
        tokenLifetime: (seconds) => void (lifetime = seconds),
        failNextToken: (count, kind) =>
          void failQueue.push(...Array.from({ length: count }, () => kind)),
      },
      tokensIssued: () => issued,
    },
    reset: () => {
      tokens.clear()
      usedJti.clear()
      lifetime = 3600
      issued = 0
      failQueue = []
      for (const c of certificates.values()) c.revoked = false
    },
  }
  return side

  function error(status: number, value: string, audit: string, who?: string): Answer {
    host.reject(`oauth2_${value}`, audit, who)
    const answer = json(status, { error: value })
    answer.headers['cache-control'] = 'no-store'
    answer.headers.date = new Date(host.now() * 1000).toUTCString()
    if (value === 'invalid_client')
      answer.headers['www-authenticate'] = `Basic realm="${host.accountId}"`
    return answer
  }

  function issue(grant: {
    clientId: string
    scopes: string[]
    certificateId?: string
    extra?: Record<string, unknown>
  }): Answer {
    const accessToken = id('nsat')
    tokens.set(accessToken, {
      clientId: grant.clientId,
      scopes: grant.scopes,
      expiresAt: host.now() + lifetime,
      revoked: false,
      ...(grant.certificateId ? { certificateId: grant.certificateId } : {}),
    })
    issued++
    host.accept('Success (OAuth 2.0 token issued)', grant.clientId.slice(0, 12))
    const answer = json(200, {
      access_token: accessToken,
      expires_in: lifetime,
      token_type: 'bearer',
      ...grant.extra,
    })
    answer.headers['cache-control'] = 'no-store'
    answer.headers.date = new Date(host.now() * 1000).toUTCString()
    return answer
  }

  async function handleHttp(
    req: IncomingMessage,
    url: URL,
    body: string,
  ): Promise<Answer | undefined> {
    if (url.pathname !== TOKEN_PATH) return undefined
    if (req.method !== 'POST')
      return error(400, 'invalid_request', 'InvalidRequest (token endpoint needs POST)')
    const type = String(req.headers['content-type'] ?? '')
    if (!/^application\/x-www-form-urlencoded\b/i.test(type))
      return error(
        400,
        'invalid_request',
        'InvalidRequest (content type must be application/x-www-form-urlencoded)',
      )
    const injected = failQueue.shift()
    if (injected === 'server_error') return error(500, 'server_error', 'Injected server_error')
    if (injected === 'non_json') {
      host.reject('oauth2_injected_non_json', 'Injected non-JSON answer')
      return {
        status: 502,
        headers: { 'content-type': 'text/html' },
        body: '<html><body>Bad Gateway</body></html>',
      }
    }
    const headers = new Headers()
    for (let i = 0; i < req.rawHeaders.length; i += 2)
      headers.append(req.rawHeaders[i] as string, req.rawHeaders[i + 1] as string)
    const tokenUrl = `http://${req.headers.host}${TOKEN_PATH}`
    const request = new Request(tokenUrl, { method: 'POST', headers, body })
    const form = new URLSearchParams(body)
    const grantType = form.get('grant_type')
    if (!grantType) return error(400, 'invalid_request', 'InvalidRequest (grant_type missing)')
    const grant = side.grants.get(grantType)
    if (!grant) return error(400, 'unsupported_grant_type', 'InvalidGrantType')
    return grant({ form, request, now: host.now(), tokenUrl, side })
  }

  function clientCredentialsGrant({ form, request, now, tokenUrl }: GrantContext): Answer {
    if (request.headers.has('authorization'))
      return error(400, 'invalid_request', 'InvalidRequest (two client authentication methods)')
    if (
      form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'
    )
      return error(400, 'invalid_request', 'InvalidRequest (client_assertion_type)')
    const assertion = form.get('client_assertion') ?? ''
    const parts = assertion.split('.')
    const decode = (part: string | undefined): Record<string, unknown> | undefined => {
      try {
        const v: unknown = JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8'))
        return typeof v === 'object' && v !== null && !Array.isArray(v)
          ? (v as Record<string, unknown>)
          : undefined
      } catch {
        return undefined
      }
    }
    const header = decode(parts[0])
    const claims = decode(parts[1])
    if (parts.length !== 3 || !header || !claims || !/^[A-Za-z0-9_-]+$/.test(parts[2] ?? ''))
      return error(400, 'invalid_request', 'InvalidRequest (client_assertion is not a JWT)')
    const iss = typeof claims.iss === 'string' ? claims.iss : ''
    const client = clients.get(iss)
    if (!client) return error(401, 'invalid_client', 'UnknownIntegration (iss is no client ID)')
    const who = iss.slice(0, 12)
    if (client.scenario === 'integration-blocked')
      return error(401, 'invalid_client', 'IntegrationBlocked', who)
    if (!client.grants.has('client_credentials'))
      return error(
        400,
        'unauthorized_client',
        'AuthorizationCodeGrantRequired (Client Credentials box unchecked)',
        who,
      )
    if (header.typ !== 'JWT')
      return error(400, 'invalid_request', 'InvalidRequest (typ must be JWT)', who)
    const alg = typeof header.alg === 'string' ? ALGORITHMS[header.alg] : undefined
    if (!alg)
      return error(500, 'server_error', `UnsupportedAlgo (${String(header.alg).slice(0, 10)})`, who)
    if (typeof header.kid !== 'string' || header.kid === '')
      return error(500, 'server_error', 'MissingKeyId', who)
    const certificate = certificates.get(header.kid)
    if (!certificate || certificate.clientId !== iss)
      return error(400, 'invalid_grant', 'MissingKey', who)
    if (certificate.revoked)
      return error(400, 'invalid_grant', 'MissingKey (certificate revoked)', who)
    const keyType = certificate.publicKey.asymmetricKeyType
    const curve = certificate.publicKey.asymmetricKeyDetails?.namedCurve
    const fits =
      alg.kind === 'ec'
        ? keyType === 'ec' && curve === alg.curve
        : keyType === 'rsa' || keyType === 'rsa-pss'
    const data = Buffer.from(`${parts[0]}.${parts[1]}`)
    const signature = Buffer.from(parts[2] as string, 'base64url')
    const valid =
      fits &&
      verify(
        alg.hash,
        data,
        alg.kind === 'ec'
          ? { key: certificate.publicKey, dsaEncoding: 'ieee-p1363' }
          : {
              key: certificate.publicKey,
              padding: constants.RSA_PKCS1_PSS_PADDING,
              saltLength: SALT[alg.hash] as number,
            },
        signature,
      )
    if (!valid) return error(400, 'invalid_grant', 'SignatureValidation', who)
    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud]
    const accepted = [
      tokenUrl,
      ...(['suitetalk', 'restlets'] as const).map(
        (d) => `${accountOrigin(host.accountId, d)}${TOKEN_PATH}`,
      ),
    ]
    if (!audiences.some((a) => typeof a === 'string' && accepted.includes(a)))
      return error(400, 'invalid_grant', 'InvalidAudience (aud is not the token endpoint)', who)
    const { iat, exp } = claims
    if (
      typeof iat !== 'number' ||
      typeof exp !== 'number' ||
      !Number.isInteger(iat) ||
      !Number.isInteger(exp)
    )
      return error(400, 'invalid_grant', 'TokenNotAcceptable (iat/exp missing)', who)
    if (iat > now + 1)
      return error(400, 'invalid_grant', 'TokenNotAcceptable (issued in the future)', who)
    if (exp <= now) return error(400, 'invalid_grant', 'TokenExpired', who)
    if (exp - iat >= 3600) return error(400, 'invalid_grant', 'TokenValidityTooBroad', who)
    if (claims.jti !== undefined) {
      if (typeof claims.jti !== 'string')
        return error(400, 'invalid_grant', 'TokenNotAcceptable (jti)', who)
      for (const [k, until] of usedJti) if (until < now) usedJti.delete(k)
      if (usedJti.has(claims.jti))
        return error(400, 'invalid_grant', 'TokenNotAcceptable (jti replay)', who)
      usedJti.set(claims.jti, exp)
    }
    const scopes = Array.isArray(claims.scope)
      ? claims.scope
      : typeof claims.scope === 'string'
        ? claims.scope.split(/[\s,]+/).filter(Boolean)
        : []
    if (scopes.length === 0 || !scopes.every((s) => typeof s === 'string' && SCOPES.has(s)))
      return error(400, 'invalid_scope', 'InvalidScope', who)
    if (!scopes.every((s) => client.scopes.has(s as string)))
      return error(400, 'invalid_scope', 'ScopeMismatched', who)
    if (client.scenario === 'role-missing-oauth2-permission')
      return error(
        400,
        'invalid_grant',
        'EntityOrRoleDisabled (role lacks Log in using OAuth 2.0 Access Tokens)',
        who,
      )
    return issue({
      clientId: iss,
      scopes: scopes as string[],
      certificateId: certificate.certificateId,
    })
  }

  function authenticateBearer(
    surface: Surface,
    request: Request,
  ): { answer?: Answer; tokenId?: string } | undefined {
    const header = request.headers.get('authorization') ?? ''
    if (!/^Bearer(\s|$)/i.test(header)) return undefined
    const value = header.slice(6).trim()
    const realm = host.accountId
    if (!/^[A-Za-z0-9\-._~+/]+=*$/.test(value)) {
      host.reject('oauth2_invalid_request', 'InvalidRequest (malformed Bearer header)')
      const text = 'The request could not be understood by the server due to malformed syntax.'
      const answer = json(400, { error: { code: 'INVALID_REQUEST', message: text } })
      answer.headers['www-authenticate'] =
        `Bearer realm="${realm}", error="invalid_request", error_description="${text}"`
      return { answer }
    }
    const t = tokens.get(value)
    const certificate = t?.certificateId ? certificates.get(t.certificateId) : undefined
    const reason = !t
      ? 'InvalidToken (unknown)'
      : t.revoked
        ? 'TokenBlocked'
        : certificate?.revoked
          ? 'TokenBlocked (certificate revoked)'
          : t.expiresAt <= host.now()
            ? 'AccessTokenExpired'
            : !t.scopes.includes(SURFACE_SCOPE[surface] ?? '')
              ? 'ScopeMismatched'
              : undefined
    if (reason) {
      host.reject('oauth2_invalid_token', reason)
      const answer = loginFailure(surface, realm, 'invalid_token')
      answer.headers['www-authenticate'] =
        `Bearer realm="${realm}", error="invalid_token", error_description="Invalid login attempt."`
      return { answer }
    }
    return { tokenId: value }
  }
}
