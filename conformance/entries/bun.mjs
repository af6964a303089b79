// Bun entry: the bundled suite against the built package (`bun conformance/entries/bun.mjs`).
import * as lib from '../../dist/index.js'
import * as oauth2Lib from '../../dist/oauth2.js'
import * as nodeLib from '../../dist/node.js'
import { runSuite } from '../.out/suite.mjs'

const result = await runSuite(lib, 'bun', undefined, nodeLib, oauth2Lib)
process.exitCode = result.failed === 0 && result.passed > 0 ? 0 : 1
