import { crx } from '@crxjs/vite-plugin';
import { defineConfig } from 'vite';
import manifest from './manifest.json' with { type: 'json' };

/**
 * One build for every entry point. `--mode store` is the build `npm run package` zips for the
 * Chrome Web Store: into dist-store/, without source maps and without the diagnostics hook
 * (background/debug.ts) that tests and benchmarks drive.
 */
export default defineConfig(({ mode }) => ({
  plugins: [crx({ manifest })],
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: mode === 'store' ? 'dist-store' : 'dist',
    emptyOutDir: true,
    target: 'chrome120',
    // Readable stack traces when something fails in a user's browser.
    sourcemap: mode !== 'store',
    minify: true,
  },
}));
