/**
 * Turn what NetSuite answered into the set-up step to fix. NetSuite's response alone usually says
 * only "Invalid login attempt."; the reason is in `WWW-Authenticate` (sometimes), in the error code
 * and message, and always in the Login Audit Trail's Detail column. This module knows the steps of
 * docs/setup.md and which evidence points to which.
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

/** A set-up step: what to change in NetSuite, and where. */
export interface SetupStep {
  /** Stable identifier; also the anchor in docs/setup.md. */
  id: SetupStepId
  /** One-line title. */
  title: string
  /** What to do, in order. */
  fix: string[]
}

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
    title: "The token's role requires two-factor authentication",
    fix: [
      'Use a dedicated integration role that is not 2FA-required: Setup > Users/Roles > Manage Roles, edit the role and uncheck Two-Factor Authentication Required (Administrator and highly privileged roles always require 2FA).',
      'Create the access token with that role.',
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
  /** The `error_description` parameter of `WWW-Authenticate`. */
  authDescription?: string
  /** NetSuite's own code: `o:errorCode`, RESTlet `error.code`, SOAP fault code. */
  netsuiteCode?: string
  /** The library's error code (ERR_NETSUITE_…). */
  errorCode?: string
  /** Error message / fault string / response text. */
  message?: string
  /** The Login Audit Trail's Detail for the failure, when known (the simulator serves it). */
  auditDetail?: string
}

/** The step chosen for a failure, with the evidence that led to it. */
export interface Diagnosis {
  /** The step to fix. */
  step: SetupStep
  /** Other steps that fit the same evidence, most likely first. */
  alsoCheck: SetupStep[]
  /** What was seen that points to the step. */
  evidence: string
  /** True when the evidence names the cause; false when it is a ranked guess. */
  certain: boolean
}

const norm = (s: string | undefined) => (s ?? '').toLowerCase().replace(/[^a-z0-9]/g, '')

// Login Audit Trail / WWW-Authenticate cause names (normalised: lower case, letters and digits).
const CAUSES: [RegExp, SetupStepId][] = [
  [/^featuredisabled|tbadisabled|featurenotenabled|tbafeature/, 'enable-features'],
  [
    /tbanotallowed|tbanotenabled|integrationtba|tbaunchecked|tokenbasedauthentication(is)?not(enabled|checked)?on(the)?integration|notenabledontheintegration/,
    'integration-tba',
  ],
  [
    /consumerkeyrefused|integrationblocked|integrationdisabled|integrationstate|integrationrecordisblocked/,
    'integration-state',
  ],
  [/consumerkeyunknown|unknownintegration|unknownconsumer|invalidconsumer/, 'consumer-key'],
  [/otheraccount|wrongaccount|accountmismatch|tokenaccount|sandbox/, 'token-account'],
  [
    /revoked|tokeninactive|tokenrejected|tokenunknown|invalidtoken|tokenexpired|unknowntoken/,
    'token',
  ],
  [/permissionchange|notyeteffective|notyetapplied|propagat/, 'permission-pending'],
  [/webservicesonly/, 'web-services-only-role'],
  [
    /loginusingaccesstokens|loginwithaccesstokens|useraccesstokens|accesstokenpermission|tokenloginnotallowed/,
    'role-login-tokens',
  ],
  [/restwebservices/, 'role-rest-web-services'],
  [
    /soapwebservices|^webservices|violationwebservices|missingwebservices|webservicesnotallowed|webservicespermission/,
    'role-web-services',
  ],
  [/recordpermission|permissionviolation|insufficientpermission/, 'role-record-permission'],
  [/twofactor|2fa|mfa/, 'two-factor'],
  [/pending|cache/, 'permission-pending'],
  [
    /rolenotassigned|roledisabled|entityorroledisabled|userdisabled|noaccess|roleassign|loginaccessdisabled/,
    'role-assigned',
  ],
  [/timestamp|clock|skew/, 'clock'],
  [/nonceused|noncereplay|nonceused/, 'nonce'],
  [/signature/, 'signature'],
]

// WWW-Authenticate / error codes that say "login failed" without saying why.
const GENERIC =
  /^(invalid_token|invalid_request|invalid_login(_attempt)?|user_error|permission_denied|access_denied|unauthorized|insufficient_permission)$/i

// Evidence that fits more than one step: the other candidates, most likely first.
const ALSO: Partial<Record<SetupStepId, SetupStepId[]>> = {
  token: ['token-account', 'role-assigned'],
  'token-account': ['token'],
  'integration-state': ['integration-tba'],
  'integration-tba': ['integration-state'],
  'consumer-key': ['token-account'],
  'role-login-tokens': ['permission-pending'],
  'role-web-services': ['permission-pending'],
  'role-rest-web-services': ['permission-pending'],
  'role-record-permission': ['permission-pending'],
  signature: ['token-account'],
}

/** Map a cause name (audit-trail Detail or WWW-Authenticate error) to a step, if known. */
export function stepForCause(cause: string): SetupStepId | undefined {
  // "Code: specifics — generic explanation": the part before the dash is the specific one.
  const head = cause.split(/\s+[—–]\s+/)[0] as string
  if (head !== cause) {
    const id = stepForCause(head)
    if (id) return id
  }
  const n = norm(cause)
  if (!n) return undefined
  return CAUSES.find(([re]) => re.test(n))?.[1]
}

/**
 * Choose the set-up step for a failed call. Certain when NetSuite named the cause (an explicit
 * `WWW-Authenticate` error, a permission error naming the permission, a 2FA or Web-Services-Only
 * message); otherwise the usual suspects for "Invalid login attempt." in their order of likelihood,
 * with the Login Audit Trail to confirm.
 */
export function diagnose(obs: CallObservation): Diagnosis {
  const steps = (ids: SetupStepId[]) => ids.map((id) => SETUP_STEPS[id])
  const pick = (id: SetupStepId, evidence: string, also: SetupStepId[] = []): Diagnosis => ({
    step: SETUP_STEPS[id],
    alsoCheck: steps(also.filter((a) => a !== id)),
    evidence,
    certain: true,
  })
  const message = obs.message ?? ''
  const text = `${obs.authError ?? ''} ${obs.authDescription ?? ''} ${obs.netsuiteCode ?? ''} ${message}`
  const lower = text.toLowerCase()
  const seen = [
    obs.status !== undefined ? `HTTP ${obs.status}` : undefined,
    obs.authError ? `WWW-Authenticate error="${obs.authError}"` : undefined,
    obs.netsuiteCode ? `code ${obs.netsuiteCode}` : undefined,
    message ? `"${message.length > 200 ? message.slice(0, 200) + '…' : message}"` : undefined,
  ]
    .filter(Boolean)
    .join(', ')

  // 0. The Login Audit Trail's Detail names the cause precisely.
  if (obs.auditDetail) {
    const id = stepForCause(obs.auditDetail)
    if (id) return pick(id, `${seen}; Login Audit Trail Detail: ${obs.auditDetail}`, ALSO[id])
  }
  // 1. NetSuite named the cause in WWW-Authenticate (or an audit-trail style code).
  for (const candidate of [obs.authError, obs.authDescription, obs.netsuiteCode]) {
    if (!candidate || GENERIC.test(candidate)) continue
    const id = stepForCause(candidate)
    if (id) return pick(id, seen, ALSO[id])
  }
  // 2. Messages that name the cause.
  if (/web services only/i.test(lower) || obs.netsuiteCode === 'INVALID_LOGIN_CREDENTIALS') {
    return pick('web-services-only-role', seen, ['role-login-tokens'])
  }
  if (/two-factor|2fa|second factor/i.test(lower)) return pick('two-factor', seen)
  if (/log ?in using access tokens|user access tokens/i.test(lower))
    return pick('role-login-tokens', seen)
  if (/rest web services/i.test(lower))
    return pick('role-rest-web-services', seen, ['permission-pending'])
  if (
    /(soap )?web services (permission|feature)|permission.*web services|webservices_disabled/i.test(
      lower,
    )
  ) {
    return pick('role-web-services', seen, ['permission-pending'])
  }
  if (/you need the .* permission|permission violation/i.test(lower)) {
    return pick('role-record-permission', seen, ['permission-pending'])
  }
  if (/not (yet )?(been )?(applied|propagated)|takes? (some )?time|pending/i.test(lower)) {
    return pick('permission-pending', seen)
  }
  if (/role.*(not assigned|disabled|inactive)|login access has been disabled/i.test(lower)) {
    return pick('role-assigned', seen)
  }
  if (/feature.*(not enabled|disabled)|enable the feature/i.test(lower))
    return pick('enable-features', seen)
  if (/timestamp|clock/i.test(lower)) return pick('clock', seen)
  if (obs.status === 429 || /request_limit_exceeded|ws_request_blocked|concurren/i.test(lower)) {
    return pick('concurrency', seen)
  }
  if (obs.status === 302 || obs.status === 404 || /correct data center/i.test(lower)) {
    return pick('host', seen)
  }
  // "Your current role does not have permission to perform this action." names no permission:
  // on SOAP it is usually the Web Services permission, on REST the REST Web Services one (§6).
  if (/does not have permission|insufficient.?permission/i.test(lower) || obs.status === 403) {
    if (obs.api === 'soap') {
      return pick('role-web-services', seen, ['role-record-permission', 'permission-pending'])
    }
    if (obs.api === 'rest' && obs.status !== 403) {
      return pick('role-rest-web-services', seen, ['role-record-permission', 'permission-pending'])
    }
    return pick('role-record-permission', seen, ['role-rest-web-services', 'permission-pending'])
  }
  // 3. A bare "Invalid login attempt.": the usual suspects, most likely first.
  const suspects: SetupStepId[] =
    obs.api === 'restlet'
      ? [
          'signature',
          'token',
          'token-account',
          'role-login-tokens',
          'web-services-only-role',
          'integration-state',
          'enable-features',
          'role-assigned',
          'two-factor',
          'permission-pending',
        ]
      : obs.api === 'soap'
        ? [
            'signature',
            'token',
            'token-account',
            'role-web-services',
            'role-login-tokens',
            'integration-state',
            'enable-features',
            'role-assigned',
            'two-factor',
            'permission-pending',
          ]
        : [
            'signature',
            'token',
            'token-account',
            'role-rest-web-services',
            'role-login-tokens',
            'integration-state',
            'enable-features',
            'role-assigned',
            'two-factor',
            'permission-pending',
          ]
  return {
    step: SETUP_STEPS['login-audit-trail'],
    alsoCheck: steps(suspects),
    evidence: seen || 'no response detail',
    certain: false,
  }
}
