/**
 * Credentials from the NETSUITE_* environment variables.
 *
 * @module
 */
import { parseAccountId } from './account_id.ts'
import { TbaError, TbaErrorCodes } from './errors.ts'
import { redact } from './lib/redaction.ts'
import type { TbaCredentials } from './types.ts'
import { checkCredential } from './lib/validate.ts'

/** An environment: a map of variable names to values. */
export type Env = Record<string, string | undefined>

/** The variables {@link credentialsFromEnv} (TBA) and `oauth2CredentialsFromEnv` (OAuth 2.0) read. */
export const ENV_NAMES = {
  accountId: ['NETSUITE_ACCOUNT_ID', 'NETSUITE_ACCOUNT'],
  consumerKey: ['NETSUITE_CONSUMER_KEY'],
  consumerSecret: ['NETSUITE_CONSUMER_SECRET'],
  tokenId: ['NETSUITE_TOKEN_ID'],
  tokenSecret: ['NETSUITE_TOKEN_SECRET'],
  clientId: ['NETSUITE_CLIENT_ID'],
  certificateId: ['NETSUITE_CERTIFICATE_ID'],
  privateKey: ['NETSUITE_PRIVATE_KEY'],
  privateKeyFile: ['NETSUITE_PRIVATE_KEY_FILE'],
} as const

/** Read variables, noting every missing one (an empty value counts as missing). @internal */
export function envReader(env?: Env): {
  read(names: readonly string[]): string | undefined
  missing: string[]
} {
  const source = env ?? processEnv() ?? {}
  const missing: string[] = []
  return {
    missing,
    read(names) {
      for (const name of names) {
        const value = source[name]
        if (value !== undefined && value !== '') return value
      }
      missing.push(names.join(' or '))
      return undefined
    },
  }
}

/** The process environment of Node, Bun or Deno, or undefined where there is none (Workers). */
export function processEnv(): Env | undefined {
  const g = globalThis as {
    process?: { env?: Env }
    Deno?: { env: { toObject(): Env } }
  }
  if (g.Deno) {
    try {
      return g.Deno.env.toObject()
    } catch (cause) {
      throw new TbaError(
        TbaErrorCodes.MISSING_ENV,
        'Cannot read the environment: run Deno with --allow-env, or pass the variables to credentialsFromEnv(env).',
        { cause },
      )
    }
  }
  return g.process?.env
}

/** Make a credentials object whose secrets do not show in JSON.stringify or inspect output. */
export function redactCredentials(credentials: TbaCredentials): TbaCredentials {
  return redact({ ...credentials }, 'TbaCredentials', { accountId: credentials.accountId })
}

/**
 * Read NetSuite TBA credentials from NETSUITE_ACCOUNT_ID (or NETSUITE_ACCOUNT),
 * NETSUITE_CONSUMER_KEY, NETSUITE_CONSUMER_SECRET, NETSUITE_TOKEN_ID and NETSUITE_TOKEN_SECRET.
 * The account id is returned in its canonical form. The result hides its secrets from
 * `JSON.stringify` and `util.inspect`.
 *
 * @param env - Variables to read (default: the process environment; pass `env` in Workers).
 * @throws {@link TbaError} `ERR_TBA_MISSING_ENV` naming every missing variable.
 */
export function credentialsFromEnv(env?: Env): TbaCredentials {
  const { read, missing } = envReader(env)
  const raw = {
    accountId: read(ENV_NAMES.accountId),
    consumerKey: read(ENV_NAMES.consumerKey),
    consumerSecret: read(ENV_NAMES.consumerSecret),
    tokenId: read(ENV_NAMES.tokenId),
    tokenSecret: read(ENV_NAMES.tokenSecret),
  }
  if (missing.length > 0) {
    throw new TbaError(
      TbaErrorCodes.MISSING_ENV,
      `Missing environment variable${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}. Create the integration record and access token in NetSuite (see docs/setup.md) and export them.`,
    )
  }
  const credentials: TbaCredentials = {
    accountId: parseAccountId(raw.accountId as string).accountId,
    consumerKey: checkCredential(raw.consumerKey, 'NETSUITE_CONSUMER_KEY'),
    consumerSecret: checkCredential(raw.consumerSecret, 'NETSUITE_CONSUMER_SECRET'),
    tokenId: checkCredential(raw.tokenId, 'NETSUITE_TOKEN_ID'),
    tokenSecret: checkCredential(raw.tokenSecret, 'NETSUITE_TOKEN_SECRET'),
  }
  return redactCredentials(credentials)
}
