/// <reference types="node" />
/**
 * Node: a `fetch` with connection reuse through undici (an optional dependency), falling back to
 * the global `fetch` when undici is not installed.
 *
 * @module
 */

/** Options of {@link createNodeFetch}. */
export interface NodeFetchOptions {
  /** Keep-alive connections per origin (default 10). */
  connections?: number
  /** Idle keep-alive timeout in milliseconds (default 30,000). */
  keepAliveTimeoutMs?: number
}

/**
 * A `fetch` for the adapters' `fetch` option that reuses connections through an undici `Agent`
 * (loaded lazily on first use). Without undici it is the global `fetch`.
 *
 * @example
 * ```ts
 * import { createNodeFetch } from 'netsuite-tba/node'
 * const rest = createRestClient({ credentials, fetch: createNodeFetch() })
 * ```
 */
export function createNodeFetch(options: NodeFetchOptions = {}): typeof fetch {
  let loaded: Promise<typeof fetch> | undefined
  const load = async (): Promise<typeof fetch> => {
    try {
      const specifier = 'undici'
      const undici = (await import(specifier)) as {
        Agent: new (o: object) => unknown
        fetch: (input: unknown, init?: object) => Promise<Response>
      }
      const dispatcher = new undici.Agent({
        connections: options.connections ?? 10,
        keepAliveTimeout: options.keepAliveTimeoutMs ?? 30_000,
      })
      return (async (input: RequestInfo | URL, init?: RequestInit) => {
        // undici's fetch takes its own Request class: pass the parts, not a global Request.
        if (input instanceof Request) {
          const body = input.body === null ? undefined : await input.arrayBuffer()
          return undici.fetch(input.url, {
            method: input.method,
            headers: [...input.headers],
            body,
            signal: init?.signal ?? input.signal,
            dispatcher,
          })
        }
        return undici.fetch(input, { ...init, dispatcher })
      }) as typeof fetch
    } catch {
      return globalThis.fetch
    }
  }
  return (input, init) => (loaded ??= load()).then((f) => f(input, init))
}
