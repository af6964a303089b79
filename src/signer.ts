/**
 * Assemble an {@link OAuth1Signer} from a validated setup and a signature function.
 *
 * @module
 */
import { isFormContentType } from './base_string.ts'
import { argumentError, TbaError, TbaErrorCodes } from './errors.ts'
import { redact } from './redaction.ts'
import { createCore, result } from './signer_core.ts'
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

/** Build the WebCrypto-backed signer. `hmac` signs the base string; PLAINTEXT returns the key. */
export function buildSigner(
  setup: SignerSetup,
  hmac: (baseString: string) => Promise<string>,
  label = 'OAuth1Signer',
): OAuth1Signer {
  const core = createCore(setup.core)
  const key = setup.key
  const plaintext = setup.core.signatureMethod === 'PLAINTEXT'
  const sign = async (request: SignRequest): Promise<SignResult> => {
    const prepared = core.prepare(request)
    return result(prepared, plaintext ? key : await hmac(prepared.baseString))
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
