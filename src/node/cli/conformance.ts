/// <reference types="node" />
/**
 * `netsuite-tba conformance`: run the shared vectors against this library on this runtime, or
 * against any signer through a small adapter module (`--signer ./adapter.mjs`).
 *
 * @module
 */
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { ConformanceAdapter } from '../../../conformance/adapter.ts'
import { netsuiteTbaAdapter } from '../../../conformance/adapters/netsuite_tba.ts'
import { certifySigner, type CertifyResult } from '../../../conformance/certify.ts'
import {
  baseStringUri,
  createOAuth1Signer,
  hmacBase64,
  normalizeParameters,
  percentEncode,
  signingKey,
  signTokenPassport,
} from '../../index.ts'
import { flag, parseArgs, stringOption, UsageError, noPositionals } from './args.ts'
import { EXIT_CODES_HELP, type Command } from './command.ts'
import type { Output } from './output.ts'

const HELP = `Usage: netsuite-tba conformance [--signer MODULE] [options]

Run the shared OAuth 1.0a / NetSuite TBA vectors (RFC 5849 examples, NetSuite's published
examples, generated NetSuite cases, SOAP passports) and report every case.

Without --signer, netsuite-tba itself is tested on the runtime running this command. With
--signer, the module's default export (or export named "adapter") is a ConformanceAdapter:
  export default { name: 'my signer', sign(input) { return { signature, baseString? } } }
see conformance/adapter.ts for every optional method (percentEncode, passport, ...).

Options:
  --signer MODULE        path to an adapter module (.mjs/.js) to certify another signer
  --json                 print the full result as JSON (every case, diffs included)
  --verbose              list every case, not only failures
  -h, --help             show this help

${EXIT_CODES_HELP.replace('the check or request failed', 'a case failed          ')}`

/** The name and version of the JavaScript runtime running this code. */
export function runtimeLabel(): string {
  const g = globalThis as {
    Deno?: { version: { deno: string } }
    Bun?: { version: string }
    process?: { version?: string }
  }
  if (g.Deno) return `Deno ${g.Deno.version.deno}`
  if (g.Bun) return `Bun ${g.Bun.version}`
  return `Node ${g.process?.version ?? '?'}`
}

/** The conformance adapter for netsuite-tba on this runtime (WebCrypto path). */
export function selfAdapter(): ConformanceAdapter {
  return netsuiteTbaAdapter(
    {
      createOAuth1Signer,
      percentEncode,
      baseStringUri,
      normalizeParameters,
      signingKey,
      hmacBase64,
      signTokenPassport,
    },
    `netsuite-tba (${runtimeLabel()})`,
  )
}

/** Run every vector through `adapter`; failures come grouped by diagnosed cause. */
export function runConformance(adapter: ConformanceAdapter): Promise<CertifyResult> {
  return certifySigner(adapter)
}

/** Load an adapter module: its default export or its `adapter` export. */
export async function loadAdapter(path: string, cwd: string): Promise<ConformanceAdapter> {
  let mod: { default?: unknown; adapter?: unknown }
  try {
    mod = (await import(pathToFileURL(resolve(cwd, path)).href)) as typeof mod
  } catch (cause) {
    throw new UsageError(`cannot load --signer ${path}: ${(cause as Error).message}`)
  }
  let candidate = mod.default ?? mod.adapter
  if (typeof candidate === 'function') candidate = await (candidate as () => unknown)()
  const a = candidate as Partial<ConformanceAdapter> | undefined
  if (!a || typeof a !== 'object' || typeof a.name !== 'string') {
    throw new UsageError(
      `--signer ${path} must export (default or "adapter") an object with a name and sign()/passport()/... methods; see conformance/adapter.ts`,
    )
  }
  return a as ConformanceAdapter
}

/** Print a run's summary: failure classes, the first diffs (all with `verbose`), the totals. */
export function printSummary(summary: CertifyResult, output: Output, verbose: boolean): void {
  const { c } = output
  let shown = 0
  for (const r of summary.results) {
    if (r.status === 'fail') {
      if (!verbose && shown++ >= 3) continue
      output.out(`${c.red('✗')} ${r.file} ${r.id}: ${r.reason ?? 'failed'}`)
      if (r.diff) output.out(r.diff.replace(/^/gm, '    '))
    } else if (verbose) {
      output.out(
        `${r.status === 'pass' ? c.green('✓') : c.dim('-')} ${r.file} ${r.id}${r.reason ? c.dim(` (${r.reason})`) : ''}`,
      )
    }
  }
  if (!verbose && shown > 3) output.out(c.dim(`… ${shown - 3} more failures (--verbose shows all)`))
  if (summary.classes.length) {
    output.out(c.bold('Failure classes:'))
    for (const cls of summary.classes) {
      output.out(
        `  ${String(cls.cases.length).padStart(4)}  ${cls.cause} ${c.dim(`(${cls.field})`)}`,
      )
    }
  }
  const line = `${summary.adapter}: ${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped`
  output.out(summary.failed === 0 ? c.green(line) : c.red(line))
}

/** The `conformance` command. */
export const conformanceCommand: Command = {
  name: 'conformance',
  summary: 'run the vector suite on this runtime, or against --signer MODULE',
  help: HELP,
  async run(argv, { io, output }) {
    const args = parseArgs(argv, {
      signer: { type: 'string' },
      json: { type: 'boolean' },
      verbose: { type: 'boolean', short: 'v' },
    })
    noPositionals(args)
    const signerPath = stringOption(args, 'signer')
    const adapter = signerPath ? await loadAdapter(signerPath, io.cwd) : selfAdapter()
    const summary = await output.progress(`running vectors against ${adapter.name}`, () =>
      runConformance(adapter),
    )
    if (flag(args, 'json'))
      output.out(JSON.stringify({ runtime: runtimeLabel(), ...summary }, null, 2))
    else printSummary(summary, output, flag(args, 'verbose'))
    return summary.failed === 0 ? 0 : 1
  },
}
