/**
 * The conformance runner: runs vector cases through a {@link ConformanceAdapter} and reports each
 * case with a useful diff. Runtime-neutral: no test framework, no `node:` import, no file system.
 *
 * @module
 */
import type { ConformanceAdapter, PassportInput, SignatureInput } from './adapter.ts'
import type { VectorCase, VectorFile } from './vectors.ts'

/** Outcome of one case. */
export interface CaseResult {
  file: string
  id: string
  kind: string
  status: 'pass' | 'fail' | 'skip'
  /** Why a case failed or was skipped. */
  reason?: string
  /** For a failed comparison: the field, both values and a positional diff. */
  field?: string
  expected?: string
  actual?: string
  diff?: string
  tags?: string[]
}

/** Totals of a run. */
export interface RunSummary {
  adapter: string
  passed: number
  failed: number
  skipped: number
  results: CaseResult[]
}

/** First differing position of two strings, with context and both strings shown. */
export function describeDifference(expected: string, actual: string): string {
  let i = 0
  while (i < expected.length && i < actual.length && expected[i] === actual[i]) i++
  const from = Math.max(0, i - 30)
  const pad = ' '.repeat(i - from + (from > 0 ? 1 : 0))
  const show = (s: string) =>
    (from > 0 ? '…' : '') + s.slice(from, i + 40) + (s.length > i + 40 ? '…' : '')
  return [
    `first difference at position ${i} (expected length ${expected.length}, actual length ${actual.length})`,
    `  expected: ${show(expected)}`,
    `  actual:   ${show(actual)}`,
    `            ${pad}^`,
    `  expected (full): ${expected}`,
    `  actual (full):   ${actual}`,
  ].join('\n')
}

/** Parameters of an `OAuth …` header, values percent-decoded; null if it does not parse. */
export function headerParams(header: string): Map<string, string> | null {
  const m = /^\s*OAuth\s+(.*)$/is.exec(header)
  if (!m) return null
  const out = new Map<string, string>()
  const re = /\s*([^=\s,]+)\s*=\s*"([^"]*)"\s*(?:,|$)/y
  const body = m[1] as string
  let pos = 0
  while (pos < body.length) {
    re.lastIndex = pos
    const p = re.exec(body)
    if (!p) return null
    try {
      out.set(decodeURIComponent(p[1] as string), decodeURIComponent(p[2] as string))
    } catch {
      return null
    }
    pos = re.lastIndex
  }
  return out
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value)
}

function decodeBaseStringPart(baseString: string, index: number): string | undefined {
  const part = baseString.split('&')[index]
  if (part === undefined) return undefined
  try {
    return decodeURIComponent(part)
  } catch {
    return undefined
  }
}

class Mismatch {
  readonly field: string
  readonly expected: string
  readonly actual: string
  constructor(field: string, expected: string, actual: string) {
    this.field = field
    this.expected = expected
    this.actual = actual
  }
}

function check(field: string, expected: unknown, actual: unknown): void {
  if (expected === undefined) return
  const e = str(expected)
  const a = actual === undefined ? '(not provided)' : str(actual)
  if (e !== a) throw new Mismatch(field, e, a)
}

/** Map a signature case's input to the adapter's input shape. */
export function signatureInput(input: Record<string, unknown>): SignatureInput {
  return {
    method: input.method as string,
    url: input.url as string,
    body: (input.body as string | null) ?? null,
    contentType: (input.content_type as string | null) ?? null,
    realm: (input.realm as string | null) ?? null,
    consumerKey: input.consumer_key as string,
    consumerSecret: (input.consumer_secret as string | null) ?? '',
    token: (input.token as string | null) ?? null,
    tokenSecret: (input.token_secret as string | null) ?? '',
    nonce: input.nonce as string,
    timestamp: String(input.timestamp),
    signatureMethod: input.signature_method as SignatureInput['signatureMethod'],
    version: (input.version as '1.0' | null) ?? null,
    extraOAuthParams: (input.extra_oauth_params as Record<string, string> | undefined) ?? {},
  }
}

/** Map a soap_passport case's input to the adapter's input shape. */
export function passportInput(input: Record<string, unknown>): PassportInput {
  return {
    account: input.account as string,
    consumerKey: input.consumer_key as string,
    token: input.token as string,
    nonce: input.nonce as string,
    timestamp: String(input.timestamp),
    consumerSecret: input.consumer_secret as string,
    tokenSecret: input.token_secret as string,
  }
}

async function runCase(adapter: ConformanceAdapter, c: VectorCase): Promise<string | null> {
  const input = (c.input ?? {}) as Record<string, unknown>
  const e = c.expected
  if (adapter.supports && !adapter.supports(c.kind, input)) return 'not supported by this signer'
  switch (c.kind) {
    case 'signature': {
      if (!adapter.sign) return 'adapter has no sign()'
      const out = await adapter.sign(signatureInput(input))
      if (out.baseString !== undefined) {
        check('base_string_uri', e.base_string_uri, decodeBaseStringPart(out.baseString, 1))
        check('normalized_params', e.normalized_params, decodeBaseStringPart(out.baseString, 2))
        check('base_string', e.base_string, out.baseString)
      }
      check('signature', e.signature, out.signature)
      if (out.authorization !== undefined && Array.isArray(e.authorization_params)) {
        const got = headerParams(out.authorization)
        if (!got)
          throw new Mismatch('authorization', str(e.authorization_header), out.authorization)
        const want = new Map<string, string>()
        for (const [k, v] of e.authorization_params as [string, string][]) {
          // The generated files keep header values as they appear in the header (encoded).
          want.set(k, decodeURIComponent(v))
        }
        const canon = (m: Map<string, string>) =>
          [...m]
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
            .map(([k, v]) => `${k}=${v}`)
            .join('\n')
        check('authorization_params', canon(want), canon(got))
      }
      return null
    }
    case 'percent_encode':
      if (!adapter.percentEncode) return 'adapter has no percentEncode()'
      check('encoded', e.encoded, await adapter.percentEncode(input.value as string))
      return null
    case 'base_string_uri':
      if (!adapter.baseStringUri) return 'adapter has no baseStringUri()'
      check('base_string_uri', e.base_string_uri, await adapter.baseStringUri(input.url as string))
      return null
    case 'normalize_params':
      if (!adapter.normalizeParameters) return 'adapter has no normalizeParameters()'
      check('normalized', e.normalized, await adapter.normalizeParameters(input.form as string))
      return null
    case 'param_collection': {
      if (!adapter.normalizeParameters) return 'adapter has no normalizeParameters()'
      // Collect query + body through the signer's normaliser, and compare with the expected
      // decoded table normalised independently here.
      const enc = (s: string) =>
        encodeURIComponent(s).replace(
          /[!'()*]/g,
          (ch) => '%' + ch.charCodeAt(0).toString(16).toUpperCase(),
        )
      const want = (e.params_excluding_oauth as [string, string][])
        .map(([k, v]) => [enc(k), enc(v)] as const)
        .sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
        .map(([k, v]) => `${k}=${v}`)
        .join('&')
      const joined = [input.query, input.body]
        .filter((s) => typeof s === 'string' && s !== '')
        .join('&')
      check('params', want, await adapter.normalizeParameters(joined))
      return null
    }
    case 'base_string': {
      if (!adapter.baseStringUri) return 'adapter has no baseStringUri()'
      const uri = await adapter.baseStringUri(input.url as string)
      const enc = (s: string) =>
        encodeURIComponent(s).replace(
          /[!'()*]/g,
          (ch) => '%' + ch.charCodeAt(0).toString(16).toUpperCase(),
        )
      check(
        'base_string',
        e.base_string,
        `${String(input.method).toUpperCase()}&${enc(uri)}&${enc(input.params as string)}`,
      )
      return null
    }
    case 'hmac':
      if (!adapter.hmac) return 'adapter has no hmac()'
      check(
        'signature',
        e.signature,
        await adapter.hmac(
          input.signature_method as 'HMAC-SHA256' | 'HMAC-SHA1',
          input.consumer_secret as string,
          (input.token_secret as string | null) ?? '',
          input.base_string as string,
        ),
      )
      return null
    case 'plaintext':
      if (!adapter.plaintext) return 'adapter has no plaintext()'
      check(
        'signature',
        e.signature,
        await adapter.plaintext(
          input.consumer_secret as string,
          (input.token_secret as string | null) ?? '',
        ),
      )
      return null
    case 'soap_passport': {
      if (!adapter.passport) return 'adapter has no passport()'
      const out = await adapter.passport(passportInput(input))
      check(
        'account',
        e.account,
        out.account ?? (e.account === undefined ? undefined : '(not provided)'),
      )
      if (out.baseString !== undefined) check('base_string', e.base_string, out.baseString)
      check('signature', e.signature, out.signature)
      return null
    }
    default:
      return `kind ${c.kind} has no checkable output (${c.verification.status})`
  }
}

/** Run one case. */
export async function runVectorCase(
  adapter: ConformanceAdapter,
  file: string,
  c: VectorCase,
): Promise<CaseResult> {
  const base: CaseResult = { file, id: c.id, kind: c.kind, status: 'pass' }
  if (Array.isArray(c.tags)) base.tags = c.tags as string[]
  try {
    const skipped = await runCase(adapter, c)
    if (skipped !== null) return { ...base, status: 'skip', reason: skipped }
    return base
  } catch (error) {
    if (error instanceof Mismatch) {
      return {
        ...base,
        status: 'fail',
        reason: `${error.field} differs`,
        field: error.field,
        expected: error.expected,
        actual: error.actual,
        diff: describeDifference(error.expected, error.actual),
      }
    }
    const e = error as { name?: string; code?: string; message?: string }
    return {
      ...base,
      status: 'fail',
      reason: `threw ${e?.name ?? 'error'}${e?.code ? ` ${e.code}` : ''}: ${e?.message ?? String(error)}`,
    }
  }
}

/** Run every case of every file through `adapter`. */
export async function runVectors(
  adapter: ConformanceAdapter,
  files: VectorFile[],
): Promise<RunSummary> {
  const results: CaseResult[] = []
  for (const f of files)
    for (const c of f.cases) results.push(await runVectorCase(adapter, f.file, c))
  return {
    adapter: adapter.name,
    passed: results.filter((r) => r.status === 'pass').length,
    failed: results.filter((r) => r.status === 'fail').length,
    skipped: results.filter((r) => r.status === 'skip').length,
    results,
  }
}
