/**
 * `doctor` for OAuth 2.0 client credentials (M2M): checks the variables and the key locally, asks
 * the token endpoint for a token, compares the clocks, makes a Bearer call, and names the NetSuite
 * set-up step (docs/oauth2.md) behind each failure from NetSuite's answers alone.
 *
 * @module
 */
import { ENV_NAMES } from '../../credentials.ts'
import { NetSuiteError } from '../../netsuite_error.ts'
import { createClientCredentialsAuth } from '../../oauth2/client_credentials.ts'
import type { ClientCredentialsAuth } from '../../oauth2/types.ts'
import { createRestClient } from '../../rest.ts'
import { createRestletClient } from '../../restlet.ts'
import { oauth2CredentialsFromEnv } from '../oauth2_env.ts'
import { UsageError } from './args.ts'
import { CLI_ENV } from './config.ts'
import type { Step } from './diagnose.ts'
import { restletTarget, selectApis, type ProbeApi } from './probe.ts'
import type { Output } from './output.ts'

/** The OAuth 2.0 set-up steps; each id is an anchor in docs/oauth2.md. */
export type OAuth2StepId =
  | 'oauth2-variables'
  | 'oauth2-key'
  | 'oauth2-feature-and-record'
  | 'oauth2-client-credentials-grant'
  | 'oauth2-scopes'
  | 'oauth2-mapping'
  | 'oauth2-algorithm'
  | 'oauth2-role'
  | 'clock'
  | 'host'

/** An OAuth 2.0 set-up step: what to change, and where. */
export type OAuth2Step = Step<OAuth2StepId>

/** The Login Audit Trail instructions for OAuth 2.0 failures. */
export const OAUTH2_LOGIN_AUDIT_TRAIL =
  'Setup > Users/Roles > User Management > View Login Audit Trail: use advanced search, add the columns Detail and Token-based Application Name, and read the Detail of the failed row (MissingKey, ScopeMismatched, UnsupportedAlgo, TokenNotAcceptable, …).'

/** Every step. */
export const OAUTH2_STEPS: Record<OAuth2StepId, OAuth2Step> = {
  'oauth2-variables': {
    id: 'oauth2-variables',
    title: 'Set the OAuth 2.0 variables',
    fix: [
      'Export NETSUITE_ACCOUNT_ID, NETSUITE_CLIENT_ID (integration record), NETSUITE_CERTIFICATE_ID (M2M set-up page) and NETSUITE_PRIVATE_KEY_FILE (or NETSUITE_PRIVATE_KEY with the PEM text).',
    ],
  },
  'oauth2-key': {
    id: 'oauth2-key',
    title: 'Use a private key NetSuite accepts',
    fix: [
      'RSA 3072 or 4096 bits, or EC P-256, P-384 or P-521, unencrypted PEM.',
      'Make a new pair with "netsuite-tba keygen" (or --rsa) and upload the certificate on the M2M set-up page.',
    ],
  },
  'oauth2-feature-and-record': {
    id: 'oauth2-feature-and-record',
    title: 'Enable OAuth 2.0 and check the integration record',
    fix: [
      'Setup > Company > Enable Features > SuiteCloud: check OAuth 2.0 (and Client SuiteScript, Server SuiteScript, REST Web Services as needed).',
      'Setup > Integration > Manage Integrations: the record whose Client ID is NETSUITE_CLIENT_ID exists in this account and its State is Enabled.',
      'The Client ID is shown once, when the record is saved: if it is lost, reset the credentials and update NETSUITE_CLIENT_ID.',
    ],
  },
  'oauth2-client-credentials-grant': {
    id: 'oauth2-client-credentials-grant',
    title: 'Check "Client Credentials (Machine to Machine) Grant" on the integration record',
    fix: [
      'Setup > Integration > Manage Integrations > the record > Authentication subtab > OAuth 2.0: check Client Credentials (Machine to Machine) Grant, and Save.',
    ],
  },
  'oauth2-scopes': {
    id: 'oauth2-scopes',
    title: 'Check the scope boxes on the integration record',
    fix: [
      'Authentication subtab > OAuth 2.0 > Scope: check RESTlets and/or REST Web Services (SuiteAnalytics Connect for suite_analytics), matching the scopes the auth asks for.',
    ],
  },
  'oauth2-mapping': {
    id: 'oauth2-mapping',
    title: 'Check the M2M certificate mapping',
    fix: [
      'Setup > Integration > Manage Authentication > OAuth 2.0 Client Credentials (M2M) Setup: a mapping of this application, an entity and a role exists in this account (a sandbox refresh clears mappings; they are never copied between accounts).',
      'Its certificate is not revoked or expired, and NETSUITE_CERTIFICATE_ID is the Certificate ID shown there.',
      'The private key is the one the certificate was made with.',
      'The mapping’s role has "Log in using OAuth 2.0 Access Tokens", and the entity and role are active.',
    ],
  },
  'oauth2-algorithm': {
    id: 'oauth2-algorithm',
    title: 'Check the signing algorithm and the Certificate ID',
    fix: [
      'NetSuite accepts PS256, PS384, PS512, ES256, ES384 and ES512 only (RS256 is refused); omit the algorithm option to infer it from the key.',
      'NETSUITE_CERTIFICATE_ID must be the Certificate ID of the mapping (the JWT kid), not empty.',
    ],
  },
  'oauth2-role': {
    id: 'oauth2-role',
    title: 'Give the mapping’s role what this API needs',
    fix: [
      'Setup > Users/Roles > Manage Roles > the role of the M2M mapping: "Log in using OAuth 2.0 Access Tokens", plus "REST Web Services" for REST; a role with "OAuth 2.0 Authorized Applications Management" cannot call the APIs.',
      'The integration record must have the scope box of this API (RESTlets or REST Web Services).',
    ],
  },
  clock: {
    id: 'clock',
    title: 'Set the clock of this machine right (NTP)',
    fix: [
      'The assertion’s iat and exp are checked by NetSuite: turn on time synchronisation (timedatectl set-ntp true, or your platform’s NTP) and try again.',
    ],
  },
  host: {
    id: 'host',
    title: 'Reach NetSuite’s token endpoint',
    fix: [
      'Check NETSUITE_ACCOUNT_ID (the token endpoint is on <account>.suitetalk.api.netsuite.com) or NETSUITE_BASE_URL, DNS, proxy and TLS settings.',
    ],
  },
}

/** Which step a token endpoint or Bearer failure points to, and how sure that is. */
export interface OAuth2Diagnosis {
  step: OAuth2Step
  certain: boolean
  /** The answer the step was read from. */
  evidence: string
}

/** Clock difference allowed before the clock is blamed, in seconds. */
export const CLOCK_TOLERANCE_SECONDS = 30

/**
 * The set-up step behind an OAuth 2.0 failure. `clockSkewSeconds` (NetSuite's `Date` minus this
 * machine's clock) makes a refused assertion a clock problem when it is large.
 */
export function diagnoseOAuth2(error: unknown, clockSkewSeconds?: number): OAuth2Diagnosis {
  const e = error as {
    code?: string
    status?: number
    netsuiteCode?: string
    wwwAuthenticate?: string
  }
  const evidence = `${e?.status === undefined ? '' : `HTTP ${e.status} `}${e?.netsuiteCode ?? e?.wwwAuthenticate ?? e?.code ?? 'error'}`
  const step = (id: OAuth2StepId, certain: boolean): OAuth2Diagnosis => ({
    step: OAUTH2_STEPS[id],
    certain,
    evidence,
  })
  const skewed =
    clockSkewSeconds !== undefined && Math.abs(clockSkewSeconds) > CLOCK_TOLERANCE_SECONDS
  switch (e?.code) {
    case 'ERR_TBA_MISSING_ENV':
      return step('oauth2-variables', true)
    case 'ERR_TBA_OAUTH2_INVALID_KEY':
    case 'ERR_TBA_OAUTH2_UNSUPPORTED_KEY':
      return step('oauth2-key', true)
    case 'ERR_TBA_OAUTH2_UNSUPPORTED_ALGORITHM':
      return step('oauth2-algorithm', true)
    case 'ERR_NETSUITE_OAUTH2_INVALID_CLIENT':
      return step('oauth2-feature-and-record', true)
    case 'ERR_NETSUITE_OAUTH2_UNAUTHORIZED_CLIENT':
      return step('oauth2-client-credentials-grant', true)
    case 'ERR_NETSUITE_OAUTH2_INVALID_SCOPE':
      return step('oauth2-scopes', true)
    case 'ERR_NETSUITE_OAUTH2_INVALID_GRANT':
      return skewed ? step('clock', true) : step('oauth2-mapping', false)
    case 'ERR_NETSUITE_OAUTH2_SERVER_ERROR':
      return step('oauth2-algorithm', false)
    case 'ERR_NETSUITE_INVALID_LOGIN':
    case 'ERR_NETSUITE_PERMISSION':
      return step('oauth2-role', false)
    case 'ERR_NETSUITE_OAUTH2_INVALID_RESPONSE':
    case 'ERR_NETSUITE_NETWORK':
    case 'ERR_NETSUITE_TIMEOUT':
      return step('host', e.code !== 'ERR_NETSUITE_OAUTH2_INVALID_RESPONSE')
    default:
      return step(skewed ? 'clock' : 'oauth2-mapping', false)
  }
}

/** One line of the OAuth 2.0 report. */
export interface OAuth2Check {
  id: 'credentials' | 'key' | 'token' | 'clock' | 'restlet' | 'rest'
  status: 'ok' | 'warn' | 'fail' | 'skip'
  detail: string
}

/** The OAuth 2.0 doctor report (`doctor --json` prints it). */
export interface OAuth2DoctorReport {
  scheme: 'oauth2'
  ok: boolean
  exitCode: number
  tokenUrl?: string
  checks: OAuth2Check[]
  diagnosis?: {
    step: OAuth2StepId
    title: string
    fix: string[]
    certain: boolean
    evidence: string
    docs: string
  }
  loginAuditTrail: string
}

/** Options of {@link runOAuth2Doctor}. */
export interface OAuth2DoctorOptions {
  baseUrl?: string
  /** A RESTlet deployment's External URL (default NETSUITE_RESTLET_URL). */
  restletUrl?: string
  /** The APIs to call (`--api`; default REST, and the RESTlet when its URL is known). */
  api?: ProbeApi | readonly ProbeApi[]
  /** REST path to GET under /services/rest/ (`--rest-path`). */
  restPath?: string
  timeoutMs?: number
  /** Replace fetch (tests). */
  fetch?: typeof fetch
}

/** Run the OAuth 2.0 checks against `env`. Does not print. */
export async function runOAuth2Doctor(
  env: Record<string, string | undefined>,
  options: OAuth2DoctorOptions = {},
): Promise<OAuth2DoctorReport> {
  const checks: OAuth2Check[] = []
  const restletUrl = options.restletUrl ?? (env[CLI_ENV.restletUrl] || undefined)
  // SOAP has no OAuth 2.0: left out by default, a usage error when asked for.
  const apis = selectApis(options.api, restletUrl)
  if (options.api !== undefined && apis.includes('soap'))
    throw new UsageError(
      "NetSuite's SOAP web services have no OAuth 2.0: test --api rest,restlet, or set the TBA variables to test SOAP",
    )
  const restlet = apis.includes('restlet') ? restletTarget(restletUrl) : undefined
  const report = (failure?: unknown, skew?: number): OAuth2DoctorReport => {
    const d = failure === undefined ? undefined : diagnoseOAuth2(failure, skew)
    const network = d?.step.id === 'host' && d.certain
    const failed = checks.find((check) => check.status === 'fail')?.id
    return {
      scheme: 'oauth2',
      ok: failure === undefined,
      exitCode:
        failure === undefined
          ? 0
          : network
            ? 4
            : failed === 'credentials' || failed === 'key'
              ? 3
              : 1,
      ...(auth ? { tokenUrl: auth.tokenUrl } : {}),
      checks,
      ...(d
        ? {
            diagnosis: {
              step: d.step.id,
              title: d.step.title,
              fix: d.step.fix,
              certain: d.certain,
              evidence: d.evidence,
              docs: `docs/oauth2.md#${d.step.id}`,
            },
          }
        : {}),
      loginAuditTrail: OAUTH2_LOGIN_AUDIT_TRAIL,
    }
  }
  let auth: ClientCredentialsAuth | undefined
  let credentials
  try {
    credentials = oauth2CredentialsFromEnv(env)
    checks.push({
      id: 'credentials',
      status: 'ok',
      detail: `account ${credentials.accountId}, client ${credentials.clientId.slice(0, 8)}…, certificate ${credentials.certificateId}`,
    })
  } catch (error) {
    checks.push({ id: 'credentials', status: 'fail', detail: (error as Error).message })
    return report(error)
  }
  let dateHeader: string | null = null
  const fetchFn = options.fetch ?? globalThis.fetch
  const watching: typeof fetch = async (input, init) => {
    const response = await fetchFn(input, init)
    dateHeader = response.headers.get('date') ?? dateHeader
    return response
  }
  try {
    auth = createClientCredentialsAuth({
      ...credentials,
      ...(options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl }),
      timeoutMs: options.timeoutMs ?? 20_000,
      fetch: watching,
    })
    checks.push({
      id: 'key',
      status: 'ok',
      detail: `${auth.algorithm} (the key meets NetSuite’s certificate rules)`,
    })
  } catch (error) {
    checks.push({ id: 'key', status: 'fail', detail: (error as Error).message })
    return report(error)
  }
  let tokenError: unknown
  const started = Date.now()
  try {
    const token = await auth.token()
    checks.push({
      id: 'token',
      status: 'ok',
      detail: `Bearer token for ${token.scope.join(', ')} from ${auth.tokenUrl}`,
    })
  } catch (error) {
    tokenError = error
    checks.push({
      id: 'token',
      status: 'fail',
      detail:
        error instanceof NetSuiteError ? error.message : String((error as Error)?.message ?? error),
    })
  }
  let skew: number | undefined
  if (dateHeader !== null) {
    const server = Date.parse(dateHeader)
    if (Number.isFinite(server)) {
      skew = Math.round((server - (started + Date.now()) / 2) / 1000)
      checks.push({
        id: 'clock',
        status: Math.abs(skew) > CLOCK_TOLERANCE_SECONDS ? 'fail' : 'ok',
        detail: `NetSuite's clock ${skew === 0 ? 'agrees with this machine' : `is ${Math.abs(skew)} s ${skew > 0 ? 'ahead of' : 'behind'} this machine`}`,
      })
    }
  }
  if (tokenError !== undefined) return report(tokenError, skew)
  // A Bearer call on each API asked for (by default REST, and the RESTlet when its URL is known).
  const common = {
    auth,
    fetch: fetchFn,
    retry: false as const,
    timeoutMs: options.timeoutMs ?? 20_000,
  }
  if (!apis.includes('rest'))
    checks.push({ id: 'rest', status: 'skip', detail: 'not asked (--api)' })
  else
    try {
      const rest = createRestClient(common)
      const result = await rest
        .request({ method: 'GET', path: options.restPath ?? 'record/v1/customer/1' })
        .catch((error: unknown) => {
          if (error instanceof NetSuiteError && error.status === 404) return { status: 404 }
          throw error
        })
      checks.push({
        id: 'rest',
        status: 'ok',
        detail: `REST web services accepted the token (HTTP ${result.status})`,
      })
    } catch (error) {
      checks.push({ id: 'rest', status: 'fail', detail: (error as Error).message })
      return report(error, skew)
    }
  if (restlet) {
    try {
      await createRestletClient(common).get(restlet)
      checks.push({
        id: 'restlet',
        status: 'ok',
        detail: `the RESTlet accepted the token (script ${restlet.script})`,
      })
    } catch (error) {
      if (!(
        error instanceof NetSuiteError &&
        error.status === 404 &&
        error.code === 'ERR_NETSUITE_NOT_FOUND'
      )) {
        checks.push({ id: 'restlet', status: 'fail', detail: (error as Error).message })
        return report(error, skew)
      }
      checks.push({
        id: 'restlet',
        status: 'ok',
        detail: 'authenticated (the deployment was not found)',
      })
    }
  } else {
    checks.push({
      id: 'restlet',
      status: 'skip',
      detail:
        restletUrl === undefined
          ? `set ${CLI_ENV.restletUrl} to test a RESTlet too`
          : 'not asked (--api)',
    })
  }
  return report()
}

/** Print an OAuth 2.0 report. */
export function printOAuth2Report(report: OAuth2DoctorReport, output: Output): void {
  const { c } = output
  const mark = { ok: c.green('✓'), warn: c.yellow('!'), fail: c.red('✗'), skip: c.dim('-') }
  output.out(
    c.bold(
      `netsuite-tba doctor — OAuth 2.0 client credentials${report.tokenUrl ? ` (${report.tokenUrl})` : ''}`,
    ),
  )
  for (const check of report.checks)
    output.out(`${mark[check.status]} ${check.id.padEnd(12)} ${check.detail}`)
  const d = report.diagnosis
  if (d) {
    output.out('')
    output.out(
      `${c.bold(d.certain ? 'Fix:' : 'Most likely fix — confirm in the Login Audit Trail:')} ${d.title}`,
    )
    d.fix.forEach((f, i) => output.out(`  ${i + 1}. ${f}`))
    output.out(c.dim(`  (${d.docs}; NetSuite answered ${d.evidence})`))
    if (!d.certain) output.out(`  ${report.loginAuditTrail}`)
  } else {
    output.out(c.green('\nAll checks passed: NetSuite issued a token and accepted a Bearer call.'))
  }
}

/** True when the environment holds OAuth 2.0 client credentials and no TBA token. */
export function prefersOAuth2(env: Record<string, string | undefined>): boolean {
  const set = (names: readonly string[]) => names.some((n) => (env[n] ?? '') !== '')
  return set(ENV_NAMES.clientId) && !set(ENV_NAMES.tokenId)
}

/** `doctor` with OAuth 2.0 credentials: run, print (or --json), and return the exit code. */
export async function oauth2DoctorCommand(
  env: Record<string, string | undefined>,
  output: Output,
  options: OAuth2DoctorOptions & { json?: boolean },
): Promise<number> {
  output.protect(env[ENV_NAMES.privateKey[0]])
  const { json, ...rest } = options
  const report = await output.progress('checking', () => runOAuth2Doctor(env, rest))
  if (json) output.out(JSON.stringify(report, null, 2))
  else printOAuth2Report(report, output)
  return report.exitCode
}
