/**
 * One worker process of test/many_workers.test.ts (bundled by the test, run with node). Settings
 * come as one JSON argument; the result is one JSON line on stdout.
 *
 * - `calls`: `calls` RESTlet GETs at once through a Redis-limited client; reports what came back.
 * - `hold`: takes `hold` slots, prints `{"holding":n}`, and waits to be killed.
 * - `verify`: verifies one request with a Redis nonce store; prints the result.
 */
import { Redis } from 'ioredis'
import { createRestletClient } from '../../src/restlet.ts'
import { createRedisConcurrencyLimiter, createRedisNonceStore } from '../../src/redis.ts'
import { createVerifier } from '../../src/verify.ts'
import type { TbaCredentials } from '../../src/types.ts'

interface Settings {
  mode: 'calls' | 'hold' | 'verify'
  redisUrl: string
  worker?: number
  simUrl?: string
  credentials?: TbaCredentials
  restlet?: { script: number; deploy: number }
  limit?: number
  leaseMs?: number
  calls?: number
  hold?: number
  request?: { url: string; authorization: string }
}

const settings = JSON.parse(process.argv[2] as string) as Settings
const redis = new Redis(settings.redisUrl, { maxRetriesPerRequest: 1 })
redis.on('error', () => {})

async function main(): Promise<unknown> {
  if (settings.mode === 'verify') {
    const creds = settings.credentials as TbaCredentials
    const verifier = createVerifier({
      lookup: (ck, tk) =>
        ck === creds.consumerKey && tk === creds.tokenId
          ? { consumerSecret: creds.consumerSecret, tokenSecret: creds.tokenSecret }
          : undefined,
      nonceStore: createRedisNonceStore({ redis }),
    })
    const { url, authorization } = settings.request as { url: string; authorization: string }
    return verifier.verify(new Request(url, { headers: { authorization } }))
  }
  const limiter = createRedisConcurrencyLimiter({
    redis,
    accountId: (settings.credentials as TbaCredentials).accountId,
    limit: settings.limit as number,
    leaseMs: settings.leaseMs as number,
  })
  if (settings.mode === 'hold') {
    for (let i = 0; i < (settings.hold as number); i++) await limiter.acquire()
    process.stdout.write(JSON.stringify({ holding: settings.hold }) + '\n')
    await new Promise(() => {})
  }
  const restlet = createRestletClient({
    credentials: settings.credentials as TbaCredentials,
    baseUrl: settings.simUrl as string,
    limiter,
    // One attempt: a limit error answered by the simulator would surface as a failure.
    retry: { maxAttempts: 1 },
    timeoutMs: 30_000,
  })
  const started = Date.now()
  const outcomes = await Promise.allSettled(
    Array.from({ length: settings.calls as number }, (_, call) =>
      restlet.get({
        ...(settings.restlet as { script: number; deploy: number }),
        params: { worker: settings.worker as number, call },
      }),
    ),
  )
  return {
    worker: settings.worker,
    ms: Date.now() - started,
    echoed: outcomes.flatMap((o) =>
      o.status === 'fulfilled' ? [(o.value as { params: Record<string, string> }).params] : [],
    ),
    failures: outcomes.flatMap((o) =>
      o.status === 'rejected' ? [String((o.reason as Error)?.message ?? o.reason)] : [],
    ),
  }
}

main().then(
  (result) => {
    process.stdout.write(JSON.stringify(result) + '\n')
    redis.disconnect()
  },
  (error: unknown) => {
    process.stdout.write(JSON.stringify({ error: String((error as Error)?.stack ?? error) }) + '\n')
    redis.disconnect()
    process.exitCode = 1
  },
)
