/**
 * PKCE (RFC 7636) and `state` for NetSuite's OAuth 2.0 authorization code grant, on WebCrypto:
 * code verifiers, S256 challenges, and state values with a constant-time comparison.
 *
 * @module
 */
import { argumentError, TbaError, TbaErrorCodes } from '../errors.ts'
import { generateNonce } from '../nonce.ts'
import { base64url } from './base64url.ts'

/** A code verifier and its S256 challenge. */
export interface PkcePair {
  /** Keep it until the code exchange; never put it in a URL. */
  codeVerifier: string
  /** base64url(SHA-256(codeVerifier)), for the authorize URL. */
  codeChallenge: string
  /** Always `S256`: NetSuite refuses `plain`. */
  codeChallengeMethod: 'S256'
}

const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/

function checkLength(length: unknown, min: number, max: number, what: string): number {
  if (typeof length !== 'number') {
    throw argumentError(`${what} length must be a number`, 'ERR_INVALID_ARG_TYPE')
  }
  if (!Number.isSafeInteger(length) || length < min || length > max) {
    throw argumentError(
      `${what} length must be a whole number from ${min} to ${max} (got ${String(length)})`,
      'ERR_INVALID_ARG_VALUE',
    )
  }
  return length
}

/**
 * A fresh code verifier: `length` (43–128, default 64) characters drawn without bias from
 * `crypto.getRandomValues` over letters and digits, a subset of RFC 7636's unreserved set.
 */
export function generateCodeVerifier(length = 64): string {
  return generateNonce(checkLength(length, 43, 128, 'The code verifier'))
}

/** Throw unless `verifier` is 43–128 characters of `A-Z a-z 0-9 - . _ ~` (RFC 7636 §4.1). */
export function checkCodeVerifier(verifier: unknown): string {
  if (typeof verifier !== 'string') {
    throw argumentError('codeVerifier must be a string', 'ERR_INVALID_ARG_TYPE')
  }
  if (!VERIFIER.test(verifier)) {
    throw new TbaError(
      TbaErrorCodes.INVALID_CREDENTIAL,
      `codeVerifier must be 43–128 characters of A-Z a-z 0-9 - . _ ~ (it has ${verifier.length}); use the one authorizationUrl() returned, or generateCodeVerifier().`,
    )
  }
  return verifier
}

/** The S256 challenge of a verifier: base64url(SHA-256(ASCII(verifier))), RFC 7636 §4.2. */
export async function codeChallenge(verifier: string): Promise<string> {
  checkCodeVerifier(verifier)
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))
  return base64url(new Uint8Array(digest))
}

/** A fresh verifier and its challenge. */
export async function createPkce(length = 64): Promise<PkcePair> {
  const codeVerifier = generateCodeVerifier(length)
  return {
    codeVerifier,
    codeChallenge: await codeChallenge(codeVerifier),
    codeChallengeMethod: 'S256',
  }
}

/**
 * A fresh `state`: `length` (22–512, default 32) letters and digits from `crypto.getRandomValues`.
 * NetSuite's OAuth 2.0 wants 22–1024 printable characters and its TBA flow at most 512 letters and
 * digits; this fits both.
 */
export function generateState(length = 32): string {
  return generateNonce(checkLength(length, 22, 512, 'The state'))
}

/**
 * Compare the `state` a redirect carries with the one sent, in time that depends only on the
 * lengths. `false` for anything that is not a non-empty string.
 */
export function statesEqual(expected: unknown, received: unknown): boolean {
  if (typeof expected !== 'string' || typeof received !== 'string' || expected === '') return false
  let diff = expected.length ^ received.length
  const n = Math.max(expected.length, received.length)
  for (let i = 0; i < n; i++) diff |= (expected.charCodeAt(i) | 0) ^ (received.charCodeAt(i) | 0)
  return diff === 0
}
