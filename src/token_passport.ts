/**
 * The SuiteTalk SOAP `tokenPassport` signature.
 *
 * @module
 */
import { toBase64 } from './lib/base64.ts'
import { createHmacSign, type HmacSign } from './hmac.ts'
import { hmacSha256Key, type HmacSha256Key } from './lib/hmac_sha256.ts'
import { generateNonce } from './nonce.ts'
import { checkTbaCredentials } from './lib/signer_setup.ts'
import type { TbaCredentials, TokenPassport, TokenPassportOptions } from './types.ts'
import { checkTbaNonce, checkTbaTimestamp } from './lib/validate.ts'

/** Validated passport credentials and their signing key, for one credentials object. */
interface CheckedCredentials {
  /** The five fields as given, to notice a changed object. */
  given: readonly unknown[]
  checked: TbaCredentials
  key: string
}

/**
 * The last validation per credentials object: a passport is signed for every SOAP request, and
 * re-validating the same five strings each time cost more than the HMAC. A field that is no longer
 * the same string (a mutated object, a getter returning a new value) is validated again.
 */
const validated = new WeakMap<object, CheckedCredentials>()

function fieldsOf(credentials: TbaCredentials): unknown[] {
  return [
    credentials.accountId,
    credentials.consumerKey,
    credentials.consumerSecret,
    credentials.tokenId,
    credentials.tokenSecret,
  ]
}

function checkedCredentials(credentials: TbaCredentials): CheckedCredentials {
  if (typeof credentials === 'object' && credentials !== null) {
    const entry = validated.get(credentials)
    if (entry !== undefined) {
      const given = fieldsOf(credentials)
      if (given.every((value, i) => value === entry.given[i])) return entry
    }
  }
  const checked = checkTbaCredentials(credentials)
  const entry = {
    given: fieldsOf(credentials),
    checked,
    key: checked.consumerSecret + '&' + checked.tokenSecret,
  }
  validated.set(credentials, entry)
  return entry
}

/**
 * The passport fields before signing: `account&consumerKey&token&nonce&timestamp`, the key, and
 * `keyId`, an object that stands for this key (the same object for as long as the credentials
 * object holds the same values), for caching what is derived from the key.
 */
export function passportParts(
  credentials: TbaCredentials,
  options: TokenPassportOptions = {},
): {
  /** The passport with an empty `signature`, for the caller to fill in. */
  passport: TokenPassport
  baseString: string
  key: string
  keyId: object
} {
  const entry = checkedCredentials(credentials)
  const c = entry.checked
  const nonce = options.nonce === undefined ? generateNonce() : checkTbaNonce(options.nonce)
  const timestamp = checkTbaTimestamp(
    options.timestamp === undefined ? Math.floor(Date.now() / 1000) : options.timestamp,
  )
  return {
    passport: {
      account: c.accountId,
      consumerKey: c.consumerKey,
      token: c.tokenId,
      nonce,
      timestamp,
      algorithm: 'HMAC-SHA256',
      signature: '',
    },
    // Joined verbatim, as NetSuite's toolkits do; the fields are alphanumeric in practice.
    baseString: c.accountId + '&' + c.consumerKey + '&' + c.tokenId + '&' + nonce + '&' + timestamp,
    key: entry.key,
    keyId: entry,
  }
}

/** One imported key per validated credentials (see {@link passportParts}' `keyId`). */
const keys = new WeakMap<object, HmacSign>()

/**
 * Sign a SuiteTalk SOAP `tokenPassport`: Base64(HMAC-SHA256(`consumerSecret&tokenSecret`,
 * `account&consumerKey&tokenId&nonce&timestamp`)), with `account` the canonical account id.
 * A passport is single-use: sign a new one for every request, retries included.
 *
 * @example
 * ```ts
 * const passport = await signTokenPassport(credentialsFromEnv())
 * ```
 */
export async function signTokenPassport(
  credentials: TbaCredentials,
  options?: TokenPassportOptions,
): Promise<TokenPassport> {
  const { passport, baseString, key, keyId } = passportParts(credentials, options)
  let sign = keys.get(keyId)
  if (sign === undefined) {
    sign = createHmacSign(key, 'HMAC-SHA256')
    keys.set(keyId, sign)
  }
  passport.signature = await sign(baseString)
  return passport
}

/** The built-in HMAC key per validated credentials (see {@link passportParts}' `keyId`). */
const syncKeys = new WeakMap<object, HmacSha256Key>()
const encoder = new TextEncoder()

/**
 * {@link signTokenPassport}, synchronously, with the built-in HMAC-SHA256 (every runtime). The
 * same passport as the asynchronous call for the same nonce and timestamp.
 *
 * @example
 * ```ts
 * const passport = signTokenPassportSync(credentialsFromEnv())
 * ```
 */
export function signTokenPassportSync(
  credentials: TbaCredentials,
  options?: TokenPassportOptions,
): TokenPassport {
  const { passport, baseString, key, keyId } = passportParts(credentials, options)
  let k = syncKeys.get(keyId)
  if (k === undefined) {
    k = hmacSha256Key(key)
    syncKeys.set(keyId, k)
  }
  const data = encoder.encode(baseString)
  passport.signature = toBase64(k.digest(k.inner, 0, data, 0, data.length))
  return passport
}
