/**
 * URL options (redirect and callback URLs, origins): parsed once, a typed error when they are not
 * absolute URLs. Internal.
 *
 * @module
 */
import { TbaError, TbaErrorCodes } from './errors.ts'

/**
 * Parse an absolute URL.
 *
 * @throws {@link TbaError} `ERR_TBA_INVALID_URL` with `message` when `value` is not one.
 */
export function absoluteUrl(value: string, message: string): URL {
  try {
    return new URL(value)
  } catch {
    throw new TbaError(TbaErrorCodes.INVALID_URL, message)
  }
}
