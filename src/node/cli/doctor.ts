/**
 * `netsuite-tba doctor`: the "Test Connection" button. Checks the credentials, the account id's
 * realm and host forms, the clock against the server, then makes one cheap signed call and names
 * the set-up step to fix when it fails.
 *
 * @module
 */
import { credentialsFromEnv, parseAccountId } from '../../index.ts'
import type { TbaCredentials } from '../../index.ts'
import { EXIT, flag, intOption, parseArgs, stringOption, UsageError } from './args.ts'
import { CREDENTIALS_HELP, type Command } from './command.ts'
import { baseUrlFrom, CLI_ENV, loadEnv } from './config.ts'
import { oauth2DoctorCommand, prefersOAuth2 } from './diagnose_oauth2.ts'
import { diagnose, LOGIN_AUDIT_TRAIL, SETUP_STEPS, type Diagnosis } from './diagnose.ts'
import type { Output } from './output.ts'
import { isNetworkFailure, observe, probe, type ProbeApi, type ProbeResult } from './probe.ts'

const HELP = `Usage: netsuite-tba doctor [options]

Check a NetSuite TBA set-up, like the "Test Connection" button of an integration tool:
  1. the NETSUITE_* credentials are present and well-formed (secrets are never printed)
  2. the account id's realm form (1234567_SB1) and host form (1234567-sb1) and the target host
  3. this machine's clock against the server's Date header (NetSuite allows ±5 minutes)
  4. one cheap signed call: the RESTlet at NETSUITE_RESTLET_URL / --restlet-url when set,
     otherwise a REST web services GET (or SOAP getServerTime with --api soap)
and, when something fails, names the set-up step to fix (docs/setup.md).

Options:
  --api restlet|rest|soap   which API to call (default: restlet when a RESTlet URL is set, else rest)
  --restlet-url URL         a RESTlet deployment's External URL (or NETSUITE_RESTLET_URL)
  --rest-path PATH          REST path to GET under /services/rest/ (default record/v1/customer?limit=1)
  --base-url URL            send requests to this origin instead of NetSuite (or NETSUITE_BASE_URL;
                            "netsuite-tba simulate" prints it)
  --timeout-ms N            per-request timeout (default 20000)
  --json                    print the report as JSON
  --env-file FILE           read NETSUITE_* variables from FILE
  -h, --help                show this help

${CREDENTIALS_HELP}

Exit codes:
  0  every check passed          1  a check failed (the report names the step to fix)
  2  usage error                 3  credentials missing or malformed
  4  network error: the server could not be reached`

/** One line of the report. */
export interface DoctorCheck {
  /** `credentials`, `account`, `clock`, `call`. */
  id: string
  /** Title for people. */
  title: string
  status: 'ok' | 'warn' | 'fail' | 'skip'
  /** Details, one per line. Never a secret. */
  detail: string[]
}

/** The whole report (`--json` prints it). */
export interface DoctorReport {
  ok: boolean
  /** The exit code the command returns. */
  exitCode: number
  api: ProbeApi
  /** Where the signed call went. */
  target: string
  checks: DoctorCheck[]
  /** The step to fix, when a check failed. */
  diagnosis?: {
    step: string
    title: string
    fix: string[]
    evidence: string
    certain: boolean
    alsoCheck: { step: string; title: string }[]
    docs: string
  }
  /** How to read the real reason in NetSuite. */
  loginAuditTrail: string
}

/** Options of {@link runDoctor}. */
export interface DoctorOptions {
  api?: ProbeApi
  restletUrl?: string
  restPath?: string
  baseUrl?: string
  timeoutMs?: number
  /** Replace fetch (tests). */
  fetch?: typeof fetch
  /** Replace the clock, in milliseconds (tests). */
  now?: () => number
}

const NAMES = {
  NETSUITE_ACCOUNT_ID: ['NETSUITE_ACCOUNT_ID', 'NETSUITE_ACCOUNT'],
  NETSUITE_CONSUMER_KEY: ['NETSUITE_CONSUMER_KEY'],
  NETSUITE_CONSUMER_SECRET: ['NETSUITE_CONSUMER_SECRET'],
  NETSUITE_TOKEN_ID: ['NETSUITE_TOKEN_ID'],
  NETSUITE_TOKEN_SECRET: ['NETSUITE_TOKEN_SECRET'],
} as const

function toReportDiagnosis(d: Diagnosis): NonNullable<DoctorReport['diagnosis']> {
  return {
    step: d.step.id,
    title: d.step.title,
    fix: d.step.fix,
    evidence: d.evidence,
    certain: d.certain,
    alsoCheck: d.alsoCheck.map((s) => ({ step: s.id, title: s.title })),
    docs: `docs/setup.md#${d.step.id}`,
  }
}

function isLoopback(url: string | undefined): boolean {
  if (!url) return false
  try {
    return /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/.test(new URL(url).hostname)
  } catch {
    return false
  }
}

/**
 * Run every check against the environment `env` and return the report. Does not print.
 */
export async function runDoctor(
  env: Record<string, string | undefined>,
  options: DoctorOptions = {},
): Promise<DoctorReport> {
  const checks: DoctorCheck[] = []
  const now = options.now ?? Date.now
  const restletUrl = options.restletUrl ?? (env[CLI_ENV.restletUrl] || undefined)
  const api: ProbeApi = options.api ?? (restletUrl ? 'restlet' : 'rest')
  const report = (
    partial: Omit<DoctorReport, 'checks' | 'loginAuditTrail' | 'api'>,
  ): DoctorReport => ({
    ...partial,
    api,
    checks,
    loginAuditTrail: LOGIN_AUDIT_TRAIL,
  })

  // 1. Credentials.
  const missing = Object.entries(NAMES)
    .filter(([, names]) => !names.some((n) => (env[n] ?? '') !== ''))
    .map(([name]) => name)
  let credentials: TbaCredentials
  try {
    if (missing.length) throw new Error(`missing: ${missing.join(', ')}`)
    credentials = credentialsFromEnv(env)
  } catch (error) {
    checks.push({
      id: 'credentials',
      title: 'credentials',
      status: 'fail',
      detail: [
        (error as Error).message,
        'Integration record (Setup > Integration > Manage Integrations) → consumer key/secret; access token (Setup > Users/Roles > Access Tokens) → token id/secret; both are shown only once.',
      ],
    })
    return report({ ok: false, exitCode: EXIT.CONFIG, target: '' })
  }
  const notes: string[] = ['all five NETSUITE_* variables are set and well-formed']
  const shape = (v: string) => /^[0-9a-f]{64}$/i.test(v)
  const odd = (['consumerKey', 'consumerSecret', 'tokenId', 'tokenSecret'] as const).filter(
    (k) => !shape(credentials[k]),
  )
  let credStatus: DoctorCheck['status'] = 'ok'
  if (odd.length) {
    credStatus = 'warn'
    notes.push(
      `${odd.join(', ')}: not 64 hex characters as NetSuite usually issues them — check the copy`,
    )
  }
  if (
    credentials.consumerKey === credentials.tokenId ||
    credentials.consumerSecret === credentials.tokenSecret
  ) {
    credStatus = 'warn'
    notes.push('the consumer and token values are identical: one pair was probably pasted twice')
  }
  const credentialsCheck: DoctorCheck = {
    id: 'credentials',
    title: 'credentials',
    status: credStatus,
    detail: notes,
  }
  checks.push(credentialsCheck)

  // 2. Account id forms and target host.
  const { realm, hostId } = parseAccountId(credentials.accountId)
  const raw = env.NETSUITE_ACCOUNT_ID || env.NETSUITE_ACCOUNT || ''
  const accountDetail = [
    `realm ${realm} (Authorization header, SOAP account) · host ${hostId}.restlets.api.netsuite.com / ${hostId}.suitetalk.api.netsuite.com`,
  ]
  if (raw !== realm)
    accountDetail.push(
      `NETSUITE_ACCOUNT_ID "${raw}" is used as realm ${realm} (upper case, "_") — that is correct`,
    )
  let script: number | undefined
  let deploy: number | undefined
  let baseUrl: string | undefined = options.baseUrl
  let accountStatus: DoctorCheck['status'] = 'ok'
  if (api === 'restlet') {
    if (!restletUrl) {
      throw new UsageError(
        "--api restlet needs --restlet-url or NETSUITE_RESTLET_URL (the deployment's External URL)",
      )
    }
    let u: URL
    try {
      u = new URL(restletUrl)
    } catch {
      throw new UsageError(`RESTlet URL "${restletUrl}" is not a URL`)
    }
    script = Number(u.searchParams.get('script'))
    deploy = Number(u.searchParams.get('deploy'))
    if (!Number.isInteger(script) || !Number.isInteger(deploy) || script <= 0 || deploy <= 0) {
      throw new UsageError(
        'the RESTlet URL needs numeric script= and deploy= parameters (copy the External URL of the deployment)',
      )
    }
    baseUrl ??= u.origin
  }
  const target =
    baseUrl ?? `https://${hostId}.${api === 'restlet' ? 'restlets' : 'suitetalk'}.api.netsuite.com`
  const host = new URL(target).hostname
  const m = /^([a-z0-9-]+)\.(?:restlets\.api|suitetalk\.api|app)\.netsuite\.com$/i.exec(host)
  if (m && (m[1] as string).toLowerCase() !== hostId) {
    accountStatus = 'fail'
    accountDetail.push(
      `the target host ${host} belongs to account ${(m[1] as string).toUpperCase().replace(/-/g, '_')}, not ${realm}`,
    )
  } else if (m && m[1] !== hostId) {
    accountStatus = 'warn'
    accountDetail.push(`the target host ${host} is not lower case; NetSuite hosts are ${hostId}.…`)
  } else if (!m) {
    accountDetail.push(
      isLoopback(target)
        ? `target ${target} (loopback: the simulator or a local proxy)`
        : `target ${target} (not a NetSuite host: a proxy?)`,
    )
  } else {
    accountDetail.push(`target ${target}`)
  }
  if (isLoopback(target) && odd.length) {
    // The simulator issues shorter test values; the 64-hex shape is NetSuite's.
    notes.splice(
      notes.findIndex((n) => n.includes('64 hex')),
      1,
    )
    if (!notes.some((n) => n.includes('identical'))) credentialsCheck.status = 'ok'
  }
  checks.push({ id: 'account', title: 'account id', status: accountStatus, detail: accountDetail })
  if (accountStatus === 'fail') {
    return report({
      ok: false,
      exitCode: EXIT.FAILED,
      target,
      diagnosis: toReportDiagnosis({
        step: SETUP_STEPS['token-account'],
        alsoCheck: [SETUP_STEPS.host],
        evidence: accountDetail.at(-1) as string,
        certain: true,
      }),
    })
  }

  // 3. Clock against the server's Date header (an unsigned request).
  const doFetch = options.fetch ?? fetch
  let skew: number | undefined
  try {
    const before = now()
    const res = await doFetch(new URL('/', target), {
      method: 'GET',
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs ?? 20_000),
    })
    await res.body?.cancel()
    const after = now()
    const date = res.headers.get('date')
    if (date && !Number.isNaN(Date.parse(date))) {
      skew = Math.round(((before + after) / 2 - Date.parse(date)) / 1000)
    }
  } catch (error) {
    checks.push({
      id: 'clock',
      title: 'server reachable / clock',
      status: 'fail',
      detail: [`cannot reach ${target}: ${(error as Error).message}${describeCause(error)}`],
    })
    return report({ ok: false, exitCode: EXIT.NETWORK, target })
  }
  let clockBad = false
  if (skew === undefined) {
    checks.push({
      id: 'clock',
      title: 'clock',
      status: 'skip',
      detail: ['the server sent no Date header'],
    })
  } else {
    const ahead = skew > 0 ? 'ahead of' : 'behind'
    const detail = `this machine is ${Math.abs(skew)} s ${ahead} the server (Date header; NetSuite allows ±300 s)`
    clockBad = Math.abs(skew) > 300
    checks.push({
      id: 'clock',
      title: 'clock',
      status: clockBad ? 'fail' : Math.abs(skew) > 60 ? 'warn' : 'ok',
      detail: [Math.abs(skew) <= 1 ? "this machine's clock matches the server (±1 s)" : detail],
    })
  }

  // 4. One signed call.
  const result: ProbeResult = await probe(
    credentials,
    {
      api,
      ...(baseUrl === undefined ? {} : { baseUrl }),
      ...(script === undefined ? {} : { script, deploy: deploy as number }),
      ...(options.restPath === undefined ? {} : { restPath: options.restPath }),
      timeoutMs: options.timeoutMs ?? 20_000,
    },
    options.fetch ?? fetch,
  )
  if (result.ok) {
    checks.push({
      id: 'call',
      title: 'signed call',
      status: 'ok',
      detail: [`${result.call} → HTTP ${result.exchange?.status ?? 200}: accepted`],
    })
    const failed = checks.some((c) => c.status === 'fail')
    return report({
      ok: !failed,
      exitCode: failed ? EXIT.FAILED : EXIT.OK,
      target,
      ...(clockBad
        ? {
            diagnosis: toReportDiagnosis({
              step: SETUP_STEPS.clock,
              alsoCheck: [],
              evidence: 'clock skew above 300 s',
              certain: true,
            }),
          }
        : {}),
    })
  }
  if (isNetworkFailure(result)) {
    checks.push({
      id: 'call',
      title: 'signed call',
      status: 'fail',
      detail: [
        `${result.call}: no response — ${(result.error as Error)?.message}${describeCause(result.error)}`,
      ],
    })
    return report({ ok: false, exitCode: EXIT.NETWORK, target })
  }
  const obs = observe(api, result)
  const detail = [
    `${result.call} → ${obs.status !== undefined ? `HTTP ${obs.status}` : 'error'}${obs.netsuiteCode ? ` ${obs.netsuiteCode}` : ''}${obs.message ? `: ${obs.message}` : ''}`,
  ]
  if (obs.authError)
    detail.push(
      `WWW-Authenticate error="${obs.authError}"${obs.authDescription ? ` (${obs.authDescription})` : ''}`,
    )
  // The simulator exposes its Login Audit Trail; read it like a user reads NetSuite's.
  if (isLoopback(target)) {
    const audit = await simulatorAuditDetail(target, credentials.tokenId, doFetch)
    if (audit) {
      obs.auditDetail = audit
      detail.push(`Login Audit Trail (simulator) Detail: ${audit}`)
    }
  }
  let diagnosis = diagnose(obs)
  if (clockBad && diagnosis.step.id !== 'clock') {
    diagnosis = {
      step: SETUP_STEPS.clock,
      alsoCheck: [diagnosis.step],
      evidence: `clock skew ${skew} s; ${diagnosis.evidence}`,
      certain: true,
    }
  }
  checks.push({ id: 'call', title: 'signed call', status: 'fail', detail })
  return report({
    ok: false,
    exitCode: EXIT.FAILED,
    target,
    diagnosis: toReportDiagnosis(diagnosis),
  })
}

function describeCause(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause
  return cause?.code ? ` (${cause.code})` : cause?.message ? ` (${cause.message})` : ''
}

async function simulatorAuditDetail(
  target: string,
  tokenId: string,
  doFetch: typeof fetch,
): Promise<string | undefined> {
  try {
    const res = await doFetch(new URL('/simulator/login-audit-trail', target), {
      signal: AbortSignal.timeout(2000),
    })
    if (!res.ok) return undefined
    const rows = (await res.json()) as
      { tokenId?: string; detail?: string }[] | { rows?: { tokenId?: string; detail?: string }[] }
    const list = Array.isArray(rows) ? rows : (rows.rows ?? [])
    // The newest row of this token is the call just made.
    return [...list].reverse().find((r) => r.tokenId === tokenId)?.detail
  } catch {
    return undefined
  }
}

/** Print a report for people. */
export function printDoctorReport(report: DoctorReport, output: Output): void {
  const { c } = output
  const mark = { ok: c.green('✓'), warn: c.yellow('!'), fail: c.red('✗'), skip: c.dim('-') }
  output.out(
    c.bold(
      `netsuite-tba doctor — ${report.api === 'restlet' ? 'RESTlet' : report.api === 'rest' ? 'REST web services' : 'SOAP web services'}${report.target ? ` at ${report.target}` : ''}`,
    ),
  )
  for (const check of report.checks) {
    const [first, ...more] = check.detail
    output.out(`${mark[check.status]} ${check.title.padEnd(12)} ${first ?? ''}`)
    for (const line of more) output.out(`  ${' '.repeat(12)} ${line}`)
  }
  const d = report.diagnosis
  if (d) {
    output.out('')
    output.out(
      `${c.bold(d.certain ? 'Fix:' : 'Most likely fixes — confirm in the Login Audit Trail:')} ${d.certain ? d.title : ''}`.trimEnd(),
    )
    if (d.certain) d.fix.forEach((f, i) => output.out(`  ${i + 1}. ${f}`))
    else output.out(`  ${LOGIN_AUDIT_TRAIL}`)
    if (d.certain) output.out(c.dim(`  (${d.docs})`))
    if (d.alsoCheck.length) {
      output.out(d.certain ? 'Also check:' : 'Suspects, most likely first:')
      for (const s of d.alsoCheck)
        output.out(`  - ${s.title} ${c.dim(`(docs/setup.md#${s.step})`)}`)
    }
    if (d.certain && d.step !== 'login-audit-trail' && d.step !== 'clock') {
      output.out(c.dim(`Confirm in NetSuite: ${LOGIN_AUDIT_TRAIL}`))
    }
  } else if (report.ok) {
    output.out(
      c.green('\nAll checks passed: NetSuite accepted a signed request with these credentials.'),
    )
  }
}

/** The `doctor` command. */
export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'check credentials, clock and one signed call; name the set-up step to fix',
  help: HELP,
  async run(argv, { io, output }) {
    const args = parseArgs(argv, {
      api: { type: 'string' },
      'restlet-url': { type: 'string' },
      'rest-path': { type: 'string' },
      'base-url': { type: 'string' },
      'timeout-ms': { type: 'string' },
      json: { type: 'boolean' },
      'env-file': { type: 'string' },
    })
    if (flag(args, 'help')) {
      output.out(HELP)
      return 0
    }
    if (args.positionals.length > 0)
      throw new UsageError(`unexpected argument "${args.positionals[0]}"`)
    const api = stringOption(args, 'api')
    if (api !== undefined && api !== 'restlet' && api !== 'rest' && api !== 'soap') {
      throw new UsageError(`--api must be restlet, rest or soap (got "${api}")`)
    }
    const env = loadEnv(io.env, io.cwd, stringOption(args, 'env-file'))
    output.protect(env.NETSUITE_CONSUMER_SECRET, env.NETSUITE_TOKEN_SECRET)
    const baseUrl = baseUrlFrom(env, stringOption(args, 'base-url'))
    if (prefersOAuth2(env))
      return oauth2DoctorCommand(env, output, {
        ...(baseUrl === undefined ? {} : { baseUrl }),
        ...(stringOption(args, 'restlet-url')
          ? { restletUrl: stringOption(args, 'restlet-url') }
          : {}),
        timeoutMs: intOption(args, 'timeout-ms', 20_000, 100, 900_000),
        json: flag(args, 'json'),
      })
    const restletUrl = stringOption(args, 'restlet-url')
    const restPath = stringOption(args, 'rest-path')
    const report = await output.progress('checking', () =>
      runDoctor(env, {
        ...(api === undefined ? {} : { api }),
        ...(restletUrl === undefined ? {} : { restletUrl }),
        ...(restPath === undefined ? {} : { restPath }),
        ...(baseUrl === undefined ? {} : { baseUrl }),
        timeoutMs: intOption(args, 'timeout-ms', 20_000, 100, 900_000),
      }),
    )
    if (flag(args, 'json')) output.out(JSON.stringify(report, null, 2))
    else printDoctorReport(report, output)
    return report.exitCode
  },
}
