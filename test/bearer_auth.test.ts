/**
 * The Bearer token cache both OAuth 2.0 grants use: one renewal for concurrent callers, a failed
 * renewal retried by the next caller, `clear()` and `unauthorized()` only for tokens it issued.
 */
import { describe, expect, it } from 'vitest'
import { bearerTokens } from '../src/oauth2/bearer_auth.ts'

function cache(options: { fail?: number; usable?: boolean } = {}) {
  let n = 0
  let failures = options.fail ?? 0
  const seen: (string | undefined)[] = []
  const tokens = bearerTokens<{ accessToken: string }>({
    renew: async (previous) => {
      seen.push(previous?.accessToken)
      await new Promise((r) => setTimeout(r, 5))
      if (failures-- > 0) throw new Error('token endpoint down')
      return { accessToken: `t${++n}` }
    },
    usable: () => options.usable ?? true,
  })
  return { tokens, seen, count: () => n }
}

const withBearer = (token: string) =>
  new Request('https://example.test/', { headers: { authorization: `Bearer ${token}` } })

describe('bearerTokens', () => {
  it('one renewal serves concurrent callers; a usable token is reused', async () => {
    const { tokens, count } = cache()
    const all = await Promise.all(Array.from({ length: 20 }, () => tokens.token()))
    expect(new Set(all.map((t) => t.accessToken))).toEqual(new Set(['t1']))
    await tokens.token()
    expect(count()).toBe(1)
  })

  it('renews when the token is not usable, passing the previous one', async () => {
    const { tokens, seen } = cache({ usable: false })
    await tokens.token()
    await tokens.token()
    expect(seen).toEqual([undefined, 't1'])
  })

  it('a failed renewal rejects every waiting caller, and the next call tries again', async () => {
    const { tokens } = cache({ fail: 1 })
    const first = await Promise.allSettled([tokens.token(), tokens.token()])
    expect(first.map((r) => r.status)).toEqual(['rejected', 'rejected'])
    await expect(tokens.token()).resolves.toEqual({ accessToken: 't1' })
  })

  it('unauthorized() marks only its own current token stale; clear() forces a renewal', async () => {
    const { tokens, count } = cache()
    const request = await tokens.authorize(new Request('https://example.test/'))
    expect(request.headers.get('authorization')).toBe('Bearer t1')
    expect(tokens.unauthorized(withBearer('someone-else'))).toBe(false)
    expect(tokens.unauthorized(new Request('https://example.test/'))).toBe(false)
    expect(tokens.unauthorized(request)).toBe(true)
    expect((await tokens.token()).accessToken).toBe('t2')
    // t1 is still recognised (a late 401 for it) but does not drop t2.
    expect(tokens.unauthorized(request)).toBe(true)
    expect((await tokens.token()).accessToken).toBe('t2')
    tokens.clear()
    expect((await tokens.token()).accessToken).toBe('t3')
    expect(count()).toBe(3)
  })

  it('authorize() refuses what is not a Request', async () => {
    const { tokens } = cache()
    await expect(tokens.authorize({} as Request)).rejects.toMatchObject({
      code: 'ERR_INVALID_ARG_TYPE',
    })
  })
})
