// `npm start` on a fresh clone: build dist/ once if it is missing (the package itself has no
// install script, so installing it from the registry runs nothing).
import { existsSync } from 'node:fs'
import { spawnSync } from 'node:child_process'

if (!existsSync(new URL('../dist/cli.js', import.meta.url))) {
  console.error('dist/ is missing: building it once (npm run build)…')
  const r = spawnSync('npm', ['run', 'build'], {
    stdio: 'inherit',
    shell: process.platform === 'win32',
  })
  process.exit(r.status ?? 1)
}
