/// <reference types="node" />
/**
 * The Node.js entry: the same signers with a synchronous `signSync` on node:crypto, the fast path
 * for Node servers (WebCrypto on Node hops to a thread pool for every signature). This is the only
 * module of netsuite-tba that imports a `node:` built-in.
 *
 * @module
 */
import { createHmac, createSecretKey, type KeyObject } from 'node:crypto'
import { authorizeWith } from './signer.ts'
import { redact } from './redaction.ts'
import { createCore, result } from './signer_core.ts'
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

/** A signer with a synchronous fast path. */
export interface NodeOAuth1Signer extends OAuth1Signer {
  /** Sign synchronously on node:crypto; same result as {@link OAuth1Signer.sign}. */
  signSync(request: SignRequest): SignResult
}

function nodeHmac(setup: SignerSetup): (data: string | Uint8Array) => string {
  const method = setup.core.signatureMethod
  if (method === 'PLAINTEXT') return () => setup.key
  const algorithm = method === 'HMAC-SHA256' ? 'sha256' : 'sha1'
  const key: KeyObject = createSecretKey(Buffer.from(setup.key, 'utf8'))
  return (data) =>
    (typeof data === 'string'
      ? createHmac(algorithm, key).update(data, 'utf8')
      : createHmac(algorithm, key).update(data)
    ).digest('base64')
}

function buildNodeSigner(setup: SignerSetup, label: string): NodeOAuth1Signer {
  // The base string as reusable bytes: no per-call UTF-8 encoding of the (cached) template.
  const core = createCore(setup.core, { bytes: true })
  const hmac = nodeHmac(setup)
  const signSync = (request: SignRequest): SignResult => {
    const prepared = core.prepare(request)
    return result(prepared, hmac(prepared.bytes ?? prepared.baseString))
  }
  const sign = async (request: SignRequest): Promise<SignResult> => signSync(request)
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

// The last passport key as a KeyObject (a one-entry cache: one credential set is the common case).
let passportKey = ''
let passportKeyObject: KeyObject | undefined

/** {@link signTokenPassport}, synchronously on node:crypto. */
export function signTokenPassportSync(
  credentials: TbaCredentials,
  options?: TokenPassportOptions,
): TokenPassport {
  const { passport, baseString, key } = passportParts(credentials, options)
  if (passportKeyObject === undefined || passportKey !== key) {
    passportKeyObject = createSecretKey(Buffer.from(key, 'utf8'))
    passportKey = key
  }
  return {
    ...passport,
    signature: createHmac('sha256', passportKeyObject).update(baseString, 'utf8').digest('base64'),
  }
}
