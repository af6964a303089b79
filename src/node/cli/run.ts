/**
 * The `netsuite-tba` dispatcher: picks the sub-command, maps errors to exit codes, and prints
 * help. `main.ts` calls {@link run} with the process; tests call it with their own {@link CliIo}.
 *
 * @module
 */
import pkg from '../../../package.json' with { type: 'json' }
import { EXIT, HelpRequested } from './args.ts'
import { EXIT_CODES_HELP, type Command } from './command.ts'
import { createOutput, type CliIo, type Output } from './output.ts'

/** A sub-command as listed before it is loaded (each loads only what it needs). */
export interface CommandEntry {
  name: string
  summary: string
  load: () => Promise<Command>
}

/** Every sub-command, in the order the help lists them. */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'start',
    summary: 'first run: a tour on the simulator, or doctor when NETSUITE_* are set',
    load: async () => (await import('./start.ts')).startCommand,
  },
  {
    name: 'sign',
    summary: 'print the Authorization header for a request (--explain, --curl)',
    load: async () => (await import('./sign.ts')).signCommand,
  },
  {
    name: 'passport',
    summary: 'print a fresh SOAP tokenPassport (XML or --json)',
    load: async () => (await import('./passport.ts')).passportCommand,
  },
  {
    name: 'request',
    summary: 'make a signed RESTlet, REST, SuiteQL or SOAP call and print the response',
    load: async () => (await import('./request.ts')).requestCommand,
  },
  {
    name: 'token',
    summary: 'print an OAuth 2.0 access token (client credentials / M2M; --json)',
    load: async () => (await import('./token.ts')).tokenCommand,
  },
  {
    name: 'keygen',
    summary: 'write a key pair and self-signed certificate for OAuth 2.0 M2M (P-256, or --rsa)',
    load: async () => (await import('./keygen.ts')).keygenCommand,
  },
  {
    name: 'doctor',
    summary: 'check credentials, clock and one signed call; name the set-up step to fix',
    load: async () => (await import('./doctor.ts')).doctorCommand,
  },
  {
    name: 'login',
    summary: 'obtain tokens through the browser (OAuth 2.0 with PKCE, or the TBA flow)',
    load: async () => (await import('./login.ts')).loginCommand,
  },
  {
    name: 'simulate',
    summary: 'run the NetSuite simulator on loopback and print its credentials',
    load: async () => (await import('./simulate.ts')).simulateCommand,
  },
  {
    name: 'conformance',
    summary: 'run the vector suite on this runtime, or against --signer MODULE',
    load: async () => (await import('./conformance.ts')).conformanceCommand,
  },
  {
    name: 'bench',
    summary: 'quick signing throughput on this runtime (full tables: npm run bench)',
    load: async () => (await import('./bench.ts')).benchCommand,
  },
]

/** The top-level `--help` text. */
export function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length))
  return `netsuite-tba ${pkg.version}: sign and test NetSuite Token-Based Authentication requests

Usage: netsuite-tba <command> [options]     (no command: the "start" tour or doctor)

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Run "netsuite-tba <command> --help" for a command's options.
Credentials: NETSUITE_ACCOUNT_ID, NETSUITE_CONSUMER_KEY, NETSUITE_CONSUMER_SECRET,
NETSUITE_TOKEN_ID, NETSUITE_TOKEN_SECRET (or --dotenv FILE). Set-up guide: docs/setup.md.
Colour only on a terminal; NO_COLOR=1 turns it off.

${EXIT_CODES_HELP}`
}

const CONFIG_CODES = new Set([
  'ERR_CLI_CONFIG',
  'ERR_TBA_MISSING_ENV',
  'ERR_TBA_INVALID_CREDENTIAL',
  'ERR_TBA_INVALID_ACCOUNT_ID',
])

/** The exit code for an error thrown by a command. */
export function exitCodeFor(error: unknown): number {
  const code = (error as { code?: unknown })?.code
  if (code === 'ERR_CLI_USAGE') return EXIT.USAGE
  if (typeof code === 'string' && CONFIG_CODES.has(code)) return EXIT.CONFIG
  const e = error as { name?: string; message?: string; cause?: { code?: unknown } }
  if (
    (typeof code === 'string' && /^ERR_(CLI|NETSUITE)_(NETWORK|TIMEOUT|ABORT)/.test(code)) ||
    (e?.name === 'TypeError' && /fetch failed/i.test(e.message ?? '')) ||
    e?.name === 'TimeoutError' ||
    (typeof e?.cause?.code === 'string' && /^(E[A-Z]+|UND_ERR)/.test(e.cause.code))
  )
    return EXIT.NETWORK
  // Bad input to the signer (a relative URL, a malformed nonce): the caller's mistake.
  if (
    typeof code === 'string' &&
    (code.startsWith('ERR_TBA_') || code.startsWith('ERR_INVALID_ARG'))
  )
    return EXIT.USAGE
  return EXIT.FAILED
}

function report(error: unknown, output: Output, command: string | undefined): number {
  const exit = exitCodeFor(error)
  const e = error as { message?: string; code?: string }
  const { ce } = output
  output.err(
    `${ce.red('error:')} ${e?.message ?? String(error)}${e?.code && exit !== EXIT.USAGE ? ce.dim(` [${e.code}]`) : ''}`,
  )
  if (exit === EXIT.USAGE) {
    output.err(ce.dim(`Run "netsuite-tba ${command ? `${command} ` : ''}--help" for usage.`))
  } else if (exit === EXIT.CONFIG) {
    output.err(
      ce.dim(
        'Set the NETSUITE_* variables or pass --dotenv FILE; see docs/setup.md, or try "netsuite-tba simulate".',
      ),
    )
  }
  return exit
}

/**
 * Run the CLI with `argv` (the arguments after `netsuite-tba`). Resolves to the exit code; never
 * rejects.
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const output = createOutput(io)
  const [first, ...rest] = argv
  if (first === '--version' || first === '-V') {
    output.out(pkg.version)
    return EXIT.OK
  }
  if (first === '--help' || first === '-h' || first === 'help') {
    const target = first === 'help' ? COMMANDS.find((c) => c.name === rest[0]) : undefined
    output.out(target ? (await target.load()).help : mainHelp())
    return EXIT.OK
  }
  const entry = COMMANDS.find((c) => c.name === (first ?? 'start'))
  if (!entry) {
    const near = COMMANDS.find((c) => c.name.startsWith(first?.slice(0, 3) ?? ''))
    output.err(
      `${output.ce.red('error:')} unknown command "${first}"${near ? ` (did you mean "${near.name}"?)` : ''}`,
    )
    output.err(output.ce.dim('Run "netsuite-tba --help" for the list of commands.'))
    return EXIT.USAGE
  }
  let command: Command | undefined
  try {
    command = await entry.load()
    return await command.run(first === undefined ? [] : rest, { io, output })
  } catch (error) {
    if (error instanceof HelpRequested && command !== undefined) {
      output.out(command.help)
      return EXIT.OK
    }
    return report(error, output, entry.name)
  }
}
