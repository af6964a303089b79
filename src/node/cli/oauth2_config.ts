/**
 * How the CLI finds OAuth 2.0 client credentials in the environment, which scheme a command uses
 * when both TBA and OAuth 2.0 variables are set, and the simulator's OAuth 2.0 variables.
 *
 * @module
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ENV_NAMES } from '../../credentials.ts'
import { createClientCredentialsAuth } from '../../oauth2/client_credentials.ts'
import type { ClientCredentialsAuth, OAuth2Scope } from '../../oauth2/types.ts'
import type { TbaCredentials } from '../../types.ts'
import { oauth2CredentialsFromEnv } from '../oauth2_env.ts'
import { baseUrlFrom, ConfigError, loadCredentials } from './config.ts'
import type { Output } from './output.ts'

/** The credential paragraph of the OAuth 2.0 commands' help. */
export const OAUTH2_CREDENTIALS_HELP = `OAuth 2.0 credentials come from NETSUITE_ACCOUNT_ID, NETSUITE_CLIENT_ID, NETSUITE_CERTIFICATE_ID
and NETSUITE_PRIVATE_KEY (PEM text) or NETSUITE_PRIVATE_KEY_FILE (a path), or from --dotenv FILE.
The private key is never printed ("netsuite-tba keygen" makes one).`

/** True when the environment names an OAuth 2.0 client (NETSUITE_CLIENT_ID). */
export function hasOAuth2Env(env: Record<string, string | undefined>): boolean {
  return (env[ENV_NAMES.clientId[0]] ?? '') !== ''
}

/** Options of {@link loadClientCredentialsAuth}. */
export interface LoadAuthOptions {
  /** `--base-url`, else NETSUITE_BASE_URL. */
  baseUrlOption?: string | undefined
  timeoutMs?: number
  scopes?: string[]
}

/**
 * A client credentials auth from the environment; the key is registered with `output` so that it
 * is never printed.
 *
 * @throws {@link ConfigError} naming the missing or malformed variable (never its value).
 */
export function loadClientCredentialsAuth(
  env: Record<string, string | undefined>,
  output: Output,
  options: LoadAuthOptions = {},
): ClientCredentialsAuth {
  output.protect(env[ENV_NAMES.privateKey[0]])
  const baseUrl = baseUrlFrom(env, options.baseUrlOption)
  try {
    const credentials = oauth2CredentialsFromEnv(env)
    output.protect(credentials.privateKey as string)
    return createClientCredentialsAuth({
      ...credentials,
      ...(baseUrl === undefined ? {} : { baseUrl }),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      ...(options.scopes === undefined ? {} : { scopes: options.scopes as OAuth2Scope[] }),
    })
  } catch (cause) {
    const code = (cause as { code?: string }).code
    if (
      code === 'ERR_TBA_MISSING_ENV' ||
      code?.startsWith('ERR_TBA_OAUTH2_') ||
      code === 'ERR_TBA_INVALID_ACCOUNT_ID' ||
      code?.startsWith('ERR_INVALID_ARG')
    )
      throw new ConfigError((cause as Error).message, { cause })
    throw cause
  }
}

/**
 * The authentication of a `request`: OAuth 2.0 when NETSUITE_CLIENT_ID is set (SOAP excepted,
 * which has no OAuth 2.0 and keeps TBA when TBA variables are set), TBA otherwise.
 */
export function loadRequestAuth(
  env: Record<string, string | undefined>,
  output: Output,
  baseUrlOption: string | undefined,
  api?: string,
): { credentials: TbaCredentials } | { auth: ClientCredentialsAuth } {
  const tba = (env[ENV_NAMES.consumerKey[0]] ?? '') !== ''
  if (hasOAuth2Env(env) && !(api === 'soap' && tba))
    return { auth: loadClientCredentialsAuth(env, output, { baseUrlOption }) }
  return { credentials: loadCredentials(env, output) }
}

/** What `simulate` prints for OAuth 2.0 (the simulator's key is written to a 0600 file). */
export interface SimulatorOAuth2Env {
  /** Shell lines: NETSUITE_CLIENT_ID, NETSUITE_CERTIFICATE_ID, NETSUITE_PRIVATE_KEY_FILE. */
  lines: string[]
  /** The key file (deleted by `remove`). */
  keyFile: string
  remove(): void
}

/** Write the simulator's OAuth 2.0 private key to a temporary file and give the export lines. */
export function simulatorOAuth2Env(sim: {
  oauth2: { clientId: string; certificateId: string; privateKeyPem: string }
}): SimulatorOAuth2Env {
  const dir = mkdtempSync(join(tmpdir(), 'netsuite-tba-simulator-'))
  const keyFile = join(dir, 'oauth2-private.pem')
  writeFileSync(keyFile, sim.oauth2.privateKeyPem, { mode: 0o600, flag: 'wx' })
  return {
    keyFile,
    lines: [
      `export ${ENV_NAMES.clientId[0]}=${sim.oauth2.clientId}`,
      `export ${ENV_NAMES.certificateId[0]}=${sim.oauth2.certificateId}`,
      `export ${ENV_NAMES.privateKeyFile[0]}=${keyFile}`,
    ],
    remove: () => rmSync(dir, { recursive: true, force: true }),
  }
}
