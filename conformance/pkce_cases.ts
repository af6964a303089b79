/**
 * PKCE and authorization code cases of the conformance kit, run by every runtime entry against the
 * built `netsuite-tba/oauth2`: the RFC 7636 appendix B vector, generated verifiers and states, and
 * an authorize URL plus code exchange against an in-memory token endpoint (no network). Challenges
 * are recomputed here with WebCrypto and a base64url written for this file, sharing no code with
 * the library.
 *
 * Runtime-neutral: no `node:` import, no file system, no test framework.
 *
 * @module
 */
import pkce from '../vectors/pkce_rfc7636.json' with { type: 'json' }
import type { CaseResult } from './run_vectors.ts'

/** The part of `netsuite-tba/oauth2` these cases use (absent functions skip their cases). */
export interface PkceApi {
  codeChallenge?(verifier: string): Promise<string>
  generateCodeVerifier?(length?: number): string
  generateState?(length?: number): string
  statesEqual?(a: unknown, b: unknown): boolean
  createAuthorizationCodeClient?(options: {
    accountId: string
    clientId: string
    clientSecret?: string
    redirectUri: string
    fetch?: typeof fetch
  }): {
    authorizationUrl(): Promise<{ url: string; state: string; codeVerifier: string }>
    completeAuthorization(
      redirect: string,
      request: { state: string; codeVerifier: string },
    ): Promise<{ accessToken: string; refreshToken: string }>
  }
}

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

/** base64url without padding, written here independently of the library. */
function b64url(bytes: Uint8Array): string {
  let out = ''
  for (let i = 0; i < bytes.length; i += 3) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0)
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6))
    for (let j = 0; j < chars; j++) out += B64URL[(n >> (18 - 6 * j)) & 63]
  }
  return out
}

async function s256(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))
  return b64url(new Uint8Array(digest))
}

function result(id: string, problem: string | undefined): CaseResult {
  return {
    file: 'pkce',
    id,
    kind: 'pkce',
    status: problem === undefined ? 'pass' : 'fail',
    ...(problem === undefined ? {} : { reason: problem }),
  }
}

async function attempt(id: string, run: () => Promise<string | undefined>): Promise<CaseResult> {
  try {
    return result(id, await run())
  } catch (error) {
    return result(id, `threw ${(error as Error)?.message ?? String(error)}`)
  }
}

/** Run the PKCE cases; skipped entirely when the library has no PKCE functions. */
export async function runPkceCases(api: PkceApi): Promise<CaseResult[]> {
  const { codeChallenge, generateCodeVerifier, generateState, statesEqual } = api
  const create = api.createAuthorizationCodeClient
  if (!codeChallenge || !generateCodeVerifier || !generateState || !statesEqual || !create)
    return [{ file: 'pkce', id: 'pkce', kind: 'pkce', status: 'skip', reason: 'no PKCE API' }]
  const results: CaseResult[] = []
  for (const c of pkce.cases) {
    results.push(
      await attempt(`pkce ${c.id}`, async () => {
        if (b64url(new Uint8Array(c.input.verifier_octets)) !== c.input.code_verifier)
          return 'the vector octets do not give its verifier'
        const got = await codeChallenge(c.input.code_verifier)
        return got === c.expected.code_challenge
          ? undefined
          : `challenge ${got}, expected ${c.expected.code_challenge}`
      }),
    )
  }
  results.push(
    await attempt('pkce generated verifiers (43, 64, 128) and their challenges', async () => {
      for (const length of [43, 64, 128]) {
        const v = generateCodeVerifier(length)
        if (!new RegExp(`^[A-Za-z0-9\\-._~]{${length}}$`).test(v)) return `bad verifier ${v}`
        if ((await codeChallenge(v)) !== (await s256(v))) return `challenge differs for ${v}`
      }
      return generateCodeVerifier() === generateCodeVerifier() ? 'verifier repeated' : undefined
    }),
  )
  results.push(
    await attempt('pkce state: 22+ letters and digits, constant-time equality', async () => {
      const s = generateState()
      if (!/^[A-Za-z0-9]{22,}$/.test(s)) return `bad state ${s}`
      if (generateState(22).length !== 22) return 'length 22 not honoured'
      if (!statesEqual(s, s) || statesEqual(s, `${s}x`) || statesEqual(s, null))
        return 'statesEqual is wrong'
      return s === generateState() ? 'state repeated' : undefined
    }),
  )
  results.push(
    await attempt('authorization code: authorize URL and code exchange', async () => {
      const problems: string[] = []
      const tokenEndpoint: typeof fetch = async (input, init) => {
        const request = new Request(input, init)
        const form = new URLSearchParams(await request.text())
        if (request.headers.get('authorization') !== `Basic ${btoa('cid:csecret')}`)
          problems.push('no Basic client authentication')
        if (form.get('grant_type') !== 'authorization_code') problems.push('grant_type')
        if (form.get('code') !== 'the-code') problems.push('code')
        if (form.get('redirect_uri') !== 'https://app.example/cb') problems.push('redirect_uri')
        if ((await s256(form.get('code_verifier') ?? '')) !== challenge) problems.push('verifier')
        return new Response(
          JSON.stringify({
            access_token: 'at',
            refresh_token: 'rt',
            expires_in: 3600,
            token_type: 'bearer',
          }),
          { headers: { 'content-type': 'application/json' } },
        )
      }
      let challenge = ''
      const client = create({
        accountId: '1234567_SB1',
        clientId: 'cid',
        clientSecret: 'csecret',
        redirectUri: 'https://app.example/cb',
        fetch: tokenEndpoint,
      })
      const request = await client.authorizationUrl()
      const url = new URL(request.url)
      challenge = url.searchParams.get('code_challenge') ?? ''
      if (
        url.origin + url.pathname !==
        'https://1234567-sb1.app.netsuite.com/app/login/oauth2/authorize.nl'
      )
        problems.push(`authorize URL ${url.origin}${url.pathname}`)
      if (url.searchParams.get('code_challenge_method') !== 'S256') problems.push('method')
      if (challenge !== (await s256(request.codeVerifier))) problems.push('challenge')
      const tokens = await client.completeAuthorization(
        `https://app.example/cb?code=the-code&state=${encodeURIComponent(request.state)}`,
        request,
      )
      if (tokens.accessToken !== 'at' || tokens.refreshToken !== 'rt') problems.push('tokens')
      let refused = false
      try {
        await client.completeAuthorization('https://app.example/cb?code=x&state=forged', request)
      } catch (error) {
        refused = (error as { code?: string }).code === 'ERR_TBA_STATE_MISMATCH'
      }
      if (!refused) problems.push('a forged state was not refused')
      return problems.length === 0 ? undefined : problems.join('; ')
    }),
  )
  return results
}
