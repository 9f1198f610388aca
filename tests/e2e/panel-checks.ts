import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'puppeteer';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
export const WIDTHS = [320, 400, 600] as const;
export const SCHEMES = ['light', 'dark'] as const;

export interface Violation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** axe-core's WCAG 2.1 A and AA rules and its best practices, on the panel as it is now. */
export async function axeViolations(panel: Page): Promise<Violation[]> {
  if (!(await panel.evaluate(() => 'axe' in window))) await panel.evaluate(AXE_SOURCE);
  return panel.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }> }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }, rules: { 'label-content-name-mismatch': { enabled: true } } });
    return result.violations.map((violation) => ({ id: violation.id, impact: violation.impact, help: violation.help, targets: violation.nodes.map((node) => node.target.join(' ')) }));
  });
}

/** What sticks out sideways at the panel's current width: the page's own scroll, and elements whose right edge is past the viewport. */
export async function sidewaysOverflow(panel: Page): Promise<string[]> {
  return panel.evaluate(() => {
    const problems: string[] = [];
    const scroller = document.scrollingElement!;
    if (scroller.scrollWidth > scroller.clientWidth) problems.push(`the page scrolls sideways (${scroller.scrollWidth} > ${scroller.clientWidth})`);
    const width = document.documentElement.clientWidth;
    for (const element of document.body.querySelectorAll<HTMLElement>('*')) {
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      if (element.closest('.visually-hidden, .view-label') && box.width <= 1) continue;
      if (box.right > width + 0.5) problems.push(`${element.tagName.toLowerCase()}${element.className ? `.${String(element.className).split(' ').join('.')}` : ''} "${(element.textContent ?? '').trim().slice(0, 30)}" ends at ${Math.round(box.right)} px`);
      // An element that scrolls sideways inside itself also hides part of what it shows.
      const style = getComputedStyle(element);
      if (element.scrollWidth > element.clientWidth + 1 && /auto|scroll/.test(style.overflowX) && element.tagName !== 'PRE' && element.tagName !== 'TEXTAREA')
        problems.push(`${element.tagName.toLowerCase()} scrolls sideways inside`);
    }
    return problems;
  });
}

/**
 * Every check on the panel's current view: at each width, nothing sideways; in light and dark,
 * no axe violation. Failures are collected with the state's name, so one run names them all.
 */
export async function checkView(panel: Page, state: string, failures: string[]): Promise<void> {
  const original = panel.viewport() ?? { width: 400, height: 700 };
  const before = failures.length;
  for (const width of WIDTHS) {
    await panel.setViewport({ width, height: 700 });
    for (const problem of await sidewaysOverflow(panel)) failures.push(`${state} at ${width} px: ${problem}`);
  }
  await panel.setViewport({ width: 400, height: 700 });
  for (const scheme of SCHEMES) {
    await panel.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
    for (const violation of await axeViolations(panel)) failures.push(`${state}, ${scheme}: ${violation.id} (${violation.impact}) ${violation.help}: ${violation.targets.join(', ')}`);
  }
  await panel.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
  await panel.setViewport(original);
  if (failures.length > before) console.warn(failures.slice(before).join('\n'));
}
