/**
 * Many workers, one NetSuite account: every worker process shares the account's concurrency limit
 * through Redis, so N workers together never have more than `limit` requests in flight (and
 * collect no 429 / SSS_REQUEST_LIMIT_EXCEEDED / WS_REQUEST_BLOCKED from NetSuite).
 *
 *   export NETSUITE_ACCOUNT_ID=1234567_SB1 NETSUITE_CONSUMER_KEY=… NETSUITE_CONSUMER_SECRET=… \
 *          NETSUITE_TOKEN_ID=… NETSUITE_TOKEN_SECRET=…
 *   export REDIS_URL=redis://127.0.0.1:6379
 *   npm install ioredis
 *   for i in 1 2 3 4; do node --experimental-strip-types examples/many-workers.ts & done; wait   (Node 22.6+)
 *   npm run examples -- many-workers      (any Node, against the simulator and a local redis-server)
 *
 * The limit comes from NETSUITE_CONCURRENCY, else from NetSuite's governanceLimits (administrator
 * roles), else 5. Optional: NETSUITE_BASE_URL (the simulator, a proxy), CALLS (default 20).
 *
 * @needs simulator redis
 * @expect calls done in
 */
import { Redis } from 'ioredis'
import { credentialsFromEnv } from 'netsuite-tba'
import { createRedisConcurrencyLimiter } from 'netsuite-tba/redis'
import { createRestClient, NetSuiteError } from 'netsuite-tba/rest'

const env =
  (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env ?? {}
const credentials = credentialsFromEnv()
const baseUrl = env.NETSUITE_BASE_URL ? { baseUrl: env.NETSUITE_BASE_URL } : {}

// A client whose commands fail fast when Redis is down: the limiter then rejects with
// ERR_TBA_REDIS_UNAVAILABLE and nothing is sent (never "no limit").
const redis = new Redis(env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 })

/** The pool this integration may use, as NetSuite reports it; 5 when it cannot be read. */
async function limitFromNetSuite(): Promise<number> {
  try {
    const limits = await createRestClient({ credentials, ...baseUrl }).governanceLimits()
    return limits.integrationLimitType === 'integrationSpecific' &&
      limits.integrationConcurrencyLimit !== undefined
      ? limits.integrationConcurrencyLimit
      : limits.accountUnallocatedConcurrencyLimit
  } catch (error) {
    if (error instanceof NetSuiteError && error.code === 'ERR_NETSUITE_PERMISSION') return 5
    throw error
  }
}

const limit = Number(env.NETSUITE_CONCURRENCY) || (await limitFromNetSuite())

// Every worker of the account builds the same limiter: same Redis, same account id, same limit.
const limiter = createRedisConcurrencyLimiter({ redis, accountId: credentials.accountId, limit })
const rest = createRestClient({ credentials, ...baseUrl, limiter })

const calls = Number(env.CALLS) || 20
const started = Date.now()
await Promise.all(
  Array.from({ length: calls }, () =>
    rest.request({
      method: 'POST',
      path: 'query/v1/suiteql',
      query: { limit: 1 },
      headers: { prefer: 'transient' },
      body: { q: 'SELECT id FROM customer' },
    }),
  ),
)
console.log(
  `${calls} calls done in ${Date.now() - started} ms; account limit ${limit} shared through Redis by every worker`,
)
redis.disconnect()
