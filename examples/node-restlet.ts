/**
 * Call a RESTlet from Node with Token-Based Authentication.
 *
 *   export NETSUITE_ACCOUNT_ID=1234567_SB1 NETSUITE_CONSUMER_KEY=… NETSUITE_CONSUMER_SECRET=… \
 *          NETSUITE_TOKEN_ID=… NETSUITE_TOKEN_SECRET=…
 *   export NETSUITE_RESTLET_URL='https://1234567-sb1.restlets.api.netsuite.com/app/site/hosting/restlet.nl?script=123&deploy=1'
 *   node --experimental-strip-types examples/node-restlet.ts   (Node 22.6+)
 *   npm run examples -- node-restlet                           (any Node: bundled with esbuild,
 *                                                               run against the simulator)
 *
 * Try it offline: `npx netsuite-tba simulate` prints the variables, NETSUITE_RESTLET_URL included.
 *
 * @needs simulator
 * @expect GET  →
 * @expect POST →
 */
import { credentialsFromEnv } from 'netsuite-tba'
import { createRestletClient } from 'netsuite-tba/restlet'

const env =
  (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env ?? {}

// The deployment's External URL (Customization > Scripting > Script Deployments) carries the
// account-specific host and the script and deploy ids.
const external = new URL(
  env.NETSUITE_RESTLET_URL ??
    'https://1234567-sb1.restlets.api.netsuite.com/app/site/hosting/restlet.nl?script=123&deploy=1',
)
const script = Number(external.searchParams.get('script'))
const deploy = Number(external.searchParams.get('deploy'))

const restlet = createRestletClient({
  credentials: credentialsFromEnv(), // NETSUITE_* variables; secrets never appear in errors or logs
  baseUrl: external.origin,
  timeoutMs: 30_000,
})

// GET: `params` become query parameters, and every one of them is signed.
const customer = await restlet.get({ script, deploy, params: { id: '42' } })
console.log('GET  →', customer)

// POST: a JSON body is sent as is (never part of the signature).
const created = await restlet.post({
  script,
  deploy,
  body: { companyName: 'Acme & Co', email: 'ap@acme.example' },
})
console.log('POST →', created)
