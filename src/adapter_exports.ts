/**
 * What every adapter entry (`netsuite-tba/restlet`, `/rest`, `/soap`) exports besides its client:
 * the shared option types and NetSuite's errors. Internal: the entries re-export this module.
 *
 * @module
 */
export type { ClientOptions, Authorize, RetryInfo } from './client_options.ts'
export type { RetryOptions } from './retry_policy.ts'
export type { ConcurrencyLimiter } from './concurrency_limiter.ts'
export type { QueryParams } from './query_string.ts'
export * from './netsuite_error_exports.ts'
