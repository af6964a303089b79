/** `authorize(request)` and the request shapes `sign()` accepts. */
import { describe, expect, it } from 'vitest'
import { createTbaSigner, parseAuthorizationHeader } from '../src/index.ts'
import * as nodeLib from '../src/node.ts'

const credentials = {
  accountId: '1234567-sb1',
  consumerKey: 'ef40afdd8abaac111b13825dd5e5e2ddddb44f86d5a0dd6dcf38c20aae6b67e4',
  consumerSecret: 'd26ad321a4b2f23b0741c8d38392ce01c3e23e109df6c96eac6d099e9ab9e8b5',
  tokenId: '2b0ce516420110bcbd36b69e99196d1b7f6de3c6234c5afb799b73d87569f5cc',
  tokenSecret: 'c29a677df7d5439a458c063654187e3d678d73aca8e3c9d8bea1478a3eb0d295',
}
const fixed = { nonce: () => 'fjaLirsIcCGVZWzBX0pg', clock: () => 1508242306.9 }
const url =
  'https://1234567-sb1.restlets.api.netsuite.com/app/site/hosting/restlet.nl?script=6&deploy=1'

describe('authorize(request)', () => {
  it('sets the same header sign() computes, on a new Request, keeping method, URL and headers', async () => {
    const signer = createTbaSigner(credentials, fixed)
    const original = new Request(url, {
      headers: { 'content-type': 'application/json', 'x-a': '1' },
    })
    const signed = await signer.authorize(original)
    const expected = await signer.sign({ method: 'GET', url })
    expect(signed).not.toBe(original)
    expect(signed.headers.get('authorization')).toBe(expected.authorization)
    expect(signed.headers.get('x-a')).toBe('1')
    expect(signed.url).toBe(url)
    expect(original.headers.get('authorization')).toBeNull()
  })

  it('keeps a JSON body unsigned and readable', async () => {
    const signer = createTbaSigner(credentials, fixed)
    const body = JSON.stringify({ id: 7, name: 'a+b c' })
    const signed = await signer.authorize(
      new Request(url, { method: 'POST', body, headers: { 'content-type': 'application/json' } }),
    )
    const unsigned = await signer.sign({ method: 'POST', url })
    expect(signed.headers.get('authorization')).toBe(unsigned.authorization)
    expect(await signed.text()).toBe(body)
  })

  it('signs a form body and still sends it', async () => {
    const signer = createTbaSigner(credentials, fixed)
    const body = 'name=Jos%C3%A9&memo=a+b'
    const signed = await signer.authorize(
      new Request(url, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' },
      }),
    )
    const withForm = await signer.sign({
      method: 'POST',
      url,
      body,
      contentType: 'application/x-www-form-urlencoded',
    })
    const withoutForm = await signer.sign({ method: 'POST', url })
    expect(signed.headers.get('authorization')).toBe(withForm.authorization)
    expect(withForm.signature).not.toBe(withoutForm.signature)
    expect(withForm.baseString).toContain('memo%3Da%2520b')
    expect(await signed.text()).toBe(body)
  })

  it('signs only real form content types, in sign() and authorize() alike', async () => {
    const signer = createTbaSigner(credentials, fixed)
    const unsigned = await signer.sign({ method: 'POST', url })
    for (const contentType of [
      'application/x-www-form-urlencodedx',
      'text/plain; x=application/x-www-form-urlencoded',
    ]) {
      const viaSign = await signer.sign({ method: 'POST', url, body: 'a=1', contentType })
      expect(viaSign.signature).toBe(unsigned.signature)
      const viaRequest = await signer.authorize(
        new Request(url, { method: 'POST', body: 'a=1', headers: { 'content-type': contentType } }),
      )
      expect(viaRequest.headers.get('authorization')).toBe(unsigned.authorization)
    }
  })

  it('works with the node:crypto signer too', async () => {
    const web = await createTbaSigner(credentials, fixed).authorize(new Request(url))
    const sync = await nodeLib.createTbaSigner(credentials, fixed).authorize(new Request(url))
    expect(sync.headers.get('authorization')).toBe(web.headers.get('authorization'))
  })
})

describe('sign() request shapes', () => {
  it('accepts a URL object and a URLSearchParams body, same as strings', async () => {
    const signer = createTbaSigner(credentials, fixed)
    const form = new URLSearchParams({ q: 'a b', tag: '~x' })
    const a = await signer.sign({ method: 'post', url: new URL(url), body: form })
    const b = await signer.sign({
      method: 'POST',
      url,
      body: form.toString(),
      contentType: 'application/x-www-form-urlencoded',
    })
    expect(a.authorization).toBe(b.authorization)
  })

  it('floors a fractional clock to whole seconds and puts realm first', async () => {
    const { authorization, timestamp } = await createTbaSigner(credentials, fixed).sign({
      method: 'GET',
      url,
    })
    expect(timestamp).toBe('1508242306')
    expect(parseAuthorizationHeader(authorization)[0]).toEqual(['realm', '1234567_SB1'])
  })

  it('draws a fresh 20-character nonce for every signature', async () => {
    const signer = createTbaSigner(credentials)
    const nonces = new Set<string>()
    for (let i = 0; i < 500; i++) nonces.add((await signer.sign({ method: 'GET', url })).nonce)
    expect(nonces.size).toBe(500)
    for (const n of nonces) expect(n).toMatch(/^[A-Za-z0-9]{20}$/)
  })
})
