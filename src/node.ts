/// <reference types="node" />
/**
 * The Node.js entry: the same signers with a synchronous `signSync` on node:crypto, the fast path
 * for Node servers (WebCrypto on Node hops to a thread pool for every signature). It and the
 * modules under `src/node/` are the only ones that import `node:` built-ins; the HMAC itself is in
 * `node/hmac_sync.ts`.
 *
 * @module
 */
import { buildSigner, type SignerBackends } from './lib/build_signer.ts'
import { createSyncHmac, type SyncHmac } from './node/hmac_sync.ts'
import { oauth1Setup, tbaSetup, type SignerSetup } from './lib/signer_setup.ts'
import { RUNTIME } from './lib/runtime_profile.ts'
import { passportParts } from './token_passport.ts'
import type {
  OAuth1Signer,
  OAuth1SignerOptions,
  TbaCredentials,
  TbaSignerOptions,
  TokenPassport,
  TokenPassportOptions,
} from './types.ts'

export * from './index.ts'
export { createNodeFetch, type NodeFetchOptions } from './node/fetch.ts'
export { oauth2CredentialsFromEnv } from './node/oauth2_env.ts'

/** A signer whose `signSync` also covers HMAC-SHA1 (node:crypto). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface NodeOAuth1Signer extends OAuth1Signer {}

/**
 * Bytes left to hash from which node:crypto beats the built-in HMAC-SHA256 (`npm run bench`): on
 * Bun the RFC 2104 HMAC over two one-shot `crypto.hash` calls is faster at every size (1.5–2.6× the
 * built-in hash); on Node it is faster from about 300 bytes (a RESTlet GET with a few parameters
 * leaves 220–290 bytes after the cached start, where the built-in hash is ~6 % faster, and 10
 * parameters leave ~390, where node:crypto is ~15 % faster); on Deno, whose node:crypto calls cost
 * more, the built-in hash is faster up to about a kilobyte.
 */
const NATIVE_FROM_BYTES = RUNTIME === 'bun' ? 0 : RUNTIME === 'deno' ? 1024 : 320

/**
 * The backends of this entry's signers (the builder is the root's `buildSigner`): node:crypto,
 * and the built-in HMAC-SHA256 where it is faster (short inputs on Node and Deno); node:crypto alone with
 * `webCryptoOnly`.
 */
function nodeBackends(setup: SignerSetup): SignerBackends {
  const method = setup.core.signatureMethod
  const native =
    method === 'PLAINTEXT'
      ? undefined
      : createSyncHmac(method === 'HMAC-SHA256' ? 'sha256' : 'sha1', setup.key)
  return {
    webCrypto: undefined,
    native: native && { ...native, fromBytes: NATIVE_FROM_BYTES },
    builtIn: !setup.webCryptoOnly,
  }
}

/** {@link createOAuth1Signer} with a synchronous node:crypto `signSync`. */
export function createOAuth1Signer(options: OAuth1SignerOptions): NodeOAuth1Signer {
  const setup = oauth1Setup(options)
  return buildSigner(setup, nodeBackends(setup), 'OAuth1Signer')
}

/** {@link createTbaSigner} with a synchronous node:crypto `signSync`. */
export function createTbaSigner(
  credentials: TbaCredentials,
  options?: TbaSignerOptions,
): NodeOAuth1Signer {
  const setup = tbaSetup(credentials, options)
  return buildSigner(setup, nodeBackends(setup), 'TbaSigner')
}

/** One synchronous HMAC per validated passport credentials (see `passportParts`' `keyId`). */
const passportHmacs = new WeakMap<object, SyncHmac>()

/** {@link signTokenPassport}, synchronously on node:crypto. */
export function signTokenPassportSync(
  credentials: TbaCredentials,
  options?: TokenPassportOptions,
): TokenPassport {
  const { passport, baseString, key, keyId } = passportParts(credentials, options)
  let hmac = passportHmacs.get(keyId)
  if (hmac === undefined) {
    hmac = createSyncHmac('sha256', key)
    passportHmacs.set(keyId, hmac)
  }
  passport.signature = hmac.sign(baseString)
  return passport
}
