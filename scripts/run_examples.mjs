#!/usr/bin/env node
/**
 * Run every example in examples/ on this Node (20 included: no type stripping needed), against the
 * embedded NetSuite simulator. Each example is bundled with esbuild (the `netsuite-tba` imports
 * resolve to src/ through examples/tsconfig.json) and run in a child process.
 *
 * What an example needs is declared in its header comment, one tag per line:
 *
 *   @needs simulator        start the simulator; NETSUITE_*, NETSUITE_BASE_URL and
 *                           NETSUITE_RESTLET_URL point at it
 *   @needs oauth2           start the simulator; NETSUITE_ACCOUNT_ID, NETSUITE_BASE_URL,
 *                           NETSUITE_RESTLET_URL and its OAuth 2.0 client credentials:
 *                           NETSUITE_CLIENT_ID, NETSUITE_CERTIFICATE_ID and NETSUITE_PRIVATE_KEY_FILE
 *                           (a 0600 file; a worker gets the PEM text as NETSUITE_PRIVATE_KEY), as
 *                           `netsuite-tba simulate` prints them. No TBA variables unless
 *                           `@needs simulator` too.
 *   @needs oauth2-code      start the simulator with its consent page answering Allow and the
 *                           example's redirect URI registered; NETSUITE_ACCOUNT_ID,
 *                           NETSUITE_BASE_URL, and the confidential client of its authorization
 *                           code side: NETSUITE_CLIENT_ID, NETSUITE_CLIENT_SECRET
 *   @needs redis            start redis-server on a free loopback port and set REDIS_URL; without
 *                           a redis-server binary the example is skipped (a failure with CI=true)
 *   @run node | worker      node (default): run the bundle; worker: call its default export's
 *                           fetch(request, env) with the NETSUITE_* bindings and an in-memory
 *                           KV namespace STORE
 *   @request METHOD PATH    a request a worker example gets (default GET /; several run in
 *                           order). Like a browser, the harness follows redirects: those to the
 *                           worker's origin go to the worker, others (the simulator) are fetched
 *   @header NAME: value     a header of every worker request (several allowed)
 *   @env NAME=value         an extra variable (or Worker binding); `{script}`/`{deploy}` are the
 *                           simulator RESTlet's ids
 *   @args a b …             command-line arguments
 *   @expect REGEX           the output must match (several allowed)
 *
 * Usage: npm run examples [-- name …]     (names without .ts; default: every example)
 */
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, createConnection } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build } from 'esbuild'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const examplesDir = join(root, 'examples')
const ci = process.env.CI === 'true'
const only = process.argv.slice(2).filter((a) => !a.startsWith('-'))
const work = mkdtempSync(join(tmpdir(), 'netsuite-tba-examples-'))
const results = []

/** Parse the @tags of an example's header comment. */
export function tagsOf(source) {
  const header = /^\s*\/\*\*([\s\S]*?)\*\//.exec(source)?.[1] ?? ''
  const tags = { needs: [], run: 'node', requests: [], headers: {}, env: {}, args: [], expect: [] }
  for (const line of header.split('\n')) {
    const m = /^\s*\*?\s*@(\w+)\s+(.*?)\s*$/.exec(line)
    if (!m) continue
    const [, tag, value] = m
    if (tag === 'needs') tags.needs.push(...value.split(/[\s,]+/).filter(Boolean))
    else if (tag === 'run') tags.run = value
    else if (tag === 'request') tags.requests.push(value)
    else if (tag === 'header') {
      const i = value.indexOf(':')
      tags.headers[value.slice(0, i).trim()] = value.slice(i + 1).trim()
    } else if (tag === 'env') {
      const i = value.indexOf('=')
      tags.env[value.slice(0, i)] = value.slice(i + 1)
    } else if (tag === 'args') tags.args = value.split(/\s+/).filter(Boolean)
    else if (tag === 'expect') tags.expect.push(new RegExp(value))
  }
  return tags
}

async function bundle(entry, outfile) {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    tsconfig: join(examplesDir, 'tsconfig.json'),
    logLevel: 'silent',
    // Bundled CommonJS dependencies (a Redis client, …) require Node built-ins: give them `require`.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
  })
}

function freePort() {
  return new Promise((res, rej) => {
    const s = createServer()
    s.once('error', rej)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => res(port))
    })
  })
}

function which(name) {
  const r = spawnSync(process.platform === 'win32' ? 'where' : 'which', [name], {
    encoding: 'utf8',
  })
  return r.status === 0 ? r.stdout.trim().split('\n')[0] : undefined
}

async function startRedis() {
  const bin = which('redis-server')
  if (!bin) return undefined
  const port = await freePort()
  const child = spawn(
    bin,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  )
  for (let i = 0; i < 100; i++) {
    const up = await new Promise((res) => {
      const c = createConnection({ host: '127.0.0.1', port }, () => {
        c.end()
        res(true)
      })
      c.on('error', () => res(false))
    })
    if (up) return { url: `redis://127.0.0.1:${port}`, stop: () => child.kill() }
    await new Promise((r) => setTimeout(r, 50))
  }
  child.kill()
  throw new Error('redis-server did not start')
}

function runChild(file, args, env) {
  return new Promise((res) => {
    const child = spawn(process.execPath, [file, ...args], {
      env: { PATH: process.env.PATH, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    child.stdout.on('data', (d) => (out += d))
    child.stderr.on('data', (d) => (out += d))
    const timer = setTimeout(() => child.kill(), 60_000)
    child.on('close', (code) => {
      clearTimeout(timer)
      res({ code: code ?? 1, out })
    })
  })
}

// A Worker example: call the default export's fetch with the bindings (plus an in-memory KV
// namespace named STORE) for each request, following redirects like a browser: the worker's
// origin (the first redirect's target decides it for the callback) goes to the worker, any other
// origin is fetched. Prints each request's final status and body.
const WORKER_HARNESS = `
const [file, requestsJson, headersJson] = process.argv.slice(2)
const kv = new Map()
const bindings = {
  ...JSON.parse(process.env.WORKER_BINDINGS),
  STORE: {
    get: async (key) => kv.get(key) ?? null,
    put: async (key, value) => void kv.set(key, value),
  },
}
const worker = (await import(file)).default
const headers = JSON.parse(headersJson)
const workerOrigins = new Set(['https://worker.example', 'https://app.example.com'])
let ok = true
for (const request of JSON.parse(requestsJson)) {
  const [method, path] = request.split(/\\s+/)
  let url = new URL(path, 'https://worker.example')
  let response
  for (let hop = 0; hop < 10; hop++) {
    response = workerOrigins.has(url.origin)
      ? await worker.fetch(new Request(url, { method: hop === 0 ? method : 'GET', headers }), bindings)
      : await fetch(url, { redirect: 'manual' })
    const location = response.headers.get('location')
    if (response.status < 300 || response.status > 399 || !location) break
    url = new URL(location, url)
  }
  const body = await response.text()
  console.log(request, '→', 'HTTP', response.status, body)
  ok &&= response.ok
}
process.exitCode = ok ? 0 : 1
`

let simulator
try {
  // The simulator, bundled like the examples (it is TypeScript), started once.
  await bundle(join(root, 'conformance', 'simulator', 'index.ts'), join(work, 'simulator.mjs'))
  const { startSimulator } = await import(pathToFileURL(join(work, 'simulator.mjs')).href)

  const files = readdirSync(examplesDir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .filter((f) => only.length === 0 || only.includes(f.replace(/\.ts$/, '')))
    .sort()
  for (const file of files) {
    const name = file.replace(/\.ts$/, '')
    const tags = tagsOf(readFileSync(join(examplesDir, file), 'utf8'))
    const env = {}
    const cleanup = []
    try {
      const simulated = ['simulator', 'oauth2', 'oauth2-code']
      if (tags.needs.some((n) => simulated.includes(n))) {
        simulator ??= await startSimulator({ host: '127.0.0.1', port: 0 })
        Object.assign(env, {
          NETSUITE_ACCOUNT_ID: simulator.credentials.accountId,
          NETSUITE_BASE_URL: simulator.url,
          NETSUITE_RESTLET_URL: `${simulator.url}/app/site/hosting/restlet.nl?script=${simulator.restlet.script}&deploy=${simulator.restlet.deploy}`,
        })
      }
      if (tags.needs.includes('simulator')) {
        const c = simulator.credentials
        Object.assign(env, {
          NETSUITE_CONSUMER_KEY: c.consumerKey,
          NETSUITE_CONSUMER_SECRET: c.consumerSecret,
          NETSUITE_TOKEN_ID: c.tokenId,
          NETSUITE_TOKEN_SECRET: c.tokenSecret,
        })
      }
      if (tags.needs.includes('oauth2')) {
        const o = simulator.oauth2
        Object.assign(env, {
          NETSUITE_CLIENT_ID: o.clientId,
          NETSUITE_CERTIFICATE_ID: o.certificateId,
        })
        if (tags.run === 'worker') env.NETSUITE_PRIVATE_KEY = o.privateKeyPem
        else {
          const keyFile = join(work, `${name}.oauth2-key.pem`)
          writeFileSync(keyFile, o.privateKeyPem, { mode: 0o600 })
          env.NETSUITE_PRIVATE_KEY_FILE = keyFile
        }
      }
      if (tags.needs.includes('oauth2-code')) {
        const code = simulator.oauth2Code
        code.reset()
        code.consent('allow')
        code.setRedirectUris([...code.redirectUris, 'https://app.example.com/netsuite/callback'])
        Object.assign(env, {
          NETSUITE_CLIENT_ID: code.clientId,
          NETSUITE_CLIENT_SECRET: code.clientSecret,
        })
      }
      if (tags.needs.includes('redis')) {
        const redis = await startRedis()
        if (!redis) {
          const msg = 'no redis-server binary (apt-get install redis-server)'
          results.push({ name, ok: !ci, skipped: true, detail: msg })
          console.log(`${ci ? 'FAIL' : 'skip'} ${name} — ${msg}${ci ? ' (CI=true)' : ''}`)
          continue
        }
        cleanup.push(redis.stop)
        env.REDIS_URL = redis.url
      }
      for (const [k, v] of Object.entries(tags.env)) {
        env[k] = v
          .replace('{script}', String(simulator?.restlet.script ?? ''))
          .replace('{deploy}', String(simulator?.restlet.deploy ?? ''))
      }
      const out = join(work, `${name}.mjs`)
      await bundle(join(examplesDir, file), out)
      let r
      if (tags.run === 'worker') {
        const harness = join(work, 'worker-harness.mjs')
        writeFileSync(harness, WORKER_HARNESS)
        r = await runChild(
          harness,
          [
            pathToFileURL(out).href,
            JSON.stringify(tags.requests.length > 0 ? tags.requests : ['GET /']),
            JSON.stringify(tags.headers),
          ],
          { WORKER_BINDINGS: JSON.stringify(env) },
        )
      } else {
        r = await runChild(out, tags.args, env)
      }
      const unmatched = tags.expect.filter((re) => !re.test(r.out))
      const ok = r.code === 0 && unmatched.length === 0
      results.push({ name, ok })
      console.log(
        `${ok ? 'ok  ' : 'FAIL'} ${name}${ok ? '' : ` — exit ${r.code}${unmatched.length ? `, output does not match ${unmatched.join(', ')}` : ''}`}`,
      )
      if (!ok || process.argv.includes('--verbose'))
        console.log(
          r.out
            .trim()
            .split('\n')
            .map((l) => `     ${l}`)
            .join('\n'),
        )
    } catch (error) {
      results.push({ name, ok: false })
      console.log(`FAIL ${name} — ${error instanceof Error ? error.message : error}`)
    } finally {
      for (const stop of cleanup) stop()
    }
  }
} finally {
  await simulator?.close()
  rmSync(work, { recursive: true, force: true })
}

const failed = results.filter((r) => !r.ok)
const skipped = results.filter((r) => r.skipped && r.ok)
console.log(
  `examples: ${results.length - failed.length - skipped.length} ran ok, ${skipped.length} skipped, ${failed.length} failed (Node ${process.versions.node})`,
)
if (results.length === 0) {
  console.log('examples: nothing matched')
  process.exit(1)
}
process.exit(failed.length === 0 ? 0 : 1)
