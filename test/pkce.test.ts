/**
 * PKCE, state and redirect parsing: the RFC 7636 appendix B vector, fast-check properties checked
 * against node:crypto, and every redirect outcome as a typed result or a typed error.
 */
import { createHash } from 'node:crypto'
import { inspect } from 'node:util'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import vector from '../vectors/pkce_rfc7636.json' with { type: 'json' }
import { base64url } from '../src/oauth2/client_assertion.ts'
import {
  codeChallenge,
  createPkce,
  generateCodeVerifier,
  generateState,
  statesEqual,
} from '../src/oauth2/pkce.ts'
import { parseAuthorizationRedirect } from '../src/oauth2/redirect.ts'
import { parseTbaCallback } from '../src/index.ts'

const UNRESERVED = /^[A-Za-z0-9\-._~]+$/
const nodeChallenge = (v: string) => createHash('sha256').update(v, 'ascii').digest('base64url')

describe('PKCE', () => {
  it('reproduces RFC 7636 appendix B', async () => {
    const [c] = vector.cases
    if (!c) throw new Error('vector file is empty')
    expect(base64url(new Uint8Array(c.input.verifier_octets))).toBe(c.input.code_verifier)
    expect(await codeChallenge(c.input.code_verifier)).toBe(c.expected.code_challenge)
  })

  it('generates verifiers of 43–128 unreserved characters, all different', () => {
    fc.assert(
      fc.property(fc.integer({ min: 43, max: 128 }), (length) => {
        const a = generateCodeVerifier(length)
        const b = generateCodeVerifier(length)
        expect(a).toHaveLength(length)
        expect(a).toMatch(UNRESERVED)
        expect(a).not.toBe(b)
      }),
    )
    expect(generateCodeVerifier()).toHaveLength(64)
  })

  it('computes the S256 challenge of any valid verifier as node:crypto does', async () => {
    const verifier = fc.stringMatching(/^[A-Za-z0-9\-._~]{43,128}$/)
    await fc.assert(
      fc.asyncProperty(verifier, async (v) => {
        const c = await codeChallenge(v)
        expect(c).toBe(nodeChallenge(v))
        expect(c).toMatch(/^[A-Za-z0-9_-]{43}$/)
      }),
      { numRuns: 200 },
    )
    const pair = await createPkce()
    expect(pair.codeChallengeMethod).toBe('S256')
    expect(pair.codeChallenge).toBe(nodeChallenge(pair.codeVerifier))
  })

  it('refuses verifiers outside RFC 7636 and bad lengths', async () => {
    for (const bad of ['a'.repeat(42), 'a'.repeat(129), `${'a'.repeat(42)} `, `${'a'.repeat(42)}+`])
      await expect(codeChallenge(bad)).rejects.toMatchObject({ code: 'ERR_TBA_INVALID_CREDENTIAL' })
    await expect(codeChallenge(5 as unknown as string)).rejects.toMatchObject({
      code: 'ERR_INVALID_ARG_TYPE',
    })
    for (const length of [42, 129, 50.5, Number.NaN, Infinity, -1])
      expect(() => generateCodeVerifier(length)).toThrow(
        expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' }),
      )
    expect(() => generateCodeVerifier('64' as unknown as number)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }),
    )
  })
})

describe('state', () => {
  it('is at least 22 letters and digits, fresh each time', () => {
    fc.assert(
      fc.property(fc.integer({ min: 22, max: 512 }), (length) => {
        const s = generateState(length)
        expect(s).toMatch(new RegExp(`^[A-Za-z0-9]{${length}}$`))
        expect(generateState(length)).not.toBe(s)
      }),
    )
    expect(generateState()).toHaveLength(32)
    for (const length of [21, 513, 1.5, Number.NaN])
      expect(() => generateState(length)).toThrow(
        expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' }),
      )
  })

  it('compares equal strings only', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string(), (a, b) => {
        expect(statesEqual(a, a)).toBe(true)
        expect(statesEqual(a, b)).toBe(a === b)
        expect(statesEqual(a, a + 'x')).toBe(false)
      }),
    )
    expect(statesEqual('', '')).toBe(false)
    expect(statesEqual('abc', null)).toBe(false)
    expect(statesEqual(undefined, 'abc')).toBe(false)
  })
})

describe('parseAuthorizationRedirect', () => {
  const state = 'ykv2XLx1BpT5Q0F3MRPHb94j'

  it('reads code, state, company, role and entity from any redirect form', () => {
    const query = `state=${state}&role=1000&entity=12&company=1234567&code=70b8abc`
    const expected = { code: '70b8abc', state, role: '1000', entity: '12', company: '1234567' }
    const parsed = parseAuthorizationRedirect(`?${query}`, { state })
    expect(JSON.stringify(parsed)).not.toContain('70b8abc')
    expect(inspect(parsed)).not.toContain('70b8abc')
    expect(
      JSON.stringify(parseTbaCallback('https://a/cb?oauth_token=t&oauth_verifier=v3rifier')),
    ).not.toContain('v3rifier')
    for (const input of [
      `https://myapplication.com/netsuite/oauth2callback?${query}`,
      `myapp://callback?${query}`,
      `?${query}`,
      query,
      new URL(`http://127.0.0.1:8080/callback?${query}`),
      new URLSearchParams(query),
    ])
      expect(parseAuthorizationRedirect(input, { state })).toEqual(expected)
  })

  it('round-trips any code and state (property)', () => {
    const printable = fc.stringMatching(/^[\x21-\x7e]{1,300}$/)
    fc.assert(
      fc.property(printable, printable, (code, s) => {
        const url = new URL('https://app.example/cb')
        url.searchParams.set('code', code)
        url.searchParams.set('state', s)
        expect(parseAuthorizationRedirect(url.href, { state: s })).toEqual({ code, state: s })
      }),
    )
  })

  it('refuses a missing or different state before anything else', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (other) => {
        fc.pre(other !== state)
        const params = new URLSearchParams({ code: 'c', state: other })
        expect(() => parseAuthorizationRedirect(params, { state })).toThrow(
          expect.objectContaining({ code: 'ERR_TBA_STATE_MISMATCH' }),
        )
      }),
    )
    // A forged link cannot even show an error.
    expect(() => parseAuthorizationRedirect('https://a/cb?error=access_denied', { state })).toThrow(
      expect.objectContaining({ code: 'ERR_TBA_STATE_MISMATCH' }),
    )
    expect(() => parseAuthorizationRedirect('https://a/cb?code=c', { state: '' })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }),
    )
  })

  it('maps every authorization error to a typed NetSuiteError with the set-up step', () => {
    const cases: [string, string, RegExp][] = [
      ['access_denied', 'ERR_NETSUITE_AUTHORIZATION_DENIED', /Deny/],
      ['invalid_request', 'ERR_NETSUITE_OAUTH2_INVALID_REQUEST', /code_challenge/],
      [
        'unauthorized_client',
        'ERR_NETSUITE_OAUTH2_UNAUTHORIZED_CLIENT',
        /Authorization Code Grant/,
      ],
      ['invalid_scope', 'ERR_NETSUITE_OAUTH2_INVALID_SCOPE', /RESTlets/],
      ['unsupported_response_type', 'ERR_NETSUITE_OAUTH2_INVALID_RESPONSE', /response_type=code/],
      ['something_new', 'ERR_NETSUITE_OAUTH2_INVALID_RESPONSE', /Login Audit Trail/],
    ]
    for (const [error, code, hint] of cases) {
      let thrown: unknown
      try {
        parseAuthorizationRedirect(`https://a/cb?error=${error}&state=${state}`, { state })
      } catch (e) {
        thrown = e
      }
      expect(thrown).toMatchObject({ name: 'NetSuiteError', code, netsuiteCode: error })
      expect((thrown as Error).message).toMatch(hint)
    }
  })

  it('refuses a redirect without code, a malformed code, or text that is no URL', () => {
    expect(() => parseAuthorizationRedirect(`https://a/cb?state=${state}`, { state })).toThrow(
      expect.objectContaining({ code: 'ERR_TBA_INVALID_REDIRECT' }),
    )
    expect(() =>
      parseAuthorizationRedirect(`https://a/cb?state=${state}&code=a%20b`, { state }),
    ).toThrow(expect.objectContaining({ code: 'ERR_TBA_INVALID_REDIRECT' }))
    expect(() => parseAuthorizationRedirect('just some words', { state })).toThrow(
      expect.objectContaining({ code: 'ERR_TBA_INVALID_REDIRECT' }),
    )
    expect(() => parseAuthorizationRedirect(42 as unknown as string, { state })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }),
    )
  })

  it('reads the TBA callback, with Deny as a typed error', () => {
    const url =
      'https://my.example.com/TBA/?callbackRequest&oauth_token=da9e&oauth_verifier=111e&company=1234567&role=3&entity=38&state=nnbs6b8n0zjlmhrlisv'
    expect(parseTbaCallback(url, { state: 'nnbs6b8n0zjlmhrlisv' })).toEqual({
      token: 'da9e',
      verifier: '111e',
      state: 'nnbs6b8n0zjlmhrlisv',
      company: '1234567',
      role: '3',
      entity: '38',
    })
    expect(() => parseTbaCallback(url, { state: 'other' })).toThrow(
      expect.objectContaining({ code: 'ERR_TBA_STATE_MISMATCH' }),
    )
    expect(() => parseTbaCallback('https://a/cb?oauth_token=t&oauth_verifier=')).toThrow(
      expect.objectContaining({ code: 'ERR_NETSUITE_AUTHORIZATION_DENIED' }),
    )
    expect(() => parseTbaCallback('https://a/cb?code=x')).toThrow(
      expect.objectContaining({ code: 'ERR_TBA_INVALID_REDIRECT' }),
    )
  })
})
