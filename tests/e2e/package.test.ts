import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { strFromU8, unzipSync } from 'fflate';
import { expect, test } from 'vitest';
import { evaluateInWorker, launchSteward } from './harness';

const root = fileURLToPath(new URL('../../', import.meta.url));

test('npm run package zips the store build: manifest.json at the root with the version, no source maps, no diagnostics hook', () => {
  execFileSync(process.execPath, ['scripts/package.mjs'], { cwd: root, stdio: 'pipe' });
  const { version } = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { version: string };
  const files = unzipSync(readFileSync(`${root}steward-${version}.zip`));

  const manifest = JSON.parse(strFromU8(files['manifest.json']!)) as { version: string; manifest_version: number; side_panel: { default_path: string } };
  expect(manifest.version).toBe(version);
  expect(manifest.manifest_version).toBe(3);
  expect(files[manifest.side_panel.default_path]).toBeDefined();

  const names = Object.keys(files);
  expect(names.filter((name) => name.endsWith('.map'))).toEqual([]);
  const scripts = names.filter((name) => name.endsWith('.js'));
  expect(scripts.length).toBeGreaterThan(0);
  for (const name of scripts) expect(strFromU8(files[name]!), name).not.toContain('__stewardDebug');
}, 120_000);

test('the store build loads in Chromium: the side panel opens, and the worker has no diagnostics hook', async () => {
  const steward = await launchSteward({ extensionPath: `${root}dist-store/` });
  try {
    expect(await steward.panel.$('::-p-aria([name="Views"][role="navigation"])')).not.toBeNull();
    expect(await evaluateInWorker(steward, 'typeof globalThis.__stewardDebug')).toBe('undefined');
  } finally {
    await steward.close();
  }
}, 120_000);
