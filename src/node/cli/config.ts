/// <reference types="node" />
/**
 * Where the CLI gets its configuration: the NETSUITE_* environment variables, optionally read from
 * a `--dotenv FILE` (dotenv syntax; values in the file win over the environment).
 *
 * Why not `--env-file`: Node reads any `--env-file` in its command line itself, even after the
 * script name (nodejs/node#54232), so `netsuite-tba … --env-file x.env` makes Node load the file
 * too, or exit 9 with "node: x.env: not found" before the CLI runs. `--env-file` stays accepted as
 * an alias for when the file exists.
 *
 * @module
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { credentialsFromEnv } from '../../index.ts'
import type { TbaCredentials } from '../../index.ts'
import { stringOption, UsageError, type OptionsSpec, type ParsedArgs } from './args.ts'
import type { Output } from './output.ts'

/** The options every command that reads credentials accepts. */
export const ENV_FILE_OPTIONS: OptionsSpec = {
  dotenv: { type: 'string' },
  'env-file': { type: 'string' },
}

/** Help line for {@link ENV_FILE_OPTIONS}. */
export const ENV_FILE_HELP =
  '  --dotenv FILE          read NETSUITE_* variables from FILE (dotenv syntax; the file wins)'

/** The `--dotenv` (or `--env-file`) value. */
export function envFileOf(args: ParsedArgs): string | undefined {
  return stringOption(args, 'dotenv') ?? stringOption(args, 'env-file')
}

/** Variables besides the credentials that the CLI honours. */
export const CLI_ENV = {
  /** Origin that replaces the account-specific NetSuite hosts (the simulator, a proxy). */
  baseUrl: 'NETSUITE_BASE_URL',
  /** A RESTlet deployment's External URL; `doctor` then tests the RESTlet. */
  restletUrl: 'NETSUITE_RESTLET_URL',
} as const

/** Credentials are missing or malformed; the CLI exits with code 3. */
export class ConfigError extends Error {
  /** Always `ERR_CLI_CONFIG`. */
  readonly code: 'ERR_CLI_CONFIG' = 'ERR_CLI_CONFIG'
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'ConfigError'
  }
}

/**
 * Parse a dotenv file: `NAME=value`, optional `export `, `#` comments, single or double quotes
 * (double quotes understand `\n`). Unparseable lines are an error naming the line number.
 */
export function parseEnvFile(text: string, file = 'env file'): Record<string, string> {
  const out: Record<string, string> = {}
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/)
  lines.forEach((raw, index) => {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) return
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line)
    if (!m) throw new ConfigError(`${file}:${index + 1}: expected NAME=value`)
    let value = m[2] as string
    const quote = value[0]
    if ((quote === '"' || quote === "'") && value.length >= 2 && value.endsWith(quote)) {
      value = value.slice(1, -1)
      if (quote === '"') value = value.replace(/\\n/g, '\n').replace(/\\(["\\])/g, '$1')
    } else {
      value = value.replace(/\s+#.*$/, '')
    }
    out[m[1] as string] = value
  })
  return out
}

/** The environment with `--env-file` applied (the file wins). */
export function loadEnv(
  env: Record<string, string | undefined>,
  cwd: string,
  envFile: string | undefined,
): Record<string, string | undefined> {
  if (envFile === undefined) return env
  let text: string
  try {
    text = readFileSync(resolve(cwd, envFile), 'utf8')
  } catch (cause) {
    throw new ConfigError(
      `cannot read --dotenv ${envFile}: ${(cause as Error).message.split('\n')[0]}`,
    )
  }
  return { ...env, ...parseEnvFile(text, envFile) }
}

/** True when any credential variable is set (non-empty). */
export function hasNetsuiteEnv(env: Record<string, string | undefined>): boolean {
  return [
    'NETSUITE_ACCOUNT_ID',
    'NETSUITE_ACCOUNT',
    'NETSUITE_CONSUMER_KEY',
    'NETSUITE_CONSUMER_SECRET',
    'NETSUITE_TOKEN_ID',
    'NETSUITE_TOKEN_SECRET',
  ].some((name) => (env[name] ?? '') !== '')
}

/**
 * Read and check the credentials, and register the secrets with `output` so that they can never
 * be printed.
 *
 * @throws {@link ConfigError} naming the missing or malformed variable (never its value).
 */
export function loadCredentials(
  env: Record<string, string | undefined>,
  output: Output,
): TbaCredentials {
  output.protect(env.NETSUITE_CONSUMER_SECRET, env.NETSUITE_TOKEN_SECRET)
  // credentialsFromEnv throws TbaError with the documented codes (ERR_TBA_MISSING_ENV,
  // ERR_TBA_INVALID_CREDENTIAL, ERR_TBA_INVALID_ACCOUNT_ID); the CLI maps them to exit code 3.
  return credentialsFromEnv(env)
}

/**
 * The origin to send requests to: `--base-url`, else NETSUITE_BASE_URL, else undefined (the
 * adapters then use the account-specific NetSuite hosts).
 *
 * @throws {@link UsageError} when `--base-url` is not an http(s) URL (exit 2), {@link ConfigError}
 *   when NETSUITE_BASE_URL is not (exit 3).
 */
export function baseUrlFrom(
  env: Record<string, string | undefined>,
  option: string | undefined,
): string | undefined {
  const value = option ?? (env[CLI_ENV.baseUrl] || undefined)
  if (value === undefined) return undefined
  const name = option === undefined ? CLI_ENV.baseUrl : '--base-url'
  const fail = (message: string) =>
    option === undefined ? new ConfigError(message) : new UsageError(message)
  let url: URL | undefined
  try {
    url = new URL(value)
  } catch {
    // reported below
  }
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:') || !url.host) {
    throw fail(
      `${name} "${value}" is not an http(s) URL: give the scheme and host, e.g. http://127.0.0.1:8787`,
    )
  }
  return url.origin
}
