#!/usr/bin/env node
/// <reference types="node" />
/**
 * The `netsuite-tba` executable (package `bin`). Runs with Node (`npx netsuite-tba`) and Deno
 * (`deno run -A npm:netsuite-tba`). Everything happens in {@link run}; this file only binds it
 * to the process.
 *
 * @module
 */
import process from 'node:process'
import { run } from './run.ts'

/** Run the CLI on the current process and set its exit code (Ctrl-C: the default, 130). */
export async function main(): Promise<void> {
  const code = await run(process.argv.slice(2), {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    env: process.env,
    cwd: process.cwd(),
  })
  process.exitCode = code
}

void main()
