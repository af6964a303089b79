/**
 * RESTlets: URLs of the account-specific RESTlet domain.
 *
 * @module
 */
import { parseAccountId } from './account_id.ts'

/** `https://<hostId>.restlets.api.netsuite.com` for an account id in any spelling. */
export function restletOrigin(accountId: string): string {
  return `https://${parseAccountId(accountId).hostId}.restlets.api.netsuite.com`
}
