/**
 * Third-party mode: run every shared vector against any signer through a
 * {@link ConformanceAdapter} and explain the failures by class. Runtime-neutral (no `node:`
 * import, no file system), so the CLI (`netsuite-tba conformance --signer`), conformance/certify.mjs
 * and conformance/report.mjs all call the same {@link certifySigner}.
 *
 * @module
 */
import type { ConformanceAdapter } from './adapter.ts'
import { runVectors, type CaseResult, type RunSummary } from './run_vectors.ts'
import { vectorFiles, type VectorCase, type VectorFile } from './vectors.ts'

/** Failed cases that share one diagnosed cause and compared field. */
export interface FailureClass {
  /** What the signer does differently, diagnosed from the diff (e.g. "userinfo kept in base string URI"). */
  cause: string
  /** The first compared field that differed (base_string_uri, normalized_params, signature, …) or "error". */
  field: string
  /** Case ids, as `file#id`. */
  cases: string[]
  /** Vector tags of those cases (generated cases carry tags), with counts. */
  tags: Record<string, number>
  /** Kinds of those cases, with counts. */
  kinds: Record<string, number>
}

/** The result of {@link certifySigner}. */
export type CertifyResult = RunSummary & {
  /** A Markdown report: totals, failure classes, first diffs. */
  markdown: string
  /** Failures grouped by cause and field, largest first. */
  classes: FailureClass[]
}

/** Options of {@link certifySigner}. */
export interface CertifyOptions {
  /** Vector files to run (default: every shared vector file). */
  files?: VectorFile[]
  /** How many full diffs the Markdown shows (default 5). */
  examples?: number
}

type Pair = [string, string]

function params(normalized: string): Pair[] {
  if (normalized === '') return []
  return normalized.split('&').map((p) => {
    const i = p.indexOf('=')
    return (i === -1 ? [p, ''] : [p.slice(0, i), p.slice(i + 1)]) as Pair
  })
}

function multisetDiff(a: Pair[], b: Pair[]): Pair[] {
  const rest = b.map(([k, v]) => `${k}=${v}`)
  const out: Pair[] = []
  for (const [k, v] of a) {
    const i = rest.indexOf(`${k}=${v}`)
    if (i === -1) out.push([k, v])
    else rest.splice(i, 1)
  }
  return out
}

function input(c: VectorCase | undefined): Record<string, unknown> {
  return (c?.input ?? {}) as Record<string, unknown>
}

function uriCauses(expected: string, actual: string): string[] {
  const causes: string[] = []
  if (/^[a-z]+:\/\/[^/]*@/i.test(actual) && !/^[a-z]+:\/\/[^/]*@/i.test(expected))
    causes.push('userinfo kept in base string URI')
  if (actual.includes('#') && !expected.includes('#'))
    causes.push('fragment kept in base string URI')
  if (actual.includes('?')) causes.push('query kept in base string URI')
  const authority = (s: string) => /^[a-z]+:\/\/([^/]*)/i.exec(s)?.[1] ?? ''
  if (/:(80|443)$/.test(authority(actual)) && !/:(80|443)$/.test(authority(expected)))
    causes.push('default port not dropped')
  const scheme = (s: string) => /^([a-z]+:\/\/[^/]*)/i.exec(s)?.[1] ?? ''
  if (
    scheme(actual) !== scheme(actual).toLowerCase() &&
    scheme(expected) === scheme(expected).toLowerCase()
  )
    causes.push('scheme/host not lower-cased')
  const path = (s: string) => /^[a-z]+:\/\/[^/?#]*(.*)$/i.exec(s)?.[1] ?? ''
  if (/^[?#]|^$/.test(path(actual)) && path(expected).startsWith('/'))
    causes.push("empty path not replaced by '/'")
  return causes.length ? causes : ['base string URI differs']
}

function paramCauses(expected: string, actual: string, c: VectorCase | undefined): string[] {
  const e = params(expected)
  const a = params(actual)
  const missing = multisetDiff(e, a)
  const extra = multisetDiff(a, e)
  const causes: string[] = []
  const has = (list: Pair[], name: string) => list.some(([k]) => k === name)
  if (has(extra, 'oauth_body_hash')) causes.push('adds oauth_body_hash')
  if (has(extra, 'oauth_version') && !has(missing, 'oauth_version'))
    causes.push('signs oauth_version=1.0 although the request omits it')
  if (has(missing, 'oauth_version') && !has(extra, 'oauth_version'))
    causes.push('oauth_version not signed')
  if (extra.some(([k]) => k === ''))
    causes.push('empty query segment signed as a parameter with empty name')
  if (
    extra.some(([, v]) => v.includes('%252B') || v.includes('%2B')) &&
    missing.some(([, v]) => v.includes('%20'))
  )
    causes.push("'+' in query/form not decoded as space")
  if (extra.some(([, v]) => v.includes('%23')))
    causes.push('fragment leaks into the last query value')
  const names = (list: Pair[]) => new Set(list.map(([k]) => k))
  const dupExpected = e.length - names(e).size
  const dupActual = a.length - names(a).size
  if (dupExpected > dupActual && missing.length > extra.length)
    causes.push('repeated parameter names collapse to one value')
  const ct = String(input(c).content_type ?? '')
  const isForm = /^application\/x-www-form-urlencoded/i.test(ct)
  if (!isForm && input(c).body && extra.length > 0 && !causes.length)
    causes.push('parameters of a non-form body signed')
  if (isForm && missing.length > 0 && !causes.length) causes.push('form body parameters not signed')
  if (causes.length === 0) {
    const show = (l: Pair[]) => l.map(([k, v]) => `${k}=${v}`).join(', ')
    causes.push(
      [missing.length ? `missing ${show(missing)}` : '', extra.length ? `extra ${show(extra)}` : '']
        .filter(Boolean)
        .join('; ') || 'parameter order differs',
    )
  }
  return causes
}

/** A short, generic diagnosis of why a case failed (derived from the diff, signer-independent). */
export function diagnose(r: CaseResult, c?: VectorCase): string {
  if (r.status !== 'fail') return ''
  if (!r.field) return (r.reason ?? 'failed').replace(/^threw /, 'throws ').slice(0, 160)
  const e = r.expected ?? ''
  const a = r.actual ?? ''
  switch (r.field) {
    case 'base_string_uri':
      return uriCauses(e, a).join(' + ')
    case 'normalized_params':
      return paramCauses(e, a, c).join(' + ')
    case 'base_string': {
      const em = e.split('&')[0] ?? ''
      const am = a.split('&')[0] ?? ''
      if (em !== am && em === am.toUpperCase()) return 'method not upper-cased'
      const part = (s: string, i: number) => {
        try {
          return decodeURIComponent(s.split('&')[i] ?? '')
        } catch {
          return s.split('&')[i] ?? ''
        }
      }
      if (part(e, 1) !== part(a, 1)) return uriCauses(part(e, 1), part(a, 1)).join(' + ')
      if (part(e, 2) !== part(a, 2)) return paramCauses(part(e, 2), part(a, 2), c).join(' + ')
      return 'base string differs'
    }
    case 'signature':
      if (r.kind === 'signature')
        return 'signature differs (no base string reported to narrow it down)'
      return `${r.kind} result differs`
    case 'encoded':
      return `percent-encoding differs (input ${JSON.stringify(input(c).value)})`
    case 'authorization_params':
      return 'Authorization header parameters differ'
    case 'params':
      return `parameter collection differs: ${paramCauses(e, a, c).join(' + ')}`
    default:
      return `${r.field} differs`
  }
}

function count(into: Record<string, number>, key: string): void {
  into[key] = (into[key] ?? 0) + 1
}

/** Group failed results by diagnosed cause and field. */
export function classifyFailures(
  results: CaseResult[],
  files: VectorFile[] = vectorFiles,
): FailureClass[] {
  const byId = new Map<string, VectorCase>()
  for (const f of files) for (const c of f.cases) byId.set(`${f.file}#${c.id}`, c)
  const classes = new Map<string, FailureClass>()
  for (const r of results) {
    if (r.status !== 'fail') continue
    const id = `${r.file}#${r.id}`
    const cause = diagnose(r, byId.get(id))
    const field = r.field ?? 'error'
    const key = `${cause}\u0000${field}`
    let cls = classes.get(key)
    if (!cls) {
      cls = { cause, field, cases: [], tags: {}, kinds: {} }
      classes.set(key, cls)
    }
    cls.cases.push(id)
    count(cls.kinds, r.kind)
    for (const t of r.tags ?? []) count(cls.tags, t)
  }
  return [...classes.values()].sort((x, y) => y.cases.length - x.cases.length)
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ')
}

function counts(m: Record<string, number>): string {
  return Object.entries(m)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ${n}`)
    .join(', ')
}

/** Markdown for a run: totals per file, failure classes, first diffs. */
export function summaryMarkdown(
  summary: RunSummary,
  classes: FailureClass[],
  files: VectorFile[] = vectorFiles,
  examples = 5,
): string {
  const lines: string[] = []
  const total = summary.results.length
  lines.push(`### ${summary.adapter}`, '')
  lines.push(
    `**${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped** of ${total} cases.`,
    '',
  )
  lines.push('| vector file | passed | failed | skipped |', '|---|---:|---:|---:|')
  for (const f of files) {
    const rs = summary.results.filter((r) => r.file === f.file)
    const n = (s: string) => rs.filter((r) => r.status === s).length
    lines.push(`| ${f.file} | ${n('pass')} | ${n('fail')} | ${n('skip')} |`)
  }
  lines.push('')
  if (classes.length) {
    lines.push(
      'Failure classes (cause diagnosed from the diff; field = first compared value that differs):',
      '',
    )
    lines.push('| cases | cause | field | kinds | tags | examples |', '|---:|---|---|---|---|---|')
    for (const c of classes) {
      const ex = c.cases
        .slice(0, 3)
        .map((id) => `\`${id.split('#')[1]}\``)
        .join(', ')
      lines.push(
        `| ${c.cases.length} | ${cell(c.cause)} | ${c.field} | ${counts(c.kinds)} | ${counts(c.tags) || '-'} | ${ex}${c.cases.length > 3 ? ', …' : ''} |`,
      )
    }
    lines.push('')
  }
  const skips = new Map<string, number>()
  for (const r of summary.results)
    if (r.status === 'skip') skips.set(r.reason ?? '', (skips.get(r.reason ?? '') ?? 0) + 1)
  if (skips.size) {
    lines.push(`Skipped: ${[...skips].map(([reason, n]) => `${n} × ${reason}`).join('; ')}.`, '')
  }
  const failed = summary.results.filter((r) => r.status === 'fail')
  if (failed.length && examples > 0) {
    lines.push('<details><summary>First diffs</summary>', '')
    for (const r of failed.slice(0, examples)) {
      lines.push(
        `\`${r.file}\` \`${r.id}\` — ${r.reason ?? ''}`,
        '',
        '```',
        r.diff ?? r.reason ?? '',
        '```',
        '',
      )
    }
    lines.push('</details>', '')
  }
  return lines.join('\n')
}

/**
 * Run every shared vector (or `options.files`) against `adapter` and explain the failures.
 * Stable API: the CLI's `conformance --signer` calls this.
 */
export async function certifySigner(
  adapter: ConformanceAdapter,
  options: CertifyOptions = {},
): Promise<CertifyResult> {
  const files = options.files ?? vectorFiles
  const summary = await runVectors(adapter, files)
  const classes = classifyFailures(summary.results, files)
  const markdown = summaryMarkdown(summary, classes, files, options.examples ?? 5)
  return { ...summary, classes, markdown }
}
