/**
 * `netsuite-tba request`: one signed call through the adapters, response pretty-printed.
 *
 * @module
 */
import { createRestClient } from '../../rest.ts'
import { createRestletClient } from '../../restlet.ts'
import { createSoapClient } from '../../soap.ts'
import { intOption, listOption, pairs, parseArgs, stringOption, UsageError } from './args.ts'
import { CREDENTIALS_HELP, EXIT_CODES_HELP, type Command } from './command.ts'
import { baseUrlFrom, ENV_FILE_HELP, ENV_FILE_OPTIONS, envFileOf, loadEnv } from './config.ts'
import { loadRequestAuth } from './oauth2_config.ts'
import { diagnose } from './diagnose.ts'
import { pretty } from './output.ts'
import { observe, recordingFetch } from './probe.ts'

const HELP = `Usage:
  netsuite-tba request restlet METHOD --script ID --deploy ID [--param k=v]... [--body JSON]
                                     (ids: numbers, or customscript_… / customdeploy_…)
  netsuite-tba request rest METHOD PATH [--query k=v]... [--body JSON] [-H 'Name: value']...
  netsuite-tba request suiteql "SELECT ..." [--page-size N] [--max-rows N]
  netsuite-tba request soap OPERATION [--body-xml XML] [--version YYYY_N]

Make one signed call through the netsuite-tba adapters and pretty-print the response. Every
attempt is signed afresh; failures print NetSuite's error and the set-up step it points to.

Examples:
  netsuite-tba request restlet GET --script 123 --deploy 1 --param id=7
  netsuite-tba request rest GET record/v1/customer/42
  netsuite-tba request rest POST record/v1/customer --body '{"companyName":"Acme"}'
  netsuite-tba request suiteql "SELECT id, companyname FROM customer" --max-rows 10
  netsuite-tba request soap getServerTime

Options:
  --base-url URL         send to this origin instead of the account's NetSuite host
                         (or NETSUITE_BASE_URL, e.g. the simulator)
  --timeout-ms N         per-request timeout (default 30000)
${ENV_FILE_HELP}
  -h, --help             show this help

${CREDENTIALS_HELP}

${EXIT_CODES_HELP}`

/**
 * The `--body` to send: JSON text is checked and sent as JSON. Anything else is a usage error,
 * unless a `content-type` header that is not JSON says the body is raw text.
 */
export function requestBody(
  text: string | undefined,
  method: string,
  headers: Record<string, string> = {},
): unknown {
  if (text === undefined) return undefined
  if (method === 'GET' || method === 'DELETE' || method === 'HEAD') {
    throw new UsageError(`--body is not sent with ${method}: use --param / --query for ${method}`)
  }
  const type = Object.entries(headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1]
  if (type !== undefined && !/\bjson\b/i.test(type)) return text
  try {
    JSON.parse(text)
  } catch (error) {
    throw new UsageError(
      `--body is not valid JSON (${(error as Error).message}); to send raw text, add -H 'content-type: text/plain'`,
    )
  }
  // Sent as given (a string body goes out as is, with content-type application/json).
  return text
}

function headerPairs(list: string[]): Record<string, string> {
  return Object.fromEntries(
    list.map((h) => {
      const i = h.indexOf(':')
      if (i <= 0) throw new UsageError(`-H expects "Name: value" (got "${h}")`)
      return [h.slice(0, i).trim(), h.slice(i + 1).trim()]
    }),
  )
}

/** A script or deployment id: a number, or a `customscript_…` / `customdeploy_…` id. */
function scriptId(value: string | undefined, name: 'script' | 'deploy'): number | string {
  if (value === undefined) throw new UsageError('restlet needs --script ID and --deploy ID')
  if (/^\d+$/.test(value) && Number(value) > 0) return Number(value)
  if (/^custom(script|deploy)[a-z0-9_]+$/i.test(value)) return value
  throw new UsageError(`--${name} must be a number or a custom${name}_… id (got "${value}")`)
}

/** The `request` command. */
export const requestCommand: Command = {
  name: 'request',
  summary: 'make a signed RESTlet, REST, SuiteQL or SOAP call and print the response',
  help: HELP,
  async run(argv, { io, output }) {
    const args = parseArgs(argv, {
      script: { type: 'string' },
      deploy: { type: 'string' },
      param: { type: 'string', multiple: true },
      query: { type: 'string', multiple: true },
      header: { type: 'string', multiple: true, short: 'H' },
      body: { type: 'string', short: 'd' },
      'body-xml': { type: 'string' },
      version: { type: 'string' },
      'page-size': { type: 'string' },
      'max-rows': { type: 'string' },
      'base-url': { type: 'string' },
      'timeout-ms': { type: 'string' },
      ...ENV_FILE_OPTIONS,
    })
    const [kind, ...rest] = args.positionals
    if (kind === undefined)
      throw new UsageError('request needs an API: restlet, rest, suiteql or soap')
    const env = loadEnv(io.env, io.cwd, envFileOf(args))
    const authentication = loadRequestAuth(env, output, stringOption(args, 'base-url'), kind)
    const baseUrl = baseUrlFrom(env, stringOption(args, 'base-url'))
    const rec = recordingFetch()
    const common = {
      ...authentication,
      fetch: rec.fetch,
      timeoutMs: intOption(args, 'timeout-ms', 30_000, 100, 900_000),
      ...(baseUrl === undefined ? {} : { baseUrl }),
    }
    const bodyText = stringOption(args, 'body')
    const headers = headerPairs(listOption(args, 'header'))
    const api = kind === 'suiteql' ? 'rest' : kind
    try {
      if (kind === 'restlet') {
        const method = (rest[0] ?? 'GET').toUpperCase()
        if (!['GET', 'POST', 'PUT', 'DELETE'].includes(method)) {
          throw new UsageError(`RESTlet method must be GET, POST, PUT or DELETE (got "${rest[0]}")`)
        }
        const script = scriptId(stringOption(args, 'script'), 'script')
        const deploy = scriptId(stringOption(args, 'deploy'), 'deploy')
        const body = requestBody(bodyText, method, headers)
        const client = createRestletClient(common)
        const call = {
          script,
          deploy,
          params: Object.fromEntries(pairs(listOption(args, 'param'), 'param')),
          ...(Object.keys(headers).length ? { headers } : {}),
          ...(body === undefined ? {} : { body }),
        }
        const verb = method.toLowerCase() as 'get' | 'post' | 'put' | 'delete'
        const value = await output.progress(`RESTlet ${method}`, () => client[verb](call))
        output.out(pretty(value))
      } else if (kind === 'rest') {
        const [method, path] = rest
        if (!method || !path)
          throw new UsageError('rest needs METHOD and PATH, e.g. rest GET record/v1/customer/42')
        const body = requestBody(bodyText, method.toUpperCase(), headers)
        const client = createRestClient(common)
        const result = await output.progress(`REST ${method.toUpperCase()} ${path}`, () =>
          client.request({
            method: method.toUpperCase(),
            path: path.replace(/^\/?(services\/rest\/)?/, ''),
            query: Object.fromEntries(pairs(listOption(args, 'query'), 'query')),
            headers,
            ...(body === undefined ? {} : { body }),
          }),
        )
        output.err(
          output.ce.dim(
            `HTTP ${result.status}${result.location ? ` · Location: ${result.location}` : ''}`,
          ),
        )
        if (result.data !== undefined) output.out(pretty(result.data))
      } else if (kind === 'suiteql') {
        const query = rest.join(' ').trim()
        if (!query)
          throw new UsageError('suiteql needs a query, e.g. suiteql "SELECT id FROM customer"')
        const pageSize = intOption(args, 'page-size', 1000, 1, 1000)
        const maxRows = intOption(args, 'max-rows', 100_000, 1, 100_000)
        const rows: unknown[] = []
        await output.progress('SuiteQL', async () => {
          for await (const row of createRestClient(common).suiteql(query, { pageSize })) {
            rows.push(row)
            if (rows.length >= maxRows) break
          }
        })
        output.out(pretty(rows))
        output.err(output.ce.dim(`${rows.length} row${rows.length === 1 ? '' : 's'}`))
      } else if (kind === 'soap') {
        const operation = rest[0]
        if (!operation) throw new UsageError('soap needs an OPERATION, e.g. soap getServerTime')
        const version = stringOption(args, 'version')
        const client = createSoapClient({
          ...(common as Parameters<typeof createSoapClient>[0]),
          ...(version === undefined ? {} : { version }),
        })
        const xml = await output.progress(`SOAP ${operation}`, () =>
          client.call(operation, stringOption(args, 'body-xml') ?? ''),
        )
        output.out(String(xml))
      } else {
        throw new UsageError(`unknown API "${kind}": use restlet, rest, suiteql or soap`)
      }
      return 0
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_CLI_USAGE') throw error
      const exchange = rec.last()
      if (!exchange) throw error
      const obs = observe(api as 'restlet' | 'rest' | 'soap', { error, exchange })
      const { ce } = output
      output.err(
        `${ce.red('error:')} HTTP ${exchange.status}${obs.netsuiteCode ? ` ${obs.netsuiteCode}` : ''}${obs.message ? `: ${obs.message}` : ''}${(error as { code?: string }).code ? ce.dim(` [${(error as { code?: string }).code}]`) : ''}`,
      )
      if (exchange.body && !obs.message) output.err(pretty(exchange.body))
      const d = diagnose(obs)
      if (d.certain)
        output.err(
          `${ce.bold('Set-up step:')} ${d.step.title} ${ce.dim(`(docs/setup.md#${d.step.id})`)}`,
        )
      else if (d.alsoCheck.length > 0 && d.alsoCheck.length < 4)
        output.err(
          `${ce.bold('Set-up steps that fit:')} ${[d.step, ...d.alsoCheck].map((s) => `${s.title} ${ce.dim(`(docs/setup.md#${s.id})`)}`).join('; ')}`,
        )
      else if (exchange.status === 401 || exchange.status === 403) {
        output.err(
          `Run ${ce.bold('netsuite-tba doctor')} to find the set-up step; the reason is in the Login Audit Trail.`,
        )
      }
      return 1
    }
  },
}
