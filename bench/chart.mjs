// Hand-written SVG chart (no dependency): one panel per runtime, horizontal bars on a log scale,
// for the 2- and 200-query-parameter workloads.
const CANDIDATES = [
  ['ours-node', 'netsuite-tba/node signSync', '#1f77b4'],
  ['raw-createHmac', 'raw createHmac (limit)', '#aec7e8'],
  ['raw-hash-hmac', 'RFC 2104 on crypto.hash (context)', '#c7d7ea'],
  ['ours-wc-64', 'netsuite-tba sign, 64 in flight', '#2ca02c'],
  ['raw-subtle-64', 'raw subtle.sign, 64 in flight (limit)', '#98df8a'],
  ['raw-subtle-bytes-64', 'subtle.sign on bytes ×64 (context)', '#c7e9c0'],
  ['ours-wc-1', 'netsuite-tba sign, sequential', '#17becf'],
  ['oauth-1.0a', 'oauth-1.0a', '#d62728'],
  ['oauth-sign', 'oauth-sign', '#ff7f0e'],
  ['oauth', 'oauth (ciaranj)', '#9467bd'],
]
const WORKLOADS = [
  ['get2', '2 query params'],
  ['get200', '200 query params'],
]
const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
const fmt = (x) =>
  x >= 1e6
    ? (x / 1e6).toFixed(2) + 'M'
    : x >= 1e3
      ? (x / 1e3).toFixed(x >= 1e4 ? 0 : 1) + 'k'
      : x.toFixed(0)

export function renderSvg(results) {
  const W = 1100
  const left = 250
  const right = 70
  const barH = 13
  const rowGap = 3
  const groupGap = 14
  const plotW = W - left - right
  const lo = 1e3
  const hi = 1e6
  const x = (v) =>
    left +
    (plotW * (Math.log10(Math.max(v, lo)) - Math.log10(lo))) / (Math.log10(hi) - Math.log10(lo))
  const panelH = 30 + WORKLOADS.length * (CANDIDATES.length * (barH + rowGap) + groupGap + 16)
  const H = 90 + results.length * panelH + 40
  const s = []
  s.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="DejaVu Sans, Arial, sans-serif" font-size="12">`,
  )
  s.push(`<rect width="${W}" height="${H}" fill="#ffffff"/>`)
  s.push(
    `<text x="${W / 2}" y="26" text-anchor="middle" font-size="18" font-weight="bold">netsuite-tba: signatures per second (median, log scale; higher is better)</text>`,
  )
  const m = results[0].machine
  s.push(
    `<text x="${W / 2}" y="46" text-anchor="middle" fill="#555">${esc(`${m.cpu}, ${m.cores} cores — ${results.map((r) => r.runtimeVersion).join(' · ')}`)}</text>`,
  )
  let y = 70
  for (const r of results) {
    s.push(
      `<text x="10" y="${y + 16}" font-size="15" font-weight="bold">${esc(r.runtimeVersion)}</text>`,
    )
    y += 30
    for (const [wid, wlabel] of WORKLOADS) {
      const g = r.groups.find((gg) => gg.id === wid)
      const rows = Object.fromEntries(g.rows.map((row) => [row.id, row]))
      s.push(
        `<text x="10" y="${y + 10}" font-weight="bold" fill="#333">${esc(wlabel)} (base ${g.baseStringBytes} B)</text>`,
      )
      y += 16
      const top = y
      for (const [id, label, color] of CANDIDATES) {
        const row = rows[id]
        if (!row) continue
        s.push(`<text x="${left - 8}" y="${y + barH - 3}" text-anchor="end">${esc(label)}</text>`)
        const w = x(row.opsPerSec) - left
        s.push(
          `<rect x="${left}" y="${y}" width="${w.toFixed(1)}" height="${barH}" fill="${color}"><title>${esc(label)}: ${Math.round(row.opsPerSec)} ops/s ±${row.madPct.toFixed(0)}%</title></rect>`,
        )
        s.push(
          `<text x="${(left + w + 4).toFixed(1)}" y="${y + barH - 3}" fill="#222">${fmt(row.opsPerSec)}</text>`,
        )
        y += barH + rowGap
      }
      for (let d = 3; d <= 6; d++) {
        const gx = x(10 ** d)
        s.push(
          `<line x1="${gx}" y1="${top - 2}" x2="${gx}" y2="${y}" stroke="#ccc" stroke-dasharray="3,3"/>`,
        )
      }
      y += groupGap
    }
  }
  for (let d = 3; d <= 6; d++) {
    s.push(
      `<text x="${x(10 ** d)}" y="${y + 4}" text-anchor="middle" fill="#555">${fmt(10 ** d)}/s</text>`,
    )
  }
  s.push(`</svg>`)
  return s.join('\n') + '\n'
}
