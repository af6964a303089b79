/**
 * Script entry for Chromium (loaded by a page on http://localhost) and Vercel's edge-runtime
 * (`EdgeVM.evaluate`): esbuild bundles it with the built package as an IIFE into
 * conformance/.out/global_script.js. The result promise is left on `globalThis.__conformance`.
 *
 * @module
 */
// @ts-ignore -- the built package has no declarations next to it for this relative import
import * as lib from '../../dist/index.js'
import * as oauth2Lib from '../../dist/oauth2.js'
import { detectRuntime, runSuite, type SuiteResult } from './suite.ts'

const lines: string[] = []
;(
  globalThis as unknown as { __conformance: Promise<SuiteResult & { log: string[] }> }
).__conformance = runSuite(
  lib,
  detectRuntime().runtime,
  (line) => lines.push(line),
  undefined,
  oauth2Lib,
).then((r) => ({
  ...r,
  log: lines,
}))
