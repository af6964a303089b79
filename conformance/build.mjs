// Build step of the conformance kit: makes sure the package is built (dist/) and bundles the
// runtime entries with esbuild into conformance/.out/ (gitignored). Used by run_all.mjs,
// certify.mjs and report.mjs; `node conformance/build.mjs` runs it alone.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const here = dirname(fileURLToPath(import.meta.url))
export const root = dirname(here)
export const outDir = join(here, '.out')

function newestMtime(dir) {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name)
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p))
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(p).mtimeMs)
  }
  return newest
}

/**
 * Build dist/ with tsup when it is missing (an error if that fails). A dist/ older than src/ is
 * only reported: tsup cleans dist/ before it builds, so rebuilding from a src/ that is being
 * edited could leave no package at all. `npm run build` first to test the current sources.
 */
export function ensureDist(log = console.log) {
  const index = join(root, 'dist', 'index.js')
  if (existsSync(index)) {
    if (newestMtime(join(root, 'src')) > statSync(index).mtimeMs) {
      log('note: dist/ is older than src/ (run `npm run build` to test the current sources)')
    }
    return
  }
  log('dist/ is missing: building it (npx tsup) …')
  const r = spawnSync('npx', ['tsup'], { cwd: root, encoding: 'utf8' })
  if (r.status !== 0 || !existsSync(index)) {
    const output = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n').slice(-20).join('\n')
    throw new Error(`npx tsup failed:\n${output}`)
  }
}

/** Bundle the entries that need it. Returns the output paths. */
export async function bundleEntries() {
  const esbuild = await import('esbuild')
  mkdirSync(outDir, { recursive: true })
  const common = {
    bundle: true,
    target: 'es2022',
    logLevel: 'silent',
    legalComments: 'none',
    absWorkingDir: root,
  }
  const entries = join('conformance', 'entries')
  await Promise.all([
    // The suite alone (library injected): imported by the Node and Bun entries next to dist/.
    esbuild.build({
      ...common,
      entryPoints: [join(entries, 'suite.ts')],
      outfile: join(outDir, 'suite.mjs'),
      format: 'esm',
      platform: 'neutral',
    }),
    // workerd: suite + built package, one ES module, no Node built-ins available.
    esbuild.build({
      ...common,
      entryPoints: [join(entries, 'workerd.ts')],
      outfile: join(outDir, 'workerd.mjs'),
      format: 'esm',
      platform: 'neutral',
      conditions: ['workerd', 'worker', 'browser'],
    }),
    // Chromium and edge-runtime: suite + built package as a classic script.
    esbuild.build({
      ...common,
      entryPoints: [join(entries, 'global_script.ts')],
      outfile: join(outDir, 'global_script.js'),
      format: 'iife',
      platform: 'browser',
    }),
  ])
  return {
    suite: join(outDir, 'suite.mjs'),
    workerd: join(outDir, 'workerd.mjs'),
    script: join(outDir, 'global_script.js'),
  }
}

/** Bundle a TypeScript module of the kit (e.g. certify.ts) to an ES module Node 20 can import. */
export async function bundleModule(entry, outName) {
  const esbuild = await import('esbuild')
  mkdirSync(outDir, { recursive: true })
  const outfile = join(outDir, outName)
  await esbuild.build({
    bundle: true,
    target: 'es2022',
    logLevel: 'silent',
    absWorkingDir: root,
    entryPoints: [entry],
    outfile,
    format: 'esm',
    platform: 'neutral',
  })
  return outfile
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  ensureDist()
  const out = await bundleEntries()
  console.log(`bundled: ${Object.values(out).join(', ')}`)
}
