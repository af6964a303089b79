/**
 * Turn the public signer options into the core configuration, validating every input: one
 * {@link SignerSetup} maker, with the rules that differ between RFC 5849 and NetSuite TBA.
 *
 * @module
 * @internal
 */
import { parseAccountId } from '../account_id.ts'
import { argumentError, TbaError, TbaErrorCodes } from '../errors.ts'
import { generateNonce } from '../nonce.ts'
import { signingKey } from '../base_string.ts'
import { isWellFormed } from '../percent_encoding.ts'
import type { CoreConfig } from './signing_core.ts'
import type {
  OAuth1SignerOptions,
  SignatureMethod,
  TbaCredentials,
  TbaSignerOptions,
} from '../types.ts'
import {
  checkCredential,
  checkGenericNonce,
  checkGenericTimestamp,
  checkRfcString,
  checkTbaNonce,
  checkTbaTimestamp,
} from './validate.ts'

/** A validated configuration plus the signing key (kept only in closures). */
export interface SignerSetup {
  core: CoreConfig
  /** `enc(consumerSecret)&enc(tokenSecret)`. */
  key: string
  /** What `toJSON`/inspect may show. */
  visible: Record<string, unknown>
  /** Sign on WebCrypto only. */
  webCryptoOnly: boolean
}

function checkWebCryptoOnly(value: unknown): boolean {
  if (value === undefined) return false
  if (typeof value !== 'boolean') {
    throw argumentError('webCryptoOnly must be true or false', 'ERR_INVALID_ARG_TYPE')
  }
  return value
}

const METHODS: readonly SignatureMethod[] = ['HMAC-SHA256', 'HMAC-SHA1', 'PLAINTEXT']

const systemClock = (): number => Date.now() / 1000

function checkFunction<T>(value: unknown, name: string): T | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'function') {
    throw argumentError(`${name} must be a function`, 'ERR_INVALID_ARG_TYPE')
  }
  return value as T
}

/** What the generic RFC 5849 signer and NetSuite's TBA signer check differently. */
interface SignerRules {
  checkNonce: (nonce: unknown) => string
  checkTimestamp: (timestamp: unknown) => string
  /** Whether every nonce `checkNonce` accepts is RFC 3986 unreserved text. */
  checkedNoncesUnreserved: boolean
}

/** RFC 5849: a caller's nonce may be any printable text (it is percent-encoded). */
const RFC5849: SignerRules = {
  checkNonce: checkGenericNonce,
  checkTimestamp: checkGenericTimestamp,
  checkedNoncesUnreserved: false,
}

/** NetSuite: nonces are letters and digits (checkTbaNonce accepts nothing else). */
const NETSUITE: SignerRules = {
  checkNonce: checkTbaNonce,
  checkTimestamp: checkTbaTimestamp,
  checkedNoncesUnreserved: true,
}

/** The validated credentials and protocol fields of a signer. */
interface SignerFields {
  consumerKey: string
  consumerSecret: string
  token: string | undefined
  tokenSecret: string
  realm: string | undefined
  signatureMethod: SignatureMethod
  version: '1.0' | null
}

/** The one place a {@link SignerSetup} is made: the options both signers share, and the key. */
function setupFrom(
  fields: SignerFields,
  rules: SignerRules,
  options: { nonce?: unknown; clock?: unknown; webCryptoOnly?: unknown },
): SignerSetup {
  const customNonce = checkFunction<() => string>(options.nonce, 'nonce')
  const clock = checkFunction<() => number>(options.clock, 'clock') ?? systemClock
  const checkNonce = rules.checkNonce
  return {
    core: {
      consumerKey: fields.consumerKey,
      token: fields.token,
      realm: fields.realm,
      signatureMethod: fields.signatureMethod,
      version: fields.version,
      nonce: customNonce ? () => checkNonce(customNonce()) : () => generateNonce(),
      clock,
      checkNonce,
      checkTimestamp: rules.checkTimestamp,
      // Generated nonces are letters and digits; a caller's are whatever the rules accept.
      unreservedNonces: rules.checkedNoncesUnreserved ? 'all' : customNonce ? 'none' : 'generated',
    },
    key: signingKey(fields.consumerSecret, fields.tokenSecret),
    visible: { realm: fields.realm, signatureMethod: fields.signatureMethod },
    webCryptoOnly: checkWebCryptoOnly(options.webCryptoOnly),
  }
}

/** Validate {@link OAuth1SignerOptions}. */
export function oauth1Setup(options: OAuth1SignerOptions): SignerSetup {
  if (typeof options !== 'object' || options === null) {
    throw argumentError(
      'createOAuth1Signer() needs an options object; pass { consumerKey, consumerSecret, token, tokenSecret }',
      'ERR_INVALID_ARG_TYPE',
    )
  }
  // RFC 5849 allows any text here (all of it is percent-encoded); NetSuite's stricter checks
  // belong to the TBA signer.
  const consumerKey = checkRfcString(options.consumerKey, 'consumerKey')
  const consumerSecret = checkRfcString(options.consumerSecret, 'consumerSecret', {
    allowEmpty: true,
  })
  const token = options.token === undefined ? undefined : checkRfcString(options.token, 'token')
  const tokenSecret =
    options.tokenSecret === undefined
      ? ''
      : checkRfcString(options.tokenSecret, 'tokenSecret', { allowEmpty: true })
  let realm: string | undefined
  if (options.realm !== undefined) {
    if (typeof options.realm !== 'string') {
      throw argumentError('realm must be a string', 'ERR_INVALID_ARG_TYPE')
    }
    if (!isWellFormed(options.realm)) {
      throw new TbaError(
        TbaErrorCodes.INVALID_ENCODING,
        'realm contains a lone UTF-16 surrogate; pass well-formed text (for NetSuite, the account id such as 1234567 or 1234567_SB1).',
      )
    }
    if (/[\u0000-\u001f\u007f"\\]/.test(options.realm)) {
      throw new TbaError(
        TbaErrorCodes.INVALID_ACCOUNT_ID,
        'realm contains a control character, a quote or a backslash; remove it (for NetSuite the realm is the account id, e.g. 1234567 or 1234567_SB1).',
      )
    }
    realm = options.realm
  }
  const signatureMethod = options.signatureMethod ?? 'HMAC-SHA256'
  if (!METHODS.includes(signatureMethod)) {
    throw argumentError(
      `signatureMethod must be one of ${METHODS.join(', ')}`,
      'ERR_INVALID_ARG_VALUE',
    )
  }
  const version = options.version === undefined ? '1.0' : options.version
  if (version !== '1.0' && version !== null) {
    throw argumentError("version must be '1.0' or null", 'ERR_INVALID_ARG_VALUE')
  }
  return setupFrom(
    { consumerKey, consumerSecret, token, tokenSecret, realm, signatureMethod, version },
    RFC5849,
    options,
  )
}

/** Validate {@link TbaCredentials}; returns them with the canonical account id. */
export function checkTbaCredentials(
  credentials: TbaCredentials,
): TbaCredentials & { realm: string } {
  if (typeof credentials !== 'object' || credentials === null) {
    throw argumentError(
      'credentials must be an object { accountId, consumerKey, consumerSecret, tokenId, tokenSecret }; credentialsFromEnv() reads them from NETSUITE_* variables',
      'ERR_INVALID_ARG_TYPE',
    )
  }
  const { realm } = parseAccountId(credentials.accountId)
  return {
    accountId: realm,
    realm,
    consumerKey: checkCredential(credentials.consumerKey, 'consumerKey'),
    consumerSecret: checkCredential(credentials.consumerSecret, 'consumerSecret'),
    tokenId: checkCredential(credentials.tokenId, 'tokenId'),
    tokenSecret: checkCredential(credentials.tokenSecret, 'tokenSecret'),
  }
}

/** Validate TBA credentials and options: HMAC-SHA256, realm = canonical account id. */
export function tbaSetup(credentials: TbaCredentials, options: TbaSignerOptions = {}): SignerSetup {
  const c = checkTbaCredentials(credentials)
  if (typeof options !== 'object' || options === null) {
    throw argumentError('createTbaSigner() options must be an object', 'ERR_INVALID_ARG_TYPE')
  }
  const requested =
    (options as { signatureMethod?: unknown }).signatureMethod ??
    (credentials as { signatureMethod?: unknown }).signatureMethod
  if (requested !== undefined && requested !== 'HMAC-SHA256') {
    throw new TbaError(
      TbaErrorCodes.UNSUPPORTED_SIGNATURE_METHOD,
      'NetSuite ended HMAC-SHA1 support in 2023.1 and never accepted PLAINTEXT for TBA; the TBA signer always uses HMAC-SHA256 (use createOAuth1Signer for other services).',
    )
  }
  return setupFrom(
    {
      consumerKey: c.consumerKey,
      consumerSecret: c.consumerSecret,
      token: c.tokenId,
      tokenSecret: c.tokenSecret,
      realm: c.realm,
      signatureMethod: 'HMAC-SHA256',
      version: '1.0',
    },
    NETSUITE,
    options,
  )
}
