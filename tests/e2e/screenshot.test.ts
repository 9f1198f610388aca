import { afterAll, beforeAll, expect, it } from 'vitest';
import { lastToolResults, toolResultImages, toolResultText } from '../mock-anthropic/conversation';
import { configure, jpegSize, launchSteward, sendTask, type Steward } from './harness';

let steward: Steward;

beforeAll(async () => {
  steward = await launchSteward();
  await configure(steward, { apiKey: steward.mock.apiKey });
});
afterAll(() => steward?.close());

it('navigate then screenshot: the model gets the page as a JPEG within the image limits', async () => {
  // A large, high-density viewport: 3840x2400 device pixels before Steward scales it.
  await steward.page.setViewport({ width: 1920, height: 1200, deviceScaleFactor: 2 });
  const target = `${steward.fixtures.url}/signup.html`;
  steward.mock.setScript((_request, { index }) => {
    if (index === 0) return { kind: 'tool_use', calls: [{ name: 'navigate', input: { url: target } }] };
    if (index === 1) return { kind: 'tool_use', calls: [{ name: 'screenshot', input: {} }] };
    return { kind: 'text', text: 'I can see the sign-up form.' };
  });
  await sendTask(steward, 'Open the sign-up page and look at it.');
  await steward.panel.waitForSelector('::-p-text(I can see the sign-up form.)');

  const requests = steward.mock.messageRequests();
  expect(toolResultText(lastToolResults(requests[1]!.body)[0]!)).toBe(`Navigated to ${target} — Sign up for the newsletter (HTTP 200)`);
  const [image] = toolResultImages(lastToolResults(requests[2]!.body)[0]!);
  expect(image?.source).toMatchObject({ type: 'base64', media_type: 'image/jpeg' });
  const size = jpegSize((image!.source as { data: string }).data);
  expect(Math.max(size.width, size.height)).toBeLessThanOrEqual(1568);
  expect(size.width * size.height).toBeLessThanOrEqual(1_150_000);
  expect(size.width / size.height).toBeCloseTo(1920 / 1200, 1);

  const thumbnail = await steward.panel.waitForSelector('li.tool[data-member="screenshot"] img.tool-thumbnail');
  expect(await thumbnail!.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
});
