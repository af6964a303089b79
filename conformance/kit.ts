/**
 * One bundle entry for the Node scripts of the kit (certify.mjs, report.mjs): esbuild turns it
 * into conformance/.out/kit.mjs so Node 20 can use the TypeScript sources.
 *
 * @module
 */
export { certifySigner, classifyFailures, diagnose, summaryMarkdown } from './certify.ts'
export type { CertifyOptions, CertifyResult, FailureClass } from './certify.ts'
export { netsuiteTbaAdapter } from './adapters/netsuite_tba.ts'
export { runVectors, describeDifference } from './run_vectors.ts'
export { vectorFiles } from './vectors.ts'
