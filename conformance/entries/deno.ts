/**
 * Deno entry: the suite's TypeScript sources (Deno runs them as they are) against the built
 * package. `deno run conformance/entries/deno.ts`
 *
 * @module
 */
// @ts-ignore -- the built package has no declarations next to it for this relative import
import * as lib from '../../dist/index.js'
import * as oauth2Lib from '../../dist/oauth2.js'
// @ts-ignore -- as above
import * as nodeLib from '../../dist/node.js'
import { runSuite } from './suite.ts'

const result = await runSuite(lib, 'deno', undefined, nodeLib, oauth2Lib)
if (result.failed !== 0 || result.passed === 0) {
  ;(globalThis as unknown as { Deno: { exit(code: number): never } }).Deno.exit(1)
}
