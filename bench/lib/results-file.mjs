// bench/results.md: the run's table with the machine, members, coverage misses, notes and method.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { machineBlock } from './report.mjs';
import { CHROMIUM } from './steward.mjs';

const UNKNOWN_MACHINE = { cpu: '?', cores: '?', memoryGb: '?', os: '?', node: process.version, loadStart: [] };

/** The machine the run measured on, and the versions of the browsers' drivers. */
export function machineInfo(root) {
  const cpus = os.cpus();
  const pkg = (name) => JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
  return {
    cpu: cpus[0]?.model?.trim() ?? '?',
    cores: cpus.length,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    puppeteer: pkg('puppeteer'),
    playwright: pkg('playwright-core'),
    loadStart: os.loadavg(),
  };
}

/** The machine block, or placeholders when the run ended before the machine was read. */
export function machineText(machine) {
  return machineBlock(machine ?? UNKNOWN_MACHINE);
}

/**
 * The markdown for bench/results.md. `c` is the run's plan: reps, warmups, cheapReps, minReps,
 * slowRoundMs, measureBudgetMs, captureGapMs and viewport.
 */
export function resultsMarkdown(results, table, c) {
  const { durationMs, machine, availability, coverage, notes } = results;
  return [
    '# Steward benchmark',
    '',
    `Run ${results.startedAt}, took ${(durationMs / 1000).toFixed(0)} s. Medians of ${c.reps} runs after ${c.warmups} warm-ups; [p25–p75] beside each. Ratio = steward / peer.`,
    '',
    machineText(machine),
    '',
    table,
    '',
    '## Members',
    '',
    ...Object.entries(availability).map(([name, state]) => `- ${name}: ${state}`),
    '',
    '## Coverage misses (up to 10 per page)',
    '',
    ...Object.entries(coverage).flatMap(([page, cov]) => [
      `- ${page}: ${cov.matched}/${cov.total} AX interactive nodes matched (${cov.refLines} read_page lines with a ref)${cov.missedTotal ? '' : ', no misses'}`,
      ...cov.misses.map((m) => `  - ${m.role} "${m.name}" ${m.dom}`),
    ]),
    '',
    '## Notes',
    '',
    ...(notes.length ? notes.map((n) => `- ${n}`) : ['- none']),
    '',
    '## Method',
    '',
    method(c),
  ].join('\n');
}

function method(c) {
  return `- Steward is built with \`npm run build -- --outDir <temp dir>\` and installed from there, not from dist/: dist/ is rebuilt by other work in progress, and a rebuild under a loaded unpacked extension breaks its file loads mid-run.
- Both browsers are Debian's Chromium (${CHROMIUM}), headless, ${c.viewport.width}x${c.viewport.height}, loading the same URLs from a localhost server started by the bench. Steward runs in a puppeteer-launched browser with dist/ installed; the peer for read_page is a separate playwright-core browser. Steward and peer calls alternate round by round (the order flips every round); the first rounds are warm-ups and are dropped.
- read_page time: \`runMember(tab, 'read_page', { filter: 'all' })\` through \`globalThis.__stewardDebug\` in the service worker. "in worker" is performance.now() around the call inside the worker (what a task pays); "Node wall" adds the CDP round trip from Node. The peer is \`page.locator('body').ariaSnapshot()\` timed from Node (its own CDP round trip included), whole page in both cases.
- read_page characters: length of the text blocks of the result (header lines included; the SDK's browser_state block excluded) vs the length of the ariaSnapshot YAML. read_page caps its output at 50,000 characters by contract; rows where the cap was hit say so, and their character ratio and coverage reflect the cap.
- read_page coverage: the nodes of \`Accessibility.getFullAXTree\` (main frame, not ignored) whose role is one of button, link, textbox, searchbox, combobox, listbox, option, checkbox, radio, switch, slider, spinbutton, tab, menuitem, menuitemcheckbox, menuitemradio, treeitem, against the read_page lines that carry a ref. Steward's refs live in the content script's isolated world and leave no mark in the DOM, so both sides are reduced to (role, accessible name) and matched as multisets: each line with a ref can account for one AX node with the same role and name (whitespace squashed, first 100 characters compared). Coverage = matched / AX nodes. Misses are listed in document order with the DOM node behind them (DOM.describeNode on backendDOMNodeId); on a page where read_page hit its cap, the list starts where the cap cut in.
- left_click: a ref for the "Bump counter" button from read_page, then \`left_click\` by ref vs puppeteer \`ElementHandle.click()\` on the same button in the same tab; the page counter is checked against the number of clicks made. Steward's figure is timed in the worker; the Node wall row is there for comparison.
- screenshot: \`runMember(tab, 'screenshot', {})\` vs \`captureVisibleTab(windowId)\` from the same hook (JPEG quality 80), both timed in the worker, ${c.captureGapMs} ms apart because Chrome allows two captureVisibleTab calls a second; only the call itself is timed. An informational row compares it with puppeteer's \`page.screenshot({ type: 'jpeg', quality: 80 })\` on the same tab, which needs no extension permission.
- Runs: ${c.reps} kept after ${c.warmups} warm-ups (${c.cheapReps} for left_click and screenshot, which are quick and swing more with the machine's load), except on heavy pages: a first round slower than ${c.slowRoundMs / 1000} s makes it the only warm-up, and a measurement that has taken ${c.measureBudgetMs / 1000} s stops once it has ${c.minReps} kept runs (the row's notes say so). This keeps the run under 10 minutes on a shared two-core machine.
- Targets (from the issue): read_page time ≤ 0.5x, characters ≤ 0.7x, coverage 100%, left_click ≤ 1.2x, screenshot ≤ 1.3x. "Node wall" rows are informational.
- A member whose result says it is disabled or not available is reported as "n/a (not implemented)".
- read_page against its past is not in this table: \`npm run bench\` measures it next with \`node bench/ab.mjs --baseline\`, which builds commits 1dd61a9 (before issue 11, which allows 10% more time or characters) and 0aadca9 (before issues 10 and 11) from the repository's history, runs each against this tree in alternating rounds in both launch orders, prints the geometric means and writes bench/read-page-ab.json (bench/read-page-ab.md explains the figures).`;
}
