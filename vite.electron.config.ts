import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';

// Bundles the Electron main process and the preload, each into one CommonJS file in dist-electron/.
// `--mode main` or `--mode preload`: built separately so the sandboxed preload shares no chunk (it may
// require nothing but 'electron'). Renderer-side libraries never enter these bundles; better-sqlite3
// stays external (native, unpacked from the asar).
export default defineConfig(({ mode }) => {
  const entry = mode === 'preload' ? 'electron/preload.ts' : 'electron/main.ts';
  const name = mode === 'preload' ? 'preload' : 'main';
  return {
    build: {
      ssr: entry,
      outDir: 'dist-electron',
      emptyOutDir: false,
      target: 'node20',
      minify: false,
      sourcemap: true,
      rollupOptions: {
        external: ['electron', 'better-sqlite3', ...builtinModules, ...builtinModules.map((m) => `node:${m}`)],
        output: { format: 'cjs', entryFileNames: `${name}.cjs`, inlineDynamicImports: true },
      },
    },
    ssr: { noExternal: true, external: ['electron', 'better-sqlite3'] },
  };
});
