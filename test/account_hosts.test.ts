/**
 * The one rule for account-specific NetSuite hosts: every spelling of an account id gives the same
 * lower-case host, the public origin helpers and the OAuth 2.0 / TBA flows use it, and a host is
 * read back to its account.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  accountHost,
  accountHostMatch,
  accountOrigin,
  parseAccountHost,
} from '../src/account_hosts.ts'
import { tokenEndpointUrl } from '../src/oauth2/token_endpoint.ts'
import { suiteTalkOrigin } from '../src/rest.ts'
import { restletOrigin } from '../src/restlet.ts'

const SPELLINGS = ['1234567_SB1', '1234567-sb1', '1234567_sb1', '1234567-SB1']

describe('account hosts', () => {
  it('every spelling gives the documented hosts', () => {
    for (const id of SPELLINGS) {
      expect(accountOrigin(id, 'restlets')).toBe('https://1234567-sb1.restlets.api.netsuite.com')
      expect(accountOrigin(id, 'suitetalk')).toBe('https://1234567-sb1.suitetalk.api.netsuite.com')
      expect(accountOrigin(id, 'app')).toBe('https://1234567-sb1.app.netsuite.com')
      expect(restletOrigin(id)).toBe(accountOrigin(id, 'restlets'))
      expect(suiteTalkOrigin(id)).toBe(accountOrigin(id, 'suitetalk'))
      expect(tokenEndpointUrl({ accountId: id })).toBe(
        'https://1234567-sb1.suitetalk.api.netsuite.com/services/rest/auth/oauth2/v1/token',
      )
    }
  })

  it('a host reads back to its account and domain; other hosts are undefined', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9]{1,10}(?:[-_][A-Za-z0-9]{1,4})?$/),
        fc.constantFrom('restlets' as const, 'suitetalk' as const, 'app' as const),
        (id, domain) => {
          const parsed = parseAccountHost(accountHost(id, domain))
          expect(parsed).toEqual({ hostId: id.toLowerCase().replace(/_/g, '-'), domain })
          expect(accountHostMatch(accountHost(id, domain), id)?.status).toBe('match')
        },
      ),
    )
    expect(parseAccountHost('example.com')).toBeUndefined()
    expect(parseAccountHost('1234567.restlets.api.netsuite.com.evil.test')).toBeUndefined()
  })

  it('tells another account from the same account in upper case', () => {
    expect(accountHostMatch('7654321.restlets.api.netsuite.com', '1234567')?.status).toBe('other')
    expect(accountHostMatch('1234567-SB1.app.netsuite.com', '1234567_SB1')?.status).toBe('case')
    expect(accountHostMatch('127.0.0.1', '1234567')).toBeUndefined()
  })

  it('refuses a malformed account id with the documented code', () => {
    expect(() => accountOrigin('1234567.restlets.api.netsuite.com', 'restlets')).toThrow(
      expect.objectContaining({ code: 'ERR_TBA_INVALID_ACCOUNT_ID' }),
    )
  })
})
