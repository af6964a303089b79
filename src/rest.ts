/**
 * SuiteTalk REST web services: URLs of the account-specific SuiteTalk domain.
 *
 * @module
 */
import { parseAccountId } from './account_id.ts'

/** `https://<hostId>.suitetalk.api.netsuite.com` for an account id in any spelling. */
export function suiteTalkOrigin(accountId: string): string {
  return `https://${parseAccountId(accountId).hostId}.suitetalk.api.netsuite.com`
}
