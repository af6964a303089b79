/**
 * Scenario → answer table of the simulator. Every row cites ../shared/netsuite-tba.md §6 (the error
 * catalog); where NetSuite's real behaviour is not confirmed there, the comment of the row says so
 * (provenance stays in these comments: the audit texts below are what users see).
 *
 * @module
 */

/**
 * Every set-up the simulator can reproduce with {@link Simulator.credentialsFor}: `ok`, the
 * failures, and `two-factor-required-role`, which works (token logins are not blocked by 2FA).
 */
export type SimulatorScenario =
  | 'ok'
  | 'feature-disabled'
  | 'integration-blocked'
  | 'integration-tba-unchecked'
  | 'unknown-consumer'
  | 'revoked-token'
  | 'token-other-account'
  | 'role-missing-login-with-access-tokens'
  | 'role-missing-web-services'
  | 'role-missing-rest-web-services'
  | 'role-missing-record-permission'
  | 'web-services-only-role'
  | 'role-not-assigned'
  | 'two-factor-required-role'
  | 'permission-change-pending'

/** The API surfaces NetSuite exposes to TBA. */
export type Surface = 'restlet' | 'rest' | 'soap'

/**
 * How one failure is answered.
 * - `login`: the surface's "Invalid login attempt." answer (401 / SOAP fault), with `cause` as the
 *   `WWW-Authenticate` error and `audit` as the Login Audit Trail detail.
 * - `permission`: authenticated, but the role lacks a permission (REST 400 USER_ERROR, SOAP fault).
 * - `restletCredentials`: RESTlet 401 `INVALID_LOGIN_CREDENTIALS`.
 */
export interface Failure {
  kind: 'login' | 'permission' | 'record-permission' | 'restletCredentials'
  cause: string
  audit: string
}

/** Per scenario, which surfaces fail and how. Surfaces not listed answer normally. */
export const SCENARIOS: Record<SimulatorScenario, Partial<Record<Surface, Failure>>> = {
  ok: {},
  // §6 "FeatureDisabled — TBA feature off" (all surfaces, 401).
  'feature-disabled': all({ kind: 'login', cause: 'feature_disabled', audit: 'FeatureDisabled' }),
  // §6 "consumer_key_refused — integration record Blocked" (all surfaces, 401).
  'integration-blocked': all({
    kind: 'login',
    cause: 'consumer_key_refused',
    audit: 'consumer_key_refused: integration record is blocked',
  }),
  // §6 lists no detail for "Token-based Authentication unchecked on the integration record":
  // UNCONFIRMED; answered like a refused consumer key.
  'integration-tba-unchecked': all({
    kind: 'login',
    cause: 'consumer_key_refused',
    audit:
      'consumer_key_refused: Token-based Authentication is not enabled on the integration record',
  }),
  // §6 "consumer_key_unknown — wrong consumer key / no record" (all, 401).
  'unknown-consumer': all({
    kind: 'login',
    cause: 'consumer_key_unknown',
    audit: 'consumer_key_unknown',
  }),
  // §6 "token_rejected seen in WWW-Authenticate — token revoked/inactive"; exact code UNCONFIRMED.
  'revoked-token': all({
    kind: 'login',
    cause: 'token_rejected',
    audit: 'token_rejected: the access token is revoked or inactive',
  }),
  // §6 same row: "token from another account (prod token on sandbox, sandbox refreshed)"; UNCONFIRMED.
  'token-other-account': all({
    kind: 'login',
    cause: 'token_rejected',
    audit: 'token_rejected: the token belongs to another account',
  }),
  // §6 REST row: "400 USER_ERROR … role lacks REST Web Services / Log in using Access Tokens"
  // (third-party report). RESTlet/SOAP answers are UNCONFIRMED: a login failure here.
  'role-missing-login-with-access-tokens': {
    restlet: {
      kind: 'login',
      cause: 'permission_denied',
      audit: 'Permission Violation: Log in using Access Tokens',
    },
    rest: {
      kind: 'permission',
      cause: 'permission_denied',
      audit: 'Permission Violation: Log in using Access Tokens',
    },
    soap: {
      kind: 'login',
      cause: 'permission_denied',
      audit: 'Permission Violation: Log in using Access Tokens',
    },
  },
  // SOAP without the "Web Services" permission: the exact fault is UNCONFIRMED (§6 has no row).
  'role-missing-web-services': {
    soap: {
      kind: 'permission',
      cause: 'permission_denied',
      audit: 'Permission Violation: SOAP Web Services',
    },
  },
  // §6 REST row: 400 USER_ERROR "Your current role does not have permission to perform this action."
  'role-missing-rest-web-services': {
    rest: {
      kind: 'permission',
      cause: 'permission_denied',
      audit: 'Permission Violation: REST Web Services',
    },
  },
  // A record permission missing: the exact REST/SOAP answer is UNCONFIRMED (§6 has no row); the
  // simulator answers 403 INSUFFICIENT_PERMISSION on records and SuiteQL, a SOAP fault on get/update.
  'role-missing-record-permission': {
    rest: {
      kind: 'record-permission',
      cause: 'permission_denied',
      audit: 'Success (record permission missing)',
    },
    soap: {
      kind: 'record-permission',
      cause: 'permission_denied',
      audit: 'Success (record permission missing)',
    },
  },
  // §6 RESTlet row: 401 INVALID_LOGIN_CREDENTIALS for a "Web Services Only" role.
  'web-services-only-role': {
    restlet: {
      kind: 'restletCredentials',
      cause: 'permission_denied',
      audit: 'Web Services Only role used for a RESTlet',
    },
  },
  // §6 "EntityOrRoleDisabled … TBA use UNCONFIRMED".
  'role-not-assigned': all({
    kind: 'login',
    cause: 'token_rejected',
    audit: 'EntityOrRoleDisabled: the role is not assigned to the user',
  }),
  // Oracle: "If you want to use RESTlets or web services with a highly privileged role, use
  // Token-based Authentication or OAuth 2.0" (Designate Two-Factor Authentication Roles,
  // section_N328126); "Set Up Token-based Authentication Roles" keeps 2FA mandatory for
  // Administrator and highly privileged roles. 2FA blocks user-credential (NLAuth) logins to web
  // services and is asked for when a token is created or authorized in the UI, or by issuetoken
  // (nlauth_otp, §5.2) — not when a signed request arrives. So a TBA request with a 2FA-required
  // role is accepted on every surface.
  'two-factor-required-role': {},
  // §6 Notes: "Role cache delay" is UNCONFIRMED; simulated as a permission refusal on REST and SOAP.
  'permission-change-pending': {
    rest: {
      kind: 'permission',
      cause: 'permission_denied',
      audit: 'Success (permission change not yet effective)',
    },
    soap: {
      kind: 'permission',
      cause: 'permission_denied',
      audit: 'Success (permission change not yet effective)',
    },
  },
}

function all(f: Failure): Record<Surface, Failure> {
  return { restlet: f, rest: f, soap: f }
}

/**
 * Causes for a failed signature check (verifyRequest codes), as `WWW-Authenticate` error and audit
 * detail: §6 rows signature_invalid/InvalidSignature, timestamp_refused/InvalidTimestamp (RESTlet
 * name UNCONFIRMED), nonce_used/NonceUsed, nonce_rejected. A wrong realm case shows as a signature
 * failure in §6 ("signature/other"). HMAC-SHA1 gives 400 "malformed syntax" (§6).
 */
export const VERIFY_CAUSES: Record<string, { cause: string; audit: string; status?: number }> = {
  ERR_VERIFY_MISSING_HEADER: {
    cause: 'token_rejected',
    audit: 'MissingRequiredParameter: no OAuth header',
  },
  ERR_VERIFY_MALFORMED_HEADER: { cause: 'parameter_rejected', audit: 'MissingRequiredParameter' },
  ERR_VERIFY_UNSUPPORTED_METHOD: {
    cause: 'signature_method_rejected',
    audit: 'UnsupportedSignatureMethod',
    status: 400,
  },
  ERR_VERIFY_BAD_SIGNATURE: { cause: 'signature_invalid', audit: 'InvalidSignature' },
  ERR_VERIFY_STALE_TIMESTAMP: { cause: 'timestamp_refused', audit: 'InvalidTimestamp' },
  ERR_VERIFY_REPLAYED_NONCE: { cause: 'nonce_used', audit: 'NonceUsed' },
  ERR_VERIFY_BAD_NONCE: { cause: 'nonce_rejected', audit: 'nonce_rejected' },
  ERR_VERIFY_REALM_MISMATCH: {
    cause: 'signature_invalid',
    audit: 'InvalidSignature (realm case or account)',
  },
  ERR_VERIFY_BAD_REQUEST: {
    cause: 'signature_invalid',
    audit: 'InvalidSignature (undecodable request)',
  },
  ERR_VERIFY_UNKNOWN_CREDENTIALS: { cause: 'token_rejected', audit: 'token_rejected' },
}
