/**
 * `createClientCredentialsAuth`: NetSuite's OAuth 2.0 client credentials (machine-to-machine) grant.
 * Signs a client assertion with the certificate's private key, exchanges it for a Bearer token,
 * caches the token until shortly before it expires, and shares one token request among concurrent
 * callers.
 *
 * @module
 */
import { parseAccountId } from '../account_id.ts'
import { argumentError } from '../errors.ts'
import { redact } from '../lib/redaction.ts'
import { bearerTokens } from './bearer_auth.ts'
import { signClientAssertion } from './client_assertion.ts'
import {
  checkFunction,
  checkScopes,
  checkString,
  clockSeconds,
  DEFAULT_SCOPES,
  INTEGRATION_RECORD,
} from './options.ts'
import { prepareSigningKey } from './private_key.ts'
import {
  clientAssertionAuthentication,
  requestToken,
  tokenEndpointUrl,
  type TokenErrorHints,
} from './token_endpoint.ts'
import type { ClientCredentialsAuth, ClientCredentialsAuthOptions, OAuth2Token } from './types.ts'

export { DEFAULT_SCOPES }

/** A cached token is renewed this long before it expires (at most a quarter of its life). */
export const TOKEN_RENEW_MARGIN_MS = 60_000

const M2M_PAGE =
  'Setup > Integration > Manage Authentication > OAuth 2.0 Client Credentials (M2M) Setup'
const RECORD = INTEGRATION_RECORD

/** The set-up step behind each token endpoint error of the client credentials grant. */
export const CLIENT_CREDENTIALS_HINTS: Readonly<TokenErrorHints> = {
  invalid_request: `The token request was malformed: check that tokenUrl/baseUrl point at NetSuite's token endpoint and that nothing between (a proxy) adds an Authorization header.`,
  invalid_client: `NetSuite does not recognise the client ID (the assertion's iss): copy the Client ID of ${RECORD} (it is shown once, when the record is saved), check its State is Enabled, and that the OAuth 2.0 feature is on (Setup > Company > Enable Features > SuiteCloud > Manage Authentication).`,
  invalid_grant: `NetSuite refused the client assertion. The Login Audit Trail (Setup > Users/Roles > User Management > View Login Audit Trail, add the Detail column) names the reason; check, in this order: a mapping for this client ID exists on ${M2M_PAGE} in this very account (mappings are not copied between accounts, and a sandbox refresh clears them); its certificate is not revoked or expired (certificates last at most two years); certificateId is the Certificate ID shown there (the JWT kid) and privateKey belongs to that certificate; the mapping's role has the permission "Log in using OAuth 2.0 Access Tokens" and the entity and role are active; this machine's clock is right (NTP), since the assertion's iat and exp are checked.`,
  unauthorized_client: `The client credentials grant is not enabled for this client: check "Client Credentials (Machine to Machine) Grant" on the Authentication subtab of ${RECORD}.`,
  unsupported_grant_type: `NetSuite did not accept grant_type=client_credentials: check that the OAuth 2.0 feature is enabled and the tokenUrl is NetSuite's.`,
  invalid_scope: `A scope asked for is not checked on ${RECORD}: tick its box (RESTlets, REST Web Services, SuiteAnalytics Connect) or change the scopes option.`,
  server_error: `NetSuite answers server_error for assertions it cannot use: an algorithm it does not accept (only PS256/384/512 and ES256/384/512; RS256 is refused), an empty or unknown kid (certificateId from ${M2M_PAGE}), or a key that does not match the certificate. The Login Audit Trail shows UnsupportedAlgo, MissingKeyId or MissingKey; if it shows nothing, retry later.`,
}

/**
 * Create an OAuth 2.0 client credentials (M2M) auth for NetSuite. Pass it as `auth` to
 * `createRestletClient` or `createRestClient`, or call `token()` / `authorize()` yourself.
 *
 * The key is checked at once (PEM format, RSA 3072+ bits or P-256/P-384/P-521, algorithm); the
 * token is requested on first use and cached until a minute before it expires.
 *
 * @example
 * ```ts
 * import { createClientCredentialsAuth, oauth2CredentialsFromEnv } from 'netsuite-tba/oauth2'
 * import { createRestClient } from 'netsuite-tba/rest'
 * const auth = createClientCredentialsAuth(oauth2CredentialsFromEnv())
 * const rest = createRestClient({ auth })
 * const { data } = await rest.request({ method: 'GET', path: 'record/v1/customer/42' })
 * ```
 *
 * @throws `TypeError` (`ERR_INVALID_ARG_*`) for a malformed option, {@link TbaError}
 *   `ERR_TBA_OAUTH2_INVALID_KEY`, `ERR_TBA_OAUTH2_UNSUPPORTED_KEY` or
 *   `ERR_TBA_OAUTH2_UNSUPPORTED_ALGORITHM` for a key NetSuite or WebCrypto would refuse.
 */
export function createClientCredentialsAuth(
  options: ClientCredentialsAuthOptions,
): ClientCredentialsAuth {
  if (typeof options !== 'object' || options === null)
    throw argumentError(
      'Pass { accountId, clientId, certificateId, privateKey } (see oauth2CredentialsFromEnv).',
      'ERR_INVALID_ARG_TYPE',
    )
  const { accountId } = parseAccountId(options.accountId)
  const clientId = checkString(options.clientId, 'clientId', `the Client ID of ${RECORD}`)
  const certificateId = checkString(
    options.certificateId,
    'certificateId',
    `the Certificate ID on ${M2M_PAGE}`,
  )
  const scopes = checkScopes(options.scopes, 'client credentials grant')
  const key = prepareSigningKey(options.privateKey, options.algorithm)
  const tokenUrl = tokenEndpointUrl({
    accountId,
    ...(options.baseUrl !== undefined ? { baseUrl: options.baseUrl } : {}),
    ...(options.tokenUrl !== undefined ? { tokenUrl: options.tokenUrl } : {}),
  })
  const fetchFn = checkFunction(options.fetch, 'fetch')
  const nowSeconds = clockSeconds(options.clock)
  const nowMs = (): number => nowSeconds() * 1000
  const timeoutMs = options.timeoutMs ?? 60_000
  if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs <= 0)
    throw argumentError(
      `timeoutMs must be a positive number of milliseconds (got ${String(timeoutMs)}).`,
      'ERR_INVALID_ARG_VALUE',
    )
  let renewAt = 0

  const clientAssertion = async (): Promise<string> =>
    signClientAssertion(key, {
      clientId,
      certificateId,
      audience: tokenUrl,
      scopes,
      now: nowSeconds(),
    })

  async function fetchToken(): Promise<OAuth2Token> {
    const assertion = await clientAssertion()
    const started = nowMs()
    const token = await requestToken({
      tokenUrl,
      grantType: 'client_credentials',
      clientAuthentication: clientAssertionAuthentication(assertion),
      scopes,
      hints: CLIENT_CREDENTIALS_HINTS,
      nowMs: () => started,
      timeoutMs,
      ...(fetchFn ? { fetch: fetchFn } : {}),
    })
    const life = token.expiresAt - started
    renewAt = token.expiresAt - Math.min(TOKEN_RENEW_MARGIN_MS, life / 4)
    return token
  }

  const tokens = bearerTokens<OAuth2Token>({
    renew: fetchToken,
    usable: () => nowMs() < renewAt,
  })

  const auth: ClientCredentialsAuth = {
    scheme: 'oauth2',
    accountId,
    tokenUrl,
    ...(options.baseUrl !== undefined ? { baseUrl: options.baseUrl } : {}),
    algorithm: key.algorithm,
    token: tokens.token,
    authorize: tokens.authorize,
    clientAssertion,
    clear: tokens.clear,
    unauthorized: tokens.unauthorized,
  }
  return redact(auth, 'ClientCredentialsAuth', {
    accountId,
    clientId,
    certificateId,
    algorithm: key.algorithm,
    tokenUrl,
  })
}
