/**
 * Keep secrets out of `JSON.stringify`, Node's `util.inspect` and Deno's `Deno.inspect`.
 *
 * @module
 * @internal
 */

const NODE_INSPECT = Symbol.for('nodejs.util.inspect.custom')
const DENO_INSPECT = Symbol.for('Deno.customInspect')

/**
 * Give `target` non-enumerable `toJSON` and inspect hooks that show only `visible`.
 * Returns `target`.
 */
export function redact<T extends object>(
  target: T,
  label: string,
  visible: Record<string, unknown>,
): T {
  const text = () =>
    `${label} { ${Object.entries(visible)
      .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
      .join(', ')} }`
  const hidden = { enumerable: false, configurable: true, writable: true }
  Object.defineProperty(target, 'toJSON', {
    ...hidden,
    value: () => ({ ...visible, redacted: true }),
  })
  Object.defineProperty(target, NODE_INSPECT, { ...hidden, value: text })
  Object.defineProperty(target, DENO_INSPECT, { ...hidden, value: text })
  Object.defineProperty(target, 'toString', { ...hidden, value: text })
  return target
}
