// Vercel edge-runtime entry: @edge-runtime/vm evaluates conformance/.out/global_script.js (the
// suite bundled with the built package) in a context with edge globals only (no process, no
// require). Note: its crypto.subtle is Node's; this proves "no Node globals", not a second engine.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { EdgeVM } from '@edge-runtime/vm'

const here = dirname(fileURLToPath(import.meta.url))
const script = readFileSync(join(here, '..', '.out', 'global_script.js'), 'utf8')
const vmVersion = createRequire(import.meta.url)('@edge-runtime/vm/package.json').version

const vm = new EdgeVM()
vm.evaluate(script)
const leaks = vm.evaluate('[typeof process, typeof require, typeof Buffer].join(",")')
const result = await vm.evaluate('globalThis.__conformance')
for (const line of result.log) if (!line.startsWith('CONFORMANCE_RESULT ')) console.log(line)
console.log(`node globals in the VM (process, require, Buffer): ${leaks}`)
const ok = result.failed === 0 && result.passed > 0 && leaks === 'undefined,undefined,undefined'
console.log(
  'CONFORMANCE_RESULT ' +
    JSON.stringify({
      runtime: 'edge-runtime',
      version: `@edge-runtime/vm ${vmVersion} on Node ${process.versions.node}`,
      passed: result.passed,
      failed: result.failed + (ok || result.failed ? 0 : 1),
      skipped: result.skipped,
      total: result.total,
      failures: result.failures.map((f) => f.id),
    }),
)
process.exitCode = ok ? 0 : 1
