/**
 * `netsuite-tba start` (also the no-argument invocation and `npm start`): the first run. With no
 * NETSUITE_* variables it shows the whole library working against the local simulator; with them
 * it runs `doctor` against the real account.
 *
 * @module
 */
import { startSimulator } from '../../../conformance/simulator/index.ts'
import { createClientCredentialsAuth } from '../../oauth2/client_credentials.ts'
import { createRestClient } from '../../rest.ts'
import { createRestletClient } from '../../restlet.ts'
import { createSoapClient } from '../../soap.ts'
import { flag, parseArgs, noPositionals } from './args.ts'
import { formatRate, quickBench } from './bench.ts'
import { EXIT_CODES_HELP, type Command } from './command.ts'
import { ENV_FILE_HELP, ENV_FILE_OPTIONS, envFileOf, hasNetsuiteEnv, loadEnv } from './config.ts'
import { hasOAuth2Env } from './oauth2_config.ts'
import { runConformance, runtimeLabel, selfAdapter } from './conformance.ts'
import { doctorCommand } from './doctor.ts'
import type { Output } from './output.ts'

const HELP = `Usage: netsuite-tba start [--offline] [--dotenv FILE]

The first run ("npm start", or netsuite-tba with no command).

Without NETSUITE_* variables: start the NetSuite simulator on a free loopback port, make a signed
RESTlet GET and POST, get an OAuth 2.0 token (client credentials) and call the RESTlet with it,
page a SuiteQL query, call SOAP getServerTime through the adapters, run the
conformance vectors on this runtime and a quick signing throughput figure, then stop.

With NETSUITE_* variables set (in the environment or the --dotenv file): run "netsuite-tba
doctor" against your account.

Options:
  --offline              always use the simulator, even when NETSUITE_* variables are set
${ENV_FILE_HELP}
  -h, --help             show this help

${EXIT_CODES_HELP}`

function short(value: unknown, max = 110): string {
  const s = typeof value === 'string' ? value.replace(/\s+/g, ' ') : JSON.stringify(value)
  return s.length > max ? `${s.slice(0, max)}…` : s
}

/** The tour against the simulator. Resolves to an exit code. */
export async function tour(output: Output): Promise<number> {
  const { c } = output
  const t0 = performance.now()
  const step = (title: string) => output.out(`\n${c.bold(c.cyan('▸'))} ${c.bold(title)}`)
  const ok = (line: string) => output.out(`  ${c.green('✓')} ${line}`)
  output.out(c.bold('netsuite-tba — a tour on the local NetSuite simulator (no account needed)'))
  const sim = await startSimulator({ host: '127.0.0.1', port: 0 })
  let failures = 0
  try {
    output.out(
      c.dim(
        `  simulator on ${sim.url}, account ${sim.accountId}; every request below is TBA-signed or carries an OAuth 2.0 token, and is verified`,
      ),
    )
    const options = { credentials: sim.credentials, baseUrl: sim.url }

    step('RESTlet (netsuite-tba/restlet)')
    const restlet = createRestletClient(options)
    const { script, deploy } = sim.restlet
    const got = await restlet.get({ script, deploy, params: { id: '7', q: 'a b+c' } })
    ok(`GET  script=${script} deploy=${deploy} id=7 → ${short(got)}`)
    const posted = await restlet.post({
      script,
      deploy,
      body: { name: 'Acme & Co', note: 'JSON body, not signed' },
    })
    ok(`POST script=${script} deploy=${deploy} → ${short(posted)}`)

    step('OAuth 2.0 client credentials, machine to machine (netsuite-tba/oauth2)')
    const auth = createClientCredentialsAuth({
      accountId: sim.accountId,
      clientId: sim.oauth2.clientId,
      certificateId: sim.oauth2.certificateId,
      privateKey: sim.oauth2.privateKeyPem,
      baseUrl: sim.url,
    })
    const token = await auth.token()
    ok(
      `${auth.algorithm} client assertion → Bearer token for ${token.scope.join(', ')}, valid ${Math.round((token.expiresAt - Date.now()) / 60_000)} min`,
    )
    const viaBearer = await createRestletClient({ auth }).get({
      script,
      deploy,
      params: { id: '7' },
    })
    ok(`RESTlet GET with Authorization: Bearer … → ${short(viaBearer)}`)

    step('SuiteQL over REST web services (netsuite-tba/rest)')
    const rest = createRestClient(options)
    let rows = 0
    let first: unknown
    for await (const row of rest.suiteql('SELECT id, companyname FROM customer ORDER BY id', {
      pageSize: 500,
    })) {
      first ??= row
      rows++
    }
    ok(
      `${rows} rows in ${Math.ceil(rows / 500)} pages of ≤500 (limit/offset signed per page); first: ${short(first, 80)}`,
    )

    step('SOAP web services (netsuite-tba/soap)')
    const soap = createSoapClient(options)
    const xml = await soap.call('getServerTime', '')
    const time = /<(?:\w+:)?serverTime>([^<]+)</.exec(xml)?.[1]
    ok(`getServerTime with a fresh tokenPassport → ${time ?? short(xml, 80)}`)

    step(`Conformance vectors on this runtime (${runtimeLabel()})`)
    const summary = await output.progress('running vectors', () => runConformance(selfAdapter()))
    failures += summary.failed
    const line = `${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped`
    output.out(`  ${summary.failed === 0 ? c.green('✓') : c.red('✗')} ${line}`)

    step('Quick signing throughput (in-process)')
    const bench = await output.progress('measuring', () => quickBench(500))
    for (const r of bench) ok(`${r.label.padEnd(32)} ${formatRate(r.opsPerSecond)}`)
    output.out(c.dim('  a rough figure; "npm run bench" has the benchmark tables'))
  } catch (error) {
    failures++
    const e = error as { message?: string; code?: string }
    output.err(
      `${output.ce.red('error:')} ${e.message ?? String(error)}${e.code ? ` [${e.code}]` : ''}`,
    )
  } finally {
    await sim.close()
  }
  output.out(
    `\n${failures === 0 ? c.green('Done') : c.red('Finished with failures')} in ${((performance.now() - t0) / 1000).toFixed(1)} s. Next:`,
  )
  output.out(
    '  netsuite-tba simulate            a simulator to experiment with (prints its NETSUITE_* lines)',
  )
  output.out(
    '  netsuite-tba doctor              check your own account once NETSUITE_* are set (docs/setup.md)',
  )
  output.out('  netsuite-tba sign --explain …    see the base string and header of any request')
  output.out(
    '  netsuite-tba keygen              a key and certificate for OAuth 2.0 M2M (docs/oauth2.md)',
  )
  output.out('  netsuite-tba --help              every command')
  return failures === 0 ? 0 : 1
}

/** The `start` command. */
export const startCommand: Command = {
  name: 'start',
  summary: 'first run: a tour on the simulator, or doctor when NETSUITE_* are set',
  help: HELP,
  async run(argv, ctx) {
    const args = parseArgs(argv, { offline: { type: 'boolean' }, ...ENV_FILE_OPTIONS })
    noPositionals(args)
    const envFile = envFileOf(args)
    const env = loadEnv(ctx.io.env, ctx.io.cwd, envFile)
    if (!flag(args, 'offline') && (hasNetsuiteEnv(env) || hasOAuth2Env(env))) {
      ctx.output.err(
        ctx.output.ce.dim(
          'NETSUITE_* variables are set: checking your account (use --offline for the simulator tour)',
        ),
      )
      return doctorCommand.run(envFile === undefined ? [] : ['--dotenv', envFile], ctx)
    }
    return tour(ctx.output)
  },
}
