/**
 * The shape every `netsuite-tba` sub-command has.
 *
 * @module
 */
import type { CliIo, Output } from './output.ts'

/** What a command receives besides its arguments. */
export interface CommandContext {
  /** Streams, terminal facts and the environment. */
  io: CliIo
  /** Output helpers over {@link CommandContext.io}. */
  output: Output
}

/** A sub-command: its help text and its implementation. */
export interface Command {
  /** The word typed after `netsuite-tba`. */
  name: string
  /** One line for the command list. */
  summary: string
  /** The full `--help` text. */
  help: string
  /** Run with the arguments after the command name; resolve to an exit code. */
  run(argv: string[], ctx: CommandContext): Promise<number>
}

/** The exit-code paragraph shared by every command's help. */
export const EXIT_CODES_HELP = `Exit codes:
  0  success          1  the check or request failed     2  usage error
  3  credentials missing or malformed                    4  network error (server unreachable)`

/** The credential paragraph shared by the commands that sign. */
export const CREDENTIALS_HELP = `Credentials come from NETSUITE_ACCOUNT_ID, NETSUITE_CONSUMER_KEY, NETSUITE_CONSUMER_SECRET,
NETSUITE_TOKEN_ID and NETSUITE_TOKEN_SECRET, or from --dotenv FILE (dotenv syntax; the file
wins over the environment). Secrets are never printed.`
