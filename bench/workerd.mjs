// workerd leg of `npm run bench`: bundles bench/workerd_worker.mjs with the built package, runs it
// under `workerd test`, and returns its result (root sign() and signSync against subtle.sign).
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

/** Run the workerd benchmark; `undefined` (with a note) when workerd is not installed. */
export async function runWorkerd({ quick }) {
  const bin = join(root, 'node_modules/.bin/workerd')
  if (!existsSync(bin)) {
    console.error('bench: workerd not found (npm install); skipping the workerd leg')
    return undefined
  }
  const dir = join(tmpdir(), 'netsuite-tba-bench-workerd')
  mkdirSync(dir, { recursive: true })
  const esbuild = await import('esbuild')
  await esbuild.build({
    entryPoints: [join(root, 'bench/workerd_worker.mjs')],
    outfile: join(dir, 'worker.mjs'),
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    logLevel: 'silent',
  })
  writeFileSync(
    join(dir, 'bench.capnp'),
    [
      'using Workerd = import "/workerd/workerd.capnp";',
      'const config :Workerd.Config = ( services = [ (name = "main", worker = .w) ] );',
      'const w :Workerd.Worker = (',
      '  modules = [ (name = "worker.mjs", esModule = embed "worker.mjs") ],',
      `  bindings = [ (name = "QUICK", text = "${quick ? '1' : '0'}") ],`,
      '  compatibilityDate = "2024-09-23",',
      ');',
    ].join('\n'),
  )
  const r = spawnSync(bin, ['test', join(dir, 'bench.capnp')], { encoding: 'utf8' })
  const line = `${r.stdout}\n${r.stderr}`.split('\n').find((l) => l.includes('BENCH_RESULT '))
  if (!line) throw new Error(`workerd bench failed:\n${r.stdout}\n${r.stderr}`.slice(0, 4000))
  return JSON.parse(line.slice(line.indexOf('BENCH_RESULT ') + 'BENCH_RESULT '.length))
}

/** Markdown section for the workerd result. */
export function renderWorkerd(w) {
  const out = ['## workerd (root entry; no node:crypto there)', '']
  out.push(
    `Paired samples inside one workerd process: ${w.rounds} rounds of ${w.ms} ms, medians.` +
      (w.quick ? ' **QUICK run (smoke only).**' : ''),
    '',
    '| workload | comparison | ours ops/s | reference ops/s | ratio |',
    '|---|---|---:|---:|---:|',
  )
  for (const g of w.groups) {
    for (const r of g.rows) {
      out.push(
        `| ${g.id} (${g.baseStringBytes} B) | ${r.what} | ${Math.round(r.ours).toLocaleString('en')} | ${Math.round(r.reference).toLocaleString('en')} | ${r.ratio.toFixed(2)}× |`,
      )
    }
  }
  return out.join('\n') + '\n'
}
