import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { crx } from '@crxjs/vite-plugin';
import { build, defineConfig, type Plugin } from 'vite';
import manifest from './manifest.json' with { type: 'json' };

/** The content script's one file in the build, a classic script that needs nothing web-accessible. */
const CONTENT_SCRIPT = 'content.js';

/**
 * crxjs would build the content script as an ES module behind a loader that imports it through
 * chrome.runtime.getURL, which forces the module into web_accessible_resources, where any page can
 * fetch it to learn Steward is installed. So crxjs gets the manifest without content scripts, and
 * this plugin builds content/index.ts on its own as one self-contained IIFE, then declares that
 * file in the built manifest with the source manifest's settings (all_frames and the rest).
 */
function classicContentScript(sourcemap: boolean): Plugin {
  // Where this build writes, --outDir included: the content script and the manifest go beside the rest.
  let outDir = '';
  return {
    name: 'steward-classic-content-script',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    async closeBundle() {
      await build({
        configFile: false,
        logLevel: 'warn',
        define: { 'process.env.NODE_ENV': JSON.stringify('production') },
        build: {
          outDir,
          emptyOutDir: false,
          target: 'chrome120',
          sourcemap,
          minify: true,
          copyPublicDir: false,
          lib: { entry: resolve('content/index.ts'), formats: ['iife'], name: 'StewardContent', fileName: () => CONTENT_SCRIPT },
        },
      });
      const path = join(outDir, 'manifest.json');
      const built = JSON.parse(readFileSync(path, 'utf8'));
      built.content_scripts = manifest.content_scripts.map((script) => ({ ...script, js: [CONTENT_SCRIPT] }));
      writeFileSync(path, `${JSON.stringify(built, null, 2)}\n`);
    },
  };
}

/**
 * One build for every entry point. `--mode store` is the build `npm run package` zips for the
 * Chrome Web Store: into dist-store/, without source maps and without the diagnostics hook
 * (background/debug.ts) that tests and benchmarks drive.
 */
export default defineConfig(({ mode }) => {
  const outDir = mode === 'store' ? 'dist-store' : 'dist';
  const sourcemap = mode !== 'store';
  const { content_scripts: _contentScripts, ...withoutContentScripts } = manifest;
  return {
    plugins: [crx({ manifest: withoutContentScripts }), classicContentScript(sourcemap)],
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
    build: {
      outDir,
      emptyOutDir: true,
      target: 'chrome120',
      // Readable stack traces when something fails in a user's browser.
      sourcemap,
      minify: true,
    },
  };
});
