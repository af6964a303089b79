/**
 * The account-specific NetSuite domains: the one place that knows how an account id becomes a
 * host (`https://<hostId>.restlets.api.netsuite.com`, `.suitetalk.api.netsuite.com`,
 * `<hostId>.app.netsuite.com`) and how such a host is read back.
 *
 * @module
 */
import { parseAccountId } from './account_id.ts'

/** The NetSuite domains of an account: RESTlets, SuiteTalk (REST and SOAP), and the UI. */
export type NetSuiteDomain = 'restlets' | 'suitetalk' | 'app'

const SUFFIX: Readonly<Record<NetSuiteDomain, string>> = {
  restlets: 'restlets.api.netsuite.com',
  suitetalk: 'suitetalk.api.netsuite.com',
  app: 'app.netsuite.com',
}

/** The host name of an account's domain: `<hostId>.<domain suffix>` (account id in any spelling). */
export function accountHost(accountId: string, domain: NetSuiteDomain): string {
  return `${parseAccountId(accountId).hostId}.${SUFFIX[domain]}`
}

/** `https://` + {@link accountHost}. */
export function accountOrigin(accountId: string, domain: NetSuiteDomain): string {
  return `https://${accountHost(accountId, domain)}`
}

const HOST = /^([a-z0-9-]+)\.(restlets\.api|suitetalk\.api|app)\.netsuite\.com$/i

/**
 * The account label and domain of an account-specific NetSuite host name, as written (case kept),
 * or undefined for any other host.
 */
export function parseAccountHost(
  hostname: string,
): { hostId: string; domain: NetSuiteDomain } | undefined {
  const m = HOST.exec(hostname)
  if (!m) return undefined
  const suffix = (m[2] as string).toLowerCase()
  const domain: NetSuiteDomain =
    suffix === 'app' ? 'app' : suffix === 'restlets.api' ? 'restlets' : 'suitetalk'
  return { hostId: m[1] as string, domain }
}

/**
 * How a host name relates to an account: `undefined` when it is not an account-specific NetSuite
 * host, else `match`, `case` (right account, not lower case) or `other` (another account), with
 * the host's label and the account's canonical forms for the message.
 */
export function accountHostMatch(
  hostname: string,
  accountId: string,
):
  { status: 'match' | 'case' | 'other'; label: string; hostId: string; realm: string } | undefined {
  const parsed = parseAccountHost(hostname)
  if (parsed === undefined) return undefined
  const { hostId, realm } = parseAccountId(accountId)
  const label = parsed.hostId
  const status = label === hostId ? 'match' : label.toLowerCase() === hostId ? 'case' : 'other'
  return { status, label, hostId, realm }
}
