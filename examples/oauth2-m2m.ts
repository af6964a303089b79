/**
 * Call a RESTlet and REST web services from a server with OAuth 2.0 client credentials (machine to
 * machine): a certificate's private key signs a client assertion, NetSuite answers a Bearer token,
 * and the adapters take the auth in place of TBA credentials. The token is cached and renewed
 * before it expires; concurrent calls share one token request.
 *
 *   export NETSUITE_ACCOUNT_ID=1234567_SB1 NETSUITE_CLIENT_ID=… NETSUITE_CERTIFICATE_ID=…
 *   export NETSUITE_PRIVATE_KEY_FILE=./netsuite-m2m.key.pem   (from `npx netsuite-tba keygen`)
 *   export NETSUITE_RESTLET_URL='https://1234567-sb1.restlets.api.netsuite.com/app/site/hosting/restlet.nl?script=123&deploy=1'
 *   node --experimental-strip-types examples/oauth2-m2m.ts   (Node 22.6+)
 *   npm run examples -- oauth2-m2m                          (any Node, against the simulator)
 *
 * The integration record needs Client Credentials (Machine to Machine) Grant and the RESTlets and
 * REST Web Services scopes; the certificate is uploaded on the M2M set-up page (docs/oauth2.md).
 * Try it offline: `npx netsuite-tba simulate` prints these variables for its OAuth 2.0 side.
 *
 * @needs oauth2
 * @expect token ok: Bearer for restlets, rest_webservices
 * @expect RESTlet GET →
 * @expect REST customer 42 →
 */
import { oauth2CredentialsFromEnv } from 'netsuite-tba/node'
import { createClientCredentialsAuth } from 'netsuite-tba/oauth2'
import { createRestClient } from 'netsuite-tba/rest'
import { createRestletClient } from 'netsuite-tba/restlet'

const env =
  (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env ?? {}

// The Node entry reads NETSUITE_PRIVATE_KEY_FILE too; on Workers use 'netsuite-tba/oauth2''s
// oauth2CredentialsFromEnv(env) with the PEM text in NETSUITE_PRIVATE_KEY.
const auth = createClientCredentialsAuth({
  ...oauth2CredentialsFromEnv(),
  // NETSUITE_BASE_URL replaces NetSuite's hosts (the simulator); omit it in production.
  ...(env.NETSUITE_BASE_URL ? { baseUrl: env.NETSUITE_BASE_URL } : {}),
})

const token = await auth.token()
console.log(`token ok: ${token.tokenType} for ${token.scope.join(', ')} (${auth.algorithm})`)

if (env.NETSUITE_RESTLET_URL) {
  const external = new URL(env.NETSUITE_RESTLET_URL)
  const restlet = createRestletClient({ auth })
  const answer = await restlet.get({
    script: Number(external.searchParams.get('script')),
    deploy: Number(external.searchParams.get('deploy')),
    params: { id: '42' },
  })
  console.log('RESTlet GET →', JSON.stringify(answer))
}

const rest = createRestClient({ auth })
const { data } = await rest.request({ method: 'GET', path: 'record/v1/customer/42' })
console.log('REST customer 42 →', JSON.stringify(data))
