/**
 * NetSuite account ids in their three spellings.
 *
 * @module
 */
import { argumentError, TbaError, TbaErrorCodes } from './errors.ts'

/** The forms of one NetSuite account id. */
export interface AccountId {
  /** Canonical id as NetSuite writes it: upper case, `_` separator (`1234567_SB1`). */
  accountId: string
  /** The OAuth `realm` and the SOAP passport `account`: the canonical id. */
  realm: string
  /** The host label of the account-specific domains: lower case, `-` (`1234567-sb1`). */
  hostId: string
}

const ACCOUNT_ID = /^[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*$/

/**
 * Parse a NetSuite account id written in any of its usual spellings (`1234567_SB1`, `1234567-sb1`,
 * `1234567_sb1`, `tstdrv1234567`) into the realm and host forms.
 *
 * @example
 * ```ts
 * parseAccountId('1234567-sb1') // { accountId: '1234567_SB1', realm: '1234567_SB1', hostId: '1234567-sb1' }
 * ```
 *
 * @throws {@link TbaError} `ERR_TBA_INVALID_ACCOUNT_ID` when the id is not of that shape.
 */
export function parseAccountId(id: string): AccountId {
  if (typeof id !== 'string') {
    throw argumentError(
      'accountId must be a string such as "1234567" or "1234567_SB1"',
      'ERR_INVALID_ARG_TYPE',
    )
  }
  if (!ACCOUNT_ID.test(id) || id.length > 64) {
    const hint = id.includes('.')
      ? ' It looks like a host name: pass only the account part (for 1234567-sb1.restlets.api.netsuite.com that is 1234567-sb1).'
      : id.trim() !== id
        ? ' It has leading or trailing whitespace.'
        : ''
    throw new TbaError(
      TbaErrorCodes.INVALID_ACCOUNT_ID,
      `accountId ${JSON.stringify(id.slice(0, 70))} is not a NetSuite account id (expected letters and digits with an optional _SB1/_RP style suffix, e.g. 1234567, 1234567_SB1, TSTDRV1234567; see Setup > Company > Company Information).${hint}`,
    )
  }
  const accountId = id.toUpperCase().replace(/-/g, '_')
  return { accountId, realm: accountId, hostId: id.toLowerCase().replace(/_/g, '-') }
}
