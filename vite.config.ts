import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { cornerstonePatches } from './scripts/vite/cornerstone-patches.js';

// Codec wrappers imported by Cornerstone's decode worker are CommonJS/UMD emscripten files; the dev
// server's dep optimizer does not crawl the worker, so they must be listed (STACK-NOTES pitfall 2).
const codecEntries = [
  '@cornerstonejs/codec-charls/decodewasmjs',
  '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs',
  '@cornerstonejs/codec-openjpeg/decodewasmjs',
  '@cornerstonejs/codec-openjph/wasmjs',
  '@cornerstonejs/codec-libjxl/decodewasmjs',
];

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), cornerstonePatches()],
  optimizeDeps: { include: codecEntries },
  worker: { format: 'es', plugins: () => [cornerstonePatches()] },
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 8000,
    reportCompressedSize: false,
  },
  server: { host: '127.0.0.1' },
});
