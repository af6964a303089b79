/**
 * Which runtime this is, for the speed choices measured with `npm run bench`: the layout of the
 * SHA-256 rounds, the WebCrypto crossovers of `sign()` and where the Node entry hands long inputs
 * to node:crypto. One place, so every such choice reads the same answer.
 *
 * Only speed depends on it: every choice it drives computes the same bytes, and the conformance
 * kit checks each alternative on every runtime. An unknown runtime gets `'other'` (V8's choices);
 * so does Safari, whose JavaScriptCore may well prefer Bun's choices but is not measured here.
 *
 * @module
 * @internal
 */

/** A runtime with measured choices of its own; `'other'` covers Node, browsers and edge-runtime. */
export type RuntimeKind = 'bun' | 'deno' | 'workerd' | 'other'

/** Decide from the runtime's own globals (`Bun`, `Deno`) and Workers' fixed user agent. */
function detect(): RuntimeKind {
  const g = globalThis as {
    Bun?: unknown
    Deno?: unknown
    navigator?: { userAgent?: unknown }
  }
  if (typeof g.Bun !== 'undefined') return 'bun'
  if (typeof g.Deno !== 'undefined') return 'deno'
  if (g.navigator?.userAgent === 'Cloudflare-Workers') return 'workerd'
  return 'other'
}

/** This runtime, decided once when the library loads. */
export const RUNTIME: RuntimeKind = detect()
