/**
 * A real `redis-server` for tests: started on a free loopback port with a temporary directory and
 * no persistence, stopped at the end. Without the binary, tests skip locally (the install command
 * is printed) and fail with CI=true.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const REDIS_INSTALL = 'apt-get install -y redis-server'

/** A running redis-server. */
export interface RedisServer {
  port: number
  url: string
  process: ChildProcess
  stop(): Promise<void>
}

let warned = false

/**
 * Whether redis-server can be started here. Locally a missing binary prints the install command
 * (once) and returns false; with CI=true it throws, so the suite fails.
 */
export function redisServerAvailable(): boolean {
  const found = spawnSync('redis-server', ['--version'], { encoding: 'utf8' })
  if (found.status === 0) return true
  const message = `redis-server not found: the Redis tests need it (Debian/Ubuntu: ${REDIS_INSTALL}).`
  if (process.env.CI === 'true') throw new Error(message)
  if (!warned) {
    warned = true
    console.warn(`SKIPPED: ${message}`)
  }
  return false
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number }
      s.close(() => resolve(port))
    })
  })
}

function startOnce(port: number, dir: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        dir,
        '--daemonize',
        'no',
        '--loglevel',
        'notice',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let out = ''
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`redis-server did not start on port ${port}:\n${out}`))
    }, 10_000)
    const onData = (chunk: Buffer): void => {
      out += chunk.toString()
      if (/Ready to accept connections/.test(out)) {
        clearTimeout(timer)
        child.stdout?.off('data', onData)
        child.stdout?.resume()
        child.stderr?.resume()
        resolve(child)
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', (c: Buffer) => void (out += c.toString()))
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`redis-server exited with ${code} on port ${port}:\n${out}`))
    })
  })
}

/** Start redis-server on a free loopback port (a few tries, in case the port is taken meanwhile). */
export async function startRedisServer(): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), 'netsuite-tba-redis-'))
  let lastError: unknown
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort()
    try {
      const child = await startOnce(port, dir)
      return {
        port,
        url: `redis://127.0.0.1:${port}`,
        process: child,
        stop: () =>
          new Promise<void>((resolve) => {
            const done = (): void => {
              rmSync(dir, { recursive: true, force: true })
              resolve()
            }
            if (child.exitCode !== null || child.signalCode !== null) return done()
            child.once('exit', done)
            child.kill('SIGTERM')
          }),
      }
    } catch (error) {
      lastError = error
    }
  }
  rmSync(dir, { recursive: true, force: true })
  throw lastError
}
