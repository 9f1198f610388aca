import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIST, evaluateInWorker, gotoFixture, runMember, type Steward, useSteward } from './harness';

let steward: Steward;
useSteward((launched) => (steward = launched));

const manifest = JSON.parse(readFileSync(join(DIST, 'manifest.json'), 'utf8')) as {
  content_scripts: Array<{ js: string[]; all_frames?: boolean; match_origin_as_fallback?: boolean }>;
  web_accessible_resources?: Array<{ resources: string[]; use_dynamic_url?: boolean }>;
};

/** Every path a page could try: whatever the manifest makes web-accessible, the content script, and each built asset (the old chunk naming). */
function probedPaths(): string[] {
  const declared = (manifest.web_accessible_resources ?? []).flatMap((entry) => entry.resources).filter((path) => !path.includes('*'));
  const assets = readdirSync(join(DIST, 'assets')).map((name) => `assets/${name}`);
  return [...new Set([...declared, ...manifest.content_scripts.flatMap((script) => script.js), ...assets, 'manifest.json', 'service-worker-loader.js'])];
}

describe('a web page cannot tell Steward is installed', () => {
  it('builds the content script as one classic script and makes nothing web-accessible without a dynamic URL', () => {
    expect(manifest.content_scripts).toHaveLength(1);
    const script = manifest.content_scripts[0]!;
    expect(script.js).toEqual(['content.js']);
    expect(script.all_frames).toBe(true);
    expect(script.match_origin_as_fallback).toBe(true);
    const source = readFileSync(join(DIST, script.js[0]!), 'utf8');
    expect(source).not.toMatch(/\bimport\s*\(|^\s*import\s|\bexport\s*\{/m);
    for (const entry of manifest.web_accessible_resources ?? []) expect(entry.use_dynamic_url).toBe(true);
  });

  it('refuses every fetch of its files from a page, while read_page still reads that page', async () => {
    const page = await gotoFixture(steward, '/detect.html');
    const urls = probedPaths().map((path) => `chrome-extension://${steward.extensionId}/${path}`);
    expect(urls.length).toBeGreaterThan(3);

    // The same URLs are real: Steward's own pages can fetch them, so the page's refusals are not typos.
    const fromExtension = (await steward.panel.evaluate(async (list: string[]) => {
      const ok: string[] = [];
      for (const url of list) if ((await fetch(url).catch(() => undefined))?.ok) ok.push(url);
      return ok;
    }, urls)) as string[];
    expect(fromExtension).toEqual(urls);

    const found = await page.evaluate((list: string[]) => (window as unknown as { probe: (urls: string[]) => Promise<string[]> }).probe(list), urls);
    expect(found).toEqual([]);

    // The declared classic script ran by itself: its ready flag is set before anything injects it.
    const ready = await evaluateInWorker(
      steward,
      `(async () => {
        const [tab] = await chrome.tabs.query({ url: ${JSON.stringify(page.url())} });
        const [result] = await chrome.scripting.executeScript({ target: { tabId: tab.id }, func: () => globalThis.__stewardReady === true });
        return result.result;
      })()`,
    );
    expect(ready).toBe(true);

    const { isError, text } = await runMember(steward, page, 'read_page');
    expect(isError).toBe(false);
    expect(text).toContain('Extension probe');
    expect(text).toMatch(/button "Probe"/);
  });
});
