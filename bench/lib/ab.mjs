// Two builds of Steward side by side: read_page {filter:'all'} time and characters on the bench's generated
// pages, in alternating rounds (A then B, then B then A), so both meet the same machine load.
import { join } from 'node:path';
import { generatePage } from './generate.mjs';
import { startServer } from './server.mjs';
import { summarize } from './stats.mjs';
import { launchSteward, runMember, tabFor } from './steward.mjs';

export const AB_SIZES = [1_000, 10_000, 50_000];
const FIXTURES = join(import.meta.dirname, '..', '..', 'tests', 'fixtures', 'pages');

const pagePath = (size) => `/__bench/generated-${size / 1000}k.html`;

/**
 * Medians of `reps` read_page calls per build and page after one warm-up. Returns, per page,
 * { page, a, b, charsA, charsB } with a and b from summarize().
 */
export async function compareBuilds(dirA, dirB, { sizes = AB_SIZES, reps = 7, log = () => undefined } = {}) {
  const generated = new Map(sizes.map((size) => [pagePath(size), generatePage(size, size).html]));
  const server = await startServer(FIXTURES, generated);
  const sides = {};
  const results = [];
  try {
    sides.A = await launchSteward(dirA);
    sides.B = await launchSteward(dirB);
    for (const size of sizes) {
      const url = `${server.url}${pagePath(size)}`;
      const tabs = {};
      for (const [name, side] of Object.entries(sides)) {
        await side.page.setViewport({ width: 1280, height: 800 });
        await side.page.goto(url, { waitUntil: 'load', timeout: 120_000 });
        tabs[name] = await tabFor(side.worker, url);
      }
      const samples = { A: [], B: [] };
      const chars = {};
      for (let round = 0; round <= reps; round++) {
        for (const name of round % 2 ? ['B', 'A'] : ['A', 'B']) {
          const result = await runMember(sides[name].worker, tabs[name].tabId, 'read_page', { filter: 'all' });
          if (result.isError) throw new Error(`${name}: ${result.text.slice(0, 200)}`);
          chars[name] = result.text.length;
          if (round > 0) samples[name].push(result.ms);
        }
      }
      const row = { page: `${size / 1000}k`, a: summarize(samples.A), b: summarize(samples.B), charsA: chars.A, charsB: chars.B };
      log(row);
      results.push(row);
    }
  } finally {
    for (const side of Object.values(sides)) await side.browser.close().catch(() => undefined);
    await server.close();
  }
  return results;
}

const ms = (s) => `${s.median.toFixed(1)} ms [${s.p25.toFixed(1)}–${s.p75.toFixed(1)}]`;

/** One line per page of compareBuilds(): both medians, B/A time and characters. */
export function formatRow(row) {
  return `${row.page}: A ${ms(row.a)}, ${row.charsA} chars | B ${ms(row.b)}, ${row.charsB} chars | B/A time ${(row.b.median / row.a.median).toFixed(2)}x, chars ${(row.charsB / row.charsA).toFixed(3)}x`;
}

/**
 * After / before per page from two runs, before-first and after-first: the geometric mean of the two
 * orders' ratios, since the browser launched second measures 10-20% slower on a busy machine.
 */
export function beforeAfter(beforeFirst, afterFirst) {
  return beforeFirst.map((one, i) => {
    const two = afterFirst[i];
    const time = Math.sqrt((one.b.median / one.a.median) * (two.a.median / two.b.median));
    const chars = Math.sqrt((one.charsB / one.charsA) * (two.charsA / two.charsB));
    return { page: one.page, time, chars, before: [one.a.median, two.b.median], after: [one.b.median, two.a.median], charsBefore: one.charsA, charsAfter: one.charsB };
  });
}
