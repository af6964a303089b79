/// <reference types="node" />
/**
 * The Node.js entry: the same signers with a synchronous `signSync` on node:crypto, the fast path
 * for Node servers (WebCrypto on Node hops to a thread pool for every signature). It and the
 * modules under `src/node/` are the only ones that import `node:` built-ins; the HMAC itself is in
 * `node/hmac_sync.ts`.
 *
 * @module
 */
import { authorizeWith } from './signer.ts'
import { redact } from './redaction.ts'
import { createCore } from './signer_core.ts'
import { createSyncHmac, type SyncHmac } from './node/hmac_sync.ts'
import { oauth1Setup, tbaSetup, type SignerSetup } from './signer_config.ts'
import { passportParts } from './token_passport.ts'
import type {
  OAuth1Signer,
  OAuth1SignerOptions,
  SignRequest,
  SignResult,
  TbaCredentials,
  TbaSignerOptions,
  TokenPassport,
  TokenPassportOptions,
} from './types.ts'

export * from './index.ts'
export { createNodeFetch, type NodeFetchOptions } from './node/fetch.ts'
export { oauth2CredentialsFromEnv } from './node/oauth2_env.ts'

/** A signer with a synchronous fast path. */
export interface NodeOAuth1Signer extends OAuth1Signer {
  /** Sign synchronously on node:crypto; same result as {@link OAuth1Signer.sign}. */
  signSync(request: SignRequest): SignResult
}

function buildNodeSigner(setup: SignerSetup, label: string): NodeOAuth1Signer {
  const method = setup.core.signatureMethod
  const hmac =
    method === 'PLAINTEXT'
      ? undefined
      : createSyncHmac(method === 'HMAC-SHA256' ? 'sha256' : 'sha1', setup.key)
  // The base string as reusable bytes behind the HMAC inner pad: no per-call encoding or copying.
  const core = createCore(setup.core, { bytes: hmac !== undefined, bytesPrefix: hmac?.innerPad })
  const key = setup.key
  const signSync =
    hmac === undefined
      ? (request: SignRequest): SignResult => core.finish(core.prepare(request), key)
      : (request: SignRequest): SignResult => {
          const prepared = core.prepare(request)
          return core.finish(prepared, hmac.signPadded(prepared.bytes as Uint8Array))
        }
  const sign = (request: SignRequest): Promise<SignResult> => {
    try {
      return Promise.resolve(signSync(request))
    } catch (error) {
      return Promise.reject(error)
    }
  }
  return redact({ sign, signSync, authorize: authorizeWith(signSync) }, label, setup.visible)
}

/** {@link createOAuth1Signer} with a synchronous node:crypto `signSync`. */
export function createOAuth1Signer(options: OAuth1SignerOptions): NodeOAuth1Signer {
  return buildNodeSigner(oauth1Setup(options), 'OAuth1Signer')
}

/** {@link createTbaSigner} with a synchronous node:crypto `signSync`. */
export function createTbaSigner(
  credentials: TbaCredentials,
  options?: TbaSignerOptions,
): NodeOAuth1Signer {
  return buildNodeSigner(tbaSetup(credentials, options), 'TbaSigner')
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
