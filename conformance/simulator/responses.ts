/**
 * NetSuite-shaped answers: RESTlet JSON errors, REST problem documents with `o:errorDetails`, SOAP
 * envelopes and faults (netsuite-tba.md §6).
 *
 * @module
 */
import type { Surface } from './scenarios.ts'

/** An HTTP answer. */
export interface Answer {
  status: number
  headers: Record<string, string>
  body: string
}

/** The text NetSuite shows for every TBA failure. */
export const INVALID_LOGIN = 'Invalid login attempt.'
const AUDIT_HINT =
  ' For more details, see the Login Audit Trail in the NetSuite UI at Setup > Users/Roles > User Management > View Login Audit Trail.'

/** JSON answer. */
export function json(status: number, value: unknown, type = 'application/json'): Answer {
  return {
    status,
    headers: { 'content-type': `${type}; charset=utf-8` },
    body: JSON.stringify(value),
  }
}

/** RESTlet error: `{"error":{"code","message"}}`. */
export function restletError(status: number, code: string, message: string): Answer {
  return json(status, { error: { code, message } })
}

/** REST problem document with one `o:errorDetails` entry. */
export function restError(status: number, code: string, detail: string): Answer {
  const titles: Record<number, string> = {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    429: 'Too Many Requests',
  }
  return json(
    status,
    {
      type: `https://www.rfc-editor.org/rfc/rfc9110.html#section-15.${status >= 500 ? 6 : 5}.${(status % 100) + 1}`,
      title: titles[status] ?? 'Error',
      status,
      'o:errorDetails': [{ detail, 'o:errorCode': code }],
    },
    'application/vnd.oracle.resource+json; type=error',
  )
}

/** XML-escape text. */
export function esc(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/** A SOAP envelope around `body`. */
export function soapEnvelope(body: string, status = 200): Answer {
  return {
    status,
    headers: { 'content-type': 'text/xml; charset=utf-8' },
    body: `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`,
  }
}

/** A SOAP fault with NetSuite's platformFaults code and message. */
export function soapFault(faultName: string, code: string, message: string): Answer {
  return soapEnvelope(
    `<soapenv:Fault><faultcode>soapenv:Server.userException</faultcode><faultstring>${esc(message)}</faultstring><detail><platformFaults:${faultName} xmlns:platformFaults="urn:faults_2025_2.platform.webservices.netsuite.com"><platformFaults:code>${esc(code)}</platformFaults:code><platformFaults:message>${esc(message)}</platformFaults:message></platformFaults:${faultName}></detail></soapenv:Fault>`,
    500,
  )
}

/** The "Invalid login attempt." answer of each surface, with WWW-Authenticate on HTTP surfaces. */
export function loginFailure(
  surface: Surface,
  realm: string,
  cause: string,
  code?: string,
): Answer {
  const www = `OAuth realm="${realm}", error="${cause}", error_description="${INVALID_LOGIN}"`
  if (surface === 'soap')
    return soapFault('invalidCredentialsFault', code ?? 'INVALID_LOGIN_ATTEMPT', INVALID_LOGIN)
  const a =
    surface === 'restlet'
      ? restletError(
          401,
          code ?? 'INVALID_LOGIN_ATTEMPT',
          code === 'INVALID_LOGIN_CREDENTIALS'
            ? 'You have entered an invalid email address or account number. Please try again.'
            : INVALID_LOGIN,
        )
      : restError(401, code ?? 'INVALID_LOGIN', INVALID_LOGIN + AUDIT_HINT)
  a.headers['www-authenticate'] = www
  return a
}

/**
 * The "role lacks a permission" answer of each surface. NetSuite's text names no permission (§6
 * REST row); what is missing is only in the role, so the simulator does not say it either.
 */
export function permissionFailure(surface: Surface): Answer {
  const message = 'Your current role does not have permission to perform this action.'
  if (surface === 'soap')
    return soapFault('insufficientPermissionFault', 'INSUFFICIENT_PERMISSION', message)
  if (surface === 'restlet') return restletError(403, 'INSUFFICIENT_PERMISSION', message)
  return restError(400, 'USER_ERROR', message)
}

/** The account concurrency answer of each surface (§6: 429 REST, SSS_REQUEST_LIMIT_EXCEEDED, WS_REQUEST_BLOCKED). */
export function concurrencyFailure(surface: Surface): Answer {
  if (surface === 'soap')
    return soapFault(
      'exceededConcurrentRequestLimitFault',
      'WS_REQUEST_BLOCKED',
      'The request could not be processed because the concurrency limit was exceeded.',
    )
  if (surface === 'restlet')
    return restletError(400, 'SSS_REQUEST_LIMIT_EXCEEDED', 'Request limit exceeded.')
  return restError(
    429,
    'CONCURRENCY_LIMIT_EXCEEDED',
    'Concurrent request limit exceeded. Request blocked.',
  )
}

/** An injected fault in the surface's dialect. */
export function injectedFailure(
  surface: Surface,
  kind: '429' | '503' | 'SSS_REQUEST_LIMIT_EXCEEDED' | 'WS_REQUEST_BLOCKED',
): Answer {
  if (kind === '503')
    return {
      status: 503,
      headers: { 'content-type': 'text/plain', 'retry-after': '0' },
      body: 'Service Unavailable',
    }
  if (kind === '429') {
    const a =
      surface === 'rest'
        ? restError(429, 'CONCURRENCY_LIMIT_EXCEEDED', 'Too many requests.')
        : surface === 'restlet'
          ? restletError(429, 'SSS_REQUEST_LIMIT_EXCEEDED', 'Too many requests.')
          : {
              ...soapFault(
                'exceededConcurrentRequestLimitFault',
                'WS_REQUEST_BLOCKED',
                'Too many requests.',
              ),
              status: 429,
            }
    a.headers['retry-after'] = '0'
    return a
  }
  if (surface === 'soap')
    return soapFault('exceededConcurrentRequestLimitFault', kind, 'Request limit exceeded.')
  if (surface === 'restlet') return restletError(400, kind, 'Request limit exceeded.')
  return restError(400, kind, 'Request limit exceeded.')
}
