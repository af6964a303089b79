// Node entry: the bundled suite (conformance/.out/suite.mjs, built by conformance/build.mjs)
// against the built package. Run by conformance/run_all.mjs under Node 20 and Node 24.
import * as lib from '../../dist/index.js'
import * as oauth2Lib from '../../dist/oauth2.js'
import * as nodeLib from '../../dist/node.js'
import { runSuite } from '../.out/suite.mjs'

const result = await runSuite(lib, process.argv[2] ?? 'node', undefined, nodeLib, oauth2Lib)
process.exitCode = result.failed === 0 && result.passed > 0 ? 0 : 1
