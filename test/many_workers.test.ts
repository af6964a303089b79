/**
 * Many processes, one account: worker processes share NetSuite's concurrency limit through a real
 * redis-server (4 workers × 100 calls, limit 5, 40 ms calls: the simulator never sees more than 5
 * in flight, answers no limit error, serves every call exactly once, and sees no nonce twice); a
 * worker SIGKILLed while holding slots delays the others only until its leases expire; and two
 * verifier processes sharing a Redis nonce store refuse a replay across them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { build } from 'esbuild'
import { startSimulator, type Simulator } from '../conformance/simulator/index.ts'
import { parseAuthorizationHeader } from '../src/authorization_header.ts'
import { createTbaSigner } from '../src/index.ts'
import { redisServerAvailable, startRedisServer, type RedisServer } from './helpers/redis_server.ts'

const ROOT = join(import.meta.dirname, '..')
// Inside node_modules, so the bundle's bare imports (ioredis) resolve from the project.
const OUT = join(ROOT, 'node_modules', '.cache', 'netsuite-tba-tests')
const WORKER = join(OUT, 'many_workers_worker.mjs')

const available = redisServerAvailable()
let server: RedisServer
let sim: Simulator
const accepted: Request[] = []

beforeAll(async () => {
  if (!available) return
  mkdirSync(OUT, { recursive: true })
  await build({
    entryPoints: [join(ROOT, 'test/helpers/many_workers_worker.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile: WORKER,
    logLevel: 'error',
  })
  server = await startRedisServer()
  sim = await startSimulator({ concurrencyLimit: 5, onAccepted: (r) => void accepted.push(r) })
}, 60_000)
afterAll(async () => {
  await sim?.close()
  await server?.stop()
})

interface Running {
  child: ChildProcess
  /** Every JSON line printed so far. */
  lines: unknown[]
  exited: Promise<number | null>
  /** Resolves with the first line. */
  firstLine: Promise<unknown>
}

function startWorker(settings: object): Running {
  const child = spawn(process.execPath, [WORKER, JSON.stringify(settings)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const lines: unknown[] = []
  let buffer = ''
  let first: (line: unknown) => void = () => {}
  const firstLine = new Promise<unknown>((resolve) => (first = resolve))
  child.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString()
    let i: number
    while ((i = buffer.indexOf('\n')) !== -1) {
      const line = JSON.parse(buffer.slice(0, i)) as unknown
      buffer = buffer.slice(i + 1)
      lines.push(line)
      if (lines.length === 1) first(line)
    }
  })
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
  return { child, lines, exited, firstLine }
}

interface CallsResult {
  worker: number
  ms: number
  echoed: Array<{ worker: string; call: string }>
  failures: string[]
  error?: string
}

function callSettings(worker: number, calls: number, leaseMs: number) {
  return {
    mode: 'calls',
    redisUrl: server.url,
    worker,
    simUrl: sim.url,
    credentials: sim.credentials,
    restlet: sim.restlet,
    limit: 5,
    leaseMs,
    calls,
  }
}

describe.skipIf(!available)('many worker processes, one account limit on Redis', () => {
  it('4 workers × 100 calls of 40 ms with a limit of 5: never more than 5 in flight', async () => {
    sim.inject.reset()
    sim.inject.delayMs(40)
    accepted.length = 0
    const started = Date.now()
    const workers = [1, 2, 3, 4].map((w) => startWorker(callSettings(w, 100, 10_000)))
    expect(await Promise.all(workers.map((w) => w.exited))).toEqual([0, 0, 0, 0])
    const results = workers.map((w) => w.lines[0] as CallsResult)
    const stats = sim.stats()
    console.log(
      `4 × 100 calls, limit 5: ${Date.now() - started} ms in all; workers ${results.map((r) => r.ms).join(', ')} ms; max in flight ${stats.maxConcurrent}`,
    )
    for (const r of results) {
      expect(r.error).toBeUndefined()
      expect(r.failures).toEqual([])
      expect(r.echoed).toHaveLength(100)
    }
    expect(stats.maxConcurrent).toBeLessThanOrEqual(5)
    expect(stats.maxConcurrent).toBeGreaterThanOrEqual(4)
    expect(stats.byCause.concurrency_limit).toBeUndefined()
    expect(stats.rejected).toBe(0)
    expect(stats.replays).toBe(0)
    expect(stats.accepted).toBe(400)
    // Every call served exactly once, and no nonce seen twice.
    const served = accepted.map((r) => {
      const u = new URL(r.url)
      return `${u.searchParams.get('worker')}/${u.searchParams.get('call')}`
    })
    expect(new Set(served).size).toBe(400)
    expect(served).toHaveLength(400)
    const nonces = accepted.map((r) =>
      new Map(parseAuthorizationHeader(r.headers.get('authorization') as string)).get(
        'oauth_nonce',
      ),
    )
    expect(new Set(nonces).size).toBe(400)
  }, 90_000)

  it('a worker SIGKILLed while holding slots: the others finish once its leases expire', async () => {
    sim.inject.reset()
    sim.inject.delayMs(40)
    const leaseMs = 1500
    // Another account's pool: the lease keys are per account.
    const credentials = { ...sim.credentials }
    const holder = startWorker({
      mode: 'hold',
      redisUrl: server.url,
      credentials,
      limit: 5,
      leaseMs,
      hold: 5,
    })
    expect(await holder.firstLine).toEqual({ holding: 5 })
    holder.child.kill('SIGKILL')
    await holder.exited
    const killedAt = Date.now()
    const workers = [1, 2, 3].map((w) => startWorker(callSettings(w, 20, leaseMs)))
    expect(await Promise.all(workers.map((w) => w.exited))).toEqual([0, 0, 0])
    const elapsed = Date.now() - killedAt
    const results = workers.map((w) => w.lines[0] as CallsResult)
    console.log(
      `after SIGKILL of a holder of 5 slots (leaseMs ${leaseMs}): 3 × 20 calls done in ${elapsed} ms`,
    )
    for (const r of results) {
      expect(r.failures).toEqual([])
      expect(r.echoed).toHaveLength(20)
    }
    // They had to wait for the dead worker's leases (renewed every leaseMs / 3 until the kill).
    expect(elapsed).toBeGreaterThanOrEqual((leaseMs * 2) / 3 - 100)
    const stats = sim.stats()
    expect(stats.maxConcurrent).toBeLessThanOrEqual(5)
    expect(stats.rejected).toBe(0)
    expect(stats.accepted).toBe(60)
  }, 90_000)

  it('two verifier processes sharing a Redis nonce store refuse a replay across them', async () => {
    const credentials = {
      accountId: '1234567',
      consumerKey: 'ckTwoProcesses',
      consumerSecret: 'csTwoProcesses',
      tokenId: `tk${Date.now()}`,
      tokenSecret: 'tsTwoProcesses',
    }
    const url =
      'https://1234567.restlets.api.netsuite.com/app/site/hosting/restlet.nl?script=1&deploy=1'
    const { authorization } = await createTbaSigner(credentials).sign({ method: 'GET', url })
    const verify = async () => {
      const w = startWorker({
        mode: 'verify',
        redisUrl: server.url,
        credentials,
        request: { url, authorization },
      })
      expect(await w.exited).toBe(0)
      return w.lines[0]
    }
    expect(await verify()).toMatchObject({ ok: true, consumerKey: credentials.consumerKey })
    expect(await verify()).toMatchObject({ ok: false, code: 'ERR_VERIFY_REPLAYED_NONCE' })
  }, 60_000)
})
