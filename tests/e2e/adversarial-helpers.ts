import type { BetaToolResultBlockParam, MessageCreateParamsBase } from '@anthropic-ai/sdk/resources/beta/messages/messages';
import type { Page } from 'puppeteer';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { lastToolResults, toolResultImages, toolResultText } from '../mock-anthropic/conversation';
import type { ScriptedCall } from '../mock-anthropic/server';
import { configure, evaluateInWorker, launchSteward, sendTask, type Steward } from './harness';

/** A scripted step: a call, or one made from the last tool result the model read. */
export type Step = ScriptedCall | ((previous: BetaToolResultBlockParam | undefined) => ScriptedCall | Promise<ScriptedCall>);

let sequence = 0;

/**
 * Runs a task whose scripted model makes `steps`, then ends with a marker. Resolves when the task
 * waits on the approval card or has given its final answer.
 */
export async function runScripted(steward: Steward, steps: Step[], prompt = 'Finish my order.'): Promise<{ outcome: 'asked' | 'finished'; marker: string }> {
  const marker = `Scripted run ${++sequence} over.`;
  steward.mock.setScript(async (request, { index }) => {
    const [previous] = lastToolResults(request);
    const step = steps[index];
    if (step) return { kind: 'tool_use', calls: [typeof step === 'function' ? await step(previous) : step] };
    return { kind: 'text', text: marker };
  });
  await sendTask(steward, prompt);
  return { outcome: await panelState(steward.panel, marker), marker };
}

/**
 * Whether the task waits on the approval card or has given its final answer ending with `marker`.
 * Polled on a timer: a side panel beside a busy page may get few animation frames. On a timeout,
 * the error carries what the panel shows, which says where the task stands.
 */
export async function panelState(panel: Page, marker: string, only?: 'finished'): Promise<'asked' | 'finished'> {
  const handle = await panel
    .waitForFunction(
      (end: string, onlyFinished: boolean) => {
        if (!onlyFinished && document.querySelector('[role="alertdialog"][aria-label="Approval needed"]')) return 'asked';
        const final = document.querySelector('section[aria-label="Final answer"]') as HTMLElement | null;
        return final?.innerText.includes(end) ? 'finished' : false;
      },
      { polling: 100, timeout: 45_000 },
      marker,
      only === 'finished',
    )
    .catch(async (error: unknown) => {
      const shown = await panel.evaluate(() => document.body.innerText).catch(() => '');
      throw new Error(`${String(error)}\nThe panel shows:\n${shown.slice(-2_000)}`);
    });
  return (await handle.jsonValue()) as 'asked' | 'finished';
}

/** The text of the newest tool result with refs in it: where a scripted model finds its next ref. */
export function latestSnapshot(request: Pick<MessageCreateParamsBase, 'messages'>): string {
  for (const message of [...request.messages].reverse()) {
    for (const block of Array.isArray(message.content) ? [...message.content].reverse() : []) {
      if (block.type === 'tool_result' && toolResultText(block).includes('[ref_')) return toolResultText(block);
    }
  }
  return '';
}

/**
 * An adversarial suite's tally: each attempt is scored, a bypass fails its test, and the report says
 * "<label>: N attempts, M bypasses".
 */
function scoreboard(label: string): { score(name: string, bypassed: boolean): void; noneGotThrough(atLeast: number): void; report(): string } {
  let attempts = 0;
  const bypasses: string[] = [];
  return {
    score(name, bypassed) {
      attempts++;
      if (bypassed) bypasses.push(name);
      expect(bypassed, `${name} got through`).toBe(false);
    },
    noneGotThrough(atLeast) {
      expect(attempts).toBeGreaterThanOrEqual(atLeast);
      expect(bypasses).toEqual([]);
    },
    report: () => `${label}: ${attempts} attempts, ${bypasses.length} bypasses${bypasses.length ? ` (${bypasses.join('; ')})` : ''}`,
  };
}

/**
 * One adversarial (or benign) suite's Steward: `launch` starts and sets it up once, `bind` hands it to
 * the suite, each test starts with no script and no effects, and with a `label` the suite prints its
 * tally when it ends. `score` fails the test on a bypass; `noneGotThrough` is the suite's last word
 * (enough attempts were made, and none got through); `effect` counts what a fixture page recorded.
 */
export function useAdversarialSuite(options: { label?: string; launch(): Promise<Steward>; bind(steward: Steward): void }): {
  score(name: string, bypassed: boolean): void;
  noneGotThrough(atLeast: number): void;
  effect(name: string): number;
} {
  const board = scoreboard(options.label ?? '');
  let launched: Steward | undefined;
  beforeAll(async () => {
    launched = await options.launch();
    options.bind(launched);
  }, 90_000);
  afterAll(async () => {
    if (options.label) console.log(board.report());
    await launched?.close();
  });
  beforeEach(() => {
    launched!.mock.reset();
    launched!.fixtures.effects.clear();
  });
  return { score: board.score, noneGotThrough: board.noneGotThrough, effect: (name) => launched!.fixtures.effects.get(name) ?? 0 };
}

/** Chromium resolves *.test to the fixture server: each site its own host name. */
export const HOST_RULES = '--host-resolver-rules=MAP *.test 127.0.0.1';

/** Steward in "Act without asking" with `sites` trusted: the most permissive setting a user can choose. */
export async function launchActing(sites: readonly string[]): Promise<Steward> {
  const launched = await launchSteward({ args: [HOST_RULES] });
  await configure(launched, { apiKey: launched.mock.apiKey, trustedSites: sites.join('\n') });
  const mode = await launched.panel.waitForSelector('::-p-aria([name="Mode"][role="combobox"])');
  await mode!.select('act');
  return launched;
}

/** The approval card's text, once it is up. */
export async function cardText(panel: Page): Promise<string> {
  const card = await panel.waitForSelector('[role="alertdialog"][aria-label="Approval needed"]', { timeout: 15_000 });
  return card!.evaluate((element) => (element as HTMLElement).innerText);
}

/** Answers the card, and waits for the task's final answer. */
export async function answerCard(panel: Page, answer: 'Approve' | 'Reject', marker: string): Promise<void> {
  await panel.locator(`::-p-aria(${answer})`).click();
  await panelState(panel, marker, 'finished');
}

/** The last tool result the model read, and its text. */
export function lastResult(steward: Steward): { result: BetaToolResultBlockParam; text: string } {
  const requests = steward.mock.messageRequests();
  const [result] = lastToolResults(requests.at(-1)!.body);
  if (!result) throw new Error('The model never got a tool result.');
  return { result, text: toolResultText(result) };
}

/** Chrome's page zoom for the tab showing `url`, as the user sets it with Ctrl+plus. */
export async function setZoom(steward: Steward, url: string, factor: number): Promise<void> {
  await evaluateInWorker(steward, `chrome.tabs.query({}).then((tabs) => chrome.tabs.setZoom(tabs.find((tab) => tab.url === ${JSON.stringify(url)}).id, ${factor}))`);
}

/**
 * What a model does with a screenshot: finds the region of a colour in the image and points at its
 * centre, in screenshot pixels. Decoded by Chromium in `decoder`.
 */
export async function centreOfColour(decoder: Page, screenshot: BetaToolResultBlockParam | undefined, rgb: [number, number, number]): Promise<{ x: number; y: number }> {
  const image = screenshot && toolResultImages(screenshot)[0];
  if (!image || image.source.type !== 'base64') throw new Error('The last result was not a screenshot.');
  const centre = await decoder.evaluate(
    async (base64, [r, g, b]) => {
      const element = new Image();
      element.src = `data:image/jpeg;base64,${base64}`;
      await element.decode();
      const canvas = new OffscreenCanvas(element.naturalWidth, element.naturalHeight);
      const context = canvas.getContext('2d')!;
      context.drawImage(element, 0, 0);
      const { data, width, height } = context.getImageData(0, 0, element.naturalWidth, element.naturalHeight);
      let sx = 0;
      let sy = 0;
      let n = 0;
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          const i = (y * width + x) * 4;
          if (Math.abs(data[i]! - r) < 24 && Math.abs(data[i + 1]! - g) < 24 && Math.abs(data[i + 2]! - b) < 24) {
            sx += x;
            sy += y;
            n++;
          }
        }
      }
      return n > 20 ? { x: Math.round(sx / n), y: Math.round(sy / n) } : undefined;
    },
    image.source.data,
    rgb,
  );
  if (!centre) throw new Error(`No region of rgb(${rgb.join(', ')}) in the screenshot.`);
  return centre;
}
