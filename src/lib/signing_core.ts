/**
 * The signing core of every signer (root and `netsuite-tba/node`, whatever HMAC backend signs):
 * request validation, parameter normalisation, the signature base string (RFC 5849 §3.4.1) and the
 * `Authorization` header around a signature. Read {@link createCore} top to bottom; the path is:
 *
 * 1. encode, once per signer, everything of the `oauth_*` block and the header that never changes
 *    ({@link encodeSignerConstants});
 * 2. collect and normalise the request's parameters: the URL's query once per URL (the template
 *    cache, `template_cache.ts`), a form body and extra `oauth_*` parameters per call
 *    (`request_params.ts`), and the nonce and timestamp of this call ({@link createStamper});
 * 3. the base string, from the one builder in `base_string.ts` (or its cache of templates);
 * 4. the HMAC, by the signer's backend (`build_signer.ts`);
 * 5. the header ({@link Core.finish}).
 *
 * The nonce and timestamp of a call are passed down as arguments; no module-level state is read
 * or written on the way.
 *
 * @module
 * @internal
 */
import { percentEncodeBase64 } from './base64.ts'
import { argumentError } from '../errors.ts'
import { baseStringFromPairs } from '../base_string.ts'
import { percentEncode } from '../percent_encoding.ts'
import type { SignatureMethod, SignRequest, SignResult } from '../types.ts'
import { checkMethod } from './validate.ts'
import { extraOAuthPairs, formPairs } from './request_params.ts'
import {
  aroundOAuth,
  asciiBytes,
  createTemplateCache,
  templateBytes,
  type ByteLayout,
  type Template,
  type TemplateSlot,
} from './template_cache.ts'

export type { TemplateSlot } from './template_cache.ts'

/** Settings the core needs (no secret: it never reads one); validated by `signer_setup.ts`. */
export interface CoreConfig {
  consumerKey: string
  token: string | undefined
  realm: string | undefined
  signatureMethod: SignatureMethod
  version: '1.0' | null
  nonce: () => string
  clock: () => number
  checkNonce: (nonce: unknown) => string
  checkTimestamp: (timestamp: unknown) => string
  /**
   * Which nonces are known to be RFC 3986 unreserved text, so percent-encoding leaves them as
   * they are: `'all'` (every nonce the checker accepts), `'generated'` (only those from `nonce`).
   */
  unreservedNonces: 'all' | 'generated' | 'none'
}

/** A request prepared for signing: the base string and what the header needs around the signature. */
export interface Prepared {
  baseString: string
  /**
   * With {@link CoreOptions.bytes}: the {@link CoreOptions.bytesPrefix} followed by the base string
   * as bytes (it is ASCII: every part is percent-encoded). The buffer is reused by the next
   * `prepare()` of the same URL: hash it (or let WebCrypto copy it) before preparing again.
   */
  bytes: Uint8Array<ArrayBuffer> | undefined
  /**
   * With {@link CoreOptions.padding} and a cached template: the same buffer as `bytes` followed by
   * the SHA-256 padding of a message of {@link CoreOptions.padding} bytes plus the base string, so
   * a hash can run over it in place (a `DataView`). `undefined` otherwise.
   */
  padded: DataView | undefined
  /**
   * How many bytes at the start of the base string (after the prefix) are the same for every
   * request of this cached template (everything before the nonce); 0 when not cached.
   */
  fixedLength: number
  /**
   * The cached template's slot for what a signer derives from those fixed bytes (an HMAC state
   * resumed after them, say); the slot lives as long as those bytes do. `undefined` when not cached.
   */
  slot: TemplateSlot | undefined
  nonce: string
  timestamp: string
  /** The nonce as it appears in the header (percent-encoded). */
  encNonce: string
  /** The header from the closing quote of the nonce to the opening quote of the signature. */
  headerMiddle: string
}

/** Options of {@link createCore}. */
export interface CoreOptions {
  /** Fill {@link Prepared.bytes}. */
  bytes?: boolean
  /** Bytes to put before the base string in {@link Prepared.bytes} (an HMAC inner pad, say). */
  bytesPrefix?: Uint8Array
  /**
   * Write SHA-256 padding after the bytes of cached templates ({@link Prepared.padded}), for a
   * message of this many bytes (an HMAC key block, say) followed by the base string.
   */
  padding?: number
}

/** The core's interface. */
export interface Core {
  /** Validate the request and compute its base string. Synchronous; never touches a secret. */
  prepare(request: SignRequest): Prepared
  /**
   * The {@link SignResult} of a prepared request and its signature (base64, or the PLAINTEXT key).
   * `encodedSignature`, when the caller has it, is the signature percent-encoded.
   */
  finish(prepared: Prepared, signature: string, encodedSignature?: string): SignResult
}

/** What one signer encodes once: its `oauth_*` parameters in the base string and the header. */
interface SignerConstants {
  encConsumerKey: string
  encToken: string | undefined
  /** The `oauth_*` block of the base string (encoded twice) up to the nonce. */
  beforeNonce: string
  /** … between the nonce and the timestamp. */
  beforeTimestamp: string
  /** … after the timestamp. */
  afterTimestamp: string
  /** The header up to the opening quote of the nonce. */
  headerStart: string
  /** The header from the closing quote of the timestamp to the end of the fixed parameters. */
  headerAfterTimestamp: string
  /** Percent-encode a signature (base64 for HMAC, any text for PLAINTEXT). */
  encodeSignature: (signature: string) => string
}

const SIGNATURE_OPEN = ', oauth_signature="'

/** Step 1: encode what never changes for this signer. */
function encodeSignerConstants(config: CoreConfig): SignerConstants {
  const encConsumerKey = percentEncode(config.consumerKey)
  const encToken = config.token === undefined ? undefined : percentEncode(config.token)
  const method = config.signatureMethod
  return {
    encConsumerKey,
    encToken,
    beforeNonce: percentEncode('oauth_consumer_key=' + encConsumerKey + '&oauth_nonce='),
    beforeTimestamp: percentEncode('&oauth_signature_method=' + method + '&oauth_timestamp='),
    afterTimestamp: percentEncode(
      (encToken === undefined ? '' : '&oauth_token=' + encToken) +
        (config.version === null ? '' : '&oauth_version=' + config.version),
    ),
    headerStart:
      'OAuth ' +
      (config.realm === undefined ? '' : 'realm="' + percentEncode(config.realm) + '", ') +
      'oauth_consumer_key="' +
      encConsumerKey +
      '", ' +
      (encToken === undefined ? '' : 'oauth_token="' + encToken + '", ') +
      'oauth_nonce="',
    headerAfterTimestamp:
      '", oauth_signature_method="' +
      method +
      '"' +
      (config.version === null ? '' : ', oauth_version="' + config.version + '"'),
    // A PLAINTEXT signature is the key, any text; an HMAC one is base64.
    encodeSignature: method === 'PLAINTEXT' ? percentEncode : percentEncodeBase64,
  }
}

/** A value as it enters the base string: encoded twice (unreserved text encodes to itself). */
function encodeTwice(encoded: string, raw: string): string {
  return encoded === raw ? raw : percentEncode(encoded)
}

/** A timestamp, with the base string and header parts it decides. */
interface Second {
  timestamp: string
  encTimestamp: string
  /** The timestamp as it enters the base string (encoded twice). */
  encTimestamp2: string
  /** The base string from the nonce's end to the end of the `oauth_*` block. */
  baseAfterNonce: string
  /** The header from the nonce's closing quote to the signature's opening quote. */
  headerMiddle: string
}

/** The nonce and timestamp of one call. */
interface Stamp {
  nonce: string
  encNonce: string
  /** The nonce as it enters the base string (encoded twice). */
  encNonce2: string
  time: Second
}

/**
 * Step 2b: the nonce and timestamp of a call (the caller's, checked, or fresh ones). The current
 * second's timestamp and the parts that follow from it are computed once per second.
 */
function createStamper(config: CoreConfig, k: SignerConstants): (request: SignRequest) => Stamp {
  // Generated nonces are unreserved, so they enter the base string as generated.
  const generatedUnreserved = config.unreservedNonces !== 'none'
  const checkedUnreserved = config.unreservedNonces === 'all'
  const second = (timestamp: string): Second => {
    const encTimestamp = percentEncode(timestamp)
    const encTimestamp2 = encodeTwice(encTimestamp, timestamp)
    return {
      timestamp,
      encTimestamp,
      encTimestamp2,
      baseAfterNonce: k.beforeTimestamp + encTimestamp2 + k.afterTimestamp,
      headerMiddle: '", oauth_timestamp="' + encTimestamp + k.headerAfterTimestamp + SIGNATURE_OPEN,
    }
  }
  let lastSeconds = Number.NaN
  let last = second('0')
  return (request) => {
    let nonce: string
    let encNonce: string
    if (request.nonce === undefined) {
      nonce = config.nonce()
      encNonce = generatedUnreserved ? nonce : percentEncode(nonce)
    } else {
      nonce = config.checkNonce(request.nonce)
      encNonce = checkedUnreserved ? nonce : percentEncode(nonce)
    }
    let time: Second
    if (request.timestamp === undefined) {
      const seconds = Math.floor(config.clock())
      if (seconds !== lastSeconds) {
        last = second(config.checkTimestamp(seconds))
        lastSeconds = seconds
      }
      time = last
    } else {
      time = second(config.checkTimestamp(request.timestamp))
    }
    return { nonce, encNonce, encNonce2: encodeTwice(encNonce, nonce), time }
  }
}

/** Create the core for one signer configuration. */
export function createCore(config: CoreConfig, options: CoreOptions = {}): Core {
  const wantBytes = options.bytes === true
  const k = encodeSignerConstants(config)
  const layout: ByteLayout = {
    prefix: options.bytesPrefix ?? new Uint8Array(0),
    padding: options.padding,
    beforeNonce: k.beforeNonce,
    beforeTimestamp: k.beforeTimestamp,
    afterTimestamp: k.afterTimestamp,
  }
  const template = createTemplateCache()
  const stamp = createStamper(config, k)
  // Methods already checked, with their upper-case form (a signer sees a handful).
  const methods = new Map<unknown, string>()

  /** Step 1a: the request's method, checked and upper-cased once per distinct value. */
  function methodOf(method: unknown): string {
    const known = methods.get(method)
    if (known !== undefined) return known
    const upper = checkMethod(method)
    if (methods.size < 16) methods.set(method, upper)
    return upper
  }

  /** Step 3, the usual case: the cached template around this call's nonce and timestamp. */
  function fromTemplate(t: Template, s: Stamp): Prepared {
    const baseString = t.head + k.beforeNonce + s.encNonce2 + s.time.baseAfterNonce + t.tail
    if (!wantBytes) return prepared(s, baseString, undefined, s.time.headerMiddle)
    const b = templateBytes(t, layout, s.encNonce2, s.time.encTimestamp2)
    return {
      baseString,
      bytes: b.buffer,
      padded: b.padded,
      fixedLength: b.nonceAt - layout.prefix.length,
      slot: b,
      nonce: s.nonce,
      timestamp: s.time.timestamp,
      encNonce: s.encNonce,
      headerMiddle: s.time.headerMiddle,
    }
  }

  /** Step 3 with a form body: its pairs join the query's around the same `oauth_*` block. */
  function withForm(t: Template, s: Stamp, form: string[]): Prepared {
    const { head, tail } = aroundOAuth(t.prefix, t.pairs.concat(form).sort())
    const baseString = head + k.beforeNonce + s.encNonce2 + s.time.baseAfterNonce + tail
    return prepared(s, baseString, wantBytes ? asciiBytes(layout.prefix, baseString) : undefined)
  }

  /** Step 3 with extra protocol parameters: they sort inside the `oauth_*` block, so sort all. */
  function withExtras(
    methodUpper: string,
    t: Template,
    s: Stamp,
    form: string[] | undefined,
    extra: string[],
  ): Prepared {
    const all = t.pairs.concat(form ?? [], extra)
    all.push(
      'oauth_consumer_key ' + k.encConsumerKey,
      'oauth_nonce ' + s.encNonce,
      'oauth_signature_method ' + config.signatureMethod,
      'oauth_timestamp ' + s.time.encTimestamp,
    )
    if (k.encToken !== undefined) all.push('oauth_token ' + k.encToken)
    if (config.version !== null) all.push('oauth_version ' + config.version)
    const baseString = baseStringFromPairs(methodUpper, t.url, all)
    let extraHeader = ''
    for (const p of extra) {
      const sp = p.indexOf(' ')
      extraHeader += ', ' + p.slice(0, sp) + '="' + p.slice(sp + 1) + '"'
    }
    const headerMiddle =
      '", oauth_timestamp="' +
      s.time.encTimestamp +
      k.headerAfterTimestamp +
      extraHeader +
      SIGNATURE_OPEN
    return prepared(
      s,
      baseString,
      wantBytes ? asciiBytes(layout.prefix, baseString) : undefined,
      headerMiddle,
    )
  }

  function prepared(
    s: Stamp,
    baseString: string,
    bytes: Uint8Array<ArrayBuffer> | undefined,
    headerMiddle = s.time.headerMiddle,
  ): Prepared {
    return {
      baseString,
      bytes,
      padded: undefined,
      fixedLength: 0,
      slot: undefined,
      nonce: s.nonce,
      timestamp: s.time.timestamp,
      encNonce: s.encNonce,
      headerMiddle,
    }
  }

  /** Steps 1–3: validate the request and compute its base string. Never touches a secret. */
  function prepare(request: SignRequest): Prepared {
    if (typeof request !== 'object' || request === null) {
      throw argumentError('sign() needs a request object { method, url }', 'ERR_INVALID_ARG_TYPE')
    }
    const methodUpper = methodOf(request.method)
    const t = template(methodUpper, request.url)
    const s = stamp(request)
    const form = formPairs(request)
    const extra =
      request.oauthParams === undefined ? undefined : extraOAuthPairs(request.oauthParams)
    if (extra !== undefined && extra.length > 0) return withExtras(methodUpper, t, s, form, extra)
    return form === undefined ? fromTemplate(t, s) : withForm(t, s, form)
  }

  /** Step 5: the header around the signature. */
  function finish(p: Prepared, signature: string, encodedSignature?: string): SignResult {
    return {
      authorization:
        k.headerStart +
        p.encNonce +
        p.headerMiddle +
        (encodedSignature ?? k.encodeSignature(signature)) +
        '"',
      signature,
      baseString: p.baseString,
      nonce: p.nonce,
      timestamp: p.timestamp,
    }
  }

  return { prepare, finish }
}
