/// <reference types="node" />
/**
 * Where the CLI gets its configuration: the NETSUITE_* environment variables, optionally read from
 * an `--env-file` (dotenv syntax; values in the file win over the environment).
 *
 * @module
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { credentialsFromEnv, parseAccountId } from '../../index.ts'
import type { TbaCredentials } from '../../index.ts'
import type { Output } from './output.ts'

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
      `cannot read --env-file ${envFile}: ${(cause as Error).message.split('\n')[0]}`,
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
  try {
    return credentialsFromEnv(env)
  } catch (cause) {
    throw new ConfigError((cause as Error).message, { cause })
  }
}

/**
 * The origin to send requests to: `--base-url`, else NETSUITE_BASE_URL, else undefined (the
 * adapters then use the account-specific NetSuite hosts).
 *
 * @throws {@link ConfigError} when the value is not an http(s) URL.
 */
export function baseUrlFrom(
  env: Record<string, string | undefined>,
  option: string | undefined,
): string | undefined {
  const value = option ?? (env[CLI_ENV.baseUrl] || undefined)
  if (value === undefined) return undefined
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new ConfigError(`${CLI_ENV.baseUrl} / --base-url "${value}" is not a URL`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`${CLI_ENV.baseUrl} / --base-url must be http(s), got ${url.protocol}`)
  }
  return url.origin
}

/** The NetSuite hosts of an account, for display. */
export function accountHosts(accountId: string): {
  realm: string
  restlets: string
  suitetalk: string
  app: string
} {
  const { realm, hostId } = parseAccountId(accountId)
  return {
    realm,
    restlets: `${hostId}.restlets.api.netsuite.com`,
    suitetalk: `${hostId}.suitetalk.api.netsuite.com`,
    app: `${hostId}.app.netsuite.com`,
  }
}
