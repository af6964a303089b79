/**
 * The SuiteTalk SOAP `tokenPassport` signature.
 *
 * @module
 */
import { createHmacSign, type HmacSign } from './hmac.ts'
import { generateNonce } from './nonce.ts'
import { checkTbaCredentials } from './signer_config.ts'
import type { TbaCredentials, TokenPassport, TokenPassportOptions } from './types.ts'
import { checkTbaNonce, checkTbaTimestamp } from './validate.ts'

/** One imported key per credentials object, re-imported if its secrets change. */
const keys = new WeakMap<object, { key: string; sign: HmacSign }>()

/** The passport fields before signing: `account&consumerKey&token&nonce&timestamp` and the key. */
export function passportParts(
  credentials: TbaCredentials,
  options: TokenPassportOptions = {},
): { passport: Omit<TokenPassport, 'signature'>; baseString: string; key: string } {
  const c = checkTbaCredentials(credentials)
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
    },
    // Joined verbatim, as NetSuite's toolkits do; the fields are alphanumeric in practice.
    baseString: [c.accountId, c.consumerKey, c.tokenId, nonce, timestamp].join('&'),
    key: c.consumerSecret + '&' + c.tokenSecret,
  }
}

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
  const { passport, baseString, key } = passportParts(credentials, options)
  let entry = keys.get(credentials)
  if (entry === undefined || entry.key !== key) {
    entry = { key, sign: createHmacSign(key, 'HMAC-SHA256') }
    keys.set(credentials, entry)
  }
  return { ...passport, signature: await entry.sign(baseString) }
}
