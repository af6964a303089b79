/// <reference types="node" />
/**
 * An offline NetSuite for tests: a loopback HTTP server that checks TBA the way NetSuite does (with
 * `verifyRequest`) and answers like NetSuite on RESTlets, REST web services and SOAP.
 *
 * @module
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { parseAccountId } from '../../src/account_id.ts'
import { parseAuthorizationHeader } from '../../src/authorization_header.ts'
import type { TbaCredentials } from '../../src/types.ts'
import { createMemoryNonceStore, verifyRequest } from '../../src/verify.ts'
import { replayKey } from '../../src/verify_nonce_store.ts'
import { createAccountData, restletEcho, restRoute, soapRoute } from './handlers.ts'
import { createOAuth2Side, type SimulatorOAuth2 } from './oauth2.ts'
import {
  concurrencyFailure,
  injectedFailure,
  json,
  loginFailure,
  permissionFailure,
  restletError,
  soapFault,
  type Answer,
} from './responses.ts'
import {
  SCENARIOS,
  VERIFY_CAUSES,
  type Failure,
  type SimulatorScenario,
  type Surface,
} from './scenarios.ts'
import { createTbaFlow, type TbaFlowControls } from './tba_flow.ts'
import { installAuthorizationCode, type SimulatorAuthorizationCode } from './oauth2_code.ts'

export type { SimulatorScenario } from './scenarios.ts'
export type { ConsentMode, TbaFlowControls } from './tba_flow.ts'
export type { OAuth2ConsentMode, SimulatorAuthorizationCode } from './oauth2_code.ts'
export type { OAuth2ClientScenario, SimulatorOAuth2 } from './oauth2.ts'

/** Options of {@link startSimulator}. */
export interface SimulatorOptions {
  /** Loopback address to listen on (default 127.0.0.1). */
  host?: string
  /** Port (default 0: a free one). */
  port?: number
  /** The simulated account (default `1234567_SB1`). */
  accountId?: string
  /** Account concurrency limit (default 5). */
  concurrencyLimit?: number
  /** Timestamp tolerance in seconds (default 300). */
  maxSkewSeconds?: number
  /** Rows of the SuiteQL table (default 2500). */
  suiteqlRows?: number
  /** Test observation: called with every authenticated request before it is answered. */
  onAccepted?: (request: Request) => void
}

/** Kinds of injected failure. */
export type InjectedFailure =
  '429' | '503' | 'SSS_REQUEST_LIMIT_EXCEEDED' | 'WS_REQUEST_BLOCKED' | 'network'

/** One Login Audit Trail row. */
export interface AuditEntry {
  time: string
  tokenId?: string
  status: 'Success' | 'Failure'
  detail: string
}

/** Counters of a running simulator. */
export interface SimulatorStats {
  requests: number
  accepted: number
  rejected: number
  maxConcurrent: number
  replays: number
  byCause: Record<string, number>
}

/** A running simulator. */
export interface Simulator {
  /** `http://127.0.0.1:PORT`: pass as `baseUrl` to every adapter. */
  url: string
  /** The simulated account id (canonical). */
  accountId: string
  /** A working token with every permission. */
  credentials: TbaCredentials
  /** A token whose use produces that failure. */
  credentialsFor(scenario: SimulatorScenario): TbaCredentials
  /** The echo RESTlet. */
  restlet: { script: number; deploy: number }
  /** OAuth 2.0: the token endpoint's clients and certificates, and its fault injection. */
  oauth2: SimulatorOAuth2
  /** OAuth 2.0 authorization code grant: consent page, clients, refresh rules, revoke. */
  oauth2Code: SimulatorAuthorizationCode
  /** Fault injection. */
  inject: {
    clockOffset(seconds: number): void
    failNext(count: number, kind: InjectedFailure): void
    revoke(tokenId: string): void
    delayMs(ms: number): void
    reset(): void
  }
  /** Counters. */
  stats(): SimulatorStats
  /** The simulated Login Audit Trail, oldest first. */
  loginAuditTrail(): AuditEntry[]
  /** The three-step TBA authorization flow: its integration record and test switches. */
  tbaFlow: TbaFlowControls
  /** Stop listening. */
  close(): Promise<void>
}

interface Token {
  consumerKey: string
  consumerSecret: string
  tokenSecret: string
  scenario: SimulatorScenario
}

const RESTLET = { script: 1001, deploy: 1 }
const SCENARIO_NAMES = Object.keys(SCENARIOS) as SimulatorScenario[]

function rawHeaders(req: IncomingMessage): Headers {
  const headers = new Headers()
  for (let i = 0; i < req.rawHeaders.length; i += 2)
    headers.append(req.rawHeaders[i] as string, req.rawHeaders[i + 1] as string)
  return headers
}

function secret(): string {
  return randomBytes(24).toString('hex')
}

/**
 * Start a simulator on loopback. Only loopback addresses are accepted.
 *
 * @example
 * ```ts
 * const sim = await startSimulator()
 * const restlet = createRestletClient({ credentials: sim.credentials, baseUrl: sim.url })
 * await restlet.get({ ...sim.restlet })
 * await sim.close()
 * ```
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const host = options.host ?? '127.0.0.1'
  if (!/^(127\.\d+\.\d+\.\d+|::1|localhost)$/.test(host)) {
    throw new Error(`The simulator listens on loopback only (got ${host}).`)
  }
  const { accountId } = parseAccountId(options.accountId ?? '1234567_SB1')
  const limit = options.concurrencyLimit ?? 5
  const maxSkew = options.maxSkewSeconds ?? 300
  const data = createAccountData(options.suiteqlRows ?? 2500)

  const tokens = new Map<string, Token>()
  const creds = new Map<SimulatorScenario, TbaCredentials>()
  for (const scenario of SCENARIO_NAMES) {
    const tag = scenario.replace(/[^a-z]/g, '').slice(0, 20)
    const consumerKey = `ck${tag}${randomBytes(8).toString('hex')}`
    const tokenId = `tk${tag}${randomBytes(8).toString('hex')}`
    const t: Token = { consumerKey, consumerSecret: secret(), tokenSecret: secret(), scenario }
    tokens.set(tokenId, t)
    creds.set(scenario, {
      accountId,
      consumerKey,
      consumerSecret: t.consumerSecret,
      tokenId,
      tokenSecret: t.tokenSecret,
    })
  }
  const revoked = new Set<string>()
  const known = (consumerKey: string): boolean =>
    [...tokens.values()].some(
      (t) => t.consumerKey === consumerKey && t.scenario !== 'unknown-consumer',
    )

  let clockOffset = 0
  let delay = 0
  let failQueue: InjectedFailure[] = []
  let active = 0
  let stats: SimulatorStats = {
    requests: 0,
    accepted: 0,
    rejected: 0,
    maxConcurrent: 0,
    replays: 0,
    byCause: {},
  }
  const audit: AuditEntry[] = []
  let nonceStore = createMemoryNonceStore({
    maxEntries: 200_000,
    now: () => Date.now() / 1000 + clockOffset,
  })
  const now = (): number => Date.now() / 1000 + clockOffset

  const record = (status: 'Success' | 'Failure', detail: string, tokenId?: string): void => {
    audit.push({
      time: new Date(now() * 1000).toISOString(),
      ...(tokenId ? { tokenId } : {}),
      status,
      detail,
    })
    if (audit.length > 10_000) audit.shift()
  }
  const reject = (cause: string, detail: string, tokenId?: string): void => {
    stats.rejected++
    stats.byCause[cause] = (stats.byCause[cause] ?? 0) + 1
    if (cause === 'nonce_used') stats.replays++
    record('Failure', detail, tokenId)
  }

  const tbaFlow = createTbaFlow({
    accountId,
    now,
    maxSkewSeconds: maxSkew,
    isOtherIntegration: known,
    issueToken: (consumerKey, consumerSecret) => {
      const tokenId = `tkflow${randomBytes(8).toString('hex')}`
      const tokenSecret = secret()
      tokens.set(tokenId, { consumerKey, consumerSecret, tokenSecret, scenario: 'ok' })
      return { tokenId, tokenSecret }
    },
    audit: (status, detail) => record(status, detail),
  })

  const oauth2 = await createOAuth2Side({
    accountId,
    now,
    accept: (detail, id) => {
      stats.accepted++
      record('Success', detail, id)
    },
    reject,
  })

  const oauth2Code = installAuthorizationCode(oauth2)

  function surfaceOf(url: URL): Surface | undefined {
    if (url.pathname === '/app/site/hosting/restlet.nl') return 'restlet'
    if (url.pathname.startsWith('/services/rest/')) return 'rest'
    if (/^\/services\/NetSuitePort_\d{4}_\d$/.test(url.pathname)) return 'soap'
    return undefined
  }

  /** Authenticate; undefined = accepted (token returned via out). */
  async function authenticate(
    surface: Surface,
    request: Request,
    body: string,
  ): Promise<{ answer?: Answer; tokenId?: string }> {
    if (surface === 'soap') return authenticatePassport(body)
    const bearer = oauth2.authenticateBearer(surface, request)
    if (bearer) return bearer
    const header = request.headers.get('authorization') ?? ''
    let consumerKey: string | undefined
    let tokenId: string | undefined
    try {
      const p = new Map(parseAuthorizationHeader(header))
      consumerKey = p.get('oauth_consumer_key')
      tokenId = p.get('oauth_token')
    } catch {
      /* verifyRequest reports it */
    }
    const result = await verifyRequest(request, {
      realm: accountId,
      maxSkewSeconds: maxSkew,
      now,
      nonceStore,
      lookup: (ck, tk) => {
        const t = tokens.get(tk)
        if (!t || t.consumerKey !== ck || revoked.has(tk)) return undefined
        if (
          t.scenario === 'unknown-consumer' ||
          t.scenario === 'revoked-token' ||
          t.scenario === 'token-other-account'
        )
          return undefined
        return { consumerSecret: t.consumerSecret, tokenSecret: t.tokenSecret }
      },
    })
    if (!result.ok) {
      let {
        cause,
        audit: detail,
        status,
      } = VERIFY_CAUSES[result.code] ?? { cause: 'token_rejected', audit: result.code }
      const t = tokenId === undefined ? undefined : tokens.get(tokenId)
      if (result.code === 'ERR_VERIFY_UNKNOWN_CREDENTIALS') {
        const scenarioFailure =
          t && t.consumerKey === consumerKey ? SCENARIOS[t.scenario][surface] : undefined
        if (t && revoked.has(tokenId as string))
          ({ cause, audit: detail } = SCENARIOS['revoked-token'].restlet as Failure)
        else if (scenarioFailure) ({ cause, audit: detail } = scenarioFailure)
        else if (consumerKey === undefined || !known(consumerKey))
          ({ cause, audit: detail } = SCENARIOS['unknown-consumer'].restlet as Failure)
      }
      reject(cause, `${detail} — ${result.reason}`, tokenId)
      if (status === 400) {
        const text = 'The request could not be understood by the server due to malformed syntax.'
        return {
          answer:
            surface === 'restlet'
              ? restletError(400, 'INVALID_REQUEST', text)
              : json(400, {
                  title: text,
                  status: 400,
                  'o:errorDetails': [{ detail: text, 'o:errorCode': 'INVALID_REQUEST' }],
                }),
        }
      }
      return { answer: loginFailure(surface, accountId, cause) }
    }
    return { tokenId: result.tokenId }
  }

  async function authenticatePassport(xml: string): Promise<{ answer?: Answer; tokenId?: string }> {
    const passports =
      xml.match(/<(?:[\w.-]+:)?tokenPassport[\s>][\s\S]*?<\/(?:[\w.-]+:)?tokenPassport>/g) ?? []
    const fail = (
      cause: string,
      detail: string,
      tokenId?: string,
      code = 'INVALID_LOGIN_ATTEMPT',
      message?: string,
    ): { answer: Answer } => {
      reject(cause, detail, tokenId)
      return {
        answer: message
          ? soapFault('invalidCredentialsFault', code, message)
          : loginFailure('soap', accountId, cause, code),
      }
    }
    if (/applicationInfo/.test(xml) && passports.length > 0)
      return fail(
        'ambiguous_authentication',
        'Ambiguous authentication',
        undefined,
        'USER_ERROR',
        'Ambiguous authentication',
      )
    if (passports.length !== 1)
      return fail(
        'token_rejected',
        passports.length ? 'two TokenPassports' : 'MissingTokenPassportRequiredFields',
      )
    const p = passports[0] as string
    const field = (name: string): string | undefined =>
      /<(?:[\w.-]+:)?X(?:\s[^>]*)?>([^<]*)</.exec(p.replace('X', name))?.[1]
    const get = (name: string): string | undefined =>
      new RegExp(`<(?:[\\w.-]+:)?${name}(?:\\s[^>]*)?>([^<]*)<`).exec(p)?.[1]
    void field
    const [account, consumerKey, tokenId, nonce, timestamp, signature] = [
      'account',
      'consumerKey',
      'token',
      'nonce',
      'timestamp',
      'signature',
    ].map(get)
    const algorithm = /<(?:[\w.-]+:)?signature[^>]*algorithm="([^"]*)"/.exec(p)?.[1]
    if (!account || !consumerKey || !tokenId || !nonce || !timestamp || !signature)
      return fail('parameter_absent', 'MissingTokenPassportRequiredFields', tokenId)
    if (algorithm !== 'HMAC-SHA256')
      return fail('signature_invalid', 'InvalidSignature (algorithm must be HMAC-SHA256)', tokenId)
    if (!/^[A-Za-z0-9]{6,64}$/.test(nonce)) return fail('nonce_rejected', 'nonce_rejected', tokenId)
    if (!/^\d{1,12}$/.test(timestamp) || Math.abs(now() - Number(timestamp)) > maxSkew)
      return fail('timestamp_refused', 'InvalidTimestamp', tokenId)
    const t = tokens.get(tokenId)
    if (!t || t.consumerKey !== consumerKey)
      return fail(
        known(consumerKey) ? 'token_rejected' : 'consumer_key_unknown',
        known(consumerKey) ? 'token_rejected' : 'consumer_key_unknown',
        tokenId,
      )
    const expected = createHmac('sha256', `${t.consumerSecret}&${t.tokenSecret}`)
      .update([account, consumerKey, tokenId, nonce, timestamp].join('&'))
      .digest()
    const given = Buffer.from(signature, 'base64')
    if (
      account !== accountId ||
      given.length !== expected.length ||
      !timingSafeEqual(given, expected)
    )
      return fail(
        'signature_invalid',
        account !== accountId ? 'InvalidSignature (account/realm case)' : 'InvalidSignature',
        tokenId,
      )
    if (!(await nonceStore.add(replayKey(consumerKey, tokenId, timestamp, nonce), maxSkew * 2)))
      return fail('nonce_used', 'NonceUsed', tokenId)
    if (revoked.has(tokenId))
      return fail('token_rejected', (SCENARIOS['revoked-token'].soap as Failure).audit, tokenId)
    return { tokenId }
  }

  function answerFor(
    surface: Surface,
    request: Request,
    url: URL,
    body: string,
    tokenId: string,
  ): Answer {
    const scenario = tokens.get(tokenId)?.scenario ?? 'ok'
    const failure = SCENARIOS[scenario][surface]
    let operation = ''
    if (surface === 'soap') {
      operation =
        (request.headers.get('soapaction') ?? '').replace(/"/g, '') ||
        (/<(?:[\w.-]+:)?Body[^>]*>\s*<(?:[\w.-]+:)?(\w+)/.exec(body)?.[1] ?? '')
    }
    if (failure) {
      if (failure.kind === 'login' || failure.kind === 'restletCredentials') {
        reject(failure.cause, failure.audit, tokenId)
        return loginFailure(
          surface,
          accountId,
          failure.cause,
          failure.kind === 'restletCredentials' ? 'INVALID_LOGIN_CREDENTIALS' : undefined,
        )
      }
      const touchesRecords = surface === 'rest' || operation === 'get' || operation === 'update'
      if (failure.kind === 'permission' || touchesRecords) {
        stats.accepted++
        record('Success', failure.audit, tokenId)
        if (failure.kind === 'record-permission') {
          return surface === 'soap'
            ? soapFault(
                'insufficientPermissionFault',
                'INSUFFICIENT_PERMISSION',
                'Permission Violation: You need the Budget permission to access this record.',
              )
            : {
                ...permissionFailure('rest'),
                status: 403,
                body: JSON.stringify({
                  title: 'Forbidden',
                  status: 403,
                  'o:errorDetails': [
                    {
                      detail:
                        'Permission Violation: You need a higher level of the Customers permission to access this page. Please contact your account administrator.',
                      'o:errorCode': 'INSUFFICIENT_PERMISSION',
                    },
                  ],
                }),
              }
        }
        return permissionFailure(surface)
      }
    }
    stats.accepted++
    record('Success', 'Success', tokenId)
    if (surface === 'restlet') {
      const script = Number(url.searchParams.get('script'))
      const deploy = Number(url.searchParams.get('deploy'))
      if (script !== RESTLET.script || deploy !== RESTLET.deploy)
        return restletError(
          400,
          'SSS_INVALID_SCRIPTLET_ID',
          'That Suitelet is invalid, disabled, or no longer exists.',
        )
      return restletEcho(request.method, url, body)
    }
    if (surface === 'rest' && url.pathname === '/services/rest/system/v1/governanceLimits')
      return json(200, {
        accountConcurrencyLimit: limit,
        accountUnallocatedConcurrencyLimit: limit,
        integrationLimitType: 'accountLimit',
      })
    if (surface === 'rest') return restRoute(request.method, url, body, data)
    return soapRoute(operation, body, data, now() * 1000)
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const body = Buffer.concat(chunks).toString('utf8')
    const url = new URL(req.url ?? '/', base)
    if (url.pathname === '/simulator/login-audit-trail' && req.method === 'GET')
      return send(res, json(200, audit))
    const flowAnswer = tbaFlow.handle(
      req.method ?? 'GET',
      new URL(url.pathname + url.search, `http://${req.headers.host ?? base.slice(7)}`),
      req.headers.authorization,
      body,
    )
    if (flowAnswer) return send(res, flowAnswer)
    const codeAnswer = oauth2Code.handle(req.method ?? 'GET', url, body, rawHeaders(req))
    if (codeAnswer) return send(res, codeAnswer)
    const tokenAnswer = await oauth2.handleHttp(req, url, body)
    if (tokenAnswer) return send(res, tokenAnswer)
    const surface = surfaceOf(url)
    if (!surface)
      return send(
        res,
        json(404, { error: { code: 'NOT_FOUND', message: 'No such path in the simulator.' } }),
      )
    stats.requests++
    active++
    stats.maxConcurrent = Math.max(stats.maxConcurrent, active)
    let answer: Answer | undefined
    let destroy = false
    try {
      // NetSuite answers over-limit requests at once (§6 concurrency rows).
      if (active > limit) {
        reject('concurrency_limit', 'Concurrency limit exceeded')
        answer = concurrencyFailure(surface)
        return
      }
      const headers = new Headers()
      for (let i = 0; i < req.rawHeaders.length; i += 2)
        headers.append(req.rawHeaders[i] as string, req.rawHeaders[i + 1] as string)
      const request = new Request(
        // The URL as the client addressed it (Host header): the signed host is what gets checked.
        new URL(url.pathname + url.search, `http://${req.headers.host ?? base.slice(7)}`),
        {
          method: req.method ?? 'GET',
          headers,
          ...(req.method === 'GET' || req.method === 'HEAD' || body === '' ? {} : { body }),
        },
      )
      const auth = await authenticate(surface, request, body)
      if (auth.answer) {
        answer = auth.answer
        return
      }
      options.onAccepted?.(request)
      const injected = failQueue.shift()
      if (injected !== undefined) {
        reject(`injected_${injected}`, `Injected ${injected}`, auth.tokenId)
        if (injected === 'network') {
          destroy = true
          return
        }
        answer = injectedFailure(surface, injected)
        return
      }
      if (delay > 0) await new Promise((r) => setTimeout(r, delay))
      answer = answerFor(surface, request, url, body, auth.tokenId as string)
    } finally {
      active--
      if (destroy) req.socket.destroy()
      else
        send(
          res,
          answer ?? json(500, { error: { code: 'UNEXPECTED_ERROR', message: 'Simulator error.' } }),
        )
    }
  }

  function send(res: ServerResponse, answer: Answer): void {
    if (res.destroyed) return
    res.writeHead(answer.status, {
      ...answer.headers,
      'content-length': Buffer.byteLength(answer.body),
    })
    res.end(answer.body)
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent)
        send(res, json(500, { error: { code: 'UNEXPECTED_ERROR', message: 'Simulator error.' } }))
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => resolve())
  })
  const address = server.address() as AddressInfo
  const base = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`

  return {
    url: base,
    accountId,
    credentials: creds.get('ok') as TbaCredentials,
    credentialsFor: (scenario) => {
      const c = creds.get(scenario)
      if (!c) throw new Error(`Unknown simulator scenario ${JSON.stringify(scenario)}.`)
      if (scenario === 'token-other-account')
        return {
          ...c,
          accountId:
            accountId.replace(/_SB\d+$/, '') === accountId ? `${accountId}_SB1` : accountId,
        }
      return c
    },
    restlet: { ...RESTLET },
    oauth2: oauth2.api,
    oauth2Code: oauth2Code.api,
    inject: {
      clockOffset: (seconds) => void (clockOffset = seconds),
      failNext: (count, kind) => void failQueue.push(...Array.from({ length: count }, () => kind)),
      revoke: (tokenId) => void revoked.add(tokenId),
      delayMs: (ms) => void (delay = ms),
      reset: () => {
        clockOffset = 0
        delay = 0
        failQueue = []
        revoked.clear()
        stats = { requests: 0, accepted: 0, rejected: 0, maxConcurrent: 0, replays: 0, byCause: {} }
        audit.length = 0
        oauth2.reset()
        oauth2Code.api.reset()
        nonceStore = createMemoryNonceStore({
          maxEntries: 200_000,
          now: () => Date.now() / 1000 + clockOffset,
        })
      },
    },
    stats: () => ({ ...stats, byCause: { ...stats.byCause } }),
    loginAuditTrail: () => audit.map((e) => ({ ...e })),
    tbaFlow: tbaFlow.controls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.()
        server.close(() => resolve())
      }),
  }
}
