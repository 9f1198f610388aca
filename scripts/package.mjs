// Builds the store edition of Steward (`vite build --mode store`: no source maps, no diagnostics
// hook) and zips it as steward-<version>.zip, manifest.json at the root, ready for the Chrome Web
// Store or for loading by hand.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = join(root, 'dist-store');

execFileSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--mode', 'store'], { cwd: root, stdio: 'inherit' });

const manifest = JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8'));
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
if (manifest.version !== version) throw new Error(`manifest.json says version ${manifest.version} and package.json ${version}: make them agree before packaging.`);

/** Every file of the build, by its path inside the zip. */
function filesOf(dir) {
  const files = {};
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) Object.assign(files, filesOf(path));
    else files[relative(outDir, path).split('\\').join('/')] = readFileSync(path);
  }
  return files;
}

const files = filesOf(outDir);
const maps = Object.keys(files).filter((name) => name.endsWith('.map'));
if (maps.length > 0) throw new Error(`The store build has source maps (${maps.join(', ')}).`);
const zipPath = join(root, `steward-${version}.zip`);
// A fixed date: the same build gives the same zip.
writeFileSync(zipPath, zipSync(files, { level: 9, mtime: new Date('2026-01-01T00:00:00Z') }));
console.log(`${relative(root, zipPath)}: ${Object.keys(files).length} files, ${(statSync(zipPath).size / 1024).toFixed(1)} KB`);
