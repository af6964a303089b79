/**
 * Terminal output for the `netsuite-tba` command: colour only on a TTY (never with NO_COLOR or
 * TERM=dumb), a progress indicator on stderr for work that takes longer than a second (TTY only),
 * and a last line of defence that scrubs known secrets from everything written.
 *
 * @module
 */

/** Where a command writes, and what it knows about its terminal. Tests pass their own. */
export interface CliIo {
  /** Write to standard output (no newline added). */
  stdout(text: string): void
  /** Write to standard error (no newline added). */
  stderr(text: string): void
  /** Standard output is a terminal. */
  stdoutIsTTY: boolean
  /** Standard error is a terminal. */
  stderrIsTTY: boolean
  /** The environment (NETSUITE_*, NO_COLOR, …). */
  env: Record<string, string | undefined>
  /** The working directory, for relative `--dotenv` and `--signer` paths. */
  cwd: string
  /** Stops long-running commands (`simulate`) besides SIGINT/SIGTERM; for tests and embedding. */
  signal?: AbortSignal
  /** Standard input (default `process.stdin`); `login --paste` reads the redirect from it. */
  stdin?: AsyncIterable<string | Uint8Array>
}

/** Colour functions; each returns its input unchanged when colour is off. */
export interface Colors {
  /** Whether colour is on. */
  enabled: boolean
  bold(s: string): string
  dim(s: string): string
  red(s: string): string
  green(s: string): string
  yellow(s: string): string
  cyan(s: string): string
}

/** True when colour may be used on a stream: a TTY, NO_COLOR unset or empty, TERM not `dumb`. */
export function colorEnabled(isTTY: boolean, env: Record<string, string | undefined>): boolean {
  if (!isTTY) return false
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false
  return env.TERM !== 'dumb'
}

/** Colour helpers for one stream. */
export function colors(enabled: boolean): Colors {
  const wrap = (open: number, close: number) => (s: string) =>
    enabled ? `\u001b[${open}m${s}\u001b[${close}m` : s
  return {
    enabled,
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    red: wrap(31, 39),
    green: wrap(32, 39),
    yellow: wrap(33, 39),
    cyan: wrap(36, 39),
  }
}

/** The output helpers a command uses. */
export interface Output {
  /** Colours for standard output. */
  c: Colors
  /** Colours for standard error. */
  ce: Colors
  /** Print a line on standard output. */
  out(line?: string): void
  /** Print a line on standard error. */
  err(line?: string): void
  /** Never print these strings (secrets): they are replaced by `[redacted]` in all output. */
  protect(...secrets: (string | undefined)[]): void
  /**
   * Run `work`; when it takes longer than a second and stderr is a TTY, show `label` with a
   * spinner on stderr until it ends.
   */
  progress<T>(label: string, work: () => Promise<T>): Promise<T>
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏']

/** Build the {@link Output} helpers over `io`. */
export function createOutput(io: CliIo): Output {
  const secrets = new Set<string>()
  const scrub = (text: string): string => {
    let t = text
    for (const s of secrets) t = t.split(s).join('[redacted]')
    return t
  }
  const progressOn = io.stderrIsTTY && io.env.CI !== 'true'
  const ce = colors(colorEnabled(io.stderrIsTTY, io.env))
  return {
    c: colors(colorEnabled(io.stdoutIsTTY, io.env)),
    ce,
    out: (line = '') => io.stdout(scrub(line) + '\n'),
    err: (line = '') => io.stderr(scrub(line) + '\n'),
    protect: (...values) => {
      // Very short values would scrub ordinary text; NetSuite secrets are long.
      for (const v of values) if (v !== undefined && v.length >= 8) secrets.add(v)
    },
    async progress<T>(label: string, work: () => Promise<T>): Promise<T> {
      if (!progressOn) return work()
      let frame = 0
      let timer: ReturnType<typeof setInterval> | undefined
      const start = setTimeout(() => {
        timer = setInterval(() => {
          io.stderr(`\r${ce.cyan(SPINNER[frame++ % SPINNER.length] as string)} ${label}\u001b[K`)
        }, 80)
      }, 1000)
      try {
        return await work()
      } finally {
        clearTimeout(start)
        if (timer !== undefined) {
          clearInterval(timer)
          io.stderr('\r\u001b[K')
        }
      }
    },
  }
}

/**
 * Describe a secret without revealing it: its length and character class
 * (`64 hex chars`), never its characters.
 */
export function maskSecret(value: string): string {
  const kind = /^[0-9a-f]+$/.test(value)
    ? 'hex'
    : /^[0-9A-F]+$/.test(value)
      ? 'upper-case hex'
      : /^[A-Za-z0-9]+$/.test(value)
        ? 'alphanumeric'
        : 'mixed'
  return `‹${value.length} ${kind} chars›`
}

/** Quote a string for a POSIX shell (single quotes). */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`
}

/** Format a response body for people: indented JSON when it parses, the text otherwise. */
export function pretty(body: unknown): string {
  if (typeof body === 'string') {
    try {
      return JSON.stringify(JSON.parse(body), null, 2)
    } catch {
      return body
    }
  }
  return JSON.stringify(body, null, 2) ?? String(body)
}
