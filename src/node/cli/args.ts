/**
 * Hand-written argument parsing for the `netsuite-tba` command (no dependency).
 *
 * Accepts `--name value`, `--name=value`, boolean `--flag`, repeatable options, `-h`, and `--` to
 * end the options. Unknown options are an error, so a typo never silently changes what is signed.
 *
 * @module
 */

/** Declaration of one option. */
export interface OptionSpec {
  /** `string` takes a value; `boolean` does not. */
  type: 'string' | 'boolean'
  /** May be given more than once (values are collected in order). */
  multiple?: boolean
  /** One-letter alias, without the dash (e.g. `H` for `-H`). */
  short?: string
}

/** The options a command accepts, by long name (without `--`). */
export type OptionsSpec = Record<string, OptionSpec>

/** The result of {@link parseArgs}. */
export interface ParsedArgs {
  /** Option values by long name: a string, `true`, or an array for `multiple` options. */
  options: Record<string, string | boolean | string[]>
  /** Arguments that are not options, in order. */
  positionals: string[]
}

/** A mistake in how the command was called; the CLI exits with {@link EXIT.USAGE}. */
export class UsageError extends Error {
  /** Always `ERR_CLI_USAGE`. */
  readonly code: 'ERR_CLI_USAGE' = 'ERR_CLI_USAGE'
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}

/**
 * Exit codes of every `netsuite-tba` command.
 *
 * - 0 `OK`: the command did what was asked (doctor: every check passed).
 * - 1 `FAILED`: the command ran but the result is a failure (doctor found a problem, NetSuite
 *   answered with an error, a conformance case failed).
 * - 2 `USAGE`: unknown command or option, missing or malformed argument.
 * - 3 `CONFIG`: credentials missing or malformed (NETSUITE_* variables or `--dotenv`).
 * - 4 `NETWORK`: the server could not be reached (DNS, refused connection, TLS, timeout).
 * - 130 `INTERRUPTED`: stopped with Ctrl-C.
 */
export const EXIT = {
  OK: 0,
  FAILED: 1,
  USAGE: 2,
  CONFIG: 3,
  NETWORK: 4,
  INTERRUPTED: 130,
} as const

/** One of the {@link EXIT} codes. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT]

/** `--help` or `-h` was given: the CLI prints the command's help and exits 0. */
export class HelpRequested extends Error {
  constructor() {
    super('help requested')
    this.name = 'HelpRequested'
  }
}

/** @throws {@link UsageError} when the command was given positional arguments. */
export function noPositionals(args: ParsedArgs): void {
  if (args.positionals.length > 0)
    throw new UsageError(`unexpected argument "${args.positionals[0]}"`)
}

/**
 * Parse `argv` (without the command name) against `spec`. `--help`/`-h` are always accepted.
 *
 * @throws {@link HelpRequested} for `--help`/`-h` (after the other options were checked).
 * @throws {@link UsageError} for an unknown option, a missing value or a value given to a flag.
 */
export function parseArgs(argv: readonly string[], spec: OptionsSpec): ParsedArgs {
  const full: OptionsSpec = { help: { type: 'boolean', short: 'h' }, ...spec }
  const shorts = new Map<string, string>()
  for (const [name, s] of Object.entries(full)) if (s.short) shorts.set(s.short, name)
  const options: ParsedArgs['options'] = {}
  const positionals: string[] = []
  const set = (name: string, value: string | boolean) => {
    const s = full[name] as OptionSpec
    if (s.multiple) {
      const list = (options[name] as string[] | undefined) ?? []
      list.push(String(value))
      options[name] = list
    } else {
      options[name] = value
    }
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1))
      break
    }
    let name: string | undefined
    let inline: string | undefined
    if (arg.startsWith('--') && arg.length > 2) {
      const eq = arg.indexOf('=')
      name = eq === -1 ? arg.slice(2) : arg.slice(2, eq)
      inline = eq === -1 ? undefined : arg.slice(eq + 1)
      if (!(name in full)) throw new UsageError(`unknown option --${name}${suggest(name, full)}`)
    } else if (/^-[A-Za-z]$/.test(arg)) {
      name = shorts.get(arg.slice(1))
      if (name === undefined) throw new UsageError(`unknown option ${arg}`)
    } else {
      positionals.push(arg)
      continue
    }
    const s = full[name] as OptionSpec
    if (s.type === 'boolean') {
      if (inline !== undefined) {
        if (!/^(true|false)$/.test(inline)) {
          throw new UsageError(`--${name} is a flag and takes no value (got "${inline}")`)
        }
        set(name, inline === 'true')
      } else {
        set(name, true)
      }
      continue
    }
    let value = inline
    if (value === undefined) {
      const next = argv[i + 1]
      if (next === undefined || (next.startsWith('-') && next !== '-' && !/^-\d/.test(next))) {
        throw new UsageError(`--${name} needs a value`)
      }
      value = next
      i++
    }
    set(name, value)
  }
  if (options.help === true) throw new HelpRequested()
  return { options, positionals }
}

function suggest(name: string, spec: OptionsSpec): string {
  const close = Object.keys(spec).find(
    (k) => k.startsWith(name) || name.startsWith(k) || distance(k, name) <= 2,
  )
  return close ? ` (did you mean --${close}?)` : ''
}

function distance(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0] as number
    d[0] = i
    for (let j = 1; j <= b.length; j++) {
      const tmp = d[j] as number
      d[j] = Math.min(
        (d[j] as number) + 1,
        (d[j - 1] as number) + 1,
        prev + (a[i - 1] === b[j - 1] ? 0 : 1),
      )
      prev = tmp
    }
  }
  return d[b.length] as number
}

/** A string option, or undefined. */
export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const v = args.options[name]
  return typeof v === 'string' ? v : undefined
}

/** A boolean flag (false when absent). */
export function flag(args: ParsedArgs, name: string): boolean {
  return args.options[name] === true
}

/** A repeatable option's values (empty when absent). */
export function listOption(args: ParsedArgs, name: string): string[] {
  const v = args.options[name]
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : []
}

/**
 * An integer option within `[min, max]`, or `fallback` when absent.
 *
 * @throws {@link UsageError} when the value is not such an integer.
 */
export function intOption(
  args: ParsedArgs,
  name: string,
  fallback: number,
  min: number = 0,
  max: number = Number.MAX_SAFE_INTEGER,
): number {
  const v = stringOption(args, name)
  if (v === undefined) return fallback
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max} (got "${v}")`)
  }
  return Number(v)
}

/**
 * Split `name=value` pairs (from `--param id=7`), keeping `=` inside the value.
 *
 * @throws {@link UsageError} when a pair has no `=`.
 */
export function pairs(values: readonly string[], option: string): [string, string][] {
  return values.map((p) => {
    const eq = p.indexOf('=')
    if (eq <= 0) throw new UsageError(`--${option} expects name=value (got "${p}")`)
    return [p.slice(0, eq), p.slice(eq + 1)]
  })
}
