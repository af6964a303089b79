import { defineConfig } from 'tsup'

// One build for every entry: ESM + CJS + declarations. Code splitting keeps one copy of the core
// (and so one TbaError class) shared by all entries in both formats.
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    node: 'src/node.ts',
    restlet: 'src/restlet.ts',
    rest: 'src/rest.ts',
    soap: 'src/soap.ts',
    verify: 'src/verify.ts',
    oauth2: 'src/oauth2.ts',
    cli: 'src/node/cli/main.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  splitting: true,
  clean: true,
  target: 'es2022',
  platform: 'neutral',
  sourcemap: false,
  treeshake: true,
})
