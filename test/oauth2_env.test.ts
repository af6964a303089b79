/** oauth2CredentialsFromEnv: the core reader and the Node one (NETSUITE_PRIVATE_KEY_FILE). */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inspect } from 'node:util'
import { describe, expect, it } from 'vitest'
import { oauth2CredentialsFromEnv as nodeFromEnv } from '../src/node.ts'
import { ENV_NAMES } from '../src/index.ts'
import { oauth2CredentialsFromEnv } from '../src/oauth2.ts'
import { ecKey } from './oauth2_helpers.ts'

const pem = () => ecKey('prime256v1').pkcs8
const full = () => ({
  NETSUITE_ACCOUNT_ID: '1234567-sb1',
  NETSUITE_CLIENT_ID: 'client',
  NETSUITE_CERTIFICATE_ID: 'cert',
  NETSUITE_PRIVATE_KEY: pem(),
})

describe('oauth2CredentialsFromEnv', () => {
  it('reads the four values; the account id is canonical; the key is hidden', () => {
    const c = oauth2CredentialsFromEnv(full())
    expect(c).toMatchObject({ accountId: '1234567_SB1', clientId: 'client', certificateId: 'cert' })
    expect(c.privateKey).toBe(pem())
    const body = pem().split('\n')[1] as string
    for (const text of [JSON.stringify(c), inspect(c), String(c)]) {
      expect(text).not.toContain(body)
      expect(text).toContain('cert')
    }
  })

  it('lists every missing variable by name (empty counts as missing)', () => {
    expect(() => oauth2CredentialsFromEnv({ NETSUITE_CLIENT_ID: '' })).toThrow(
      expect.objectContaining({
        code: 'ERR_TBA_MISSING_ENV',
        message: expect.stringContaining(
          'NETSUITE_ACCOUNT_ID or NETSUITE_ACCOUNT, NETSUITE_CLIENT_ID, NETSUITE_CERTIFICATE_ID, NETSUITE_PRIVATE_KEY',
        ),
      }),
    )
  })

  it('NETSUITE_PRIVATE_KEY_FILE outside Node: says to use netsuite-tba/node', () => {
    const { NETSUITE_PRIVATE_KEY: _, ...rest } = full()
    expect(() =>
      oauth2CredentialsFromEnv({ ...rest, NETSUITE_PRIVATE_KEY_FILE: '/k.pem' }),
    ).toThrow(
      /only the Node entry reads files: import oauth2CredentialsFromEnv from 'netsuite-tba\/node'/,
    )
  })

  it('on Node, NETSUITE_PRIVATE_KEY_FILE is read; NETSUITE_PRIVATE_KEY wins when both are set', () => {
    const dir = mkdtempSync(join(tmpdir(), 'netsuite-env-'))
    const file = join(dir, 'k.pem')
    writeFileSync(file, pem(), { mode: 0o600 })
    const { NETSUITE_PRIVATE_KEY: _, ...rest } = full()
    expect(nodeFromEnv({ ...rest, NETSUITE_PRIVATE_KEY_FILE: file }).privateKey).toBe(pem())
    expect(nodeFromEnv({ ...full(), NETSUITE_PRIVATE_KEY_FILE: '/nope' }).privateKey).toBe(pem())
    expect(() => nodeFromEnv({ ...rest, NETSUITE_PRIVATE_KEY_FILE: join(dir, 'x') })).toThrow(
      expect.objectContaining({
        code: 'ERR_TBA_OAUTH2_INVALID_KEY',
        message: expect.stringMatching(/ENOENT/),
      }),
    )
  })

  it('the names live in ENV_NAMES', () => {
    expect(ENV_NAMES.clientId).toEqual(['NETSUITE_CLIENT_ID'])
    expect(ENV_NAMES.certificateId).toEqual(['NETSUITE_CERTIFICATE_ID'])
    expect(ENV_NAMES.privateKey).toEqual(['NETSUITE_PRIVATE_KEY'])
    expect(ENV_NAMES.privateKeyFile).toEqual(['NETSUITE_PRIVATE_KEY_FILE'])
  })
})
