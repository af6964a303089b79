/**
 * `oauth2CredentialsFromEnv` for Node: also reads the private key from the file named by
 * NETSUITE_PRIVATE_KEY_FILE.
 *
 * @module
 */
import { readFileSync } from 'node:fs'
import { ENV_NAMES, processEnv, type Env } from '../credentials.ts'
import { TbaError, TbaErrorCodes } from '../errors.ts'
import { oauth2CredentialsFromEnv as fromEnv } from '../oauth2/credentials_env.ts'
import type { ClientCredentials } from '../oauth2/types.ts'

/**
 * Read the OAuth 2.0 client credentials from NETSUITE_ACCOUNT_ID, NETSUITE_CLIENT_ID,
 * NETSUITE_CERTIFICATE_ID and NETSUITE_PRIVATE_KEY (PEM text) or NETSUITE_PRIVATE_KEY_FILE (a path
 * to the PEM file; used when NETSUITE_PRIVATE_KEY is unset).
 *
 * @throws {@link TbaError} `ERR_TBA_MISSING_ENV` naming every missing variable, or
 *   `ERR_TBA_OAUTH2_INVALID_KEY` when the key file cannot be read.
 */
export function oauth2CredentialsFromEnv(env?: Env): ClientCredentials {
  const source = env ?? processEnv() ?? {}
  const [keyName] = ENV_NAMES.privateKey
  const [fileName] = ENV_NAMES.privateKeyFile
  const file = source[fileName]
  if ((source[keyName] ?? '') !== '' || file === undefined || file === '') return fromEnv(source)
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (cause) {
    const code = (cause as { code?: string }).code ?? 'error'
    throw new TbaError(
      TbaErrorCodes.OAUTH2_INVALID_KEY,
      `${fileName} names a file that cannot be read (${code}): ${JSON.stringify(file.slice(0, 200))}. Check the path and that this user may read it.`,
    )
  }
  return fromEnv({ ...source, [keyName]: text })
}
