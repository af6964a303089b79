/**
 * Server-side helpers: parse and check OAuth Authorization headers.
 *
 * @module
 */
export { parseAuthorizationHeader } from './authorization_header.ts'
