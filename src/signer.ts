/**
 * Assemble an {@link OAuth1Signer} from a validated setup and a signature function.
 *
 * @module
 */
import { isFormContentType } from './base_string.ts'
import { argumentError, TbaError, TbaErrorCodes } from './errors.ts'
import { redact } from './redaction.ts'
import { base64AndPercentEncoded, base64Length } from './base64.ts'
import type { HmacDigest } from './hmac.ts'
import { createCore, type Prepared } from './signer_core.ts'
import type { SignerSetup } from './signer_config.ts'
import type { OAuth1Signer, SignRequest, SignResult } from './types.ts'

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

/**
 * Build the WebCrypto-backed signer. `digest` is the HMAC over the base string's bytes, or `null`
 * for PLAINTEXT (the signature is the key). `sign` adds one promise step to `subtle.sign`'s.
 */
export function buildSigner(
  setup: SignerSetup,
  digest: HmacDigest | null,
  label = 'OAuth1Signer',
): OAuth1Signer {
  const core = createCore(setup.core, { bytes: digest !== null })
  const key = setup.key
  const sign = (request: SignRequest): Promise<SignResult> => {
    let prepared: Prepared
    try {
      prepared = core.prepare(request)
    } catch (error) {
      return Promise.reject(error)
    }
    if (digest === null) return Promise.resolve(core.finish(prepared, key))
    return digest(prepared.bytes as Uint8Array<ArrayBuffer>).then((d) => {
      // The base64 signature and its header form from one pass over the digest.
      const both = base64AndPercentEncoded(new Uint8Array(d))
      const cut = base64Length(d.byteLength)
      return core.finish(prepared, both.slice(0, cut), both.slice(cut))
    })
  }
  return redact({ sign, authorize: authorizeWith(sign) }, label, setup.visible)
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
