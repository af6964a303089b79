/**
 * The one conformance suite every runtime entry runs: every shared vector through the runner with
 * the netsuite-tba adapter. The library is injected (each entry imports the built package), so
 * this file stays runtime-neutral: no `node:` import, no file system, no test framework.
 *
 * @module
 */
import { netsuiteTbaAdapter, type NetsuiteTbaApi } from '../adapters/netsuite_tba.ts'
import { runOAuth2Cases, type OAuth2Api } from '../oauth2_cases.ts'
import { runPkceCases, type PkceApi } from '../pkce_cases.ts'
import { runVectors, type CaseResult } from '../run_vectors.ts'
import { vectorFiles } from '../vectors.ts'
import { differentialResults, hashVectorResults } from '../hash_checks.ts'

/** The line prefix the orchestrator (conformance/run_all.mjs) parses. */
export const RESULT_PREFIX = 'CONFORMANCE_RESULT '

/** What one runtime reports. */
export interface SuiteResult {
  runtime: string
  version: string
  passed: number
  failed: number
  skipped: number
  total: number
  failures: CaseResult[]
}

interface RuntimeGlobals {
  Deno?: { version: { deno: string } }
  Bun?: { version: string }
  EdgeRuntime?: string
  process?: { versions?: { node?: string } }
  navigator?: { userAgent?: string }
}

/** Best-effort name and version of the runtime executing this code. */
export function detectRuntime(): { runtime: string; version: string } {
  const g = globalThis as unknown as RuntimeGlobals
  if (g.Deno) return { runtime: 'deno', version: g.Deno.version.deno }
  if (g.Bun) return { runtime: 'bun', version: g.Bun.version }
  if (typeof g.EdgeRuntime === 'string') return { runtime: 'edge-runtime', version: g.EdgeRuntime }
  if (g.process?.versions?.node) return { runtime: 'node', version: g.process.versions.node }
  const ua = g.navigator?.userAgent ?? ''
  if (ua === 'Cloudflare-Workers') return { runtime: 'workerd', version: 'Cloudflare-Workers' }
  const chrome = /(?:HeadlessChrome|Chrome|Chromium)\/([\d.]+)/.exec(ua)
  if (chrome) return { runtime: 'chromium', version: chrome[1] as string }
  return { runtime: 'unknown', version: ua || 'unknown' }
}

/**
 * Many signatures of one URL in flight at once, on a warm signer: each must verify on its own.
 * The signer reuses one byte buffer per URL, relying on WebCrypto copying its input when
 * `subtle.sign` is called; a runtime that read it later would sign another request's bytes.
 * Each result is checked with `hmacBase64`, which shares no state with the signer.
 */
export async function concurrentSigning(lib: NetsuiteTbaApi): Promise<CaseResult> {
  const id = 'concurrent-signing-one-url'
  const signer = lib.createOAuth1Signer({
    consumerKey: 'ck',
    consumerSecret: 'cs',
    token: 'tk',
    tokenSecret: 'ts',
    realm: '1234567',
  })
  const request = {
    method: 'GET',
    url: 'https://1234567.restlets.api.netsuite.com/app/site/hosting/restlet.nl?script=1&deploy=1',
  }
  await signer.sign(request)
  const signed = await Promise.all(Array.from({ length: 64 }, () => signer.sign(request)))
  const nonces = new Set(signed.map((r) => r.nonce))
  for (const r of signed) {
    const expected = await lib.hmacBase64('HMAC-SHA256', lib.signingKey('cs', 'ts'), r.baseString)
    if (r.signature !== expected || !r.baseString.includes(r.nonce)) {
      return {
        file: 'concurrency',
        id,
        kind: 'signature',
        status: 'fail',
        reason: `a signature made with 64 in flight does not match its own base string (nonce ${r.nonce})`,
        expected,
        actual: r.signature,
      }
    }
  }
  if (nonces.size !== signed.length) {
    return { file: 'concurrency', id, kind: 'signature', status: 'fail', reason: 'nonce reused' }
  }
  return { file: 'concurrency', id, kind: 'signature', status: 'pass' }
}

/**
 * Run every vector through `lib` and log a summary plus one machine-readable result line.
 * `log` defaults to console.log. `nodeLib` (`netsuite-tba/node`, on runtimes with node:crypto)
 * runs the vectors again through `signSync` and `signTokenPassportSync`. `oauth2Lib`
 * (`netsuite-tba/oauth2`) adds the OAuth 2.0 client assertion cases (`oauth2_cases.ts`).
 */
export async function runSuite(
  lib: NetsuiteTbaApi,
  runtime?: string,
  log: (line: string) => void = (line) => console.log(line),
  nodeLib?: NetsuiteTbaApi,
  oauth2Lib?: OAuth2Api,
): Promise<SuiteResult> {
  const detected = detectRuntime()
  const summary = await runVectors(netsuiteTbaAdapter(lib), vectorFiles)
  summary.results.push(await concurrentSigning(lib))
  // The built-in SHA-256 / HMAC-SHA256: published vectors and a differential against WebCrypto.
  summary.results.push(...hashVectorResults(), ...(await differentialResults()))
  // Every runtime: the same vectors through the root entry's signSync and signTokenPassportSync.
  {
    const adapter = netsuiteTbaAdapter(lib, 'netsuite-tba signSync', {
      sync: true,
      sha1Sync: false,
    })
    const sync = await runVectors(adapter, vectorFiles)
    for (const r of sync.results) summary.results.push({ ...r, id: `root signSync ${r.id}` })
  }
  if (nodeLib !== undefined) {
    // Where node:crypto exists, the same vectors through netsuite-tba/node's signSync.
    const adapter = netsuiteTbaAdapter(nodeLib, 'netsuite-tba/node', { sync: true })
    const sync = await runVectors(adapter, vectorFiles)
    for (const r of sync.results) summary.results.push({ ...r, id: `signSync ${r.id}` })
  }
  if (oauth2Lib !== undefined) summary.results.push(...(await runOAuth2Cases(oauth2Lib)))
  if (oauth2Lib !== undefined)
    summary.results.push(...(await runPkceCases(oauth2Lib as unknown as PkceApi)))
  summary.passed = summary.results.filter((r) => r.status === 'pass').length
  summary.failed = summary.results.filter((r) => r.status === 'fail').length
  summary.skipped = summary.results.filter((r) => r.status === 'skip').length
  const failures = summary.results.filter((r) => r.status === 'fail')
  const result: SuiteResult = {
    runtime: runtime ?? detected.runtime,
    version: detected.version,
    passed: summary.passed,
    failed: summary.failed,
    skipped: summary.skipped,
    total: summary.results.length,
    failures,
  }
  for (const f of failures.slice(0, 10)) {
    log(`FAIL ${f.file} ${f.id}: ${f.reason ?? ''}${f.diff ? `\n${f.diff}` : ''}`)
  }
  if (failures.length > 10) log(`… and ${failures.length - 10} more failures`)
  log(
    `${result.runtime} ${result.version}: ${result.passed} passed, ${result.failed} failed, ${result.skipped} skipped (of ${result.total})`,
  )
  log(RESULT_PREFIX + JSON.stringify({ ...result, failures: failures.map((f) => f.id) }))
  return result
}
