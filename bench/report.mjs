// Markdown rendering of harness results.
const fmtOps = (x) =>
  x >= 1e6
    ? (x / 1e6).toFixed(2) + 'M'
    : x >= 1e4
      ? (x / 1e3).toFixed(0) + 'k'
      : x >= 1e3
        ? (x / 1e3).toFixed(1) + 'k'
        : x.toFixed(0)
const fmtX = (x) => (x === undefined ? '' : x.toFixed(2) + '×')

function header(results) {
  const m = results[0].machine
  const lines = [
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memGiB} GiB, ${m.platform}. ` +
      `Runtimes: ${results.map((r) => r.runtimeVersion).join('; ')}.`,
    `Method: one process per runtime; per workload every candidate runs ${results[0].rounds} interleaved rounds of ` +
      `${results[0].sampleMs} ms (rotated order); cells are medians, spread = MAD %. Ratios are medians over ` +
      `rounds of paired samples: each sample window is shared, in alternating slices, between the row and its ` +
      `references (its limit and oauth-1.0a), so a ratio compares adjacent moments. ` +
      `Limit = raw createHmac (sync rows) or raw subtle.sign at the same concurrency. ` +
      `Load average ${results.map((r) => `${r.runtime} ${r.machine.loadavgStart.toFixed(1)}→${r.loadavgEnd.toFixed(1)}`).join(', ')}.` +
      (results[0].quick ? ' **QUICK run (smoke only; numbers are noisy).**' : ''),
  ]
  return lines.join('\n')
}

/**
 * The speed targets, evaluated on the printed ratios. `min` per runtime; a runtime without one
 * shows its value with no verdict.
 */
const TARGETS = [
  {
    g: 'get2',
    row: 'ours-root-sync',
    ref: 'xLimit',
    what: 'root signSync vs raw createHmac',
    min: { node: 1, deno: 2 },
  },
  {
    g: 'get2',
    row: 'ours-wc-1',
    ref: 'xLimit',
    what: 'root sign() one at a time vs raw subtle.sign one at a time',
    min: { node: 10, deno: 10, bun: 10 },
  },
  {
    g: 'get200',
    row: 'ours-wc-1',
    ref: 'xLimit',
    what: 'root sign() one at a time vs raw subtle.sign one at a time',
    min: { node: 3, deno: 3, bun: 3 },
  },
  {
    g: 'get2',
    row: 'ours-wc-64',
    ref: 'xLimit',
    what: 'root sign() ×64 vs raw subtle.sign ×64',
    min: { node: 1.5 },
  },
  {
    g: 'get2',
    row: 'ours-root-sync',
    ref: 'xOauth1a',
    what: 'root signSync vs oauth-1.0a',
    min: { node: 8 },
  },
  {
    g: 'get2',
    row: 'ours-node',
    ref: 'xLimit',
    what: 'netsuite-tba/node signSync vs raw createHmac',
    min: { node: 0.85, deno: 0.85, bun: 0.85 },
  },
  {
    g: 'get200',
    row: 'ours-node',
    ref: 'xLimit',
    what: 'netsuite-tba/node signSync vs raw createHmac',
    min: { node: 0.85, deno: 0.85, bun: 0.85 },
  },
]

export function targets(r) {
  return TARGETS.map((t) => {
    const row = r.groups.find((x) => x.id === t.g).rows.find((x) => x.id === t.row)
    const min = t.min[r.runtime]
    const value = row?.[t.ref]
    return {
      what: `${t.g}: ${t.what} (target ${Object.entries(t.min)
        .map(([k, v]) => `${k} ≥ ${v}×`)
        .join(', ')})`,
      value,
      ok: min === undefined || value === undefined ? undefined : value >= min,
    }
  })
}

export function renderMarkdown(results) {
  const out = ['# netsuite-tba signing benchmark', '', header(results), '']
  out.push('## Signature cross-check (fixed nonce/timestamp)', '')
  const v0 = results[0].verification
  const cols = Object.keys(v0[0].results)
  out.push(
    `| workload | runtime | ${cols.join(' | ')} |`,
    `|---|---|${cols.map(() => '---').join('|')}|`,
  )
  for (let i = 0; i < v0.length; i++) {
    // Collapse identical rows across runtimes.
    const cells = results.map((r) => cols.map((c) => r.verification[i].results[c]).join(' | '))
    const same = cells.every((c) => c === cells[0])
    if (same)
      out.push(
        `| ${v0[i].label}${v0[i].timed === false ? ' (check only)' : ''} | all | ${cells[0]} |`,
      )
    else results.forEach((r, j) => out.push(`| ${v0[i].label} | ${r.runtime} | ${cells[j]} |`))
  }
  out.push('')
  out.push('## Targets', '')
  out.push(
    `| target | ${results.map((r) => r.runtime).join(' | ')} |`,
    `|---|${results.map(() => '---:').join('|')}|`,
  )
  const t = results.map(targets)
  for (let i = 0; i < t[0].length; i++) {
    out.push(
      `| ${t[0][i].what} | ${t.map((x) => (x[i].value === undefined ? '–' : `${x[i].value.toFixed(2)}${x[i].ok === undefined ? '' : x[i].ok ? ' ✅' : ' ❌'}`)).join(' | ')} |`,
    )
  }
  out.push('')
  for (const g0 of results[0].groups) {
    out.push(`## ${g0.label} (base string ${g0.baseStringBytes} B)`, '')
    out.push(
      `| candidate | mode | ${results.map((r) => `${r.runtime} ops/s | ± | ×limit | ×oauth-1.0a`).join(' | ')} |`,
      `|---|---|${results.map(() => '---:|---:|---:|---:').join('|')}|`,
    )
    for (let i = 0; i < g0.rows.length; i++) {
      const row = g0.rows[i]
      const cells = results.map((r) => {
        const x = r.groups.find((g) => g.id === g0.id).rows[i]
        return `${fmtOps(x.opsPerSec)} | ${x.madPct.toFixed(0)}% | ${fmtX(x.xLimit)} | ${fmtX(x.xOauth1a)}`
      })
      out.push(`| ${row.label} | ${row.mode} | ${cells.join(' | ')} |`)
    }
    out.push('')
  }
  return out.join('\n')
}

export function renderMemory(results) {
  const out = ['# netsuite-tba memory: 1,000,000 signatures over 10,000 distinct URLs', '']
  out.push(
    'Heap used (MB) after forced GC, every 100,000 signatures. Template cache bound: 512 URLs per signer.',
    '',
  )
  for (const r of results) {
    for (const [which, m] of Object.entries(r.memory)) {
      const p = m.points.map((x) => x.heapMB)
      out.push(
        `- **${r.runtime}** ${which} (${m.seconds} s${m.gc ? '' : ', no forced GC'}): ${p.join(' → ')} MB; ` +
          `growth after the first 100k: ${(p[p.length - 1] - p[0]).toFixed(2)} MB`,
      )
    }
  }
  return out.join('\n') + '\n'
}
