/**
 * The little XML the SOAP client needs: escaping, the tokenPassport element and a fault reader.
 * No XML library.
 *
 * @module
 */
import { argumentError } from './errors.ts'
import type { TokenPassport } from './types.ts'

/** Escape text for an XML element or attribute value. */
export function xmlEscape(value: string): string {
  return value.replace(/[&<>"']/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&apos;',
  )
}

function xmlUnescape(value: string): string {
  return value.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/gi, (m, e: string) => {
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }
    if (e[0] !== '#') return named[e.toLowerCase()] ?? m
    const n = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)
    return n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : m
  })
}

/**
 * The `<platformMsgs:tokenPassport>` SOAP header element for a signed passport: messages
 * namespace, core-namespace children, `<signature algorithm="HMAC-SHA256">`, values XML-escaped.
 * Declares both namespaces itself, so it can be inserted in any envelope.
 *
 * @example
 * ```ts
 * const header = tokenPassportXml(await signTokenPassport(credentials), '2025_2')
 * ```
 */
export function tokenPassportXml(passport: TokenPassport, version: string = '2025_2'): string {
  if (!/^\d{4}_\d$/.test(version)) {
    throw argumentError(
      `version must look like 2025_2 (got ${JSON.stringify(String(version).slice(0, 20))}).`,
      'ERR_INVALID_ARG_VALUE',
    )
  }
  const el = (name: string, value: string): string =>
    `<platformCore:${name}>${xmlEscape(value)}</platformCore:${name}>`
  return (
    `<platformMsgs:tokenPassport xmlns:platformMsgs="urn:messages_${version}.platform.webservices.netsuite.com" xmlns:platformCore="urn:core_${version}.platform.webservices.netsuite.com">` +
    el('account', passport.account) +
    el('consumerKey', passport.consumerKey) +
    el('token', passport.token) +
    el('nonce', passport.nonce) +
    el('timestamp', passport.timestamp) +
    `<platformCore:signature algorithm="${xmlEscape(passport.algorithm)}">${xmlEscape(passport.signature)}</platformCore:signature>` +
    `</platformMsgs:tokenPassport>`
  )
}

/** What {@link readSoapFault} finds in a fault. */
export interface SoapFault {
  /** `faultcode`, e.g. `soapenv:Server.userException`. */
  faultCode: string | undefined
  /** `faultstring`. */
  faultString: string | undefined
  /** NetSuite's `platformFaults:code`, e.g. `WS_REQUEST_BLOCKED`. */
  code: string | undefined
  /** NetSuite's `platformFaults:message`. */
  message: string | undefined
}

function element(xml: string, local: string): string | undefined {
  const m = new RegExp(`<(?:[A-Za-z_][\\w.-]*:)?${local}(?:\\s[^>]*)?>([^<]*)</`, 'i').exec(xml)
  return m ? xmlUnescape(m[1] as string).trim() : undefined
}

/**
 * Read a SOAP fault: `faultcode`, `faultstring` and NetSuite's `platformFaults` `code` and
 * `message`. Returns `undefined` when the text holds no `Fault` element. Never throws.
 */
export function readSoapFault(xml: string): SoapFault | undefined {
  if (typeof xml !== 'string' || !/<(?:[A-Za-z_][\w.-]*:)?Fault[\s>]/.test(xml)) return undefined
  return {
    faultCode: element(xml, 'faultcode'),
    faultString: element(xml, 'faultstring'),
    code: element(xml, 'code'),
    message: element(xml, 'message'),
  }
}
