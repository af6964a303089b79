import { defineConfig } from 'tsup'

// The library: ESM + CJS + declarations. Code splitting keeps one copy of the core (and so one
// TbaError class) shared by all entries in both formats.
const library = {
  index: 'src/index.ts',
  node: 'src/node.ts',
  restlet: 'src/restlet.ts',
  rest: 'src/rest.ts',
  soap: 'src/soap.ts',
  verify: 'src/verify.ts',
  redis: 'src/redis.ts',
  oauth2: 'src/oauth2.ts',
}

export default defineConfig([
  {
    entry: library,
    format: ['esm', 'cjs'],
    dts: true,
    splitting: true,
    clean: true,
    target: 'es2022',
    platform: 'neutral',
    sourcemap: false,
    treeshake: true,
  },
  // The CLI (the `bin`): ESM only, so the conformance vectors it embeds ship once.
  {
    entry: { cli: 'src/node/cli/main.ts' },
    format: ['esm'],
    dts: false,
    splitting: true,
    clean: false,
    target: 'es2022',
    platform: 'neutral',
    sourcemap: false,
    treeshake: true,
  },
])
