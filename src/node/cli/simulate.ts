/// <reference types="node" />
/**
 * `netsuite-tba simulate`: run the NetSuite simulator on loopback and print the variables that
 * point every other command (and your own code) at it.
 *
 * @module
 */
import process from 'node:process'
import {
  startSimulator,
  type Simulator,
  type SimulatorScenario,
} from '../../../conformance/simulator/index.ts'
import { flag, intOption, parseArgs, stringOption, UsageError, noPositionals } from './args.ts'
import { CLI_ENV } from './config.ts'
import { simulatorOAuth2Env } from './oauth2_config.ts'
import { EXIT_CODES_HELP, type Command } from './command.ts'
import type { TbaCredentials } from '../../index.ts'

/** Every failure the simulator can reproduce, with a credentials set for each. */
export const SCENARIOS: readonly SimulatorScenario[] = [
  'ok',
  'feature-disabled',
  'integration-blocked',
  'integration-tba-unchecked',
  'unknown-consumer',
  'revoked-token',
  'token-other-account',
  'role-missing-login-with-access-tokens',
  'role-missing-web-services',
  'role-missing-rest-web-services',
  'role-missing-record-permission',
  'web-services-only-role',
  'role-not-assigned',
  'two-factor-required-role',
  'permission-change-pending',
]

const HELP = `Usage: netsuite-tba simulate [--port N] [--scenario NAME]

Start a local NetSuite simulator on 127.0.0.1 (RESTlets, REST web services with SuiteQL, SOAP)
that checks TBA signatures like NetSuite does, and print the credentials and shell lines to use
it. Stop with Ctrl-C.

  netsuite-tba simulate --print-env > simulator.env &   # runs in the background
  netsuite-tba doctor --dotenv simulator.env            # checks RESTlet, REST and SOAP on it
  kill %1                                               # stops the simulator

or run "netsuite-tba simulate" in one shell and paste the export lines it prints into another.

Options:
  --port N               port to listen on (default: a free port)
  --scenario NAME        print the credentials of a scenario instead of the working set, to see
                         what doctor says about it (two-factor-required-role works: token logins
                         are not blocked by 2FA). One of:
                         ${SCENARIOS.join(', ')}
  --print-env            print only the export lines (dotenv syntax: --dotenv reads them), then
                         keep running until stopped
  --json                 print the connection details as JSON
  -h, --help             show this help

The simulator's credentials are test values, not secrets, so they are printed.

${EXIT_CODES_HELP}`

/** The shell lines that point netsuite-tba (CLI and library users) at a simulator. */
export function envLines(sim: Simulator, credentials: TbaCredentials): string[] {
  return [
    `export NETSUITE_ACCOUNT_ID=${credentials.accountId}`,
    `export NETSUITE_CONSUMER_KEY=${credentials.consumerKey}`,
    `export NETSUITE_CONSUMER_SECRET=${credentials.consumerSecret}`,
    `export NETSUITE_TOKEN_ID=${credentials.tokenId}`,
    `export NETSUITE_TOKEN_SECRET=${credentials.tokenSecret}`,
    `export ${CLI_ENV.baseUrl}=${sim.url}`,
    `export ${CLI_ENV.restletUrl}='${restletUrl(sim)}'`,
  ]
}

/** `netsuite-tba login` against the simulator: OAuth 2.0 and the three-step TBA flow. */
export function loginLines(sim: Simulator): string[] {
  const common = `NETSUITE_ACCOUNT_ID=${sim.accountId} ${CLI_ENV.baseUrl}=${sim.url}`
  return [
    `${common} NETSUITE_CLIENT_ID=${sim.oauth2Code.clientId} NETSUITE_CLIENT_SECRET=${sim.oauth2Code.clientSecret} netsuite-tba login --oauth2 --print-env`,
    `${common} NETSUITE_CONSUMER_KEY=${sim.tbaFlow.consumerKey} NETSUITE_CONSUMER_SECRET=${sim.tbaFlow.consumerSecret} netsuite-tba login --tba --print-env`,
  ]
}

/** The External URL of the simulator's RESTlet deployment. */
export function restletUrl(sim: Simulator): string {
  return `${sim.url}/app/site/hosting/restlet.nl?script=${sim.restlet.script}&deploy=${sim.restlet.deploy}`
}

/** The `simulate` command. Runs until interrupted. */
export const simulateCommand: Command = {
  name: 'simulate',
  summary: 'run the NetSuite simulator on loopback and print its credentials',
  help: HELP,
  async run(argv, { io, output }) {
    const args = parseArgs(argv, {
      port: { type: 'string', short: 'p' },
      scenario: { type: 'string' },
      'print-env': { type: 'boolean' },
      json: { type: 'boolean' },
    })
    noPositionals(args)
    const scenario = stringOption(args, 'scenario') ?? 'ok'
    if (!SCENARIOS.includes(scenario as SimulatorScenario)) {
      throw new UsageError(`--scenario must be one of: ${SCENARIOS.join(', ')}`)
    }
    const port = intOption(args, 'port', 0, 0, 65_535)
    const sim = await startSimulator({ host: '127.0.0.1', port })
    const credentials =
      scenario === 'ok' ? sim.credentials : sim.credentialsFor(scenario as SimulatorScenario)
    const oauth2 = simulatorOAuth2Env(sim)
    const { c } = output
    if (flag(args, 'json')) {
      output.out(
        JSON.stringify(
          {
            url: sim.url,
            accountId: sim.accountId,
            scenario,
            credentials: { ...credentials },
            restletUrl: restletUrl(sim),
            env: envLines(sim, credentials),
            oauth2: { ...sim.oauth2, env: oauth2.lines },
            login: loginLines(sim),
          },
          null,
          2,
        ),
      )
    } else if (flag(args, 'print-env')) {
      for (const line of envLines(sim, credentials)) output.out(line)
    } else {
      output.out(
        c.bold(`NetSuite simulator listening on ${sim.url}`) +
          c.dim(`  (account ${sim.accountId}, scenario "${scenario}")`),
      )
      output.out('')
      output.out('Paste into another shell:')
      for (const line of envLines(sim, credentials)) output.out(`  ${line}`)
      output.out('')
      output.out('For OAuth 2.0 (client credentials, machine to machine), add:')
      for (const line of oauth2.lines) output.out(`  ${line}`)
      output.out('')
      output.out('Then try:')
      output.out('  netsuite-tba doctor')
      output.out(
        '  netsuite-tba request restlet GET --script ' +
          sim.restlet.script +
          ' --deploy ' +
          sim.restlet.deploy +
          ' --param id=7',
      )
      output.out(
        '  netsuite-tba request suiteql "SELECT id, companyname FROM customer" --max-rows 5',
      )
      output.out('  netsuite-tba request soap getServerTime')
      output.out('  netsuite-tba token --json                     (with the OAuth 2.0 lines)')
      output.out('')
      output.out('Sign in through the browser (the consent page has Allow and Deny):')
      for (const line of loginLines(sim)) output.out(`  ${line}`)
      output.out(
        c.dim(
          `Login Audit Trail: ${sim.url}/simulator/login-audit-trail   ·   Ctrl-C stops the simulator.`,
        ),
      )
    }
    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off('SIGINT', stop)
        process.off('SIGTERM', stop)
        resolve()
      }
      process.once('SIGINT', stop)
      process.once('SIGTERM', stop)
      if (io.signal?.aborted) stop()
      io.signal?.addEventListener('abort', stop, { once: true })
    })
    await sim.close()
    oauth2.remove()
    return 0
  },
}
