/**
 * SuiteTalk SOAP: `call(operation, bodyXml)` with one fresh tokenPassport per attempt.
 *
 * @module
 */
import { argumentError, TbaError, TbaErrorCodes } from './errors.ts'
import { clientContext, type ClientOptions } from './client_options.ts'
import { dispatch, failureOutcome, type Outcome } from './http_client.ts'
import { readSoapFault, tokenPassportXml } from './soap_xml.ts'
import { signTokenPassport } from './token_passport.ts'
import type { RequestAuth, TbaCredentials } from './types.ts'

export { signTokenPassport } from './token_passport.ts'
export type { TokenPassport, TokenPassportOptions } from './types.ts'
export { readSoapFault, tokenPassportXml, xmlEscape, type SoapFault } from './soap_xml.ts'
export * from './adapter_exports.ts'

/** Default SuiteTalk SOAP version. */
export const DEFAULT_SOAP_VERSION = '2025_2'

/** Options of {@link createSoapClient}: TBA credentials are required (the passport needs them). */
export interface SoapClientOptions extends Omit<
  ClientOptions,
  'signer' | 'authorize' | 'credentials' | 'auth'
> {
  /** TBA credentials; a fresh tokenPassport is signed for every attempt. */
  credentials: TbaCredentials
  /** WSDL version, e.g. `2025_2` (default). */
  version?: string
}

/** Options of one SOAP call. */
export interface SoapCallOptions {
  /** Abort the call. */
  signal?: AbortSignal
  /** Retry network failures (default: only for get/search/getServerTime-style reads). */
  idempotent?: boolean
}

/** The SOAP client. */
export interface SoapClient {
  /** Send `operation` with `bodyXml` as its children; resolve to the response XML. */
  call(operation: string, bodyXml: string, options?: SoapCallOptions): Promise<string>
}

const READS =
  /^(get|getList|getAll|getServerTime|search|searchMore|searchMoreWithId|getSelectValue|getDeleted|getItemAvailability|getBudgetExchangeRate|getCurrencyRate|getDataCenterUrls|getPostingTransactionSummary|getSavedSearch|getCustomizationId)$/

function interpret(response: Response, text: string): Outcome<string> {
  const fault = readSoapFault(text)
  if (response.ok && fault === undefined) return { ok: true, value: text }
  const code =
    fault?.code ??
    (/ExceededConcurrentRequestLimitFault/.test(text) ? 'WS_REQUEST_BLOCKED' : undefined)
  return failureOutcome(
    'SOAP',
    response,
    code,
    fault?.message ?? fault?.faultString ?? text.slice(0, 200),
  )
}

/**
 * Create a SuiteTalk SOAP client: POST `/services/NetSuitePort_<version>` with `SOAPAction`,
 * `text/xml; charset=utf-8`, and exactly one freshly signed tokenPassport (no applicationInfo).
 *
 * @example
 * ```ts
 * const soap = createSoapClient({ credentials: credentialsFromEnv() })
 * const xml = await soap.call('getServerTime', '')
 * ```
 */
export function createSoapClient(options: SoapClientOptions): SoapClient {
  const auth = (options as { auth?: RequestAuth } | undefined)?.auth
  if (auth?.scheme === 'oauth2')
    throw new TbaError(
      TbaErrorCodes.OAUTH2_NOT_SUPPORTED,
      "NetSuite's SOAP web services have no OAuth 2.0: call REST web services or RESTlets with this auth, or give createSoapClient TBA credentials (SOAP is removed in 2028.2).",
    )
  if (!options?.credentials)
    throw argumentError(
      'createSoapClient needs credentials (the passport is signed with the secrets).',
      'ERR_INVALID_ARG_TYPE',
    )
  const { credentials } = options
  const version = options.version ?? DEFAULT_SOAP_VERSION
  tokenPassportXml(
    {
      account: '',
      consumerKey: '',
      token: '',
      nonce: '',
      timestamp: '',
      signature: '',
      algorithm: 'HMAC-SHA256',
    },
    version,
  )
  const ctx = clientContext({ ...options, authorize: async (r) => r })
  const url = `${ctx.origin('suitetalk')}/services/NetSuitePort_${version}`
  return {
    async call(operation, bodyXml, callOptions = {}) {
      if (typeof operation !== 'string' || !/^[A-Za-z][A-Za-z0-9]*$/.test(operation)) {
        throw argumentError(
          'operation must be a SOAP operation name such as getServerTime.',
          'ERR_INVALID_ARG_VALUE',
        )
      }
      if (typeof bodyXml !== 'string')
        throw argumentError('bodyXml must be a string.', 'ERR_INVALID_ARG_TYPE')
      return dispatch(ctx, {
        surface: 'SOAP',
        idempotent: callOptions.idempotent ?? READS.test(operation),
        interpret,
        ...(callOptions.signal ? { signal: callOptions.signal } : {}),
        build: async () => {
          const passport = tokenPassportXml(await signTokenPassport(credentials), version)
          const body =
            '<?xml version="1.0" encoding="UTF-8"?>' +
            `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:platformMsgs="urn:messages_${version}.platform.webservices.netsuite.com" xmlns:platformCore="urn:core_${version}.platform.webservices.netsuite.com">` +
            `<soapenv:Header>${passport}</soapenv:Header>` +
            `<soapenv:Body><platformMsgs:${operation}>${bodyXml}</platformMsgs:${operation}></soapenv:Body>` +
            '</soapenv:Envelope>'
          return new Request(url, {
            method: 'POST',
            headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: operation },
            body,
          })
        },
      })
    },
  }
}
