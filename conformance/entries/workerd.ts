/**
 * workerd entry (no nodejs_compat): esbuild bundles this file with the built package into
 * conformance/.out/workerd.mjs; `workerd test` calls `test()`, which throws when a vector fails.
 *
 * @module
 */
// @ts-ignore -- the built package has no declarations next to it for this relative import
import * as lib from '../../dist/index.js'
import * as oauth2Lib from '../../dist/oauth2.js'
import { runSuite } from './suite.ts'

export default {
  async test(): Promise<void> {
    const result = await runSuite(lib, 'workerd', undefined, undefined, oauth2Lib)
    if (result.failed !== 0 || result.passed === 0) {
      throw new Error(`${result.failed} vector(s) failed on workerd`)
    }
  },
}
