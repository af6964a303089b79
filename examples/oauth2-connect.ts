/**
 * "Connect your NetSuite account" for a web application, as a fetch handler (Cloudflare Workers,
 * Deno, Bun, Node 20+ behind any fetch-style server): the OAuth 2.0 authorization code grant with
 * PKCE. `/connect` sends the user to NetSuite; `/netsuite/callback` checks the state, exchanges
 * the code and stores the tokens; `/customer?id=42` calls REST with them, refreshing as needed.
 *
 * The integration record needs Authorization Code Grant, the REST Web Services scope and the
 * Redirect URI https://app.example.com/netsuite/callback (see docs/oauth2.md).
 *
 * `npm run examples -- oauth2-connect` plays the user's browser against the simulator: it follows
 * /connect to the consent page (set to answer Allow), back to the callback, then asks /customer.
 *
 * @needs oauth2-code
 * @run worker
 * @header x-user-id: alice
 * @request GET /connect
 * @request GET /customer?id=42
 * @expect GET /connect .* HTTP 200 NetSuite connected\.
 * @expect GET /customer\?id=42 .* HTTP 200 \{"id":"42"
 */
import {
  createAuthorizationCodeClient,
  type AuthorizationCodeTokens,
  type AuthorizationRequest,
} from 'netsuite-tba/oauth2'
import { createRestClient } from 'netsuite-tba/rest'

/** Where the application keeps per-user data (a KV namespace, a database table …). */
export interface Store {
  get(key: string): Promise<string | null>
  put(key: string, value: string, options?: { expirationTtl?: number }): Promise<void>
}

/** Bindings: the integration record and the store. */
export interface Env {
  NETSUITE_ACCOUNT_ID: string
  NETSUITE_CLIENT_ID: string
  NETSUITE_CLIENT_SECRET: string
  /** Optional: an origin that replaces NetSuite's hosts (the simulator). */
  NETSUITE_BASE_URL?: string
  STORE: Store
}

const REDIRECT_URI = 'https://app.example.com/netsuite/callback'

function client(env: Env) {
  return createAuthorizationCodeClient({
    accountId: env.NETSUITE_ACCOUNT_ID,
    clientId: env.NETSUITE_CLIENT_ID,
    clientSecret: env.NETSUITE_CLIENT_SECRET,
    redirectUri: REDIRECT_URI,
    scopes: ['rest_webservices'],
    ...(env.NETSUITE_BASE_URL ? { baseUrl: env.NETSUITE_BASE_URL } : {}),
  })
}

/** The signed-in user of your application (from your own session handling). */
function userOf(request: Request): string | undefined {
  return request.headers.get('x-user-id') ?? undefined
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url)
    const user = userOf(request)
    if (user === undefined) return new Response('sign in first', { status: 401 })

    if (url.pathname === '/connect') {
      const pending = await client(env).authorizationUrl()
      // state and codeVerifier stay on the server, for ten minutes, keyed by the user.
      await env.STORE.put(
        `pending:${user}`,
        JSON.stringify({ state: pending.state, codeVerifier: pending.codeVerifier }),
        { expirationTtl: 600 },
      )
      return Response.redirect(pending.url, 302)
    }

    if (url.pathname === '/netsuite/callback') {
      const saved = await env.STORE.get(`pending:${user}`)
      if (saved === null) return new Response('start again at /connect', { status: 400 })
      const pending = JSON.parse(saved) as Pick<AuthorizationRequest, 'state' | 'codeVerifier'>
      try {
        // Checks the state first (a forged or stale redirect is refused), then exchanges the code.
        const tokens = await client(env).completeAuthorization(url, pending)
        await env.STORE.put(`tokens:${user}`, JSON.stringify({ ...tokens }))
        return new Response('NetSuite connected.')
      } catch (error) {
        const code = (error as { code?: string }).code
        return new Response(`NetSuite was not connected (${code ?? 'error'}).`, { status: 400 })
      }
    }

    if (url.pathname === '/customer') {
      const id = url.searchParams.get('id') ?? ''
      if (!/^\d+$/.test(id)) return new Response('GET /customer?id=<number>', { status: 400 })
      const saved = await env.STORE.get(`tokens:${user}`)
      if (saved === null) return Response.redirect(new URL('/connect', url).href, 302)
      const tokens = JSON.parse(saved) as AuthorizationCodeTokens
      const auth = client(env).auth(tokens, {
        // A refresh gives a new access token: keep it for the next request.
        onTokens: (next) => env.STORE.put(`tokens:${user}`, JSON.stringify({ ...next })),
      })
      try {
        const { data } = await createRestClient({ auth }).request({
          method: 'GET',
          path: `record/v1/customer/${id}`,
        })
        return Response.json(data)
      } catch (error) {
        // The refresh token expired (7 days after consent) or was revoked: connect again.
        if ((error as { code?: string }).code === 'ERR_NETSUITE_OAUTH2_CONSENT_REQUIRED')
          return Response.redirect(new URL('/connect', url).href, 302)
        throw error
      }
    }
    return new Response('not found', { status: 404 })
  },
}
