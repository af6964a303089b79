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

/** Targets from issue 5, evaluated on the printed ratios. */
export function targets(r) {
  const out = []
  for (const g of ['get2', 'get200']) {
    const rows = Object.fromEntries(r.groups.find((x) => x.id === g).rows.map((x) => [x.id, x]))
    const wc = rows['ours-wc-64']
    const ns = rows['ours-node']
    out.push({
      what: `${g}: sign ×64 ≥ 0.9× raw subtle ×64`,
      value: wc.xLimit,
      ok: wc.xLimit >= 0.9,
    })
    out.push({ what: `${g}: sign ×64 ≥ 2× oauth-1.0a`, value: wc.xOauth1a, ok: wc.xOauth1a >= 2 })
    out.push({
      what: `${g}: signSync ≥ 0.85× raw createHmac`,
      value: ns.xLimit,
      ok: ns.xLimit >= 0.85,
    })
    out.push({ what: `${g}: signSync ≥ 5× oauth-1.0a`, value: ns.xOauth1a, ok: ns.xOauth1a >= 5 })
  }
  return out
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
      `| ${t[0][i].what} | ${t.map((x) => `${x[i].value.toFixed(2)} ${x[i].ok ? '✅' : '❌'}`).join(' | ')} |`,
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
