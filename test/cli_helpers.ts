/** Helpers for the CLI tests: run the CLI in-process with captured output, or the built binary. */
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { run } from '../src/node/cli/run.ts'

export const ROOT = join(import.meta.dirname, '..')
export const CLI = join(ROOT, 'dist', 'cli.js')

/** Oracle's published sample credentials (not a real account). */
export const SAMPLE_ENV = {
  NETSUITE_ACCOUNT_ID: '1234567_SB1',
  NETSUITE_CONSUMER_KEY: 'ef40afdd8abaac111b13825dd5e5e2ddddb44f86d5a0dd6dcf38c20aae6b67e4',
  NETSUITE_CONSUMER_SECRET: 'd26ad321a4b2f23b0741c8d38392ce01c3e23e109df6c96eac6d099e9ab9e8b5',
  NETSUITE_TOKEN_ID: '2b0ce516420110bcbd36b69e99196d1b7f6de3c6234c5afb799b73d87569f5cc',
  NETSUITE_TOKEN_SECRET: 'c29a677df7d5439a458c063654187e3d678d73aca8e3c9d8bea1478a3eb0d295',
}

export interface CliRun {
  code: number
  stdout: string
  stderr: string
}

/** Run the CLI in-process (not a TTY, so no colour and no spinner). */
export async function cli(
  argv: string[],
  env: Record<string, string | undefined> = {},
  tty = false,
  signal?: AbortSignal,
): Promise<CliRun> {
  let stdout = ''
  let stderr = ''
  const code = await run(argv, {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    stdoutIsTTY: tty,
    stderrIsTTY: tty,
    env,
    cwd: ROOT,
    ...(signal ? { signal } : {}),
  })
  return { code, stdout, stderr }
}

function newest(dir: string): number {
  let t = 0
  for (const name of readdirSync(dir, { withFileTypes: true })) {
    if (name.name.startsWith('.') || name.name === 'node_modules') continue
    const p = join(dir, name.name)
    if (name.isDirectory()) t = Math.max(t, newest(p))
    else if (name.name.endsWith('.ts')) t = Math.max(t, statSync(p).mtimeMs)
  }
  return t
}

/** True when dist/cli.js is missing or older than a TypeScript source it is built from. */
export function cliIsStale(): boolean {
  if (!existsSync(CLI)) return true
  const built = statSync(CLI).mtimeMs
  return newest(join(ROOT, 'src')) > built || newest(join(ROOT, 'conformance')) > built
}

const exec = promisify(execFile)

/** Run the built `dist/cli.js` with Node. */
export async function builtCli(
  argv: string[],
  env: Record<string, string | undefined> = {},
): Promise<CliRun> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [CLI, ...argv], {
      env: { PATH: process.env.PATH, NO_COLOR: '1', ...env },
      cwd: ROOT,
      timeout: 20_000,
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string }
    return {
      code: typeof e.code === 'number' ? e.code : -1,
      stdout: e.stdout ?? '',
      stderr: e.stderr ?? '',
    }
  }
}

/**
 * Run `netsuite-tba simulate --print-env` in-process until it has printed its export lines.
 * Resolves to the printed text and a `stop()` that ends the command and resolves to its exit code.
 */
export async function simulatePrintEnv(
  extra: string[] = [],
): Promise<{ printed: string; stop: () => Promise<number> }> {
  let printed = ''
  const ac = new AbortController()
  const done = run(['simulate', '--print-env', ...extra], {
    stdout: (t) => void (printed += t),
    stderr: () => {},
    stdoutIsTTY: false,
    stderrIsTTY: false,
    env: {},
    cwd: ROOT,
    signal: ac.signal,
  })
  for (let i = 0; i < 250 && !printed.includes('NETSUITE_RESTLET_URL'); i++)
    await new Promise((r) => setTimeout(r, 20))
  return {
    printed,
    stop: () => {
      ac.abort()
      return done
    },
  }
}

/** Write `vars` as a dotenv file (`NAME=value` lines, values quoted) in a fresh temporary folder. */
export function writeDotenv(
  vars: Record<string, string | undefined>,
  name = 'netsuite.env',
): string {
  const file = join(mkdtempSync(join(tmpdir(), 'ns-dotenv-')), name)
  writeFileSync(
    file,
    Object.entries(vars)
      .filter((e): e is [string, string] => e[1] !== undefined)
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
      .join('\n'),
  )
  return file
}
