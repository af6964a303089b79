// npm run bench [-- --quick] [-- --memory] [-- --runtimes node,deno,bun] [-- --no-build] [-- --report-only] [-- --no-workerd]
// Runs bench/harness.mjs on each runtime (one process each, one after the other), then writes
// a markdown table, the JSON and an SVG chart. Full runs go to bench/results/; --quick runs
// go to the system temp directory unless --out-dir is given (CI smoke use).
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { renderMarkdown, renderMemory } from './report.mjs'
import { renderSvg } from './chart.mjs'
import { renderWorkerd, runWorkerd } from './workerd.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const args = process.argv.slice(2)
const opt = (name, dflt) => {
  const i = args.indexOf(name)
  return i >= 0 ? args[i + 1] : dflt
}
const QUICK = args.includes('--quick')
const MEMORY = args.includes('--memory')
const runtimes = opt('--runtimes', 'node,deno,bun').split(',')
const outDir = opt(
  '--out-dir',
  QUICK ? join(tmpdir(), 'netsuite-tba-bench') : join(root, 'bench/results'),
)
mkdirSync(outDir, { recursive: true })

// Build the library entries the bench imports (dist/index.js, dist/node.js) with the settings of
// tsup.config.ts (ESM, es2022, neutral platform, splitting, tree-shaking), minus the CLI entry and
// `clean`, so the bench does not depend on the CLI build and leaves the rest of dist/ alone.
const skipBuild = args.includes('--no-build') || args.includes('--report-only')
if (!skipBuild || !existsSync(join(root, 'dist/node.js'))) {
  const entries = ['index', 'node', 'restlet', 'rest', 'soap', 'verify'].map((e) => `src/${e}.ts`)
  const flags = ['--format', 'esm,cjs', '--dts', '--splitting', '--target', 'es2022']
  flags.push('--platform', 'neutral', '--treeshake', '--no-config', '--silent')
  const b = spawnSync('npx', ['tsup', ...entries, ...flags], { cwd: root, stdio: 'inherit' })
  if (b.status !== 0) process.exit(b.status ?? 1)
}

const bin = (name) => join(root, 'node_modules/.bin', name)
const commands = {
  node: [process.execPath, ['--expose-gc']],
  deno: [bin('deno'), ['run', '-A', '--v8-flags=--expose-gc']],
  bun: [bin('bun'), ['run']],
}
const t0 = Date.now()
const results = []
// --report-only: re-render the table and chart from the JSON already in the output directory.
const REPORT_ONLY = args.includes('--report-only')
for (const rt of REPORT_ONLY ? [] : runtimes) {
  const [cmd, pre] = commands[rt] ?? []
  if (!cmd) throw new Error(`unknown runtime ${rt}`)
  const file = join(outDir, `${MEMORY ? 'memory-' : ''}${rt}.json`)
  const extra = [QUICK && '--quick', MEMORY && '--memory'].filter(Boolean)
  const r = spawnSync(cmd, [...pre, join(root, 'bench/harness.mjs'), ...extra, '--out', file], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1' },
  })
  if (r.status !== 0) {
    console.error(`bench: ${rt} failed (exit ${r.status})`)
    process.exit(1)
  }
  results.push(JSON.parse(readFileSync(file, 'utf8')))
}

if (REPORT_ONLY) {
  for (const rt of runtimes) {
    results.push(
      JSON.parse(readFileSync(join(outDir, `${MEMORY ? 'memory-' : ''}${rt}.json`), 'utf8')),
    )
  }
}
if (MEMORY) {
  const md = renderMemory(results)
  writeFileSync(join(outDir, 'memory.md'), md)
  console.log(md)
} else {
  let md = renderMarkdown(results)
  // The workerd leg (root entry only): sign() and signSync against subtle.sign there.
  const workerdFile = join(outDir, 'workerd.json')
  let workerd
  if (!args.includes('--no-workerd')) {
    if (REPORT_ONLY) {
      if (existsSync(workerdFile)) workerd = JSON.parse(readFileSync(workerdFile, 'utf8'))
    } else {
      workerd = await runWorkerd({ quick: QUICK })
      if (workerd) writeFileSync(workerdFile, JSON.stringify(workerd, null, 1))
    }
  }
  if (workerd) md += '\n' + renderWorkerd(workerd)
  writeFileSync(join(outDir, 'results.md'), md)
  writeFileSync(join(outDir, 'chart.svg'), renderSvg(results))
  console.log(md)
}
console.log(
  `\nbench: ${runtimes.join(', ')} in ${((Date.now() - t0) / 1000).toFixed(1)} s → ${outDir}`,
)

// The account limiter's cost per call, in process and through Redis: bench/limiter.mjs.
if (!REPORT_ONLY && !MEMORY) {
  const flags = [...(QUICK ? ['--quick'] : []), '--out', join(outDir, 'limiter.md')]
  const l = spawnSync(process.execPath, [join(root, 'bench/limiter.mjs'), ...flags], {
    cwd: root,
    stdio: 'inherit',
  })
  if (l.status !== 0) process.exit(l.status ?? 1)
}
