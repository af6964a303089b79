/**
 * HMAC on WebCrypto: the key is imported once, non-extractable, and reused for every signature.
 *
 * @module
 */
import { toBase64 } from './base64.ts'
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

/** A signing function bound to one imported key: `(data) => Promise<base64 signature>`. */
export type HmacSign = (data: string) => Promise<string>

/**
 * Bind an HMAC signing function to `key`. The key is imported lazily on first use, once; the
 * returned function encodes the data to UTF-8 and returns the standard base64 digest. Once the key
 * is imported, `subtle.sign` is called synchronously (no extra promise hops per signature).
 */
export function createHmacSign(key: string, method: HmacMethod): HmacSign {
  let cryptoKey: CryptoKey | undefined
  let keyPromise: Promise<CryptoKey> | undefined
  const sign = (k: CryptoKey, data: string): Promise<string> =>
    subtle().sign('HMAC', k, encoder.encode(data)).then(digestToBase64)
  return (data) => {
    if (cryptoKey !== undefined) return sign(cryptoKey, data)
    try {
      keyPromise ??= importHmacKey(key, method).then((k) => (cryptoKey = k))
    } catch (error) {
      return Promise.reject(error)
    }
    return keyPromise.then((k) => sign(k, data))
  }
}

function digestToBase64(digest: ArrayBuffer): string {
  return toBase64(new Uint8Array(digest))
}

/** One-shot HMAC of `data` under the raw key string `key` (imports the key every call). */
export function hmacBase64(method: HmacMethod, key: string, data: string): Promise<string> {
  return createHmacSign(key, method)(data)
}
