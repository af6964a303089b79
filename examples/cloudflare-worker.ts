/**
 * A Cloudflare Worker that proxies one RESTlet: the TBA secrets stay in the Worker (set them with
 * `wrangler secret put NETSUITE_TOKEN_SECRET` etc.), the browser only ever talks to the Worker.
 * Runs without nodejs_compat: signing uses WebCrypto.
 *
 *   wrangler deploy examples/cloudflare-worker.ts
 *   npm run examples -- cloudflare-worker   (calls its fetch on Node, against the simulator)
 *
 * @needs simulator
 * @run worker
 * @request GET /customer?id=7
 * @env RESTLET_SCRIPT={script}
 * @env RESTLET_DEPLOY={deploy}
 * @expect HTTP 200
 */
import { credentialsFromEnv, type TbaCredentials } from 'netsuite-tba'
import { createRestletClient } from 'netsuite-tba/restlet'

/** Bindings: the five NETSUITE_* secrets, and the RESTlet to expose. */
interface Env {
  NETSUITE_ACCOUNT_ID: string
  NETSUITE_CONSUMER_KEY: string
  NETSUITE_CONSUMER_SECRET: string
  NETSUITE_TOKEN_ID: string
  NETSUITE_TOKEN_SECRET: string
  RESTLET_SCRIPT: string
  RESTLET_DEPLOY: string
  /** Optional: an origin replacing NetSuite's host (a proxy, or the simulator when testing). */
  NETSUITE_BASE_URL?: string
}

let credentials: TbaCredentials | undefined

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url)
    const id = url.searchParams.get('id')
    if (request.method !== 'GET' || url.pathname !== '/customer' || !id || !/^\d+$/.test(id)) {
      return new Response('GET /customer?id=<number>', { status: 400 })
    }
    // Workers have no process.env: pass the bindings. Checked once per isolate.
    credentials ??= credentialsFromEnv({ ...env })
    const restlet = createRestletClient({
      credentials,
      timeoutMs: 20_000,
      ...(env.NETSUITE_BASE_URL ? { baseUrl: env.NETSUITE_BASE_URL } : {}),
    })
    try {
      const customer = await restlet.get({
        script: Number(env.RESTLET_SCRIPT),
        deploy: Number(env.RESTLET_DEPLOY),
        params: { id },
      })
      return Response.json(customer)
    } catch (error) {
      // NetSuiteError messages name the likely cause and never contain a secret.
      const e = error as { code?: string; status?: number; message?: string }
      console.error(e.code, e.message)
      return Response.json(
        { error: e.code ?? 'ERR_UNKNOWN' },
        { status: e.status === 404 ? 404 : 502 },
      )
    }
  },
}
