// `npm start`: launches Chromium with the freshly built Steward loaded, in a profile that is kept
// between runs (.steward-profile/). With ANTHROPIC_API_KEY set and no key saved yet, the key is
// saved into Steward's settings so the side panel is ready to use.
//
// Environment: CHROME_PATH (default /usr/bin/chromium), STEWARD_PROFILE (default .steward-profile),
// STEWARD_HEADLESS=1 to run without a window (for checking the launch on a machine with no display).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = `${root}dist`;
const executablePath = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const userDataDir = process.env.STEWARD_PROFILE ?? `${root}.steward-profile`;
const headless = process.env.STEWARD_HEADLESS === '1';

if (!existsSync(`${dist}/manifest.json`)) {
  console.error('dist/ is missing: run `npm run build` first (npm start does it for you).');
  process.exit(1);
}
if (!existsSync(executablePath)) {
  console.error(`No Chromium at ${executablePath}. Install it (Debian: apt-get install chromium) or set CHROME_PATH.`);
  process.exit(1);
}

const browser = await puppeteer.launch({
  executablePath,
  headless,
  pipe: true,
  enableExtensions: true,
  userDataDir,
  defaultViewport: null,
  args: ['--no-first-run', ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
});
const extensionId = await browser.installExtension(dist);
const worker = await (
  await browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith(`chrome-extension://${extensionId}/`))
).worker();

const apiKey = process.env.ANTHROPIC_API_KEY?.trim();
if (apiKey && worker) {
  // The stored shape is src/store/settings.ts's versioned record; a key saved in the panel wins.
  const saved = await evaluateInWorker(worker, async (key) => {
    const { settings } = await chrome.storage.local.get('settings');
    if (settings?.value?.apiKey) return false;
    const value = { apiKey: key, model: settings?.value?.model ?? 'claude-sonnet-5-5', apiBaseUrl: settings?.value?.apiBaseUrl ?? 'https://api.anthropic.com' };
    await chrome.storage.local.set({ settings: { version: 1, value } });
    return true;
  }, apiKey);
  console.log(saved ? 'Saved ANTHROPIC_API_KEY into Steward\'s settings.' : 'Steward already has an API key; ANTHROPIC_API_KEY was not used.');
}

/** Right after install, the worker's first context can lack chrome.*; the evaluation is retried until it has it. */
async function evaluateInWorker(target, fn, arg) {
  let lastError;
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      return await target.evaluate(fn, arg);
    } catch (error) {
      if (!/is not defined/.test(String(error))) throw error;
      lastError = error;
    }
  }
  throw lastError;
}

// Open the side panel beside the first tab, as a click on the toolbar icon would.
const [firstTab] = await browser.pages();
const extension = (await browser.extensions()).get(extensionId);
await evaluateInWorker(worker, async () => (await chrome.sidePanel.getPanelBehavior()).openPanelOnActionClick);
const panelOpened = browser
  .waitForTarget((t) => t.url().startsWith(`chrome-extension://${extensionId}/sidepanel/`), { timeout: 5_000 })
  .then(() => true, () => false);
if (firstTab && extension) await extension.triggerAction(firstTab).catch(() => undefined);
const panelOpen = await panelOpened;

console.log(`Steward ${extensionId} is loaded${panelOpen ? ' and its side panel is open' : ''}. The toolbar icon (or Ctrl+Shift+Y) toggles the panel.`);
console.log(`Profile: ${userDataDir}`);
if (headless) {
  await browser.close();
} else {
  browser.on('disconnected', () => process.exit(0));
}
