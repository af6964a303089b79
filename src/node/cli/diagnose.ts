/**
 * Turn what NetSuite answered into the set-up steps that fit it. NetSuite's response alone usually
 * says only "Invalid login attempt."; the reason is in `WWW-Authenticate` (sometimes), in the
 * error code and message, and always in the Login Audit Trail's Detail column, which only the user
 * can read. This module knows the steps of docs/setup.md and which evidence points to which; it is
 * certain only when NetSuite's answers fit exactly one step.
 *
 * @module
 */

/** Identifiers of the set-up steps (anchors in docs/setup.md). */
export type SetupStepId =
  | 'enable-features'
  | 'integration-state'
  | 'integration-tba'
  | 'consumer-key'
  | 'token'
  | 'token-account'
  | 'role-login-tokens'
  | 'role-web-services'
  | 'role-rest-web-services'
  | 'role-record-permission'
  | 'web-services-only-role'
  | 'role-assigned'
  | 'two-factor'
  | 'permission-pending'
  | 'clock'
  | 'signature'
  | 'nonce'
  | 'concurrency'
  | 'host'
  | 'login-audit-trail'

/** A set-up step of either doctor: what to change in NetSuite, and where. */
export interface Step<Id extends string> {
  /** Stable identifier; also the anchor in the docs (docs/setup.md, docs/oauth2.md). */
  id: Id
  /** One-line title. */
  title: string
  /** What to do, in order. */
  fix: string[]
}

/** A TBA set-up step. */
export type SetupStep = Step<SetupStepId>

/** The Login Audit Trail instructions, shared by every login failure. */
export const LOGIN_AUDIT_TRAIL =
  'Setup > Users/Roles > User Management > View Login Audit Trail: use advanced search, add the columns Detail, Role, Token-based Access Token Name and Token-based Application Name, and read the Detail of the failed row.'

/** Every step, by id. */
export const SETUP_STEPS: Record<SetupStepId, SetupStep> = {
  'enable-features': {
    id: 'enable-features',
    title: 'Enable the Token-Based Authentication feature',
    fix: [
      'Setup > Company > Enable Features > SuiteCloud subtab.',
      'Under Manage Authentication check TOKEN-BASED AUTHENTICATION; under SuiteTalk (Web Services) check SOAP WEB SERVICES and/or REST WEB SERVICES; for RESTlets check CLIENT SUITESCRIPT and SERVER SUITESCRIPT.',
      'Save the page (the change applies only after saving).',
    ],
  },
  'integration-state': {
    id: 'integration-state',
    title: 'The integration record is blocked: set its State to Enabled',
    fix: [
      'Setup > Integration > Manage Integrations, open the integration whose consumer key you use.',
      'Set STATE to Enabled (Blocked refuses every request; an auto-installed record may be Waiting for Approval) and save.',
    ],
  },
  'integration-tba': {
    id: 'integration-tba',
    title: 'Check TOKEN-BASED AUTHENTICATION on the integration record',
    fix: [
      'Setup > Integration > Manage Integrations, open the integration, Authentication subtab.',
      'Check TOKEN-BASED AUTHENTICATION and save. The consumer key and secret stay the same.',
    ],
  },
  'consumer-key': {
    id: 'consumer-key',
    title: 'The consumer key is unknown in this account',
    fix: [
      'Compare NETSUITE_CONSUMER_KEY with the integration record in this account (Setup > Integration > Manage Integrations). Integration records are per account: a production record does not exist in a sandbox unless the sandbox was refreshed after it was made.',
      'If the key and secret were lost, edit the record and press Reset Credentials: NetSuite shows the new key and secret once.',
    ],
  },
  token: {
    id: 'token',
    title: 'The access token is revoked, inactive or unknown: create a new one',
    fix: [
      'Setup > Users/Roles > Access Tokens: find the token (by Token Name) and check it is not Inactive or revoked. A revoked token never works again.',
      'Create a new token: Access Tokens > New, choose the Application (the integration record of your consumer key), the User and the Role; copy the Token ID and Token Secret (shown once) into NETSUITE_TOKEN_ID / NETSUITE_TOKEN_SECRET.',
    ],
  },
  'token-account': {
    id: 'token-account',
    title:
      'The token belongs to another account (sandbox refreshed, or production token on a sandbox)',
    fix: [
      'Tokens are per account: production tokens are not copied to a sandbox or Release Preview, and a sandbox refresh removes the tokens made in the sandbox.',
      'Check NETSUITE_ACCOUNT_ID is the account the token was created in (sandbox ids end in _SB1, _SB2, …).',
      'Create a new token in this account: Setup > Users/Roles > Access Tokens > New (application, user, role).',
    ],
  },
  'role-login-tokens': {
    id: 'role-login-tokens',
    title: 'Give the role "Log in using Access Tokens" (or "User Access Tokens")',
    fix: [
      "Setup > Users/Roles > Manage Roles, edit the token's role, Permissions > Setup subtab.",
      'Add Log in using Access Tokens (Full) — or User Access Tokens (Full) — and save. Access Token Management alone only manages tokens; it cannot log in with one.',
    ],
  },
  'role-web-services': {
    id: 'role-web-services',
    title: 'Give the role the "SOAP Web Services" permission',
    fix: [
      "Setup > Users/Roles > Manage Roles, edit the token's role, Permissions > Setup subtab.",
      'Add SOAP Web Services (Web Services) with level Full and save; the SOAP WEB SERVICES feature must be enabled too.',
    ],
  },
  'role-rest-web-services': {
    id: 'role-rest-web-services',
    title: 'Give the role the "REST Web Services" permission',
    fix: [
      "Setup > Users/Roles > Manage Roles, edit the token's role, Permissions > Setup subtab.",
      'Add REST Web Services (Full) and Log in using Access Tokens (Full); for SuiteQL also Reports > SuiteAnalytics Workbook. The REST WEB SERVICES feature must be enabled.',
    ],
  },
  'role-record-permission': {
    id: 'role-record-permission',
    title: 'Give the role the record permission the call needs',
    fix: [
      'NetSuite names the missing permission in the error (e.g. "You need the \'Lists -> Customers\' permission").',
      "Setup > Users/Roles > Manage Roles, edit the token's role, Permissions subtab (Transactions, Lists, Setup, Custom Record): add it at the level the call needs (View to read, Edit/Full to write) and save.",
    ],
  },
  'web-services-only-role': {
    id: 'web-services-only-role',
    title: 'A "Web Services Only" role cannot call RESTlets',
    fix: [
      "Setup > Users/Roles > Manage Roles, edit the token's role: uncheck WEB SERVICES ONLY ROLE — or create the token with a role that is not Web Services Only.",
    ],
  },
  'role-assigned': {
    id: 'role-assigned',
    title: "Assign the role to the token's user (and give the user access)",
    fix: [
      "Lists > Employees > Employees, edit the integration user, Access subtab: GIVE ACCESS checked, and the token's role in the Roles list. Save.",
      'The user and the role must both be active. A token works only for the user and role it was created for: if the role was removed from the user, create a new token after adding it back.',
    ],
  },
  'two-factor': {
    id: 'two-factor',
    title: 'Two-factor authentication does not block token logins',
    fix: [
      'Token-based Authentication is how integrations use RESTlets and web services with a 2FA-required role (Administrator and highly privileged roles always require 2FA): keep the role, do not remove its 2FA requirement.',
      '2FA applies when the token is created or authorized in the UI (and to the issuetoken endpoint, which needs nlauth_otp); a password (NLAuth) login to web services cannot use a 2FA-required role.',
    ],
  },
  'permission-pending': {
    id: 'permission-pending',
    title: 'A recent permission change has not reached token logins yet',
    fix: [
      'Role and permission changes can take minutes to hours to apply to token-based logins (reports of 8+ hours). Nothing in the UI speeds this up.',
      'Wait and run "netsuite-tba doctor" again; meanwhile check the role in Setup > Users/Roles > Manage Roles really has the permission.',
    ],
  },
  clock: {
    id: 'clock',
    title: "Fix this machine's clock (NetSuite allows ±5 minutes)",
    fix: [
      'Synchronise the clock with NTP (timedatectl set-ntp true, or your OS time settings); a VM or container may drift from its host.',
      'Sign each request just before sending it: a header signed and then queued for minutes is refused too.',
    ],
  },
  signature: {
    id: 'signature',
    title: 'The signature does not match: check the secrets and the account id',
    fix: [
      'Copy the consumer secret and token secret again (no spaces or line breaks); they are shown only once in NetSuite, so reset the credentials or create a new token if unsure.',
      'Check consumer key/secret and token id/secret are not swapped, and that NETSUITE_ACCOUNT_ID is this account (realm 1234567_SB1, hosts 1234567-sb1.…).',
      'Compare a signature with another tool: netsuite-tba sign --explain shows the base string and a key fingerprint.',
    ],
  },
  nonce: {
    id: 'nonce',
    title: 'A nonce was reused: never resend a signed request',
    fix: ['Sign every attempt afresh (the adapters do); a header cannot be replayed.'],
  },
  concurrency: {
    id: 'concurrency',
    title: "The account's concurrency limit was reached",
    fix: [
      "Not a set-up mistake: other integrations use the account's request pool (Setup > Integration > Integration Governance shows it). Retry later, or lower the concurrency.",
    ],
  },
  host: {
    id: 'host',
    title: 'Wrong host or URL',
    fix: [
      "Use the account-specific domain from Setup > Company > Company Information > Company URLs (e.g. 1234567-sb1.restlets.api.netsuite.com), and for RESTlets the deployment's External URL.",
    ],
  },
  'login-audit-trail': {
    id: 'login-audit-trail',
    title: 'Read the reason in the Login Audit Trail',
    fix: [
      LOGIN_AUDIT_TRAIL,
      'Then look the Detail value up in docs/setup.md ("What each error looks like").',
    ],
  },
}

/** What the CLI saw of one failed call. */
export interface CallObservation {
  /** Which API was called. */
  api: 'restlet' | 'rest' | 'soap'
  /** HTTP status, when a response arrived. */
  status?: number
  /** The `error` parameter of `WWW-Authenticate`. */
  authError?: string
  /** NetSuite's own code: `o:errorCode`, RESTlet `error.code`, SOAP fault code. */
  netsuiteCode?: string
  /** The library's error code (ERR_NETSUITE_…). */
  errorCode?: string
  /** Error message / fault string / response text. */
  message?: string
}

/** The steps chosen for a failure, with the evidence that led to them. */
export interface Diagnosis {
  /** The most likely step to fix. */
  step: SetupStep
  /** Other steps that fit the same evidence, most likely first. */
  alsoCheck: SetupStep[]
  /** What was seen that points to the steps. */
  evidence: string
  /** True when NetSuite's answers fit exactly one step; false when several fit equally. */
  certain: boolean
}

/** How one failed call reads. */
export interface Reading {
  /** `login`: NetSuite refused the login; `permission`: it logged in but refused the call. */
  kind: 'login' | 'permission' | 'other'
  /** A bare "Invalid login attempt." that names no cause. */
  generic: boolean
  /** The steps that fit, most likely first (empty: nothing known). */
  steps: SetupStepId[]
  /** What was seen, for people. */
  evidence: string
}

// WWW-Authenticate `error` values and the steps each fits (§6 of the TBA reference).
const AUTH_ERRORS: Record<string, SetupStepId[]> = {
  feature_disabled: ['enable-features'],
  consumer_key_refused: ['integration-state', 'integration-tba'],
  consumer_key_unknown: ['consumer-key'],
  token_rejected: ['token', 'token-account', 'role-assigned'],
  signature_invalid: ['signature'],
  timestamp_refused: ['clock'],
  nonce_used: ['nonce'],
  nonce_rejected: ['nonce'],
  permission_denied: ['role-login-tokens', 'permission-pending'],
}

// The usual suspects for a bare "Invalid login attempt.", most likely first.
const LOGIN_SUSPECTS: SetupStepId[] = [
  'signature',
  'token',
  'token-account',
  'role-login-tokens',
  'integration-state',
  'integration-tba',
  'consumer-key',
  'enable-features',
  'role-assigned',
]
const SURFACE_SUSPECTS: Record<CallObservation['api'], SetupStepId[]> = {
  restlet: ['web-services-only-role'],
  rest: ['role-rest-web-services'],
  soap: ['role-web-services'],
}

// Steps that hold for the whole account and token: one API answering proves them right.
const ACCOUNT_LEVEL = new Set<SetupStepId>([
  'signature',
  'token',
  'token-account',
  'consumer-key',
  'integration-state',
  'integration-tba',
  'role-assigned',
  'role-login-tokens',
  'clock',
  'nonce',
  'login-audit-trail',
])

const LOGIN_CODES =
  /^(INVALID_LOGIN|INVALID_LOGIN_ATTEMPT|INVALID_LOGIN_CREDENTIALS|INVALID_TOKEN)$/

function seen(obs: CallObservation): string {
  const message = obs.message ?? ''
  return [
    obs.status !== undefined ? `HTTP ${obs.status}` : undefined,
    obs.authError ? `WWW-Authenticate error="${obs.authError}"` : undefined,
    obs.netsuiteCode ? `code ${obs.netsuiteCode}` : undefined,
    message ? `"${message.length > 200 ? message.slice(0, 200) + '…' : message}"` : undefined,
  ]
    .filter(Boolean)
    .join(', ')
}

/** Read one failed call: which steps NetSuite's answer fits. */
export function read(obs: CallObservation): Reading {
  const evidence = `${obs.api}: ${seen(obs) || 'no response detail'}`
  const r = (kind: Reading['kind'], steps: SetupStepId[], generic = false): Reading => ({
    kind,
    generic,
    steps,
    evidence,
  })
  const text = `${obs.netsuiteCode ?? ''} ${obs.message ?? ''}`.toLowerCase()
  // §6: a RESTlet answering 401 INVALID_LOGIN_CREDENTIALS means a Web Services Only role.
  if (obs.api === 'restlet' && obs.netsuiteCode === 'INVALID_LOGIN_CREDENTIALS')
    return r('login', ['web-services-only-role'])
  const auth = obs.authError ? AUTH_ERRORS[obs.authError] : undefined
  if (auth) return r('login', auth)
  if (obs.status === 429 || /request_limit_exceeded|ws_request_blocked|concurren/i.test(text))
    return r('other', ['concurrency'])
  if (/web services only/.test(text)) return r('login', ['web-services-only-role'])
  if (/login access has been disabled/.test(text)) return r('login', ['role-assigned'])
  if (/log ?in using access tokens/.test(text)) return r('login', ['role-login-tokens'])
  if (/timestamp/.test(text)) return r('login', ['clock'])
  if (
    obs.status === 401 ||
    LOGIN_CODES.test(obs.netsuiteCode ?? '') ||
    /invalid login attempt/.test(text)
  ) {
    return r('login', [...LOGIN_SUSPECTS, ...SURFACE_SUSPECTS[obs.api], 'permission-pending'], true)
  }
  // Logged in, but the role may not do this: NetSuite names a record permission, or not.
  if (/you need .*permission|permission violation/.test(text))
    return r('permission', ['role-record-permission', 'permission-pending'])
  if (/permission/.test(text) || obs.status === 403) {
    if (obs.api === 'soap') return r('permission', ['role-web-services', 'permission-pending'])
    if (obs.api === 'rest')
      return r(
        'permission',
        obs.status === 403
          ? ['role-record-permission', 'role-rest-web-services', 'permission-pending']
          : ['role-rest-web-services', 'role-login-tokens', 'permission-pending'],
      )
    return r('permission', ['role-record-permission', 'permission-pending'])
  }
  // A 404 in NetSuite's own error format (NONEXISTENT_ID, …) is an answer about the record, not
  // the host; a bare 404 or a redirect means the URL is not NetSuite's.
  if (
    obs.status === 302 ||
    (obs.status === 404 && obs.netsuiteCode === undefined) ||
    /correct data center/.test(text)
  )
    return r('other', ['host'])
  return r('other', [])
}

/** One API's outcome, for {@link diagnoseAll}. */
export interface ApiOutcome {
  api: CallObservation['api']
  ok: boolean
  /** What NetSuite answered, when the call failed. */
  observation?: CallObservation
}

/**
 * Choose the steps for the failed calls of one doctor run, using the calls that succeeded too: an
 * API that answers proves the account-wide steps (token, integration, signature, "Log in using
 * Access Tokens") right. A login failure that names its cause on one API explains the bare
 * "Invalid login attempt." of the others. Certain only when exactly one step remains.
 */
export function diagnoseAll(outcomes: readonly ApiOutcome[]): Diagnosis | undefined {
  const failed = outcomes.filter((o) => !o.ok && o.observation)
  if (failed.length === 0) return undefined
  const anyOk = outcomes.some((o) => o.ok)
  const readings = failed.map((o) => read(o.observation as CallObservation))
  const specificLogin = readings.filter((r) => r.kind === 'login' && !r.generic)
  const ordered: SetupStepId[] = []
  const add = (ids: SetupStepId[]) => {
    for (const id of ids)
      if (!ordered.includes(id) && !(anyOk && ACCOUNT_LEVEL.has(id))) ordered.push(id)
  }
  for (const r of readings)
    if (r.kind === 'login' && (!r.generic || specificLogin.length === 0)) add(r.steps)
  for (const r of readings) if (r.kind !== 'login') add(r.steps)
  const evidence = readings.map((r) => r.evidence).join('; ')
  const [first, ...rest] = ordered
  if (first === undefined)
    return { step: SETUP_STEPS['login-audit-trail'], alsoCheck: [], evidence, certain: false }
  return {
    step: SETUP_STEPS[first],
    alsoCheck: rest.map((id) => SETUP_STEPS[id]),
    evidence,
    certain: rest.length === 0,
  }
}

/** Choose the steps for one failed call (the `request` command). */
export function diagnose(obs: CallObservation): Diagnosis {
  return diagnoseAll([{ api: obs.api, ok: false, observation: obs }]) as Diagnosis
}
