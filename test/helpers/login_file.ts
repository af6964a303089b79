/**
 * What `netsuite-tba login --oauth2` wrote, turned back into a working client: the tests prove the
 * file holds usable credentials by calling the simulator with them.
 */
import { readFileSync } from 'node:fs'
import { parseEnvFile } from '../../src/node/cli/config.ts'
import { createAuthorizationCodeClient } from '../../src/oauth2.ts'
import { createRestClient, type RestClient } from '../../src/rest.ts'

/** The file's variables, its authorization code client, and a REST client on its tokens. */
export function clientsFromLoginFile(
  file: string,
  baseUrl: string,
): {
  env: Record<string, string | undefined>
  client: ReturnType<typeof createAuthorizationCodeClient>
  rest: RestClient
} {
  const env = parseEnvFile(readFileSync(file, 'utf8'))
  const client = createAuthorizationCodeClient({
    accountId: env.NETSUITE_ACCOUNT_ID as string,
    clientId: env.NETSUITE_CLIENT_ID as string,
    clientSecret: env.NETSUITE_CLIENT_SECRET as string,
    redirectUri: env.NETSUITE_REDIRECT_URI as string,
    baseUrl: env.NETSUITE_BASE_URL as string,
  })
  const auth = client.auth({
    accessToken: env.NETSUITE_ACCESS_TOKEN as string,
    refreshToken: env.NETSUITE_REFRESH_TOKEN as string,
    expiresAt: Date.parse(env.NETSUITE_ACCESS_TOKEN_EXPIRES_AT as string),
    scope: [],
  })
  return { env, client, rest: createRestClient({ auth, baseUrl, retry: false }) }
}
