import puppeteer, { type Browser, type Page } from 'puppeteer';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { type FixtureServer, startFixtureServer } from '../../fixtures/server';
import { CHROMIUM, pageEvents } from '../harness';

/**
 * Chromium without Steward, driven by puppeteer's own trusted input: for the files that check the
 * fixture pages themselves, so a failing member test says whether the page or Steward is at fault.
 */
export interface PlainBrowser {
  readonly browser: Browser;
  readonly fixtures: FixtureServer;
  readonly page: Page;
  /** Opens a fixture page and waits for its load event. */
  open(path: string): Promise<unknown>;
  /** The names of the events the page has recorded so far. */
  names(): Promise<string[]>;
}

export function usePlainBrowser(): PlainBrowser {
  let browser: Browser;
  let fixtures: FixtureServer;
  let page: Page;
  beforeAll(async () => {
    fixtures = await startFixtureServer();
    browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, pipe: true, args: ['--no-sandbox', '--disable-gpu'] });
    page = (await browser.pages())[0] ?? (await browser.newPage());
  });
  afterAll(async () => {
    await browser?.close();
    await fixtures?.close();
  });
  beforeEach(async () => {
    fixtures.effects.clear();
    await page.setViewport({ width: 800, height: 600 });
  });
  return {
    get browser() {
      return browser;
    },
    get fixtures() {
      return fixtures;
    },
    get page() {
      return page;
    },
    open: (path) => page.goto(`${fixtures.url}${path}`, { waitUntil: 'load' }),
    names: async () => (await pageEvents(page)).map((event) => event.name),
  };
}
