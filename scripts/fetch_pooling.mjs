// Does the global fetch pool connections as well as an undici Agent? Sends N signed-size GETs with
// C in flight to a loopback server and counts TCP connections and time, for both fetches.
// Usage: node scripts/fetch_pooling.mjs [requests=4000] [concurrency=5]
import { createServer } from 'node:http'

const N = Number(process.argv[2] ?? 4000)
const C = Number(process.argv[3] ?? 5)
let connections = 0
const server = createServer((req, res) => {
  req.resume()
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end('{"ok":true}')
  })
})
server.on('connection', () => connections++)
await new Promise((r) => server.listen(0, '127.0.0.1', r))
const url = `http://127.0.0.1:${server.address().port}/services/rest/record/v1/customer/1`
const auth = `OAuth realm="1234567_SB1", oauth_consumer_key="${'a'.repeat(64)}", oauth_token="${'b'.repeat(64)}", oauth_signature_method="HMAC-SHA256", oauth_timestamp="1700000000", oauth_nonce="abcdefghijklmnopqrst", oauth_version="1.0", oauth_signature="${'c'.repeat(44)}"`

async function run(name, f) {
  connections = 0
  const t0 = performance.now()
  let next = 0
  await Promise.all(
    Array.from({ length: C }, async () => {
      while (next++ < N) {
        const r = await f(
          new Request(url, { headers: { authorization: auth, accept: 'application/json' } }),
        )
        await r.text()
      }
    }),
  )
  const ms = performance.now() - t0
  console.log(
    `${name.padEnd(28)} ${N} requests, ${C} in flight: ${ms.toFixed(0)} ms, ${(N / (ms / 1000)).toFixed(0)} req/s, ${connections} TCP connections`,
  )
}

const { createNodeFetch } = await import('../dist/node.js')
for (let round = 0; round < 2; round++) {
  await run('global fetch', globalThis.fetch)
  await run('createNodeFetch (undici)', createNodeFetch())
}
server.close()
