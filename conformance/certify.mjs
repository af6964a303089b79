// Third-party mode from the command line:
//   node conformance/certify.mjs --signer ./path/to/adapter.mjs [--markdown] [--json]
// The adapter module default-exports a ConformanceAdapter (see conformance/README.md). Prints the
// totals and the classes of failures; exit status 1 if any case failed, 2 on a usage error.
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { bundleModule } from './build.mjs'

const args = process.argv.slice(2)
const flag = (name) => args.includes(name)
const value = (name) => {
  const i = args.findIndex((a) => a === name || a.startsWith(`${name}=`))
  if (i === -1) return undefined
  return args[i].includes('=') ? args[i].slice(name.length + 1) : args[i + 1]
}
const signer = value('--signer')
if (!signer || flag('--help') || flag('-h')) {
  console.error(
    'usage: node conformance/certify.mjs --signer ./path/to/adapter.mjs [--markdown] [--json]',
  )
  process.exit(signer ? 0 : 2)
}
const path = resolve(process.cwd(), signer)
if (!existsSync(path)) {
  console.error(`certify: no such file: ${path}`)
  process.exit(2)
}

const kit = await import(pathToFileURL(await bundleModule('conformance/kit.ts', 'kit.mjs')).href)
const mod = await import(pathToFileURL(path).href)
const adapter = mod.default ?? mod.adapter
if (!adapter || typeof adapter !== 'object' || typeof adapter.name !== 'string') {
  console.error(`certify: ${signer} must default-export a ConformanceAdapter ({ name, sign?, … })`)
  process.exit(2)
}

const result = await kit.certifySigner(adapter)
if (flag('--json')) {
  const { markdown: _markdown, ...rest } = result
  console.log(JSON.stringify(rest, null, 2))
} else if (flag('--markdown')) {
  console.log(result.markdown)
} else {
  console.log(
    `${result.adapter}: ${result.passed} passed, ${result.failed} failed, ${result.skipped} skipped`,
  )
  if (result.classes.length) {
    console.log('\nfailure classes:')
    for (const c of result.classes) {
      const tags = Object.keys(c.tags).length ? ` [tags: ${Object.keys(c.tags).join(', ')}]` : ''
      console.log(`  ${String(c.cases.length).padStart(3)} × ${c.cause} (${c.field})${tags}`)
      console.log(`        e.g. ${c.cases.slice(0, 3).join(', ')}`)
    }
    const first = result.results.find((r) => r.status === 'fail')
    if (first)
      console.log(`\nfirst failure: ${first.file} ${first.id}\n${first.diff ?? first.reason}`)
  }
  const skips = {}
  for (const r of result.results)
    if (r.status === 'skip') skips[r.reason] = (skips[r.reason] ?? 0) + 1
  if (Object.keys(skips).length) {
    console.log('\nskipped:')
    for (const [reason, n] of Object.entries(skips))
      console.log(`  ${String(n).padStart(3)} × ${reason}`)
  }
}
process.exitCode = result.failed > 0 ? 1 : 0
