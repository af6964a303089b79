/**
 * A minimal `vitest` stand-in for runtimes without vitest (Deno here; workerd and browsers later):
 * `describe`, `it`/`test` with `.skip`, and vitest's own `expect` (@vitest/expect on chai).
 * No hooks, no `vi`, no snapshots: suites meant for every runtime stay inside this subset.
 */
import * as chai from 'chai'
import {
  JestAsymmetricMatchers,
  JestChaiExpect,
  JestExtend,
  type ExpectStatic,
} from '@vitest/expect'

chai.use(JestExtend)
chai.use(JestChaiExpect)
chai.use(JestAsymmetricMatchers)

type TestFn = () => unknown | Promise<unknown>
interface Registered {
  name: string
  fn: TestFn
  skip: boolean
}

const prefix: string[] = []
const registered: Registered[] = []
const deno = (
  globalThis as {
    Deno?: {
      test(name: string, fn: TestFn): void
      test(o: { name: string; ignore: boolean; fn: TestFn }): void
    }
  }
).Deno

function register(name: string, fn: TestFn, skip: boolean): void {
  const full = [...prefix, name].join(' > ')
  if (deno) deno.test({ name: full, ignore: skip, fn })
  else registered.push({ name: full, fn, skip })
}

export function describe(name: string, body: () => void): void {
  prefix.push(name)
  try {
    body()
  } finally {
    prefix.pop()
  }
}

export const it = Object.assign((name: string, fn: TestFn) => register(name, fn, false), {
  skip: (name: string, fn: TestFn) => register(name, fn, true),
  skipIf: (cond: unknown) => (name: string, fn: TestFn) => register(name, fn, Boolean(cond)),
  runIf: (cond: unknown) => (name: string, fn: TestFn) => register(name, fn, !cond),
})
export const test = it

export const expect = ((value: unknown, message?: string) =>
  chai.expect(value, message)) as unknown as ExpectStatic

/** Run the registered tests where no native runner exists; returns the totals. */
export async function run(
  log: (line: string) => void = console.log,
): Promise<{ passed: number; failed: number; skipped: number }> {
  let passed = 0
  let failed = 0
  let skipped = 0
  for (const t of registered) {
    if (t.skip) {
      skipped++
      continue
    }
    try {
      await t.fn()
      passed++
    } catch (error) {
      failed++
      log(`FAIL ${t.name}: ${error instanceof Error ? error.message : String(error)}`)
    }
  }
  log(`${passed} passed, ${failed} failed, ${skipped} skipped`)
  return { passed, failed, skipped }
}
