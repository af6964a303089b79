/**
 * Secret hygiene (issue 7): the consumer secret and the token secret never appear in errors
 * (message, stack, cause, any own property), logs, `JSON.stringify`, `util.inspect` or `String()`
 * of anything the library returns, on every error path we can trigger. The consumer key and the
 * token id are identifiers: they legitimately appear in Authorization headers and base strings.
 * Header injection is impossible: CR/LF/quotes are rejected and header values are percent-encoded.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { inspect } from 'node:util'
import * as lib from '../src/index.ts'
import * as nodeLib from '../src/node.ts'

const CONSUMER_SECRET = 'CsecretQ7xK2pLm9Vb4'
const TOKEN_SECRET = 'TsecretR3nW8zHy5Jc6'
const SECRETS = [CONSUMER_SECRET, TOKEN_SECRET]
const credentials = {
  accountId: '1234567_SB1',
  consumerKey: 'ckeyPublic01',
  consumerSecret: CONSUMER_SECRET,
  tokenId: 'tokenPublic01',
  tokenSecret: TOKEN_SECRET,
}
const env = {
  NETSUITE_ACCOUNT_ID: '1234567-sb1',
  NETSUITE_CONSUMER_KEY: credentials.consumerKey,
  NETSUITE_CONSUMER_SECRET: CONSUMER_SECRET,
  NETSUITE_TOKEN_ID: credentials.tokenId,
  NETSUITE_TOKEN_SECRET: TOKEN_SECRET,
}

/** Every rendering of a value a user could print or ship to a log collector. */
function renderings(value: unknown): string[] {
  const out: string[] = []
  const tryPush = (f: () => unknown) => {
    try {
      out.push(String(f()))
    } catch {
      // Some renderings are not defined for every value (JSON of a cycle, String of a symbol).
    }
  }
  tryPush(() => JSON.stringify(value))
  tryPush(() => inspect(value))
  tryPush(() => inspect(value, { showHidden: true, depth: Infinity, getters: true }))
  tryPush(() => String(value))
  tryPush(() => `${value as string}`)
  tryPush(() => (value as { toLocaleString?: () => string })?.toLocaleString?.())
  return out
}

/** Assert no secret in any rendering, nor in any own property (recursively, cause included). */
function expectNoSecret(
  value: unknown,
  secrets: readonly string[] = SECRETS,
  seen = new Set(),
): void {
  for (const text of renderings(value)) for (const s of secrets) expect(text).not.toContain(s)
  if (typeof value === 'string') {
    for (const s of secrets) expect(value).not.toContain(s)
    return
  }
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return
  if (seen.has(value)) return
  seen.add(value)
  for (const key of Reflect.ownKeys(value)) {
    const d = Object.getOwnPropertyDescriptor(value, key)
    if (d && 'value' in d && typeof d.value !== 'function') expectNoSecret(d.value, secrets, seen)
  }
  if (value instanceof Error) {
    expectNoSecret(value.message, secrets, seen)
    expectNoSecret(value.stack, secrets, seen)
    expectNoSecret((value as { cause?: unknown }).cause, secrets, seen)
  }
}

/** Run fn, require it to throw, and check the error. */
async function errorOf(fn: () => unknown): Promise<Error & { code?: string }> {
  try {
    await fn()
  } catch (e) {
    return e as Error
  }
  throw new Error('expected a rejection')
}

// Capture everything written to the console and the process streams while the tests run.
const logged: string[] = []
const restore: (() => void)[] = []
beforeEach(() => {
  logged.length = 0
  for (const name of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
    const original = console[name]
    console[name] = (...args: unknown[]) => {
      logged.push(args.map((a) => (typeof a === 'string' ? a : inspect(a))).join(' '))
    }
    restore.push(() => {
      console[name] = original
    })
  }
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream)
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      logged.push(String(chunk))
      return (original as (...a: unknown[]) => boolean)(chunk, ...rest)
    }) as typeof stream.write
    restore.push(() => {
      stream.write = original
    })
  }
})
afterEach(() => {
  while (restore.length) restore.pop()!()
  for (const line of logged) for (const s of SECRETS) expect(line).not.toContain(s)
})

describe('objects the library returns', () => {
  const signers = {
    'createTbaSigner (WebCrypto)': lib.createTbaSigner(credentials),
    'createTbaSigner (node)': nodeLib.createTbaSigner(credentials),
    'createOAuth1Signer (WebCrypto)': lib.createOAuth1Signer({
      consumerKey: credentials.consumerKey,
      consumerSecret: CONSUMER_SECRET,
      token: credentials.tokenId,
      tokenSecret: TOKEN_SECRET,
      realm: 'R',
    }),
    'createOAuth1Signer (node)': nodeLib.createOAuth1Signer({
      consumerKey: credentials.consumerKey,
      consumerSecret: CONSUMER_SECRET,
      token: credentials.tokenId,
      tokenSecret: TOKEN_SECRET,
      signatureMethod: 'HMAC-SHA1',
    }),
  }

  for (const [name, signer] of Object.entries(signers)) {
    it(`${name}: the signer, its methods and its sign results`, async () => {
      expectNoSecret(signer)
      expect(inspect(signer)).toMatch(/Signer \{/)
      expect(JSON.parse(JSON.stringify(signer))).toMatchObject({ redacted: true })
      // Even bypassing the custom inspect hook, only functions are there: secrets live in closures.
      expect(inspect(signer, { customInspect: false, showHidden: true })).not.toContain(
        CONSUMER_SECRET,
      )
      for (const key of Reflect.ownKeys(signer)) {
        const v = (signer as unknown as Record<PropertyKey, unknown>)[key]
        if (typeof v === 'function') expect(String(v)).not.toMatch(/CsecretQ7|TsecretR3/)
      }
      const request = {
        method: 'POST',
        url: 'https://1234567-sb1.restlets.api.netsuite.com/app/site/hosting/restlet.nl?script=1&deploy=1',
        body: 'a=1',
        contentType: 'application/x-www-form-urlencoded',
      }
      const result = await signer.sign(request)
      expectNoSecret(result)
      if ('signSync' in signer)
        expectNoSecret((signer as nodeLib.NodeOAuth1Signer).signSync(request))
      // Identifiers are expected in the header.
      expect(result.authorization).toContain(credentials.consumerKey)
      expect(result.authorization).toContain(credentials.tokenId)
      const authorized = await signer.authorize(
        new Request(request.url, {
          method: 'POST',
          body: 'a=1',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        }),
      )
      for (const [, v] of authorized.headers) expectNoSecret(v)
      expectNoSecret(authorized)
    })
  }

  it('credentialsFromEnv() output hides the secrets from JSON.stringify, inspect and String', () => {
    const c = lib.credentialsFromEnv(env)
    for (const text of renderings(c)) for (const s of SECRETS) expect(text).not.toContain(s)
    expect(JSON.parse(JSON.stringify(c))).toEqual({ accountId: '1234567_SB1', redacted: true })
    expect(inspect(c)).toContain('1234567_SB1')
    // …and they are still usable.
    expect(c.consumerSecret).toBe(CONSUMER_SECRET)
    expect(() => lib.createTbaSigner(c)).not.toThrow()
    // Nested in another object, as a logger would see it.
    for (const text of renderings({ config: { credentials: c } })) {
      for (const s of SECRETS) expect(text).not.toContain(s)
    }
  })

  it('token passports (WebCrypto and node)', async () => {
    expectNoSecret(await lib.signTokenPassport(credentials))
    expectNoSecret(nodeLib.signTokenPassportSync(credentials))
  })

  it('the base string and the signature are not the key', async () => {
    const r = await lib
      .createTbaSigner(credentials)
      .sign({ method: 'GET', url: 'https://example.com/' })
    expect(r.signature).not.toContain(lib.signingKey(CONSUMER_SECRET, TOKEN_SECRET))
    expect(r.baseString).not.toContain('Csecret')
  })
})

describe('every error path', () => {
  const tba = lib.createTbaSigner(credentials)
  const node = nodeLib.createTbaSigner(credentials)
  const ok = { method: 'GET', url: 'https://example.com/a' }
  /** A secret with a defect, so that the error is about the secret itself. */
  const defective = (secret: string) => [
    secret + '\n',
    '\r' + secret,
    secret + ' ',
    secret.slice(0, 5) + '"' + secret.slice(5),
    secret + ',',
    '<' + secret + '>',
    secret + '\u0000',
    secret + '\\',
    secret + '\uD800',
  ]
  const triggers: [string, () => unknown][] = [
    ...(['consumerSecret', 'tokenSecret'] as const).flatMap((field) =>
      defective(credentials[field]).flatMap((bad): [string, () => unknown][] => [
        [
          `createTbaSigner ${field} ${JSON.stringify(bad.slice(-2))}`,
          () => lib.createTbaSigner({ ...credentials, [field]: bad }),
        ],
        [
          `node createTbaSigner ${field}`,
          () => nodeLib.createTbaSigner({ ...credentials, [field]: bad }),
        ],
        [
          `signTokenPassport ${field}`,
          () => lib.signTokenPassport({ ...credentials, [field]: bad }),
        ],
        [
          `signTokenPassportSync ${field}`,
          () => nodeLib.signTokenPassportSync({ ...credentials, [field]: bad }),
        ],
        // The generic signer takes any RFC 5849 text; only a lone surrogate is refused.
        ...(/\uD800/.test(bad)
          ? ([
              [
                `createOAuth1Signer ${field}`,
                () =>
                  lib.createOAuth1Signer({
                    consumerKey: 'ck',
                    consumerSecret: field === 'consumerSecret' ? bad : CONSUMER_SECRET,
                    tokenSecret: field === 'tokenSecret' ? bad : TOKEN_SECRET,
                  }),
              ],
            ] as [string, () => unknown][])
          : []),
        [
          `credentialsFromEnv ${field}`,
          () =>
            lib.credentialsFromEnv({
              ...env,
              [field === 'consumerSecret' ? 'NETSUITE_CONSUMER_SECRET' : 'NETSUITE_TOKEN_SECRET']:
                bad,
            }),
        ],
      ]),
    ),
    [
      'credentialsFromEnv missing',
      () => lib.credentialsFromEnv({ NETSUITE_CONSUMER_SECRET: CONSUMER_SECRET }),
    ],
    [
      'credentialsFromEnv bad account',
      () => lib.credentialsFromEnv({ ...env, NETSUITE_ACCOUNT_ID: 'x.netsuite.com' }),
    ],
    ['bad account id', () => lib.createTbaSigner({ ...credentials, accountId: 'a b' })],
    ['bad consumer key', () => lib.createTbaSigner({ ...credentials, consumerKey: 'a\nb' })],
    [
      'missing token id',
      () => lib.createTbaSigner({ ...credentials, tokenId: undefined as never }),
    ],
    [
      'HMAC-SHA1 for TBA',
      () => lib.createTbaSigner(credentials, { signatureMethod: 'HMAC-SHA1' } as never),
    ],
    ['bad options', () => lib.createTbaSigner(credentials, { clock: 5 } as never)],
    ['relative URL', () => tba.sign({ ...ok, url: '/x' })],
    ['ftp URL', () => node.signSync({ ...ok, url: 'ftp://x/' })],
    ['bad method', () => tba.sign({ ...ok, method: 'GET\r\n' })],
    ['reserved query', () => tba.sign({ ...ok, url: 'https://x/?oauth%5Fnonce=1' })],
    [
      'reserved form',
      () => node.signSync({ ...ok, method: 'POST', body: new URLSearchParams('realm=1') }),
    ],
    ['bad escape', () => tba.sign({ ...ok, url: 'https://x/?a=%C3' })],
    ['bad path escape', () => node.signSync({ ...ok, url: 'https://x/%ZZ' })],
    ['lone surrogate', () => tba.sign({ ...ok, url: 'https://x/?a=\uD800' })],
    ['bad nonce', () => tba.sign({ ...ok, nonce: 'x' })],
    ['bad timestamp', () => node.signSync({ ...ok, timestamp: Date.now() })],
    ['bad body', () => tba.sign({ ...ok, body: 5 as never })],
    ['bad clock', () => lib.createTbaSigner(credentials, { clock: () => Date.now() }).sign(ok)],
    ['bad nonce fn', () => nodeLib.createTbaSigner(credentials, { nonce: () => '' }).signSync(ok)],
    ['bad authorize arg', () => tba.authorize({} as never)],
    ['bad header', () => lib.parseAuthorizationHeader(`OAuth oauth_signature="${CONSUMER_SECRET}`)],
    [
      'bad oauthParams',
      () =>
        lib
          .createOAuth1Signer({
            consumerKey: 'ck',
            consumerSecret: CONSUMER_SECRET,
            tokenSecret: TOKEN_SECRET,
          })
          .sign({ ...ok, oauthParams: { oauth_nonce: 'x' } }),
    ],
  ]

  for (const [name, trigger] of triggers) {
    it(name, async () => {
      const e = await errorOf(trigger)
      expect(e.code).toMatch(/^ERR_/)
      // A defective secret must not be echoed in any form, not even its first characters.
      expectNoSecret(e, [...SECRETS, CONSUMER_SECRET.slice(0, 8), TOKEN_SECRET.slice(0, 8)])
    })
  }
})

describe('header injection', () => {
  const signer = lib.createOAuth1Signer({
    consumerKey: 'ck',
    consumerSecret: CONSUMER_SECRET,
    token: 'tk',
    tokenSecret: TOKEN_SECRET,
    realm: 'a, b=c; d<e>',
  })
  const STRICT = /^OAuth [a-z_]+="[A-Za-z0-9%._~-]*"(?:, [a-z_]+="[A-Za-z0-9%._~-]*")*$/

  it('every header value is percent-encoded: no CR, LF, quote, comma or space can break out', async () => {
    const r = await signer.sign({
      method: 'GET',
      url: 'https://example.com/?q=%0D%0AX-Evil:%201&x=%22%2C',
      oauthParams: { oauth_callback: 'https://cb/"\r\nSet-Cookie: a=1, b', oauth_verifier: '"' },
    })
    expect(r.authorization).toMatch(STRICT)
    expect(() => new Headers({ authorization: r.authorization })).not.toThrow()
    expect(lib.parseAuthorizationHeader(r.authorization)).toContainEqual([
      'oauth_callback',
      'https://cb/"\r\nSet-Cookie: a=1, b',
    ])
    expect(lib.parseAuthorizationHeader(r.authorization)).toContainEqual(['realm', 'a, b=c; d<e>'])
  })

  it('CR, LF and quotes in anything that goes into the header unencoded are rejected', async () => {
    for (const bad of ['a\r\nX: 1', 'a"b', 'a\nb', 'a\rb']) {
      // The generic signer accepts it (RFC 5849) and sends it percent-encoded.
      expect(
        lib
          .createOAuth1Signer({ consumerKey: bad, consumerSecret: 's' })
          .signSync({ method: 'GET', url: 'https://x/' }).authorization,
      ).toContain(`oauth_consumer_key="${lib.percentEncode(bad)}"`)
      expect(
        (await errorOf(() => lib.createTbaSigner({ ...credentials, tokenId: bad }))).code,
      ).toBe('ERR_TBA_INVALID_CREDENTIAL')
      expect(
        (await errorOf(() => lib.createTbaSigner({ ...credentials, accountId: bad }))).code,
      ).toBe('ERR_TBA_INVALID_ACCOUNT_ID')
      expect(
        (await errorOf(() => signer.sign({ method: 'GET' + bad, url: 'https://x/' }))).code,
      ).toBe('ERR_TBA_INVALID_METHOD')
      // RFC 5849 leaves the generic nonce open: it is allowed but percent-encoded.
      const r = await signer.sign({ method: 'GET', url: 'https://x/', nonce: bad })
      expect(r.authorization).toContain(`oauth_nonce="${lib.percentEncode(bad)}"`)
      expect(r.authorization).not.toMatch(/[\r\n]/)
      await expect(
        lib.createTbaSigner(credentials).sign({ method: 'GET', url: 'https://x/', nonce: bad }),
      ).rejects.toMatchObject({ code: 'ERR_TBA_INVALID_NONCE' })
    }
    for (const bad of ['a\r\nX: 1', 'a"b']) {
      expect(
        (
          await errorOf(() =>
            lib.createOAuth1Signer({ consumerKey: 'k', consumerSecret: 's', realm: bad }),
          )
        ).code,
      ).toBe('ERR_TBA_INVALID_ACCOUNT_ID')
    }
  })
})
