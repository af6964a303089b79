#!/usr/bin/env node
/**
 * Packaging gate: pack the package exactly as npm would publish it, install the tarball in an empty
 * project without network (and without any install-script warning), load every entry as ESM and as
 * CJS on Node and check the public contract is exported, check the types with
 * @arethetypeswrong/cli (every profile, node10 included, thanks to `typesVersions`) and with a
 * `moduleResolution: node10` consumer, the package with publint, that the CLI's embedded vectors
 * ship once, that `deno publish --dry-run` accepts the JSR package, and that a fresh clone stays
 * clean after `npm install`. Asserts there are no runtime `dependencies`.
 *
 * Usage: npm run test:package  (node scripts/test_package.mjs [--keep])
 *
 * Notes
 * - Builds only when dist/ is missing or older than src/, and then in a staging copy of the
 *   sources (tsup cleans dist/ first; other people's work in this checkout must not lose it).
 * - attw runs on the tarball we packed with its default (`strict`) profile, node10 included: node10
 *   ignores `exports`, and `typesVersions` maps the subpaths (`netsuite-tba/node`, `/verify`, …).
 * - publint runs on the tarball as well (`publint run <tgz>`), with --strict: warnings fail.
 * - The fresh-clone check clones HEAD (committed work only) into a temporary directory and runs
 *   `npm install --no-audit --no-fund --prefer-offline` there (a few seconds with a warm npm
 *   cache); `git status --porcelain` must stay empty. `--no-clone` skips it.
 * - The install is offline-safe: the package has no `dependencies`, and `undici` is an optional
 *   peer dependency, never installed with it. Should npm still refuse to install offline
 *   (an empty npm cache on some npm versions), the tarball is unpacked into node_modules by
 *   hand, which is what npm does for a package without dependencies; the summary says so.
 */
import { spawnSync } from 'node:child_process'
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const keep = process.argv.includes('--keep')
const started = Date.now()
const results = []
const notes = []

function check(name, ok, detail = '') {
  results.push({ name, ok, detail })
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ` — ${detail}` : ''}`)
  return ok
}

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, npm_config_update_notifier: 'false', FORCE_COLOR: '0', NO_COLOR: '1' },
    timeout: 45_000,
    ...options,
  })
  return {
    status: r.status ?? 1,
    stdout: r.stdout ?? '',
    out: `${r.stdout ?? ''}${r.stderr ?? ''}`,
    error: r.error,
  }
}

const bin = (name) => join(root, 'node_modules', '.bin', name)
const indent = (text) =>
  text
    .trim()
    .split('\n')
    .map((l) => `     ${l}`)
    .join('\n')

function newestMtime(dir) {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs)
  }
  return newest
}

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const work = mkdtempSync(join(tmpdir(), 'netsuite-tba-pack-'))

try {
  // 1. No runtime dependencies.
  check(
    'package.json has no runtime dependencies',
    pkg.dependencies === undefined || Object.keys(pkg.dependencies).length === 0,
    pkg.dependencies ? JSON.stringify(pkg.dependencies) : '',
  )

  // 2. Build when needed. Never in place: several people work in this checkout, and tsup cleans
  // dist/ before it builds. A stale or missing dist/ is rebuilt in a staging copy of the sources.
  let packRoot = root
  const distIndex = join(root, 'dist', 'index.js')
  const stale =
    !existsSync(distIndex) ||
    newestMtime(join(root, 'src')) > statSync(distIndex).mtimeMs ||
    statSync(join(root, 'tsup.config.ts')).mtimeMs > statSync(distIndex).mtimeMs ||
    statSync(join(root, 'package.json')).mtimeMs > statSync(distIndex).mtimeMs
  if (stale) {
    packRoot = join(work, 'stage')
    console.log(`.... dist/ is missing or older than src/: building in ${packRoot}`)
    const skip = new Set([
      'node_modules',
      'dist',
      '.git',
      '.out',
      '.runtimes',
      '.wrangler',
      'coverage',
    ])
    cpSync(root, packRoot, {
      recursive: true,
      filter: (from) => !skip.has(from.slice(root.length + 1).split(/[\\/]/)[0] ?? ''),
    })
    symlinkSync(join(root, 'node_modules'), join(packRoot, 'node_modules'), 'dir')
    const b = run(bin('tsup'), [], { cwd: packRoot })
    if (
      !check(
        'build (tsup)',
        b.status === 0,
        b.status === 0 ? '' : `\n${indent(b.out.split('\n').slice(-25).join('\n'))}`,
      )
    )
      throw new Error('build failed')
  } else {
    notes.push('dist/ is up to date; packed as is')
  }

  // 3. Pack.
  const packDir = join(work, 'pack')
  mkdirSync(packDir)
  const p = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', packDir], {
    cwd: packRoot,
  })
  let tarball
  let packedFiles = []
  try {
    const info = JSON.parse(p.stdout.slice(p.stdout.indexOf('[')))[0]
    tarball = join(packDir, info.filename)
    packedFiles = info.files.map((f) => f.path)
  } catch {
    // reported below
  }
  if (
    !check(
      'npm pack',
      p.status === 0 && tarball !== undefined && existsSync(tarball),
      p.status === 0 ? '' : `\n${indent(p.out)}`,
    )
  )
    throw new Error('pack failed')
  const exportTargets = Object.values(pkg.exports)
    .flatMap((e) =>
      typeof e === 'string'
        ? [e]
        : Object.values(e).flatMap((c) => (typeof c === 'string' ? [c] : Object.values(c))),
    )
    .map((f) => f.replace(/^\.\//, ''))
  const missing = [
    ...new Set([
      ...exportTargets,
      ...Object.values(pkg.bin ?? {}).map((f) => f.replace(/^\.\//, '')),
    ]),
  ].filter((f) => !packedFiles.includes(f))
  check('every exports/bin target is in the tarball', missing.length === 0, missing.join(', '))
  const leaked = packedFiles.filter((f) =>
    /^(src|test|conformance|bench|node_modules)\/|\.env|\.tgz$/.test(f),
  )
  check(
    'no sources, tests or env files in the tarball',
    leaked.length === 0,
    leaked.slice(0, 5).join(', '),
  )

  // 4. Install into an empty project, offline.
  const project = join(work, 'project')
  mkdirSync(project)
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'pkg-consumer', version: '1.0.0', private: true }),
  )
  const i = run(
    'npm',
    [
      'install',
      tarball,
      '--offline',
      '--omit=optional',
      '--no-audit',
      '--no-fund',
      '--ignore-scripts',
      '--no-package-lock',
    ],
    { cwd: project },
  )
  const installed = join(project, 'node_modules', 'netsuite-tba')
  if (i.status !== 0 || !existsSync(join(installed, 'package.json'))) {
    notes.push('npm install --offline failed; unpacked the tarball by hand')
    console.log(
      `.... npm install --offline failed (status ${i.status}); unpacking by hand:\n${indent(i.out)}`,
    )
    mkdirSync(installed, { recursive: true })
    const t = run('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1'])
    check('unpack tarball', t.status === 0, t.out.trim())
  } else {
    check('npm install <tarball> --offline --omit=optional', true)
    check(
      'installing the tarball prints no install-script warning',
      !/\bprepare\b|install script/i.test(i.out),
      /\bprepare\b|install script/i.test(i.out) ? indent(i.out) : '',
    )
  }
  const installedPkg = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'))
  check(
    'installed package.json has no runtime dependencies',
    installedPkg.dependencies === undefined || Object.keys(installedPkg.dependencies).length === 0,
  )

  // 5. Import every entry as ESM and require it as CJS.
  const verifyNames = /\bverifyRequest\b/.test(readFileSync(join(root, 'src', 'verify.ts'), 'utf8'))
    ? ['parseAuthorizationHeader', 'verifyRequest']
    : ['parseAuthorizationHeader']
  const core = [
    'percentEncode',
    'createOAuth1Signer',
    'createTbaSigner',
    'signTokenPassport',
    'signTokenPassportSync',
    'parseAccountId',
    'parseAuthorizationHeader',
    'credentialsFromEnv',
    'TbaError',
    'TbaErrorCodes',
  ]
  const contract = {
    'netsuite-tba': [...core, 'createTbaAuthorizationFlow', 'parseTbaCallback'],
    'netsuite-tba/node': [...core, 'signTokenPassportSync'],
    'netsuite-tba/restlet': [],
    'netsuite-tba/rest': [],
    'netsuite-tba/soap': [],
    'netsuite-tba/verify': verifyNames,
    'netsuite-tba/redis': ['createRedisConcurrencyLimiter', 'createRedisNonceStore'],
    'netsuite-tba/oauth2': [
      'createClientCredentialsAuth',
      'oauth2CredentialsFromEnv',
      'createAuthorizationCodeClient',
      'parseAuthorizationRedirect',
      'generateState',
      'statesEqual',
      'generateCodeVerifier',
      'codeChallenge',
    ],
    'netsuite-tba/package.json': ['name', 'version'],
  }
  // The consumer script: loads each entry, checks the names, signs a fixed request on every path
  // and prints one JSON line. `load` is `import()` in the .mjs and `require` in the .cjs.
  const body = (load) => `
const contract = ${JSON.stringify(contract)}
const out = { missing: [], errors: [], signatures: {} }
async function main() {
  const mods = {}
  for (const [entry, names] of Object.entries(contract)) {
    try {
      const m = ${load}(entry${load.includes('import') ? ", entry.endsWith('.json') ? { with: { type: 'json' } } : undefined" : ''})
      mods[entry] = m && m.default && entry.endsWith('.json') ? m.default : m
      for (const n of names) if (!(n in mods[entry]) || mods[entry][n] === undefined) out.missing.push(entry + ' ' + n)
    } catch (e) { out.errors.push(entry + ': ' + (e && e.message)) }
  }
  const lib = mods['netsuite-tba'], node = mods['netsuite-tba/node']
  if (!lib || !node) return
  const options = { consumerKey: 'ck', consumerSecret: 'cs', token: 'tk', tokenSecret: 'ts', realm: 'R' }
  const request = { method: 'GET', url: 'https://example.com/p?b=2&a=1', nonce: 'abcdef123', timestamp: 1700000000 }
  const credentials = { accountId: '1234567-sb1', consumerKey: 'ck', consumerSecret: 'cs', tokenId: 'tk', tokenSecret: 'ts' }
  out.signatures.web = (await lib.createOAuth1Signer(options).sign(request)).signature
  const nodeSigner = node.createOAuth1Signer(options)
  const tba = node.createTbaSigner(credentials)
  if (typeof nodeSigner.signSync !== 'function') out.missing.push('netsuite-tba/node createOAuth1Signer().signSync')
  else out.signatures.nodeSync = nodeSigner.signSync(request).signature
  if (typeof tba.signSync !== 'function') out.missing.push('netsuite-tba/node createTbaSigner().signSync')
  else out.signatures.tbaSync = tba.signSync(request).signature
  out.signatures.tbaWeb = (await lib.createTbaSigner(credentials).sign(request)).signature
  const rootTba = lib.createTbaSigner(credentials)
  if (typeof rootTba.signSync !== 'function') out.missing.push('netsuite-tba createTbaSigner().signSync')
  else out.signatures.tbaRootSync = rootTba.signSync(request).signature
  out.realm = lib.parseAccountId('1234567-sb1').realm
  out.percent = lib.percentEncode("a b!*'()~")
  out.sameErrorClass = node.TbaError === lib.TbaError
  try { lib.parseAccountId('x.y') } catch (e) { out.errorIsTbaError = e instanceof node.TbaError && e.code === 'ERR_TBA_INVALID_ACCOUNT_ID' }
}
main().then(() => console.log(JSON.stringify(out)), (e) => { out.errors.push('main: ' + (e && e.stack)); console.log(JSON.stringify(out)) })
`
  writeFileSync(join(project, 'check.mjs'), body('await import'))
  writeFileSync(join(project, 'check.cjs'), body('require'))
  const seen = {}
  for (const [label, file] of [
    ['ESM import', 'check.mjs'],
    ['CJS require', 'check.cjs'],
  ]) {
    const r = run(process.execPath, [file], { cwd: project })
    let out
    try {
      out = JSON.parse(r.stdout.trim().split('\n').pop())
    } catch {
      check(`${label}: runs`, false, `\n${indent(r.out)}`)
      continue
    }
    check(`${label}: every entry loads`, out.errors.length === 0, out.errors.join('; '))
    check(
      `${label}: contract names exported (incl. signSync on node signers)`,
      out.missing.length === 0,
      out.missing.join(', '),
    )
    const sigs = Object.values(out.signatures)
    check(
      `${label}: WebCrypto, node:crypto and the built-in HMAC give one signature`,
      sigs.length === 5 && new Set(sigs).size === 1,
      JSON.stringify(out.signatures),
    )
    check(
      `${label}: parseAccountId and percentEncode`,
      out.realm === '1234567_SB1' && out.percent === 'a%20b%21%2A%27%28%29~',
    )
    check(
      `${label}: one TbaError class across entries`,
      out.sameErrorClass === true && out.errorIsTbaError === true,
    )
    seen[label] = out.signatures.web
  }
  check(
    'ESM and CJS sign identically',
    seen['ESM import'] !== undefined && seen['ESM import'] === seen['CJS require'],
  )

  // 6. Types: attw on the same tarball.
  const a = run(bin('attw'), [tarball, '--format', 'ascii', '--no-emoji', '--no-color'])
  check(
    'attw (every profile, node10 included), no ignored rules',
    a.status === 0,
    a.status === 0 ? '' : `\n${indent(a.out)}`,
  )

  // 7. publint on the same tarball, warnings are errors.
  const l = run(bin('publint'), ['run', tarball, '--strict'])
  const lintOk = l.status === 0 && !/\b(error|warning)s?\b/i.test(l.out.replace(/All good!?/i, ''))
  check('publint --strict', lintOk, lintOk ? '' : `\n${indent(l.out)}`)

  // 8. moduleResolution node10: a consumer that imports a subpath compiles (typesVersions).
  writeFileSync(
    join(project, 'node10.ts'),
    "import { createRestClient } from 'netsuite-tba/rest'\nimport { createTbaSigner } from 'netsuite-tba'\nimport type { RestletClient } from 'netsuite-tba/restlet'\nexport const client: RestletClient | undefined = undefined\nexport const rows = createRestClient({ credentials: { accountId: '1', consumerKey: 'a', consumerSecret: 'b', tokenId: 'c', tokenSecret: 'd' } }).suiteql<{ id: string }>('SELECT id FROM customer')\nexport const signer = createTbaSigner\n",
  )
  writeFileSync(
    join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        module: 'commonjs',
        moduleResolution: 'node10',
        target: 'es2022',
        lib: ['es2022', 'dom'],
        types: [],
      },
      files: ['node10.ts'],
    }),
  )
  const n10 = run(
    process.execPath,
    [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'],
    { cwd: project },
  )
  check(
    'a moduleResolution node10 consumer type-checks',
    n10.status === 0,
    n10.status === 0 ? '' : indent(n10.out),
  )

  // 9. The CLI embeds the conformance vectors: exactly one shipped file carries them.
  const marker = readFileSync(
    join(root, 'vectors', 'generated_netsuite_hmac_sha256.json'),
    'utf8',
  ).match(/"signature"\s*:\s*"([^"]{20,})"/)?.[1]
  const carriers = marker
    ? packedFiles.filter(
        (f) => f.startsWith('dist/') && readFileSync(join(installed, f), 'utf8').includes(marker),
      )
    : []
  check(
    'the embedded vectors ship once',
    carriers.length === 1,
    carriers.join(', ') || 'marker not found',
  )

  // 10. JSR: deno publish --dry-run accepts the package (name, license, exports, slow types).
  const deno = run(bin('deno'), ['publish', '--dry-run', '--allow-dirty'], { timeout: 120_000 })
  check(
    'deno publish --dry-run',
    deno.status === 0,
    deno.status === 0 ? '' : indent(deno.out.split('\n').slice(-20).join('\n')),
  )

  // 11. A fresh clone stays clean after `npm install`.
  if (process.argv.includes('--no-clone')) notes.push('fresh-clone check skipped (--no-clone)')
  else {
    const clone = join(work, 'clone')
    const g = run('git', ['clone', '--quiet', '--no-hardlinks', root, clone])
    if (check('git clone of HEAD', g.status === 0, g.status === 0 ? '' : indent(g.out))) {
      const ni = run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], {
        cwd: clone,
        timeout: 300_000,
      })
      check('npm install in a fresh clone', ni.status === 0, ni.status === 0 ? '' : indent(ni.out))
      const st = run('git', ['status', '--porcelain'], { cwd: clone })
      check(
        'the fresh clone stays clean after npm install (git status)',
        st.status === 0 && st.stdout.trim() === '',
        st.stdout.trim() === '' ? '' : indent(st.stdout),
      )
    }
  }
} catch (e) {
  check('test_package.mjs', false, e instanceof Error ? e.message : String(e))
} finally {
  if (keep) console.log(`.... kept ${work}`)
  else rmSync(work, { recursive: true, force: true })
}

const failed = results.filter((r) => !r.ok)
const seconds = ((Date.now() - started) / 1000).toFixed(1)
for (const n of notes) console.log(`note ${n}`)
console.log(
  failed.length === 0
    ? `test:package PASS — ${results.length} checks in ${seconds}s`
    : `test:package FAIL — ${failed.length} of ${results.length} checks failed (${failed.map((f) => f.name).join('; ')}) in ${seconds}s`,
)
process.exit(failed.length === 0 ? 0 : 1)
