#!/usr/bin/env node
/// <reference types="node" />
/**
 * The `netsuite-tba` command. For now: sign a sample RESTlet request with fixed demo credentials
 * (or the NETSUITE_* variables when set) and print the Authorization header.
 *
 * @module
 */
import { credentialsFromEnv, processEnv } from './credentials.ts'
import { createTbaSigner } from './tba_signer.ts'
import { parseAccountId } from './account_id.ts'
import type { TbaCredentials } from './types.ts'

const DEMO: TbaCredentials = {
  accountId: '1234567_SB1',
  consumerKey: 'ef40afdd8abaac111b13825dd5e5e2ddddb44f86d5a0dd6dcf38c20aae6b67e4',
  consumerSecret: 'd26ad321a4b2f23b0741c8d38392ce01c3e23e109df6c96eac6d099e9ab9e8b5',
  tokenId: '2b0ce516420110bcbd36b69e99196d1b7f6de3c6234c5afb799b73d87569f5cc',
  tokenSecret: 'c29a677df7d5439a458c063654187e3d678d73aca8e3c9d8bea1478a3eb0d295',
}

async function main(): Promise<void> {
  const env = processEnv() ?? {}
  const configured = Object.keys(env).some((k) => k.startsWith('NETSUITE_'))
  const credentials = configured ? credentialsFromEnv(env) : DEMO
  const { hostId } = parseAccountId(credentials.accountId)
  const url = `https://${hostId}.restlets.api.netsuite.com/app/site/hosting/restlet.nl?script=123&deploy=1`
  const signer = createTbaSigner(credentials)
  const { authorization, baseString } = await signer.sign({ method: 'GET', url })
  console.log(
    `credentials: ${configured ? 'NETSUITE_* environment' : 'built-in demo (Oracle sample values)'}`,
  )
  console.log(`request:     GET ${url}`)
  console.log(`base string: ${baseString}`)
  console.log(`Authorization: ${authorization}`)
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : String(error))
  process.exitCode = 1
})
