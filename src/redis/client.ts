/**
 * One way to send a Redis command, whatever client the user passes: ioredis (`call`), node-redis
 * v4/v5 (`sendCommand`), or any `{ command(args) }`. Failures and silences become a
 * `TbaError` with code `ERR_TBA_REDIS_UNAVAILABLE`. @internal
 *
 * @module
 */
import { argumentError, TbaError, TbaErrorCodes } from '../errors.ts'
import { numberOption } from '../number_option.ts'

/** An ioredis client (or cluster): recognised by its `call(command, ...args)` method. */
export interface IoRedisLike {
  call(command: string, ...args: Array<string | number>): Promise<unknown>
}

/**
 * A node-redis v4/v5 client: recognised by its `sendCommand(args)` method. (A node-redis cluster's
 * `sendCommand` takes other arguments: pass `{ command: (args) => cluster.sendCommand(key, false, args) }`.)
 */
export interface NodeRedisLike {
  sendCommand(args: string[]): Promise<unknown>
}

/** Any client that sends one command given as strings and resolves to Redis's answer. */
export interface GenericRedisLike {
  command(args: string[]): Promise<unknown>
}

/**
 * A connected Redis client: an ioredis client, a node-redis v4/v5 client, or any
 * `{ command(args: string[]): Promise<unknown> }`. It is recognised by shape, in that order.
 */
export type RedisClientLike = IoRedisLike | NodeRedisLike | GenericRedisLike

/** Send one command; resolve to Redis's answer. @internal */
export type SendCommand = (args: string[], what: string) => Promise<unknown>

/** The options every Redis helper takes. @internal */
export interface RedisHelperOptions {
  redis: RedisClientLike
  prefix?: string
  commandTimeoutMs?: number
}

/** Check the shared options: the client's `send` (with its timeout) and the key prefix. @internal */
export function redisSetup(
  options: RedisHelperOptions,
  role: string,
  defaultPrefix: string,
): { send: SendCommand; prefix: string } {
  const prefix = options.prefix ?? defaultPrefix
  if (typeof prefix !== 'string') {
    throw argumentError('prefix must be a string', 'ERR_INVALID_ARG_TYPE')
  }
  const timeoutMs = numberOption(options.commandTimeoutMs, 'commandTimeoutMs', {
    min: 1,
    max: 2_147_483_647,
    integer: true,
    fallback: 5000,
    what: 'milliseconds (default 5000)',
  })
  return { send: commandSender(options.redis, timeoutMs, role), prefix }
}

function describe(error: unknown): string {
  const e = error as { code?: unknown; message?: unknown } | null
  const text = typeof e?.message === 'string' ? e.message : String(error)
  const code = typeof e?.code === 'string' && !text.includes(e.code) ? `${e.code}: ` : ''
  // Only the first line, bounded: never a connection string.
  return (code + text.split('\n')[0]).replace(/\/\/[^@\s]*@/g, '//…@').slice(0, 160)
}

/** Wrap a client into one `send`, with a per-command timeout. @internal */
function commandSender(redis: unknown, timeoutMs: number, role: string): SendCommand {
  const r = redis as Partial<IoRedisLike & NodeRedisLike & GenericRedisLike> | null
  let raw: (args: string[]) => Promise<unknown>
  if (typeof r !== 'object' || r === null) {
    throw argumentError(
      'redis must be a connected client: ioredis, node-redis, or { command(args) }',
      'ERR_INVALID_ARG_TYPE',
    )
  }
  // The order matters: ioredis and node-redis also have a `command` method (Redis's COMMAND).
  if (typeof r.call === 'function') {
    const call = r.call.bind(r)
    raw = (args) => call(args[0] as string, ...args.slice(1))
  } else if (typeof r.sendCommand === 'function') {
    const sendCommand = r.sendCommand.bind(r)
    raw = (args) => sendCommand(args)
  } else if (typeof r.command === 'function') {
    const command = r.command.bind(r)
    raw = (args) => command(args)
  } else {
    throw argumentError(
      'redis must be a connected client: an ioredis client (call), a node-redis client (sendCommand), or { command(args: string[]) }',
      'ERR_INVALID_ARG_TYPE',
    )
  }
  return (args, what) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(
          new TbaError(
            TbaErrorCodes.REDIS_UNAVAILABLE,
            `Redis did not answer ${what} within ${timeoutMs} ms (commandTimeoutMs); the ${role} cannot work without it. Check that Redis is up and the client connected.`,
          ),
        )
      }, timeoutMs)
      const fail = (error: unknown): void => {
        clearTimeout(timer)
        reject(
          new TbaError(
            TbaErrorCodes.REDIS_UNAVAILABLE,
            `Redis failed ${what} (${describe(error)}); the ${role} cannot work without it. Check that Redis is up and the client connected.`,
            { cause: error },
          ),
        )
      }
      try {
        Promise.resolve(raw(args)).then((value) => {
          clearTimeout(timer)
          resolve(value)
        }, fail)
      } catch (error) {
        fail(error)
      }
    })
}
