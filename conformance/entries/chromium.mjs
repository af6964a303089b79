// Chromium entry: headless Debian Chromium (playwright-core, no browser download) loads a page
// from http://localhost/ (fulfilled by page.route: a secure context, so crypto.subtle exists) that
// runs conformance/.out/global_script.js (the suite bundled with the built package).
// Usage: node conformance/entries/chromium.mjs [path to chromium]
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const here = dirname(fileURLToPath(import.meta.url))
const script = readFileSync(join(here, '..', '.out', 'global_script.js'), 'utf8')
const executablePath = process.argv[2] ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

const browser = await chromium.launch({ executablePath, headless: true })
try {
  const page = await browser.newPage()
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`))
  await page.route('http://localhost/**', (route) => {
    const url = new URL(route.request().url())
    if (url.pathname === '/conformance.js') {
      return route.fulfill({ contentType: 'text/javascript', body: script })
    }
    return route.fulfill({
      contentType: 'text/html',
      body: '<!doctype html><meta charset="utf-8"><title>conformance</title><script src="/conformance.js"></script>',
    })
  })
  await page.goto('http://localhost/')
  const result = await page.evaluate(async () => {
    const g = /** @type {any} */ (globalThis)
    if (!g.crypto?.subtle) throw new Error('crypto.subtle is unavailable (not a secure context?)')
    return await g.__conformance
  })
  result.version = browser.version()
  for (const line of result.log) if (!line.startsWith('CONFORMANCE_RESULT ')) console.log(line)
  delete result.log
  console.log(
    'CONFORMANCE_RESULT ' +
      JSON.stringify({ ...result, failures: result.failures.map((f) => f.id) }),
  )
  process.exitCode = result.failed === 0 && result.passed > 0 ? 0 : 1
} finally {
  await browser.close()
}
