/**
 * The three kinds of Redis client `netsuite-tba/redis` accepts, connected to one server: ioredis,
 * node-redis, and a bare `{ command(args) }` object.
 */
import { Redis } from 'ioredis'
import { createClient } from 'redis'
import type { RedisClientLike } from '../../src/redis.ts'

export interface ConnectedClient {
  redis: RedisClientLike
  close(): Promise<void>
}

export type ClientKind = 'ioredis' | 'node-redis' | 'generic'
export const CLIENT_KINDS: ClientKind[] = ['ioredis', 'node-redis', 'generic']

/** Connect a client of `kind`. Connection errors after a server stops are swallowed. */
export async function connect(kind: ClientKind, url: string): Promise<ConnectedClient> {
  if (kind === 'node-redis') {
    const client = createClient({ url, socket: { reconnectStrategy: 50 } })
    client.on('error', () => {})
    await client.connect()
    return {
      redis: client,
      close: async () => {
        // destroy, not close: close waits for a server that may be gone.
        if (client.isOpen) client.destroy()
      },
    }
  }
  const io = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 })
  io.on('error', () => {})
  await io.connect()
  const close = async (): Promise<void> => {
    io.disconnect()
  }
  if (kind === 'ioredis') return { redis: io, close }
  // Any client that sends a command given as strings: here ioredis's generic `call` underneath.
  return {
    redis: { command: (args: string[]) => io.call(args[0] as string, ...args.slice(1)) },
    close,
  }
}
