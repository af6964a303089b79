/**
 * `netsuite-tba bench`: a quick in-process signing throughput figure. The full benchmark (every
 * runtime, latency and throughput tables) is `npm run bench` in the repository.
 *
 * @module
 */
import { createTbaSigner } from '../../index.ts'
import { createTbaSigner as createNodeTbaSigner } from '../../node.ts'
import type { TbaCredentials } from '../../index.ts'
import { flag, intOption, parseArgs, noPositionals } from './args.ts'
import { EXIT_CODES_HELP, type Command } from './command.ts'

const HELP = `Usage: netsuite-tba bench [--ms N] [--json]

A quick signing throughput figure on this runtime, with built-in sample credentials (nothing is
sent anywhere): createTbaSigner().sign() on WebCrypto with 64 requests in flight, and
netsuite-tba/node signSync() on node:crypto. A rough figure, not a benchmark report: for that,
run "npm run bench" in the repository.

Options:
  --ms N                 measure each path for N milliseconds (default 1000, 100-10000)
  --json                 print the figures as JSON
  -h, --help             show this help

${EXIT_CODES_HELP}`

/** Oracle's published sample credentials (not a real account). */
export const SAMPLE_CREDENTIALS: TbaCredentials = {
  accountId: '1234567_SB1',
  consumerKey: 'ef40afdd8abaac111b13825dd5e5e2ddddb44f86d5a0dd6dcf38c20aae6b67e4',
  consumerSecret: 'd26ad321a4b2f23b0741c8d38392ce01c3e23e109df6c96eac6d099e9ab9e8b5',
  tokenId: '2b0ce516420110bcbd36b69e99196d1b7f6de3c6234c5afb799b73d87569f5cc',
  tokenSecret: 'c29a677df7d5439a458c063654187e3d678d73aca8e3c9d8bea1478a3eb0d295',
}

/** One measured path. */
export interface QuickBenchResult {
  /** What was measured. */
  label: string
  /** Signatures per second. */
  opsPerSecond: number
  /** Signatures made. */
  count: number
  /** Wall time in milliseconds. */
  ms: number
}

const URL_ =
  'https://1234567-sb1.restlets.api.netsuite.com/app/site/hosting/restlet.nl?script=123&deploy=1&id=42'

/**
 * Measure the root entry's `sign()` (64 in flight) and `netsuite-tba/node`'s `signSync()` for
 * about `ms` milliseconds each.
 */
export async function quickBench(ms = 1000): Promise<QuickBenchResult[]> {
  const results: QuickBenchResult[] = []
  const web = createTbaSigner(SAMPLE_CREDENTIALS)
  await web.sign({ method: 'GET', url: URL_ }) // import the key once, outside the timing
  let count = 0
  const start = performance.now()
  const deadline = start + ms
  const worker = async () => {
    while (performance.now() < deadline) {
      await web.sign({ method: 'GET', url: URL_ })
      count++
    }
  }
  await Promise.all(Array.from({ length: 64 }, worker))
  let elapsed = performance.now() - start
  results.push({
    label: 'root sign(), 64 in flight',
    opsPerSecond: (count / elapsed) * 1000,
    count,
    ms: elapsed,
  })
  const node = createNodeTbaSigner(SAMPLE_CREDENTIALS)
  count = 0
  const start2 = performance.now()
  const deadline2 = start2 + ms
  while (performance.now() < deadline2) {
    for (let i = 0; i < 100; i++) node.signSync({ method: 'GET', url: URL_ })
    count += 100
  }
  elapsed = performance.now() - start2
  results.push({
    label: 'netsuite-tba/node signSync()',
    opsPerSecond: (count / elapsed) * 1000,
    count,
    ms: elapsed,
  })
  return results
}

/** Format ops/s for people: `61.2k/s`. */
export function formatRate(opsPerSecond: number): string {
  return opsPerSecond >= 1000
    ? `${(opsPerSecond / 1000).toFixed(1)}k signatures/s`
    : `${Math.round(opsPerSecond)} signatures/s`
}

/** The `bench` command. */
export const benchCommand: Command = {
  name: 'bench',
  summary: 'quick signing throughput on this runtime (full tables: npm run bench)',
  help: HELP,
  async run(argv, { output }) {
    const args = parseArgs(argv, { ms: { type: 'string' }, json: { type: 'boolean' } })
    noPositionals(args)
    const ms = intOption(args, 'ms', 1000, 100, 10_000)
    const results = await output.progress('measuring', () => quickBench(ms))
    if (flag(args, 'json')) {
      output.out(JSON.stringify(results, null, 2))
      return 0
    }
    output.out(output.c.bold('Quick signing throughput (in-process, no network)'))
    for (const r of results) output.out(`  ${r.label.padEnd(32)} ${formatRate(r.opsPerSecond)}`)
    output.out(output.c.dim('  a rough figure; the benchmark tables come from "npm run bench"'))
    return 0
  },
}
