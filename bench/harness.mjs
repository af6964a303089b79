// One runtime's benchmark pass (Node, Deno or Bun run this same file).
// Usage: <runtime> bench/harness.mjs [--quick] [--memory] [--out file.json]
// Benchmarks the BUILT package (dist/), so the numbers match what users install.
import * as nodeCrypto from 'node:crypto'
import os from 'node:os'
import { writeFileSync } from 'node:fs'
import {
  createTbaSigner,
  signTokenPassport,
  signTokenPassportSync as rootPassportSync,
} from '../dist/index.js'
import { createTbaSigner as createNodeTbaSigner, signTokenPassportSync } from '../dist/node.js'
import { PEERS } from './peers.mjs'

const args = process.argv.slice(2)
const QUICK = args.includes('--quick')
const MEMORY = args.includes('--memory')
const outIdx = args.indexOf('--out')
const OUT = outIdx >= 0 ? args[outIdx + 1] : undefined
const ROUNDS = QUICK ? 2 : 7
const SAMPLE_MS = QUICK ? 25 : 150

const runtime =
  typeof Deno !== 'undefined'
    ? { name: 'deno', version: `Deno ${Deno.version.deno} (V8 ${Deno.version.v8})` }
    : typeof Bun !== 'undefined'
      ? { name: 'bun', version: `Bun ${Bun.version} (JavaScriptCore)` }
      : { name: 'node', version: `Node ${process.version} (V8 ${process.versions.v8})` }

const creds = {
  accountId: '1234567_SB1',
  consumerKey: 'ef40afdd8abaac111b13825dd5e5e2ddddb44f86d5a0dd6dcf38c20aae6b67e4',
  consumerSecret: 'd26ad321a4b2f23b0741c8d38392ce01c3e23e109df6c96eac6d099e9ab9a8f5',
  tokenId: '2b0ce516420110bcbd36b998f4a8d6d9e3a10ee65bde99ee1e6e1d7c5e2c0e9e',
  tokenSecret: 'c29a677df7d5439a458c2f2a9ad2c5afbd17b43d5cb0fd3a3f0f2c8e0a4b6a37',
}
const peerCreds = {
  consumerKey: creds.consumerKey,
  consumerSecret: creds.consumerSecret,
  token: creds.tokenId,
  tokenSecret: creds.tokenSecret,
  realm: '1234567_SB1',
}
const FIXED = { nonce: 'fixednonce1234567890', timestamp: '1763900000' }
const KEY = creds.consumerSecret + '&' + creds.tokenSecret
const HOST = 'https://1234567-sb1.restlets.api.netsuite.com/app/site/hosting/restlet.nl'

function queryUrl(n) {
  const q = ['script=123', 'deploy=1']
  for (let i = 2; i < n; i++) q.push(`p${String(i).padStart(3, '0')}=value%20${i}`)
  return HOST + '?' + q.join('&')
}
const FORM = 'name=Acme%20Corp&email=ap%40acme.example&memo=net+30&amount=1250.00&currency=USD'

/** Signing workloads. `key` selects which rows the chart/targets use. */
const WORKLOADS = [
  { id: 'get2', label: 'RESTlet GET, 2 query params', req: { method: 'GET', url: queryUrl(2) } },
  { id: 'get10', label: 'GET, 10 query params', req: { method: 'GET', url: queryUrl(10) } },
  { id: 'get50', label: 'GET, 50 query params', req: { method: 'GET', url: queryUrl(50) } },
  { id: 'get200', label: 'GET, 200 query params', req: { method: 'GET', url: queryUrl(200) } },
  {
    id: 'form',
    label: 'form-encoded POST (5 params)',
    req: {
      method: 'POST',
      url: 'https://1234567-sb1.suitetalk.api.netsuite.com/services/rest/record/v1/customer',
      form: FORM,
    },
  },
  { id: 'soap', label: 'SOAP tokenPassport', soap: true },
]
// Verification-only cases (not timed): where peers are known to differ from RFC 5849.
const EDGE_CASES = [
  {
    id: 'plus',
    label: "literal '+' in query",
    req: { method: 'GET', url: HOST + '?script=1&deploy=1&q=a+b' },
  },
  {
    id: 'host',
    label: 'UPPER host + :443',
    req: {
      method: 'GET',
      url: 'https://1234567-SB1.restlets.api.netsuite.com:443/app/site/hosting/restlet.nl?script=1&deploy=1',
    },
  },
  {
    id: 'dup',
    label: 'duplicate query keys',
    req: { method: 'GET', url: HOST + '?script=1&deploy=1&id=2&id=1' },
  },
]
const SIZES = [200, 2048, 20480]

const { createHmac, createSecretKey } = nodeCrypto
const encoder = new TextEncoder()
/** Fastest base64 of a digest on every runtime here (native code). */
const toB64 = (digest) => Buffer.from(digest).toString('base64')
/** The one-shot hash (Node >= 20.12, Deno, Bun), for the RFC 2104 reference row. */
const oneShotHash = nodeCrypto.hash

function ourRequest(req, fixed) {
  const r = { method: req.method, url: req.url }
  if (req.form) {
    r.body = req.form
    r.contentType = 'application/x-www-form-urlencoded'
  }
  if (fixed) {
    r.nonce = fixed.nonce
    r.timestamp = fixed.timestamp
  }
  return r
}

function sigOf(header) {
  const m = /oauth_signature="([^"]*)"/.exec(header)
  return m ? decodeURIComponent(m[1]) : undefined
}

// ---------------------------------------------------------------- candidates
const wcSigner = createTbaSigner(creds)
const nodeSigner = createNodeTbaSigner(creds)
const cryptoKey = await crypto.subtle.importKey(
  'raw',
  encoder.encode(KEY),
  { name: 'HMAC', hash: 'SHA-256' },
  false,
  ['sign'],
)
const keyObject = createSecretKey(Buffer.from(KEY, 'utf8'))

/** HMAC-SHA256 pads of KEY (RFC 2104 §2): the key is longer than a block, so it is hashed. */
function hmacPads() {
  const k = new Uint8Array(64)
  const raw = encoder.encode(KEY)
  k.set(raw.length > 64 ? nodeCrypto.createHash('sha256').update(raw).digest() : raw)
  return { ipad: k.map((b) => b ^ 0x36), opad: k.map((b) => b ^ 0x5c) }
}
const PADS = hmacPads()

/**
 * Context rows beside the limit (no target): createHmac over bytes encoded once, and RFC 2104
 * HMAC on the one-shot crypto.hash over (K ^ ipad) ‖ bytes built once, which is how
 * netsuite-tba/node signs where crypto.hash exists. Each is checked against createHmac first.
 */
function syncReferenceRows(base) {
  const bytes = encoder.encode(base)
  const want = createHmac('sha256', keyObject).update(base, 'utf8').digest('base64')
  const rows = []
  const fromBytes = () => createHmac('sha256', keyObject).update(bytes).digest('base64')
  if (fromBytes() !== want) throw new Error('raw createHmac over bytes disagrees')
  rows.push({
    id: 'raw-createHmac-bytes',
    label: 'raw createHmac (KeyObject), precomputed bytes',
    mode: 'sync',
    fn: fromBytes,
  })
  if (typeof oneShotHash === 'function') {
    const padded = new Uint8Array(64 + bytes.length)
    padded.set(PADS.ipad)
    padded.set(bytes, 64)
    const outer = new Uint8Array(96)
    outer.set(PADS.opad)
    const rfc2104 = () => {
      outer.set(oneShotHash('sha256', padded, 'buffer'), 64)
      return oneShotHash('sha256', outer, 'base64')
    }
    if (rfc2104() !== want) throw new Error('RFC 2104 reference HMAC disagrees')
    rows.push({
      id: 'raw-hash-hmac',
      label: 'raw RFC 2104 HMAC on crypto.hash, precomputed padded bytes',
      mode: 'sync',
      fn: rfc2104,
    })
  }
  return rows
}

/** Candidates for one signing workload. kind: sync | async (called in seq or par N). */
function signingCandidates(w, base) {
  const c = []
  const rawSync = () => createHmac('sha256', keyObject).update(base, 'utf8').digest('base64')
  // The WebCrypto limit, as issue 5 defines it: subtle.sign over the precomputed base string
  // (a string, so it is UTF-8 encoded for the call), digest to base64 natively. A context row
  // below signs bytes encoded once, which is stricter still.
  const rawWc = () => crypto.subtle.sign('HMAC', cryptoKey, encoder.encode(base)).then(toB64)
  const baseBytes = encoder.encode(base)
  c.push({
    id: 'raw-createHmac',
    label: 'raw createHmac (KeyObject), precomputed base',
    mode: 'sync',
    fn: rawSync,
    limit: true,
  })
  c.push(...syncReferenceRows(base))
  for (const n of [1, 16, 64, 256]) {
    c.push({
      id: `raw-subtle-${n}`,
      label: `raw subtle.sign over the base string, cached key, ${n === 1 ? 'sequential' : n + ' in flight'}`,
      mode: n,
      fn: rawWc,
      limit: true,
    })
  }
  c.push({
    id: 'raw-subtle-bytes-64',
    label: 'raw subtle.sign, cached key, precomputed bytes, 64 in flight',
    mode: 64,
    fn: () => crypto.subtle.sign('HMAC', cryptoKey, baseBytes).then(toB64),
  })
  if (w.soap) {
    c.push({
      id: 'ours-root-sync',
      label: 'netsuite-tba signTokenPassportSync (root, built-in HMAC)',
      mode: 'sync',
      fn: () => rootPassportSync(creds).signature,
    })
    c.push({
      id: 'ours-node',
      label: 'netsuite-tba/node signTokenPassportSync',
      mode: 'sync',
      fn: () => signTokenPassportSync(creds).signature,
    })
    for (const n of [1, 16, 64, 256]) {
      c.push({
        id: `ours-wc-${n}`,
        label: `netsuite-tba signTokenPassport, ${n === 1 ? 'sequential' : n + ' in flight'}`,
        mode: n,
        fn: () => signTokenPassport(creds),
      })
    }
    return c
  }
  const r = ourRequest(w.req)
  c.push({
    id: 'ours-root-sync',
    label: 'netsuite-tba signSync (root, built-in HMAC)',
    mode: 'sync',
    fn: () => wcSigner.signSync(r).authorization,
  })
  c.push({
    id: 'ours-node',
    label: 'netsuite-tba/node signSync',
    mode: 'sync',
    fn: () => nodeSigner.signSync(r).authorization,
  })
  for (const n of [1, 16, 64, 256]) {
    c.push({
      id: `ours-wc-${n}`,
      label: `netsuite-tba sign() (root), ${n === 1 ? 'awaited one at a time' : n + ' in flight'}`,
      mode: n,
      fn: () => wcSigner.sign(r),
    })
  }
  for (const p of PEERS) {
    const f = p.make(peerCreds)
    c.push({ id: p.id, label: `peer ${p.id}`, mode: 'sync', fn: () => f(w.req), peer: true })
  }
  return c
}

function sizeCandidates(size) {
  const base = 'GET&' + 'x'.repeat(size - 4)
  const bytes = encoder.encode(base)
  return [
    {
      id: 'raw-createHmac',
      label: 'raw createHmac (KeyObject)',
      mode: 'sync',
      fn: () => createHmac('sha256', keyObject).update(base, 'utf8').digest('base64'),
      limit: true,
    },
    ...[1, 64].map((n) => ({
      id: `raw-subtle-${n}`,
      label: `raw subtle.sign, ${n === 1 ? 'sequential' : n + ' in flight'}`,
      mode: n,
      fn: () => crypto.subtle.sign('HMAC', cryptoKey, bytes).then(toB64),
      limit: true,
    })),
  ]
}

// ---------------------------------------------------------------- timing
let sink = 0
/** Run `c` for about `ms`; returns the operations done and the time they took. */
async function timed(c, ms) {
  const end = performance.now() + ms
  let ops = 0
  const t0 = performance.now()
  let t = t0
  if (c.mode === 'sync') {
    while (t < end) {
      for (let i = 0; i < 32; i++) sink ^= c.fn().length
      ops += 32
      t = performance.now()
    }
  } else if (c.mode === 1) {
    while (t < end) {
      for (let i = 0; i < 8; i++) await c.fn()
      ops += 8
      t = performance.now()
    }
  } else {
    const n = c.mode
    const batch = new Array(n)
    while (t < end) {
      for (let i = 0; i < n; i++) batch[i] = c.fn()
      await Promise.all(batch)
      ops += n
      t = performance.now()
    }
  }
  return { ops, ms: t - t0 }
}

async function sample(c, ms) {
  const { ops, ms: took } = await timed(c, ms)
  return (ops * 1000) / took
}

/** Rounds of alternating slices in a paired sample, the order flipping each time. */
const PAIR_SLICES = 4

/**
 * A candidate measured in alternating slices with its references (its limit, oauth-1.0a) inside
 * one sample window, so each ratio compares adjacent moments: this machine's speed drifts within
 * a round, and a worker pool's more so. Returns the candidate's rate and its ratio to each
 * reference.
 */
async function pairedSample(c, refs, ms) {
  const all = [c, ...refs]
  const ops = all.map(() => 0)
  const took = all.map(() => 0)
  const slice = ms / (PAIR_SLICES * all.length)
  for (let k = 0; k < PAIR_SLICES; k++) {
    const order = all.map((_, j) => j)
    if (k % 2) order.reverse()
    for (const j of order) {
      const m = await timed(all[j], slice)
      ops[j] += m.ops
      took[j] += m.ms
    }
  }
  const rate = ops.map((o, j) => o / took[j])
  return { rate: rate[0] * 1000, ratios: refs.map((_, j) => rate[0] / rate[j + 1]) }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}
const madPct = (xs) => {
  const m = median(xs)
  return (100 * median(xs.map((x) => Math.abs(x - m)))) / m
}

/**
 * Interleaved rounds: every candidate once per round, rotated start, alternating direction. A
 * candidate with references (its limit, oauth-1.0a) is sampled together with them
 * ({@link pairedSample}); the ratios in the table come from those paired samples.
 */
async function runGroup(cands) {
  for (const c of cands) await sample(c, QUICK ? 10 : 60) // warm-up
  const byId = Object.fromEntries(cands.map((c) => [c.id, c]))
  const per = cands.map(() => [])
  const ratios = cands.map(() => ({}))
  for (let r = 0; r < ROUNDS; r++) {
    const order = cands.map((_, i) => (i + r) % cands.length)
    if (r % 2) order.reverse()
    for (const i of order) {
      const c = cands[i]
      const refs = [byId[limitFor(c)], byId['oauth-1.0a']].filter((x) => x && x !== c)
      if (refs.length === 0) {
        per[i].push(await sample(c, SAMPLE_MS))
        continue
      }
      const paired = await pairedSample(c, refs, SAMPLE_MS)
      per[i].push(paired.rate)
      refs.forEach((ref, j) => (ratios[i][ref.id] ??= []).push(paired.ratios[j]))
    }
  }
  return { per, ratios }
}

function limitFor(c) {
  if (c.mode === 'sync') return 'raw-createHmac'
  return `raw-subtle-${c.mode}`
}

function summarise(cands, { per, ratios }) {
  return cands.map((c, i) => {
    const xs = per[i]
    const row = {
      id: c.id,
      label: c.label,
      mode: c.mode === 'sync' ? 'sync' : c.mode === 1 ? 'seq' : `par ${c.mode}`,
      opsPerSec: median(xs),
      madPct: madPct(xs),
      samples: xs,
    }
    const toLimit = ratios[i][limitFor(c)]
    if (toLimit) row.xLimit = median(toLimit)
    const toOauth1a = ratios[i]['oauth-1.0a']
    if (toOauth1a) row.xOauth1a = median(toOauth1a)
    return row
  })
}

// ---------------------------------------------------------------- verification
async function verify() {
  const out = []
  for (const w of [...WORKLOADS, ...EDGE_CASES]) {
    if (w.soap) {
      const base = [
        creds.accountId,
        creds.consumerKey,
        creds.tokenId,
        FIXED.nonce,
        FIXED.timestamp,
      ].join('&')
      const want = createHmac('sha256', KEY).update(base).digest('base64')
      const a = (await signTokenPassport(creds, FIXED)).signature
      const b = signTokenPassportSync(creds, FIXED).signature
      out.push({
        workload: w.id,
        label: w.label,
        reference: want,
        results: {
          'netsuite-tba': a === want ? 'ok' : 'MISMATCH',
          'netsuite-tba/node': b === want ? 'ok' : 'MISMATCH',
          'oauth-1.0a': 'n/a',
          'oauth-sign': 'n/a',
          oauth: 'n/a',
        },
      })
      continue
    }
    const ours = await wcSigner.sign(ourRequest(w.req, FIXED))
    const sync = nodeSigner.signSync(ourRequest(w.req, FIXED))
    const want = createHmac('sha256', KEY).update(ours.baseString).digest('base64')
    // The timed calls use generated nonces and warm caches: check that path too.
    const selfConsistent = (r) =>
      r.signature === createHmac('sha256', KEY).update(r.baseString).digest('base64')
    const warmWc = await Promise.all([1, 2, 3].map(() => wcSigner.sign(ourRequest(w.req))))
    const warmSync = [1, 2, 3].map(() => nodeSigner.signSync(ourRequest(w.req)))
    const results = {
      'netsuite-tba': ours.signature === want && warmWc.every(selfConsistent) ? 'ok' : 'MISMATCH',
      'netsuite-tba/node':
        sync.signature === want &&
        sync.authorization === ours.authorization &&
        warmSync.every(selfConsistent)
          ? 'ok'
          : 'MISMATCH',
    }
    for (const p of PEERS) {
      try {
        results[p.id] =
          sigOf(p.make(peerCreds, FIXED)(w.req)) === ours.signature ? 'ok' : 'MISMATCH'
      } catch (e) {
        results[p.id] = 'error: ' + String(e?.message ?? e).slice(0, 40)
      }
    }
    out.push({
      workload: w.id,
      label: w.label,
      timed: !EDGE_CASES.includes(w),
      reference: ours.signature,
      results,
    })
  }
  return out
}

// ---------------------------------------------------------------- memory
async function memory() {
  const gc = globalThis.gc ?? (typeof Bun !== 'undefined' ? () => Bun.gc(true) : undefined)
  const heap = () => {
    gc?.()
    gc?.()
    return process.memoryUsage().heapUsed
  }
  const urls = Array.from({ length: 10000 }, (_, i) => `${HOST}?script=${i}&deploy=1&id=${i * 7}`)
  const reqs = urls.map((url) => ({ method: 'GET', url }))
  const TOTAL = 1_000_000
  const STEP = 100_000
  const report = {}
  for (const which of ['signSync', 'sign (root, 64 in flight)']) {
    // signSync of netsuite-tba/node; sign() of the root entry (built-in HMAC below 1 KB in flight).
    const s = which === 'signSync' ? createNodeTbaSigner(creds) : createTbaSigner(creds)
    const points = []
    const t0 = performance.now()
    let done = 0
    while (done < TOTAL) {
      if (which === 'signSync') {
        for (let i = 0; i < STEP; i++)
          sink ^= s.signSync(reqs[(done + i) % reqs.length]).signature.length
      } else {
        const batch = new Array(64)
        for (let i = 0; i < STEP; i += 64) {
          for (let j = 0; j < 64; j++) batch[j] = s.sign(reqs[(done + i + j) % reqs.length])
          await Promise.all(batch)
        }
      }
      done += STEP
      points.push({ signatures: done, heapMB: +(heap() / 1048576).toFixed(2) })
    }
    report[which] = {
      gc: gc !== undefined,
      seconds: +((performance.now() - t0) / 1000).toFixed(1),
      points,
    }
    console.error(
      `[${runtime.name}] memory ${which}: ` + points.map((p) => p.heapMB).join(' → ') + ' MB',
    )
  }
  return report
}

// ---------------------------------------------------------------- main
const started = performance.now()
const result = {
  runtime: runtime.name,
  runtimeVersion: runtime.version,
  machine: {
    cpu: os.cpus()[0]?.model ?? '?',
    cores: os.cpus().length,
    memGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
    platform: `${os.platform()} ${os.arch()}`,
    loadavgStart: os.loadavg()[0],
  },
  quick: QUICK,
  rounds: ROUNDS,
  sampleMs: SAMPLE_MS,
  date: new Date().toISOString(),
}
if (MEMORY) {
  result.memory = await memory()
} else {
  result.verification = await verify()
  // Timing a signer that signs wrongly would be meaningless: stop (npm test runs --quick).
  const wrong = result.verification.filter(
    (v) => v.results['netsuite-tba'] !== 'ok' || v.results['netsuite-tba/node'] !== 'ok',
  )
  if (wrong.length > 0) {
    console.error(
      `[${runtime.name}] netsuite-tba signs wrongly: ${wrong.map((v) => v.workload).join(', ')}`,
    )
    process.exit(1)
  }
  result.groups = []
  for (const w of WORKLOADS) {
    let base
    if (w.soap)
      base = [creds.accountId, creds.consumerKey, creds.tokenId, FIXED.nonce, FIXED.timestamp].join(
        '&',
      )
    else base = (await wcSigner.sign(ourRequest(w.req, FIXED))).baseString
    const cands = signingCandidates(w, base)
    const per = await runGroup(cands)
    result.groups.push({
      id: w.id,
      label: w.label,
      baseStringBytes: encoder.encode(base).length,
      rows: summarise(cands, per),
    })
    console.error(`[${runtime.name}] ${w.label} done`)
  }
  for (const size of SIZES) {
    const cands = sizeCandidates(size)
    const per = await runGroup(cands)
    result.groups.push({
      id: `hmac${size}`,
      label: `raw HMAC, ${size} B base string`,
      baseStringBytes: size,
      rows: summarise(cands, per),
    })
  }
}
result.loadavgEnd = os.loadavg()[0]
result.seconds = +((performance.now() - started) / 1000).toFixed(1)
if (sink === 0.5) console.log(sink)
const json = JSON.stringify(result, null, 1)
if (OUT) writeFileSync(OUT, json)
else console.log(json)
