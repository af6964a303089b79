/**
 * The three-step TBA authorization flow against the simulator over loopback: every step, the
 * consent page, every refusal with its code and set-up step, the signatures checked by hand with
 * node:crypto, and no secret in any error or rendering.
 */
import { createHmac } from 'node:crypto'
import { inspect } from 'node:util'
import { describe, expect, it } from 'vitest'
import { useSimulator } from './helpers/simulator.ts'
import {
  createTbaAuthorizationFlow,
  parseAuthorizationHeader,
  percentEncode,
  type TbaAuthorizationFlowOptions,
} from '../src/index.ts'
import { createRestletClient, NetSuiteError } from '../src/restlet.ts'
import { createRestClient } from '../src/rest.ts'

const sim = useSimulator((sim) => {
  sim.tbaFlow.consent('allow')
  sim.tbaFlow.block(false)
  sim.tbaFlow.setCallbackUrls(['http://127.0.0.1:*/callback', 'http://localhost:*/callback'])
})

const CALLBACK = 'http://127.0.0.1:53682/callback'

function options(extra: Partial<TbaAuthorizationFlowOptions> = {}): TbaAuthorizationFlowOptions {
  return {
    accountId: sim.accountId,
    consumerKey: sim.tbaFlow.consumerKey,
    consumerSecret: sim.tbaFlow.consumerSecret,
    callbackUrl: CALLBACK,
    baseUrl: sim.url,
    ...extra,
  }
}

/** Follow the authorize URL once (no redirect following) and return the callback parameters. */
async function consent(url: string): Promise<URLSearchParams> {
  const response = await fetch(url, { redirect: 'manual' })
  expect(response.status).toBe(302)
  const location = new URL(response.headers.get('location') as string)
  expect(location.origin + location.pathname).toBe(CALLBACK)
  return location.searchParams
}

async function refusal(promise: Promise<unknown>): Promise<NetSuiteError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(NetSuiteError)
  return error as NetSuiteError
}

describe('createTbaAuthorizationFlow', () => {
  it('obtains a token through the three steps that works on the RESTlet and REST', async () => {
    const flow = createTbaAuthorizationFlow(options())
    const { token, tokenSecret } = await flow.requestToken()
    expect(token).toMatch(/^[0-9a-f]{64}$/)
    const url = flow.authorizeUrl(token, { state: 'abcDEF123' })
    expect(url).toBe(
      `${sim.url}/app/login/secure/authorizetoken.nl?oauth_token=${token}&state=abcDEF123`,
    )
    const callback = await consent(url)
    expect(callback.get('oauth_token')).toBe(token)
    expect(callback.get('state')).toBe('abcDEF123')
    expect(callback.get('company')).toBe(sim.accountId)
    expect(callback.get('role')).toMatch(/^\d+$/)
    expect(callback.get('entity')).toMatch(/^\d+$/)
    const access = await flow.accessToken({
      token,
      tokenSecret,
      verifier: callback.get('oauth_verifier') as string,
    })
    const credentials = {
      accountId: sim.accountId,
      consumerKey: sim.tbaFlow.consumerKey,
      consumerSecret: sim.tbaFlow.consumerSecret,
      tokenId: access.tokenId,
      tokenSecret: access.tokenSecret,
    }
    const restlet = createRestletClient({ credentials, baseUrl: sim.url, retry: false })
    expect(await restlet.get({ ...sim.restlet, params: { a: '1' } })).toMatchObject({
      method: 'GET',
      params: { a: '1' },
    })
    const rest = createRestClient({ credentials, baseUrl: sim.url, retry: false })
    expect(await rest.request({ method: 'GET', path: 'record/v1/customer/1' })).toMatchObject({
      status: 200,
      data: { id: '1' },
    })
    // A request token is exchanged once only.
    const again = await refusal(
      flow.accessToken({ token, tokenSecret, verifier: callback.get('oauth_verifier') as string }),
    )
    expect(again).toMatchObject({
      code: 'ERR_NETSUITE_TBA_FLOW_REFUSED',
      netsuiteCode: 'InvalidToken',
    })
  })

  it('signs step one with the consumer secret alone and step three with the request token secret (checked by hand)', async () => {
    const seen: Request[] = []
    const spy: typeof fetch = async (input, init) => {
      const request = new Request(input, init)
      seen.push(request.clone())
      return fetch(request)
    }
    const flow = createTbaAuthorizationFlow(options({ fetch: spy }))
    const { token, tokenSecret } = await flow.requestToken()
    const callback = await consent(flow.authorizeUrl(token))
    await flow.accessToken({
      token,
      tokenSecret,
      verifier: callback.get('oauth_verifier') as string,
    })
    const check = (request: Request, key: string, expectParams: string[]) => {
      const params = new Map(
        parseAuthorizationHeader(request.headers.get('authorization') as string),
      )
      expect(params.get('realm')).toBe(sim.accountId)
      expect(params.get('oauth_signature_method')).toBe('HMAC-SHA256')
      expect(params.get('oauth_nonce')).toMatch(/^[A-Za-z0-9]{20}$/)
      for (const name of expectParams) expect(params.has(name)).toBe(true)
      // RFC 5849 §3.4.1 by hand: sorted encoded oauth_* pairs, no realm, no signature.
      const pairs = [...params]
        .filter(([n]) => n !== 'realm' && n !== 'oauth_signature')
        .map(([n, v]) => `${percentEncode(n)}=${percentEncode(v)}`)
        .sort()
        .join('&')
      const base = `POST&${percentEncode(request.url)}&${percentEncode(pairs)}`
      const expected = createHmac('sha256', key).update(base).digest('base64')
      expect(params.get('oauth_signature')).toBe(expected)
      return params
    }
    const one = check(seen[0] as Request, `${percentEncode(sim.tbaFlow.consumerSecret)}&`, [
      'oauth_callback',
    ])
    expect(one.get('oauth_callback')).toBe(CALLBACK)
    expect(one.has('oauth_token')).toBe(false)
    expect((seen[0] as Request).url).toBe(`${sim.url}/rest/requesttoken`)
    const three = check(
      seen[1] as Request,
      `${percentEncode(sim.tbaFlow.consumerSecret)}&${percentEncode(tokenSecret)}`,
      ['oauth_token', 'oauth_verifier'],
    )
    expect(three.get('oauth_token')).toBe(token)
    expect((seen[1] as Request).url).toBe(`${sim.url}/rest/accesstoken`)
  })

  it('serves a consent page whose Allow and Deny buttons redirect to the callback', async () => {
    sim.tbaFlow.consent('page')
    const flow = createTbaAuthorizationFlow(options())
    const { token, tokenSecret } = await flow.requestToken()
    const page = await fetch(flow.authorizeUrl(token, { state: 'st4te' }))
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('id="allow"')
    expect(html).toContain('id="deny"')
    const post = (decision: string) =>
      fetch(`${sim.url}/app/login/secure/authorizetoken.nl`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ oauth_token: token, state: 'st4te', decision }),
      })
    const allowed = await post('allow')
    expect(allowed.status).toBe(302)
    const params = new URL(allowed.headers.get('location') as string).searchParams
    expect(params.get('state')).toBe('st4te')
    const access = await flow.accessToken({
      token,
      tokenSecret,
      verifier: params.get('oauth_verifier') as string,
    })
    expect(access.tokenId).toMatch(/^tkflow/)
    // The consent cannot be given twice for one request token.
    expect((await post('allow')).status).toBe(400)
  })

  it('turns Deny (an empty verifier) into ERR_NETSUITE_AUTHORIZATION_DENIED without a request', async () => {
    sim.tbaFlow.consent('deny')
    let calls = 0
    const counting: typeof fetch = (input, init) => {
      calls++
      return fetch(input, init)
    }
    const flow = createTbaAuthorizationFlow(options({ fetch: counting }))
    const { token, tokenSecret } = await flow.requestToken()
    const callback = await consent(flow.authorizeUrl(token))
    expect(callback.get('oauth_verifier')).toBe('')
    const error = await refusal(flow.accessToken({ token, tokenSecret, verifier: '' }))
    expect(error.code).toBe('ERR_NETSUITE_AUTHORIZATION_DENIED')
    expect(error.message).toMatch(/Deny/)
    expect(calls).toBe(1)
  })

  describe('refusals carry a stable code, NetSuite’s name and the set-up step', () => {
    const cases: [string, () => TbaAuthorizationFlowOptions, () => void, string, RegExp][] = [
      [
        'wrong consumer secret',
        () => options({ consumerSecret: 'not-the-secret' }),
        () => {},
        'InvalidSignature',
        /consumer secret/,
      ],
      [
        'unknown consumer key',
        () => options({ consumerKey: 'ckunknown000' }),
        () => {},
        'UnknownIntegration',
        /Manage Integrations/,
      ],
      [
        'integration record without the flow',
        () =>
          options({
            consumerKey: sim.credentials.consumerKey,
            consumerSecret: sim.credentials.consumerSecret,
          }),
        () => {},
        'AuthorizationFlowRequired',
        /TBA: Authorization Flow/,
      ],
      [
        'blocked integration record',
        () => options(),
        () => sim.tbaFlow.block(true),
        'IntegrationBlocked',
        /State to Enabled/,
      ],
      [
        'callback URL not on the record',
        () => options({ callbackUrl: 'https://evil.example.com/callback' }),
        () => {},
        'InvalidCallback',
        /Callback URL/,
      ],
      [
        'clock more than five minutes off',
        () => options(),
        () => sim.inject.clockOffset(3600),
        'InvalidTimestamp',
        /NTP/,
      ],
    ]
    for (const [name, opts, arrange, netsuiteCode, step] of cases) {
      it(`step one: ${name} → ${netsuiteCode}`, async () => {
        arrange()
        const error = await refusal(createTbaAuthorizationFlow(opts()).requestToken())
        expect(error).toMatchObject({ code: 'ERR_NETSUITE_TBA_FLOW_REFUSED', netsuiteCode })
        expect(error.status).toBeGreaterThanOrEqual(400)
        expect(error.message).toMatch(step)
      })
    }

    it('a replayed step-one request → NonceRejected', async () => {
      let first: Request | undefined
      const replaying: typeof fetch = async (input, init) => {
        const request = new Request(input, init)
        first ??= request.clone()
        return fetch(first.clone())
      }
      const flow = createTbaAuthorizationFlow(options({ fetch: replaying }))
      await flow.requestToken()
      const error = await refusal(flow.requestToken())
      expect(error.netsuiteCode).toBe('NonceRejected')
      expect(error.retryable).toBe(true)
    })

    it('no Authorization header → MissingRequiredParameter', async () => {
      const response = await fetch(`${sim.url}/rest/requesttoken`, { method: 'POST' })
      expect(response.status).toBe(400)
      expect(await response.json()).toMatchObject({ error: { code: 'MissingRequiredParameter' } })
    })

    it('step three: wrong request token secret → InvalidSignature; wrong verifier → InvalidVerifier', async () => {
      const flow = createTbaAuthorizationFlow(options())
      const { token, tokenSecret } = await flow.requestToken()
      const callback = await consent(flow.authorizeUrl(token))
      const verifier = callback.get('oauth_verifier') as string
      const bad = await refusal(
        flow.accessToken({ token, tokenSecret: 'x' + tokenSecret, verifier }),
      )
      expect(bad.netsuiteCode).toBe('InvalidSignature')
      expect(bad.message).toMatch(/request token secret/)
      const wrong = await refusal(
        flow.accessToken({ token, tokenSecret, verifier: 'f'.repeat(64) }),
      )
      expect(wrong.netsuiteCode).toBe('InvalidVerifier')
      // Still exchangeable with the right verifier.
      expect((await flow.accessToken({ token, tokenSecret, verifier })).tokenId).toMatch(/^tkflow/)
    })

    it('step three without consent → InvalidVerifier; unknown token → InvalidToken', async () => {
      const flow = createTbaAuthorizationFlow(options())
      const { token, tokenSecret } = await flow.requestToken()
      const early = await refusal(flow.accessToken({ token, tokenSecret, verifier: 'abc' }))
      expect(early.netsuiteCode).toBe('InvalidVerifier')
      const unknown = await refusal(
        flow.accessToken({ token: 'nope', tokenSecret, verifier: 'abc' }),
      )
      expect(unknown.netsuiteCode).toBe('InvalidToken')
    })

    it('an answer without tokens or an unreachable host are typed errors too', async () => {
      const empty = createTbaAuthorizationFlow(
        options({ fetch: async () => new Response('hello', { status: 200 }) }),
      )
      expect((await refusal(empty.requestToken())).message).toMatch(/without a request token/)
      const down = createTbaAuthorizationFlow(options({ baseUrl: 'http://127.0.0.1:1' }))
      const error = await refusal(down.requestToken())
      expect(error).toMatchObject({ code: 'ERR_NETSUITE_NETWORK', retryable: true })
      const unconfirmed = createTbaAuthorizationFlow(
        options({
          fetch: async () =>
            new Response('oauth_token=a&oauth_token_secret=b&oauth_callback_confirmed=false'),
        }),
      )
      expect((await refusal(unconfirmed.requestToken())).netsuiteCode).toBe('InvalidCallback')
    })
  })

  it('uses the account-specific domains without baseUrl', async () => {
    const seen: string[] = []
    const flow = createTbaAuthorizationFlow({
      accountId: '1234567-sb1',
      consumerKey: 'ck',
      consumerSecret: 'cs',
      callbackUrl: 'myapp://netsuite/callback',
      fetch: async (input) => {
        seen.push(String(input))
        return new Response('oauth_token=rt&oauth_token_secret=rs&oauth_callback_confirmed=true')
      },
    })
    await flow.requestToken()
    expect(seen).toEqual(['https://1234567-sb1.restlets.api.netsuite.com/rest/requesttoken'])
    expect(flow.authorizeUrl('rt')).toBe(
      'https://1234567-sb1.app.netsuite.com/app/login/secure/authorizetoken.nl?oauth_token=rt',
    )
    await flow.accessToken({ token: 'rt', tokenSecret: 'rs', verifier: 'v' })
    expect(seen[1]).toBe('https://1234567-sb1.restlets.api.netsuite.com/rest/accesstoken')
  })

  it('validates every option', () => {
    const good = {
      accountId: '1234567',
      consumerKey: 'ck',
      consumerSecret: 'cs',
      callbackUrl: 'https://a.example/cb',
    }
    const bad: [unknown, string][] = [
      [undefined, 'ERR_INVALID_ARG_TYPE'],
      [{ ...good, accountId: 'a.b' }, 'ERR_TBA_INVALID_ACCOUNT_ID'],
      [{ ...good, consumerKey: 1 }, 'ERR_INVALID_ARG_TYPE'],
      [{ ...good, consumerSecret: '' }, 'ERR_TBA_INVALID_CREDENTIAL'],
      [{ ...good, callbackUrl: '/relative' }, 'ERR_TBA_INVALID_URL'],
      [{ ...good, baseUrl: 'ftp://x' }, 'ERR_TBA_INVALID_URL'],
      [{ ...good, fetch: 'fetch' }, 'ERR_INVALID_ARG_TYPE'],
      [{ ...good, clock: 5 }, 'ERR_INVALID_ARG_TYPE'],
      [{ ...good, consumerKey: 'c k' }, 'ERR_TBA_INVALID_CREDENTIAL'],
    ]
    for (const [value, code] of bad) {
      expect(() => createTbaAuthorizationFlow(value as TbaAuthorizationFlowOptions)).toThrow(
        expect.objectContaining({ code }),
      )
    }
    const flow = createTbaAuthorizationFlow(good)
    expect(() => flow.authorizeUrl('')).toThrow(
      expect.objectContaining({ code: 'ERR_TBA_INVALID_CREDENTIAL' }),
    )
    expect(() => flow.authorizeUrl('t', { state: 'has space' })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' }),
    )
    expect(() => flow.authorizeUrl('t', { state: 'a'.repeat(513) })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' }),
    )
    return expect(
      flow.accessToken({ token: 't', tokenSecret: 5 as unknown as string, verifier: 'v' }),
    ).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_TYPE' })
  })

  it('keeps every secret out of errors, JSON and inspect', async () => {
    const flow = createTbaAuthorizationFlow(options())
    const rt = await flow.requestToken()
    const callback = await consent(flow.authorizeUrl(rt.token))
    const at = await flow.accessToken({
      token: rt.token,
      tokenSecret: rt.tokenSecret,
      verifier: callback.get('oauth_verifier') as string,
    })
    const secrets = [sim.tbaFlow.consumerSecret, rt.tokenSecret, at.tokenSecret]
    const wrong = await refusal(
      createTbaAuthorizationFlow(options({ consumerSecret: 'S3cretWrongValue99' })).requestToken(),
    )
    const bad = await refusal(
      flow.accessToken({
        token: rt.token,
        tokenSecret: rt.tokenSecret,
        verifier: callback.get('oauth_verifier') as string,
      }),
    )
    for (const value of [flow, rt, at, wrong, bad]) {
      const texts = [
        JSON.stringify(value),
        inspect(value, { showHidden: true, depth: Infinity }),
        String(value),
        (value as Error).stack ?? '',
      ]
      for (const text of texts)
        for (const s of [...secrets, 'S3cretWrongValue99']) expect(text).not.toContain(s)
    }
    expect(JSON.stringify(rt)).toContain(rt.token)
  })
})
