// The workerd part of the benchmark, run inside workerd by bench/workerd.mjs (bundled with the
// built package). Times root sign() against raw subtle.sign, one at a time and 64 in flight, and
// signSync, on the RESTlet GET with 2 and 200 query params; prints one BENCH_RESULT line.
import { createTbaSigner } from '../dist/index.js'

const creds = {
  accountId: '1234567_SB1',
  consumerKey: 'ef40afdd8abaac111b13825dd5e5e2ddddb44f86d5a0dd6dcf38c20aae6b67e4',
  consumerSecret: 'd26ad321a4b2f23b0741c8d38392ce01c3e23e109df6c96eac6d099e9ab9a8f5',
  tokenId: '2b0ce516420110bcbd36b998f4a8d6d9e3a10ee65bde99ee1e6e1d7c5e2c0e9e',
  tokenSecret: 'c29a677df7d5439a458c2f2a9ad2c5afbd17b43d5cb0fd3a3f0f2c8e0a4b6a37',
}
const KEY = creds.consumerSecret + '&' + creds.tokenSecret
const HOST = 'https://1234567-sb1.restlets.api.netsuite.com/app/site/hosting/restlet.nl'
function queryUrl(n) {
  const q = ['script=123', 'deploy=1']
  for (let i = 2; i < n; i++) q.push(`p${String(i).padStart(3, '0')}=value%20${i}`)
  return HOST + '?' + q.join('&')
}
const encoder = new TextEncoder()
const toB64 = (d) => btoa(String.fromCharCode(...new Uint8Array(d)))

async function timed(fn, mode, ms) {
  const t0 = performance.now()
  const end = t0 + ms
  let ops = 0
  let t = t0
  while (t < end) {
    if (mode === 'sync') for (let i = 0; i < 32; i++) fn()
    else if (mode === 1) for (let i = 0; i < 8; i++) await fn()
    else await Promise.all(Array.from({ length: mode }, fn))
    ops += mode === 'sync' ? 32 : mode === 1 ? 8 : mode
    t = performance.now()
  }
  return { ops, ms: t - t0 }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

export default {
  async test(_request, env) {
    const quick = env.QUICK === '1'
    const rounds = quick ? 3 : 9
    const ms = quick ? 40 : 200
    const signer = createTbaSigner(creds)
    const key = await crypto.subtle.importKey(
      'raw',
      encoder.encode(KEY),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    )
    const groups = []
    for (const [id, n] of [
      ['get2', 2],
      ['get200', 200],
    ]) {
      const req = { method: 'GET', url: queryUrl(n) }
      const base = signer.signSync(req).baseString
      // Check first: the signature is the HMAC of the base string.
      const fixed = { ...req, nonce: 'abcdef123456', timestamp: 1700000000 }
      const s = signer.signSync(fixed)
      const want = toB64(await crypto.subtle.sign('HMAC', key, encoder.encode(s.baseString)))
      if (s.signature !== want || (await signer.sign(fixed)).signature !== want) {
        throw new Error(`${id}: signature differs from subtle.sign over the base string`)
      }
      const rawSubtle = () => crypto.subtle.sign('HMAC', key, encoder.encode(base)).then(toB64)
      const pairs = [
        ['sign() one at a time vs subtle.sign one at a time', () => signer.sign(req), rawSubtle, 1],
        ['sign() ×64 vs subtle.sign ×64', () => signer.sign(req), rawSubtle, 64],
        ['signSync vs subtle.sign one at a time', () => signer.signSync(req), rawSubtle, 'sync'],
      ]
      const rows = []
      for (const [what, ours, raw, mode] of pairs) {
        const ratios = []
        const rates = []
        for (let r = 0; r < rounds; r++) {
          // Paired: alternate slices of ours and the reference inside one window.
          let o = { ops: 0, ms: 0 }
          let w = { ops: 0, ms: 0 }
          for (let k = 0; k < 4; k++) {
            const first = k % 2 ? raw : ours
            const a = await timed(
              first,
              first === raw ? (mode === 'sync' ? 1 : mode) : mode,
              ms / 8,
            )
            const second = first === raw ? ours : raw
            const b = await timed(
              second,
              second === raw ? (mode === 'sync' ? 1 : mode) : mode,
              ms / 8,
            )
            const [mo, mw] = first === ours ? [a, b] : [b, a]
            o = { ops: o.ops + mo.ops, ms: o.ms + mo.ms }
            w = { ops: w.ops + mw.ops, ms: w.ms + mw.ms }
          }
          rates.push([(o.ops * 1000) / o.ms, (w.ops * 1000) / w.ms])
          ratios.push(o.ops / o.ms / (w.ops / w.ms))
        }
        rows.push({
          what,
          ours: median(rates.map((x) => x[0])),
          reference: median(rates.map((x) => x[1])),
          ratio: median(ratios),
        })
      }
      groups.push({ id, baseStringBytes: encoder.encode(base).length, rows })
    }
    console.log('BENCH_RESULT ' + JSON.stringify({ runtime: 'workerd', quick, rounds, ms, groups }))
  },
}
