/**
 * Reading NetSuite's `WWW-Authenticate` challenge: its scheme and its `error="…"` parameter.
 * Internal; the one parser every adapter, auth and flow uses.
 *
 * @module
 */

/** The `error="…"` parameter of the `WWW-Authenticate` header, if any. */
export function wwwAuthenticateError(response: Response): string | undefined {
  const header = response.headers.get('www-authenticate')
  return header === null ? undefined : /\berror="([^"]*)"/.exec(header)?.[1]
}

/** The scheme of the `WWW-Authenticate` challenge in lower case (`bearer`, `basic`, `oauth`). */
export function wwwAuthenticateScheme(response: Response): string | undefined {
  return /^\s*([A-Za-z][\w-]*)/
    .exec(response.headers.get('www-authenticate') ?? '')?.[1]
    ?.toLowerCase()
}
