/**
 * The conformance adapter for netsuite-tba itself. The library is injected, so the same adapter
 * drives the TypeScript sources and the built package on every runtime.
 *
 * @module
 */
import type { OAuth1SignerOptions, SignRequest } from '../../src/index.ts'
import type { ConformanceAdapter, SignatureInput } from '../adapter.ts'

/** A signature vector's input as `createOAuth1Signer` options. */
export function signerOptionsOf(input: SignatureInput): OAuth1SignerOptions {
  return {
    consumerKey: input.consumerKey,
    consumerSecret: input.consumerSecret,
    ...(input.token === null ? {} : { token: input.token }),
    tokenSecret: input.tokenSecret,
    ...(input.realm === null ? {} : { realm: input.realm }),
    signatureMethod: input.signatureMethod,
    version: input.version,
  }
}

/** A signature vector's input as the request to sign. */
export function signRequestOf(input: SignatureInput): SignRequest {
  return {
    method: input.method,
    url: input.url,
    ...(input.body === null ? {} : { body: input.body }),
    ...(input.contentType === null ? {} : { contentType: input.contentType }),
    nonce: input.nonce,
    timestamp: input.timestamp,
    ...(Object.keys(input.extraOAuthParams).length ? { oauthParams: input.extraOAuthParams } : {}),
  }
}

/** The subset of the netsuite-tba API the adapter uses. */
export interface NetsuiteTbaApi {
  createOAuth1Signer: typeof import('../../src/index.ts').createOAuth1Signer
  percentEncode: (value: string) => string
  baseStringUri: (url: string) => string
  normalizeParameters: (form: string) => string
  signingKey: (consumerSecret: string, tokenSecret?: string) => string
  hmacBase64: (method: 'HMAC-SHA256' | 'HMAC-SHA1', key: string, data: string) => Promise<string>
  signTokenPassport: typeof import('../../src/index.ts').signTokenPassport
  /** The synchronous passport (root and `netsuite-tba/node`). */
  signTokenPassportSync?: typeof import('../../src/node.ts').signTokenPassportSync
}

/** A signer of `netsuite-tba/node`: `sign` plus the synchronous `signSync`. */
type MaybeSyncSigner = Omit<ReturnType<NetsuiteTbaApi['createOAuth1Signer']>, 'signSync'> & {
  signSync?: import('../../src/node.ts').NodeOAuth1Signer['signSync']
}

/**
 * Drive `lib` through the conformance runner. With `sync: true` the signatures come from
 * `signSync` and the passports from `signTokenPassportSync`; `sha1Sync: false` skips HMAC-SHA1
 * signatures there (the root entry signs HMAC-SHA1 with `sign()` only).
 */
export function netsuiteTbaAdapter(
  lib: NetsuiteTbaApi,
  name = 'netsuite-tba',
  { sync = false, sha1Sync = true }: { sync?: boolean; sha1Sync?: boolean } = {},
): ConformanceAdapter {
  const passportSync = lib.signTokenPassportSync
  if (sync && passportSync === undefined) {
    throw new TypeError('the sync adapter needs netsuite-tba/node (signTokenPassportSync)')
  }
  return {
    name,
    // `input` is the raw vector case input (vectors/SCHEMA.md field names).
    supports: (kind, input) =>
      !(
        sync &&
        !sha1Sync &&
        kind === 'signature' &&
        (input as { signature_method?: string } | null)?.signature_method === 'HMAC-SHA1'
      ),
    async sign(input) {
      const signer: MaybeSyncSigner = lib.createOAuth1Signer(signerOptionsOf(input))
      const request = signRequestOf(input)
      // The first call imports the key; the second takes the steady-state path (cached key,
      // cached URL template, reused bytes). Both must give the same answer.
      const signSync = signer.signSync
      if (sync && signSync === undefined) throw new TypeError('this signer has no signSync')
      const once = () =>
        sync ? (signSync as NonNullable<typeof signSync>)(request) : signer.sign(request)
      const first = await once()
      const out = await once()
      if (out.authorization !== first.authorization || out.baseString !== first.baseString) {
        throw new Error(
          `a second signature of the same request differs from the first:\n  ${first.authorization}\n  ${out.authorization}`,
        )
      }
      return {
        signature: out.signature,
        baseString: out.baseString,
        authorization: out.authorization,
      }
    },
    percentEncode: (value) => lib.percentEncode(value),
    baseStringUri: (url) => lib.baseStringUri(url),
    normalizeParameters: (form) => lib.normalizeParameters(form),
    hmac: (method, cs, ts, base) => lib.hmacBase64(method, lib.signingKey(cs, ts), base),
    plaintext: (cs, ts) => lib.signingKey(cs, ts),
    async passport(input) {
      const p = await (
        sync ? (passportSync as NonNullable<typeof passportSync>) : lib.signTokenPassport
      )(
        {
          accountId: input.account,
          consumerKey: input.consumerKey,
          consumerSecret: input.consumerSecret,
          tokenId: input.token,
          tokenSecret: input.tokenSecret,
        },
        { nonce: input.nonce, timestamp: input.timestamp },
      )
      return {
        signature: p.signature,
        account: p.account,
        baseString: [p.account, p.consumerKey, p.token, p.nonce, p.timestamp].join('&'),
      }
    },
  }
}
