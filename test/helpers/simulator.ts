/**
 * One simulator per test file: started before the tests, closed after them, its injected faults
 * reset before each test (then `each` runs, e.g. to set a consent mode).
 */
import { afterAll, beforeAll, beforeEach } from 'vitest'
import {
  startSimulator,
  type Simulator,
  type SimulatorOptions,
} from '../../conformance/simulator/index.ts'

/** The file's simulator (usable inside tests and hooks, once `beforeAll` has run). */
export function useSimulator(
  each?: (sim: Simulator) => void,
  options?: SimulatorOptions,
): Simulator {
  let current: Simulator | undefined
  const sim = (): Simulator => {
    if (current === undefined) throw new Error('the simulator is used before beforeAll ran')
    return current
  }
  beforeAll(async () => {
    current = await startSimulator(options)
  })
  afterAll(() => current?.close())
  beforeEach(() => {
    sim().inject.reset()
    each?.(sim())
  })
  return new Proxy({} as Simulator, {
    get(_, key) {
      const value: unknown = Reflect.get(sim(), key)
      return typeof value === 'function' ? value.bind(current) : value
    },
  })
}
