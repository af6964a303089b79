/**
 * `netsuite-tba doctor`: the "Test Connection" button. Checks the credentials, the account id's
 * realm and host forms, the clock against the server, then makes one cheap signed call on each API
 * the credentials are meant for, and names the set-up steps that fit what NetSuite answered.
 *
 * Doctor knows only what NetSuite returns (status, codes, `WWW-Authenticate`); the precise reason
 * of a login failure is in the Login Audit Trail, which only the user can read, so doctor says
 * where to look and claims certainty only when NetSuite's answers fit exactly one step.
 *
 * @module
 */
import { credentialsFromEnv, parseAccountId } from '../../index.ts'
import type { TbaCredentials } from '../../index.ts'
import { accountHost, accountHostMatch, accountOrigin } from '../../account_hosts.ts'
import {
  EXIT,
  flag,
  intOption,
  parseArgs,
  stringOption,
  UsageError,
  noPositionals,
} from './args.ts'
import { CREDENTIALS_HELP, type Command } from './command.ts'
import {
  baseUrlFrom,
  CLI_ENV,
  ENV_FILE_HELP,
  ENV_FILE_OPTIONS,
  envFileOf,
  loadEnv,
} from './config.ts'
import { oauth2DoctorCommand, prefersOAuth2 } from './diagnose_oauth2.ts'
import { diagnoseAll, LOGIN_AUDIT_TRAIL, SETUP_STEPS, type Diagnosis } from './diagnose.ts'
import type { Output } from './output.ts'
import {
  isNetworkFailure,
  observe,
  probe,
  PROBE_APIS,
  restletTarget,
  selectApis,
  type ProbeApi,
  type ProbeResult,
} from './probe.ts'

const HELP = `Usage: netsuite-tba doctor [options]

Check a NetSuite TBA set-up, like the "Test Connection" button of an integration tool:
  1. the NETSUITE_* credentials are present and well-formed (secrets are never printed)
  2. the account id's realm form (1234567_SB1) and host form (1234567-sb1) and the target hosts
  3. this machine's clock against the server's Date header (NetSuite allows ±5 minutes)
  4. one cheap signed call on each API: the RESTlet at NETSUITE_RESTLET_URL / --restlet-url
     (when set), a REST web services GET, and SOAP getServerTime
and, when something fails, names the set-up steps that fit NetSuite's answers (docs/setup.md).
"All checks passed" means every API tested answered.

With OAuth 2.0 client credentials (NETSUITE_CLIENT_ID set, NETSUITE_TOKEN_ID not), doctor checks
the key, asks the token endpoint for a token, compares the clocks and makes a Bearer call on REST
and the RESTlet, with the same options and exit codes (SOAP has no OAuth 2.0; docs/oauth2.md).

Options:
  --api LIST                which APIs to call: all (default: the RESTlet when its URL is set,
                            REST and SOAP), or a comma list of restlet, rest, soap
  --restlet-url URL         a RESTlet deployment's External URL (or NETSUITE_RESTLET_URL)
  --rest-path PATH          REST path to GET under /services/rest/ (default record/v1/customer?limit=1)
  --base-url URL            send requests to this origin instead of NetSuite (or NETSUITE_BASE_URL;
                            "netsuite-tba simulate" prints it)
  --timeout-ms N            per-request timeout (default 20000)
  --json                    print the report as JSON
${ENV_FILE_HELP}
  -h, --help                show this help

${CREDENTIALS_HELP}

Exit codes:
  0  every check passed          1  a check failed (the report names the steps to fix)
  2  usage error                 3  credentials missing or malformed
  4  network error: the server could not be reached`

/** One line of the report. */
export interface DoctorCheck {
  /** `credentials`, `account`, `clock`, `call`. */
  id: string
  /** The API of a `call` check. */
  api?: ProbeApi
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
  /** The first API tested (see `apis`). */
  api: ProbeApi
  /** Every API tested, in order. */
  apis: ProbeApi[]
  /** Where the signed calls went (the first API's origin). */
  target: string
  checks: DoctorCheck[]
  /** The steps to fix, when a check failed. */
  diagnosis?: {
    /** The most likely step. */
    step: string
    title: string
    fix: string[]
    evidence: string
    /** True only when NetSuite's answers fit exactly this step. */
    certain: boolean
    /** Other steps that fit the same answers, most likely first. */
    alsoCheck: { step: string; title: string }[]
    docs: string
  }
  /** How to read the real reason in NetSuite. */
  loginAuditTrail: string
}

/** Options of {@link runDoctor}. */
export interface DoctorOptions {
  /** One API, or several (default: every API that can be tested). */
  api?: ProbeApi | readonly ProbeApi[]
  restletUrl?: string
  restPath?: string
  baseUrl?: string
  timeoutMs?: number
  /** Replace fetch (tests). */
  fetch?: typeof fetch
  /** Replace the clock, in milliseconds (tests). */
  now?: () => number
}

const API_TITLE: Record<ProbeApi, string> = {
  restlet: 'RESTlet',
  rest: 'REST web services',
  soap: 'SOAP web services',
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

/** Parse `--api`: `all` or a comma list. */
export function parseApiList(value: string): ProbeApi[] | 'all' {
  if (value === 'all') return 'all'
  const list = value.split(',').map((v) => v.trim())
  for (const v of list) {
    if (!(PROBE_APIS as readonly string[]).includes(v))
      throw new UsageError(`--api must be all, or a comma list of restlet, rest, soap (got "${v}")`)
  }
  return [...new Set(list as ProbeApi[])]
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
  const apis = selectApis(options.api, restletUrl)
  const report = (
    partial: Omit<DoctorReport, 'checks' | 'loginAuditTrail' | 'api' | 'apis'>,
  ): DoctorReport => ({
    ...partial,
    api: apis[0] as ProbeApi,
    apis,
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

  // 2. Account id forms and target hosts.
  const { realm, hostId } = parseAccountId(credentials.accountId)
  const raw = env.NETSUITE_ACCOUNT_ID || env.NETSUITE_ACCOUNT || ''
  const accountDetail = [
    `realm ${realm} (Authorization header, SOAP account) · hosts ${accountHost(realm, 'restlets')} / ${accountHost(realm, 'suitetalk')}`,
  ]
  if (raw !== realm)
    accountDetail.push(
      `NETSUITE_ACCOUNT_ID "${raw}" is used as realm ${realm} (upper case, "_") — that is correct`,
    )
  let script: number | undefined
  let deploy: number | undefined
  let restletOriginUrl: string | undefined
  if (apis.includes('restlet')) {
    const target = restletTarget(restletUrl)
    ;({ script, deploy } = target)
    restletOriginUrl = options.baseUrl ?? target.origin
  }
  const originOf = (api: ProbeApi): string =>
    api === 'restlet'
      ? (restletOriginUrl as string)
      : (options.baseUrl ?? accountOrigin(credentials.accountId, 'suitetalk'))
  const targets = [...new Set(apis.map(originOf))]
  let accountStatus: DoctorCheck['status'] = 'ok'
  let wrongHost: string | undefined
  for (const target of targets) {
    const host = new URL(target).hostname
    const m = accountHostMatch(host, credentials.accountId)
    if (m?.status === 'other') {
      accountStatus = 'fail'
      wrongHost = `the target host ${host} belongs to account ${parseAccountId(m.label).accountId}, not ${realm}`
      accountDetail.push(wrongHost)
    } else if (m?.status === 'case') {
      if (accountStatus === 'ok') accountStatus = 'warn'
      accountDetail.push(
        `the target host ${host} is not lower case; NetSuite hosts are ${hostId}.…`,
      )
    } else if (!m) {
      accountDetail.push(
        isLoopback(target)
          ? `target ${target} (loopback: the simulator or a local proxy)`
          : `target ${target} (not a NetSuite host: a proxy?)`,
      )
    } else {
      accountDetail.push(`target ${target}`)
    }
  }
  const target = targets[0] as string
  if (targets.every(isLoopback) && odd.length) {
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
        evidence: wrongHost as string,
        certain: true,
      }),
    })
  }

  // 3. Clock against the server's Date header (an unsigned request).
  const doFetch = options.fetch ?? fetch
  const timeoutMs = options.timeoutMs ?? 20_000
  let skew: number | undefined
  try {
    const before = now()
    const res = await doFetch(new URL('/', target), {
      method: 'GET',
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
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

  // 4. One signed call per API, through the adapters.
  const results: ProbeResult[] = []
  for (const api of apis) {
    results.push(
      await probe(
        credentials,
        {
          api,
          baseUrl: originOf(api),
          ...(api === 'restlet' ? { script: script as number, deploy: deploy as number } : {}),
          ...(options.restPath === undefined ? {} : { restPath: options.restPath }),
          timeoutMs,
        },
        doFetch,
      ),
    )
  }
  let network = false
  const outcomes = results.map((result) => {
    if (result.ok) {
      checks.push({
        id: 'call',
        api: result.api,
        title: API_TITLE[result.api],
        status: 'ok',
        detail: [`${result.call} → HTTP ${result.exchange?.status ?? 200}: accepted`],
      })
      return { api: result.api, ok: true }
    }
    if (isNetworkFailure(result)) {
      network = true
      checks.push({
        id: 'call',
        api: result.api,
        title: API_TITLE[result.api],
        status: 'fail',
        detail: [
          `${result.call}: no response — ${(result.error as Error)?.message}${describeCause(result.error)}`,
        ],
      })
      return { api: result.api, ok: false }
    }
    const obs = observe(result.api, result)
    const detail = [
      `${result.call} → ${obs.status !== undefined ? `HTTP ${obs.status}` : 'error'}${obs.netsuiteCode ? ` ${obs.netsuiteCode}` : ''}${obs.message ? `: ${obs.message}` : ''}`,
    ]
    if (obs.authError) detail.push(`WWW-Authenticate error="${obs.authError}"`)
    checks.push({
      id: 'call',
      api: result.api,
      title: API_TITLE[result.api],
      status: 'fail',
      detail,
    })
    return { api: result.api, ok: false, observation: obs }
  })
  let diagnosis = diagnoseAll(outcomes)
  if (clockBad) {
    diagnosis = {
      step: SETUP_STEPS.clock,
      alsoCheck: diagnosis
        ? [diagnosis.step, ...diagnosis.alsoCheck].filter((s) => s.id !== 'clock')
        : [],
      evidence: `clock skew ${skew} s${diagnosis ? `; ${diagnosis.evidence}` : ''}`,
      certain: true,
    }
  }
  const failed = checks.some((c) => c.status === 'fail')
  if (!failed) return report({ ok: true, exitCode: EXIT.OK, target })
  if (network && !diagnosis) return report({ ok: false, exitCode: EXIT.NETWORK, target })
  return report({
    ok: false,
    exitCode: EXIT.FAILED,
    target,
    ...(diagnosis ? { diagnosis: toReportDiagnosis(diagnosis) } : {}),
  })
}

function describeCause(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause
  return cause?.code ? ` (${cause.code})` : cause?.message ? ` (${cause.message})` : ''
}

/** Print a report for people. */
export function printDoctorReport(report: DoctorReport, output: Output): void {
  const { c } = output
  const mark = { ok: c.green('✓'), warn: c.yellow('!'), fail: c.red('✗'), skip: c.dim('-') }
  output.out(
    c.bold(
      `netsuite-tba doctor — ${report.apis.map((a) => API_TITLE[a]).join(', ')}${report.target ? ` at ${report.target}` : ''}`,
    ),
  )
  for (const check of report.checks) {
    const [first, ...more] = check.detail
    output.out(`${mark[check.status]} ${check.title.padEnd(18)} ${first ?? ''}`)
    for (const line of more) output.out(`  ${' '.repeat(18)} ${line}`)
  }
  const d = report.diagnosis
  if (d) {
    output.out('')
    if (d.certain) {
      output.out(`${c.bold('Fix:')} ${d.title}`)
      d.fix.forEach((f, i) => output.out(`  ${i + 1}. ${f}`))
      output.out(c.dim(`  (${d.docs})`))
      if (d.alsoCheck.length) {
        output.out('Also check:')
        for (const s of d.alsoCheck)
          output.out(`  - ${s.title} ${c.dim(`(docs/setup.md#${s.step})`)}`)
      }
    } else {
      const steps = [{ step: d.step, title: d.title }, ...d.alsoCheck]
      output.out(
        c.bold(
          steps.length > 1
            ? `NetSuite's answers fit ${steps.length} set-up steps; check them in this order:`
            : 'NetSuite did not say why; read the reason in the Login Audit Trail:',
        ),
      )
      steps.forEach((s, i) =>
        output.out(`  ${i + 1}. ${s.title} ${c.dim(`(docs/setup.md#${s.step})`)}`),
      )
    }
    if (d.step !== 'clock') {
      output.out(`${c.bold('The reason is in NetSuite:')} ${report.loginAuditTrail}`)
    }
    const passed = report.checks.filter((ch) => ch.id === 'call' && ch.status === 'ok')
    if (passed.length > 0) {
      output.out(
        c.dim(
          `${passed.map((ch) => ch.title).join(' and ')} answered. If you do not use the failing API, test only yours: netsuite-tba doctor --api ${passed.map((ch) => ch.api).join(',')}`,
        ),
      )
    }
  } else if (report.ok) {
    output.out(
      c.green(
        `\nAll checks passed: NetSuite accepted a signed request on ${report.apis.map((a) => API_TITLE[a]).join(', ')}.`,
      ),
    )
  }
}

/** The `doctor` command. */
export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'check credentials, clock and a signed call per API; name the set-up steps to fix',
  help: HELP,
  async run(argv, { io, output }) {
    const args = parseArgs(argv, {
      api: { type: 'string' },
      'restlet-url': { type: 'string' },
      'rest-path': { type: 'string' },
      'base-url': { type: 'string' },
      'timeout-ms': { type: 'string' },
      json: { type: 'boolean' },
      ...ENV_FILE_OPTIONS,
    })
    noPositionals(args)
    const apiOption = stringOption(args, 'api')
    const api = apiOption === undefined ? 'all' : parseApiList(apiOption)
    const baseUrlOption = stringOption(args, 'base-url')
    const env = loadEnv(io.env, io.cwd, envFileOf(args))
    output.protect(env.NETSUITE_CONSUMER_SECRET, env.NETSUITE_TOKEN_SECRET)
    const baseUrl = baseUrlFrom(env, baseUrlOption)
    const restletUrl = stringOption(args, 'restlet-url')
    const restPath = stringOption(args, 'rest-path')
    const timeoutMs = intOption(args, 'timeout-ms', 20_000, 100, 900_000)
    if (prefersOAuth2(env))
      return oauth2DoctorCommand(env, output, {
        ...(api === 'all' ? {} : { api }),
        ...(baseUrl === undefined ? {} : { baseUrl }),
        ...(restletUrl === undefined ? {} : { restletUrl }),
        ...(restPath === undefined ? {} : { restPath }),
        timeoutMs,
        json: flag(args, 'json'),
      })
    const report = await output.progress('checking', () =>
      runDoctor(env, {
        ...(api === 'all' ? {} : { api }),
        ...(restletUrl === undefined ? {} : { restletUrl }),
        ...(restPath === undefined ? {} : { restPath }),
        ...(baseUrl === undefined ? {} : { baseUrl }),
        timeoutMs,
      }),
    )
    if (flag(args, 'json')) output.out(JSON.stringify(report, null, 2))
    else printDoctorReport(report, output)
    return report.exitCode
  },
}
