/**
 * Assemble an {@link OAuth1Signer} from a validated setup and a signature function.
 *
 * @module
 * @internal
 */
import { isFormContentType } from '../base_string.ts'
import { argumentError, TbaError, TbaErrorCodes } from '../errors.ts'
import { redact } from './redaction.ts'
import { base64AndPercentEncoded, base64Length } from './base64.ts'
import { createHmacDigest, type HmacDigest } from '../hmac.ts'
import { hmacSha256Key, type HmacSha256Key } from './hmac_sha256.ts'
import { RUNTIME } from './runtime_profile.ts'
import { createCore, type Prepared } from './signing_core.ts'
import type { SignerSetup } from './signer_setup.ts'
import type { OAuth1Signer, SignRequest, SignResult } from '../types.ts'

/**
 * Sign a fetch `Request` with `sign` and return a new Request carrying the `Authorization` header.
 * A form body is read from a clone (so the original stays unread) and signed; others are not read.
 */
export function authorizeWith(
  sign: (request: SignRequest) => Promise<SignResult> | SignResult,
): (request: Request) => Promise<Request> {
  return async (request) => {
    if (typeof Request === 'undefined' || !(request instanceof Request)) {
      throw argumentError('authorize() needs a fetch Request', 'ERR_INVALID_ARG_TYPE')
    }
    const contentType = request.headers.get('content-type') ?? undefined
    let body: string | undefined
    if (request.body !== null && isFormContentType(contentType)) {
      body = await request.clone().text()
    }
    const signed = await sign({
      method: request.method,
      url: request.url,
      ...(body === undefined ? {} : { body, contentType }),
    })
    const headers = new Headers(request.headers)
    headers.set('authorization', signed.authorization)
    return new Request(request, { headers })
  }
}

/** A synchronous HMAC the Node entry plugs in (node:crypto); see `node/hmac_sync.ts`. */
export interface NativeSyncHmac {
  /** Bytes the core writes before the base string (an HMAC inner pad), or none. */
  readonly innerPad: Uint8Array
  /** Base64 HMAC of `padded` without its leading {@link NativeSyncHmac.innerPad}. */
  signPadded(padded: Uint8Array): string
  /**
   * Use it (rather than the built-in HMAC-SHA256) when this many bytes or more are left to hash
   * after the cached prefix; 0 = always.
   */
  readonly fromBytes: number
}

/**
 * HMAC backends of one signer: the built-in pure HMAC-SHA256 (`hmac_sha256.ts`, every runtime),
 * WebCrypto (`../hmac.ts`) and a native synchronous HMAC (node:crypto, `../node/hmac_sync.ts`).
 * Which one signs a call never changes the result, only the speed.
 */
export interface SignerBackends {
  /** WebCrypto HMAC over the base string's bytes, for `sign()` above the crossover. */
  webCrypto: HmacDigest | undefined
  /** A native synchronous HMAC (the Node entry). */
  native: NativeSyncHmac | undefined
  /** Whether the built-in HMAC-SHA256 may be used (false with `webCryptoOnly`). */
  builtIn: boolean
}

/**
 * Remaining bytes (after the cached prefix) up to which `sign()` uses the built-in HMAC-SHA256
 * rather than WebCrypto: `[one at a time, many in flight]`. Measured with `npm run bench`: on V8
 * and JavaScriptCore one awaited WebCrypto call costs about as much as hashing 8 KB here, but many
 * calls in flight share WebCrypto's thread pool and overtake the built-in hash at 1–2 KB. workerd's
 * WebCrypto is synchronous inside and cheap; it overtakes the built-in hash at about 450–500 bytes.
 */
function webCryptoCrossovers(): readonly [number, number] {
  return RUNTIME === 'workerd' ? [448, 448] : [8192, 1024]
}

/** `sign()` calls in one synchronous turn beyond which the "many in flight" crossover applies. */
const BURST = 4

/**
 * Build a signer: the core prepares the base string, one of the HMAC backends signs it, the core
 * writes the header. `signSync` and `sign` run the same steps; `sign` resolves to exactly what
 * `signSync` returns, or hands the bytes to WebCrypto when that is faster (long inputs) or required.
 */
export function buildSigner(
  setup: SignerSetup,
  backends: SignerBackends,
  label = 'OAuth1Signer',
): OAuth1Signer {
  const method = setup.core.signatureMethod
  const native = backends.native
  const hmac = method === 'PLAINTEXT' ? undefined : method
  const core = createCore(setup.core, {
    bytes: hmac !== undefined,
    bytesPrefix: hmac === undefined ? undefined : native?.innerPad,
    // The inner hash of HMAC-SHA256 covers the key block, then the base string.
    padding: hmac === 'HMAC-SHA256' && backends.builtIn ? 64 : undefined,
  })
  const prefixLength = hmac === undefined || native === undefined ? 0 : native.innerPad.length
  const builtIn = hmac === 'HMAC-SHA256' && backends.builtIn ? hmacSha256Key(setup.key) : undefined
  const plaintext = hmac === undefined ? setup.key : undefined
  const [crossoverAlone, crossoverBurst] = webCryptoCrossovers()
  // Long `sign()` calls made in the current synchronous turn (reset by a microtask): many at once
  // means many WebCrypto calls would be in flight together. Which backend signs never changes
  // the result, only the speed.
  let burst = 0
  const endBurst = (): void => {
    burst = 0
  }
  const webCrypto = backends.webCrypto

  // The signer's own buffer for the base64 text (each use ends before the call returns).
  const base64Scratch = new Uint8Array(256)

  /** Finish with a digest: the base64 signature and its header form from one pass. */
  const finishDigest = (prepared: Prepared, digest: Uint8Array): SignResult => {
    const both = base64AndPercentEncoded(digest, base64Scratch)
    const cut = base64Length(digest.length)
    return core.finish(prepared, both.slice(0, cut), both.slice(cut))
  }

  /** The built-in HMAC-SHA256, resumed after the template's fixed whole blocks when cached. */
  const signBuiltIn = (key: HmacSha256Key, prepared: Prepared): SignResult => {
    const bytes = prepared.bytes as Uint8Array
    const hashed = prepared.fixedLength - (prepared.fixedLength % 64)
    let state = key.inner
    if (hashed > 0 && prepared.slot !== undefined) {
      state =
        (prepared.slot.derived as Int32Array | undefined) ??
        (prepared.slot.derived = key.resumeAfter(bytes, prefixLength, prefixLength + hashed))
    } else if (hashed > 0) {
      state = key.resumeAfter(bytes, prefixLength, prefixLength + hashed)
    }
    const padded = prepared.padded
    return finishDigest(
      prepared,
      padded === undefined
        ? key.digest(state, hashed, bytes, prefixLength + hashed, bytes.length)
        : key.digestPadded(state, padded, prefixLength + hashed, padded.byteLength),
    )
  }

  /** Bytes left to hash after the whole blocks of the cached prefix. */
  const remaining = (prepared: Prepared): number =>
    (prepared.bytes as Uint8Array).length -
    prefixLength -
    (prepared.fixedLength - (prepared.fixedLength % 64))

  /** Sign on a synchronous backend (node:crypto or the built-in HMAC), if this signer has one. */
  const signNow = (prepared: Prepared): SignResult | undefined => {
    if (plaintext !== undefined) return core.finish(prepared, plaintext)
    if (
      native !== undefined &&
      (builtIn === undefined || remaining(prepared) >= native.fromBytes)
    ) {
      return core.finish(prepared, native.signPadded(prepared.bytes as Uint8Array))
    }
    if (builtIn !== undefined) return signBuiltIn(builtIn, prepared)
    return undefined
  }

  /**
   * Whether `sign()` hands this request to WebCrypto: when it is the only backend, or when the
   * input left to hash is long enough that WebCrypto is faster (the crossovers above). Only such
   * long calls count towards a burst, so short ones cost no bookkeeping.
   */
  const preferWebCrypto = (prepared: Prepared): boolean => {
    if (webCrypto === undefined || plaintext !== undefined) return false
    if (builtIn === undefined) return native === undefined
    const rest = remaining(prepared)
    if (rest <= crossoverBurst) return false
    if (burst++ === 0) queueMicrotask(endBurst)
    return rest > (burst > BURST ? crossoverBurst : crossoverAlone)
  }

  const signSync = (request: SignRequest): SignResult => {
    const result = signNow(core.prepare(request))
    if (result !== undefined) return result
    throw new TbaError(
      TbaErrorCodes.UNSUPPORTED_RUNTIME,
      hmac === 'HMAC-SHA1'
        ? 'signSync() with HMAC-SHA1 needs node:crypto: import the signer from netsuite-tba/node, or use sign().'
        : 'This signer was created with webCryptoOnly, which signs on WebCrypto only: use sign().',
    )
  }

  /** `sign()` resolves directly with what `signSync()` returns, unless WebCrypto signs. */
  const sign = (request: SignRequest): Promise<SignResult> => {
    let prepared: Prepared
    try {
      prepared = core.prepare(request)
      if (!preferWebCrypto(prepared)) {
        const result = signNow(prepared)
        if (result !== undefined) return Promise.resolve(result)
      }
    } catch (error) {
      return Promise.reject(error)
    }
    if (webCrypto === undefined) {
      return Promise.reject(
        new TbaError(TbaErrorCodes.UNSUPPORTED_RUNTIME, 'No HMAC is available for this signer.'),
      )
    }
    const bytes = prepared.bytes as Uint8Array<ArrayBuffer>
    // WebCrypto copies its input at once, so the reused template buffer is free again.
    return webCrypto(prefixLength === 0 ? bytes : bytes.subarray(prefixLength)).then((d) =>
      finishDigest(prepared, new Uint8Array(d)),
    )
  }
  return redact({ sign, signSync, authorize: authorizeWith(sign) }, label, setup.visible)
}

/**
 * The backends of the root entry's signers: the built-in HMAC-SHA256 (unless `webCryptoOnly`) and
 * WebCrypto (required for HMAC-SHA1 and with `webCryptoOnly`); none for PLAINTEXT.
 */
export function rootBackends(setup: SignerSetup): SignerBackends {
  const method = setup.core.signatureMethod
  if (method === 'PLAINTEXT') return { webCrypto: undefined, native: undefined, builtIn: false }
  if (method === 'HMAC-SHA1' || setup.webCryptoOnly) requireWebCrypto()
  return {
    webCrypto: hasWebCrypto() ? createHmacDigest(setup.key, method) : undefined,
    native: undefined,
    builtIn: !setup.webCryptoOnly,
  }
}

/** Whether `crypto.subtle` is present. */
export function hasWebCrypto(): boolean {
  return (globalThis as { crypto?: Crypto }).crypto?.subtle !== undefined
}

/** Throw unless WebCrypto is present (checked at signer creation, not on first use). */
export function requireWebCrypto(): void {
  if (!(globalThis as { crypto?: Crypto }).crypto?.subtle) {
    throw new TbaError(
      TbaErrorCodes.UNSUPPORTED_RUNTIME,
      'crypto.subtle is not available; netsuite-tba needs WebCrypto (Node >= 20, Deno, Bun, Workers, or a browser page served over https or localhost). On Node without it, import from netsuite-tba/node.',
    )
  }
}
