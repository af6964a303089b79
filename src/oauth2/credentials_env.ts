/**
 * OAuth 2.0 client credentials from the NETSUITE_* environment variables.
 *
 * @module
 */
import { parseAccountId } from '../account_id.ts'
import { ENV_NAMES, envReader, type Env } from '../credentials.ts'
import { TbaError, TbaErrorCodes } from '../errors.ts'
import { redact } from '../lib/redaction.ts'
import type { ClientCredentials } from './types.ts'

/**
 * Read the OAuth 2.0 client credentials from NETSUITE_ACCOUNT_ID (or NETSUITE_ACCOUNT),
 * NETSUITE_CLIENT_ID, NETSUITE_CERTIFICATE_ID and NETSUITE_PRIVATE_KEY (the PEM text; literal `\n`
 * sequences of a one-line variable are read as line breaks). On Node, `netsuite-tba/node`'s
 * `oauth2CredentialsFromEnv` also reads the key from the file named by NETSUITE_PRIVATE_KEY_FILE.
 * The result hides the private key from `JSON.stringify` and `util.inspect`.
 *
 * @param env - Variables to read (default: the process environment; pass `env` in Workers).
 * @throws {@link TbaError} `ERR_TBA_MISSING_ENV` naming every missing variable.
 */
export function oauth2CredentialsFromEnv(env?: Env): ClientCredentials {
  const { read, missing } = envReader(env)
  const accountId = read(ENV_NAMES.accountId)
  const clientId = read(ENV_NAMES.clientId)
  const certificateId = read(ENV_NAMES.certificateId)
  const privateKey = read(ENV_NAMES.privateKey)
  if (missing.length > 0) {
    const file = envReader(env).read(ENV_NAMES.privateKeyFile)
    const fileHint =
      privateKey === undefined && file !== undefined
        ? ` ${ENV_NAMES.privateKeyFile[0]} is set, but only the Node entry reads files: import oauth2CredentialsFromEnv from 'netsuite-tba/node', or put the PEM text in ${ENV_NAMES.privateKey[0]}.`
        : ''
    throw new TbaError(
      TbaErrorCodes.MISSING_ENV,
      `Missing environment variable${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}. Create the integration record (Client Credentials grant) and the certificate mapping in NetSuite (see docs/oauth2.md) and export them.${fileHint}`,
    )
  }
  return redactClientCredentials({
    accountId: parseAccountId(accountId as string).accountId,
    clientId: clientId as string,
    certificateId: certificateId as string,
    privateKey: privateKey as string,
  })
}

/** Hide the private key of client credentials from JSON.stringify and inspect output. */
export function redactClientCredentials(credentials: ClientCredentials): ClientCredentials {
  return redact({ ...credentials }, 'ClientCredentials', {
    accountId: credentials.accountId,
    clientId: credentials.clientId,
    certificateId: credentials.certificateId,
  })
}
