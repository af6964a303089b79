/**
 * End to end: `netsuite-tba login --oauth2` with a real headless Chromium (Debian's `chromium`,
 * driven by playwright-core). The browser opens the simulator's consent page, clicks Allow, the
 * CLI's loopback listener receives the code, and the written file holds working credentials.
 * Locally a missing Chromium skips with the install command; with CI=true it fails.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator, type Simulator } from '../conformance/simulator/index.ts'
import { run } from '../src/node/cli/run.ts'
import { clientsFromLoginFile } from './helpers/login_file.ts'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const CI = /^(1|true|yes)$/i.test(process.env.CI ?? '')
const present = existsSync(CHROMIUM)
if (!present && !CI)
  console.warn(
    `login_browser.test.ts skipped: no Chromium at ${CHROMIUM}. Install it with: apt-get install -y --no-install-recommends chromium`,
  )

describe.skipIf(!present && !CI)('netsuite-tba login in a real browser', () => {
  let sim: Simulator
  let browser: Browser
  let dir: string
  beforeAll(async () => {
    if (!present)
      throw new Error(
        `Chromium is missing at ${CHROMIUM} (CI=true): apt-get install -y --no-install-recommends chromium`,
      )
    sim = await startSimulator()
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true })
    dir = mkdtempSync(join(tmpdir(), 'nstba-browser-'))
  }, 60_000)
  afterAll(async () => {
    await browser?.close()
    await sim?.close()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('Chromium clicks Allow on the consent page; the listener gets the code; the file works', async () => {
    sim.oauth2Code.consent('page')
    let stderr = ''
    const done = run(
      ['login', '--oauth2', '--out', 'netsuite.env', '--no-open', '--timeout', '60'],
      {
        stdout: () => {},
        stderr: (t) => void (stderr += t),
        stdoutIsTTY: false,
        stderrIsTTY: false,
        env: {
          NETSUITE_ACCOUNT_ID: sim.accountId,
          NETSUITE_CLIENT_ID: sim.oauth2Code.clientId,
          NETSUITE_CLIENT_SECRET: sim.oauth2Code.clientSecret,
          NETSUITE_BASE_URL: sim.url,
        },
        cwd: dir,
      },
    )
    let url: string | undefined
    for (let i = 0; i < 500 && url === undefined; i++) {
      url = /^ {2}(http\S+)$/m.exec(stderr)?.[1]
      if (url === undefined) await new Promise((r) => setTimeout(r, 10))
    }
    expect(url, stderr).toBeDefined()

    const page = await browser.newPage()
    await page.goto(url as string)
    expect(await page.title()).toBe('Allow access to NetSuite')
    await Promise.all([page.waitForURL(/127\.0\.0\.1:\d+\/callback\?/), page.click('#allow')])
    expect(await page.textContent('#done')).toMatch(/return to the terminal/)
    expect(await done, stderr).toBe(0)

    const file = join(dir, 'netsuite.env')
    expect(statSync(file).mode & 0o777).toBe(0o600)
    const { rest } = clientsFromLoginFile(file, sim.url)
    const { status, data } = await rest.request({ method: 'GET', path: 'record/v1/customer/1' })
    expect(status).toBe(200)
    expect(data).toMatchObject({ id: '1' })
  }, 60_000)
})
