/**
 * HMAC on WebCrypto: the key is imported once, non-extractable, and reused for every signature.
 *
 * @module
 */
import { toBase64 } from './lib/base64.ts'
import { TbaError, TbaErrorCodes } from './errors.ts'

/** The HMAC signature methods. */
export type HmacMethod = 'HMAC-SHA256' | 'HMAC-SHA1'

const encoder = new TextEncoder()

function subtle(): SubtleCrypto {
  const s = (globalThis as { crypto?: Crypto }).crypto?.subtle
  if (!s) {
    throw new TbaError(
      TbaErrorCodes.UNSUPPORTED_RUNTIME,
      'crypto.subtle is not available; netsuite-tba needs WebCrypto (Node >= 20, Deno, Bun, Workers, or a browser page served over https or localhost).',
    )
  }
  return s
}

/** Import `key` (the OAuth signing key string) as a non-extractable HMAC CryptoKey. */
export function importHmacKey(key: string, method: HmacMethod): Promise<CryptoKey> {
  return subtle().importKey(
    'raw',
    encoder.encode(key),
    { name: 'HMAC', hash: method === 'HMAC-SHA256' ? 'SHA-256' : 'SHA-1' },
    false,
    ['sign'],
  )
}

/** An HMAC bound to one imported key: `(bytes) => Promise<digest>`. */
export type HmacDigest = (data: Uint8Array<ArrayBuffer>) => Promise<ArrayBuffer>

/** A signing function bound to one imported key: `(data) => Promise<base64 signature>`. */
export type HmacSign = (data: string) => Promise<string>

/**
 * Bind an HMAC to `key`. The key is imported lazily on first use, once; after that `subtle.sign`
 * is called synchronously, so the bytes are copied by WebCrypto at once (WebCrypto copies its
 * input) and the caller may reuse its buffer as soon as the call returns. Calls made while the key
 * is still being imported take a copy of their bytes for the same reason.
 */
export function createHmacDigest(key: string, method: HmacMethod): HmacDigest {
  let cryptoKey: CryptoKey | undefined
  let keyPromise: Promise<CryptoKey> | undefined
  let s: SubtleCrypto | undefined
  // The key string is dropped once imported: the signer keeps the CryptoKey only.
  let pending: string | undefined = key
  return (data) => {
    if (cryptoKey !== undefined) return (s as SubtleCrypto).sign('HMAC', cryptoKey, data)
    try {
      keyPromise ??= importHmacKey(pending as string, method).then((k) => {
        pending = undefined
        s = subtle()
        return (cryptoKey = k)
      })
    } catch (error) {
      return Promise.reject(error)
    }
    const copy = data.slice()
    return keyPromise.then((k) => subtle().sign('HMAC', k, copy))
  }
}

/** Bind a string-to-base64 HMAC to `key` (see {@link createHmacDigest}). */
export function createHmacSign(key: string, method: HmacMethod): HmacSign {
  const digest = createHmacDigest(key, method)
  return (data) => digest(encoder.encode(data)).then(digestToBase64)
}

/** Standard base64 of a digest. */
export function digestToBase64(digest: ArrayBuffer): string {
  return toBase64(new Uint8Array(digest))
}

/** One-shot HMAC of `data` under the raw key string `key` (imports the key every call). */
export function hmacBase64(method: HmacMethod, key: string, data: string): Promise<string> {
  return createHmacSign(key, method)(data)
}
