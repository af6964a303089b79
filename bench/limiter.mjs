// npm run bench runs this after the signing benchmark; alone: node bench/limiter.mjs [--quick] [--out file.md]
// The cost of one acquire + release of an account slot: in process, and through Redis on loopback
// (a redis-server started here, through ioredis and node-redis). Report only, no target.
// Without redis-server the Redis rows are skipped with a message (a failure with CI=true).
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build } from 'esbuild'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const args = process.argv.slice(2)
const QUICK = args.includes('--quick')
const outIdx = args.indexOf('--out')
const OUT = outIdx >= 0 ? args[outIdx + 1] : undefined

// Bundle the sources this measures (inside node_modules, so ioredis and redis resolve).
const cache = join(root, 'node_modules', '.cache', 'netsuite-tba-bench')
mkdirSync(cache, { recursive: true })
const bundle = join(cache, 'limiter.mjs')
await build({
  stdin: {
    contents: [
      "export { createConcurrencyLimiter } from './src/concurrency_limiter.ts'",
      "export { createRedisConcurrencyLimiter } from './src/redis.ts'",
      "export { redisServerAvailable, startRedisServer } from './test/helpers/redis_server.ts'",
      "export { connect } from './test/helpers/redis_clients.ts'",
    ].join('\n'),
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  outfile: bundle,
  logLevel: 'error',
})
const lib = await import(pathToFileURL(bundle).href)

/** Sequential acquire + release pairs; returns microseconds per pair (median of rounds). */
async function measure(limiter, pairs, rounds) {
  const samples = []
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now()
    for (let i = 0; i < pairs; i++) (await limiter.acquire())()
    samples.push(((performance.now() - t0) * 1000) / pairs)
  }
  samples.sort((a, b) => a - b)
  return samples[Math.floor(samples.length / 2)]
}

const rows = []
const rounds = QUICK ? 3 : 7
rows.push({
  what: 'in-process limiter',
  us: await measure(lib.createConcurrencyLimiter(5), QUICK ? 20_000 : 200_000, rounds),
})

let redisNote = ''
let available = false
try {
  available = lib.redisServerAvailable()
} catch (error) {
  console.error(`bench limiter: ${error.message}`)
  process.exit(1)
}
if (available) {
  const server = await lib.startRedisServer()
  try {
    for (const kind of ['ioredis', 'node-redis']) {
      const client = await lib.connect(kind, server.url)
      const limiter = lib.createRedisConcurrencyLimiter({
        redis: client.redis,
        accountId: '1234567',
        limit: 5,
      })
      await measure(limiter, 200, 1) // warm-up: connection, script cache
      rows.push({
        what: `Redis limiter, ${kind}, loopback`,
        us: await measure(limiter, QUICK ? 500 : 5000, rounds),
      })
      await client.close()
    }
  } finally {
    await server.stop()
  }
} else {
  redisNote = '\nRedis rows skipped: redis-server not found (apt-get install -y redis-server).\n'
}

const md =
  `### Account limiter: one acquire + release\n\n` +
  `| Limiter | µs per acquire + release | pairs per second |\n| --- | ---: | ---: |\n` +
  rows
    .map(
      (r) =>
        `| ${r.what} | ${r.us.toFixed(2)} | ${Math.round(1e6 / r.us).toLocaleString('en-US')} |`,
    )
    .join('\n') +
  `\n\nSequential pairs on Node ${process.version}, median of ${rounds} rounds; a Redis pair is` +
  ` one Lua EVAL to acquire and one to release, on a redis-server on 127.0.0.1.\n` +
  redisNote
console.log(md)
if (OUT) writeFileSync(OUT, md)
