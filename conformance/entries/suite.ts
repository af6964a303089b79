/**
 * The one conformance suite every runtime entry runs: every shared vector through the runner with
 * the netsuite-tba adapter. The library is injected (each entry imports the built package), so
 * this file stays runtime-neutral: no `node:` import, no file system, no test framework.
 *
 * @module
 */
import { netsuiteTbaAdapter, type NetsuiteTbaApi } from '../adapters/netsuite_tba.ts'
import { runVectors, type CaseResult } from '../run_vectors.ts'
import { vectorFiles } from '../vectors.ts'

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
 * Run every vector through `lib` and log a summary plus one machine-readable result line.
 * `log` defaults to console.log.
 */
export async function runSuite(
  lib: NetsuiteTbaApi,
  runtime?: string,
  log: (line: string) => void = (line) => console.log(line),
): Promise<SuiteResult> {
  const detected = detectRuntime()
  const summary = await runVectors(netsuiteTbaAdapter(lib), vectorFiles)
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
