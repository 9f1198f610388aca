import { afterAll, beforeAll, expect, it } from 'vitest';
import { findRef, lastToolResults, toolResultText } from '../mock-anthropic/conversation';
import { fill, launchSteward, type Steward } from './harness';
import { saveRoutine } from './routine-helpers';

// What the worker decides (the policy's questions, API errors, waiting notices) reaches the panel as
// words, and the panel shows them in the browser's language: here Chromium runs in German.
let steward: Steward;

beforeAll(async () => {
  steward = await launchSteward({ startPath: '/checkout.html', args: ['--lang=de'] });
  const { panel } = steward;
  await panel.locator('::-p-aria(Einstellungen)[aria-pressed]').click();
  await fill(panel, 'API-Schlüssel', steward.mock.apiKey);
  await fill(panel, 'API-Basis-URL', steward.mock.url);
  await fill(panel, 'Ohne Rückfrage handeln auf', '127.0.0.1');
  await panel.locator('::-p-aria(Speichern)').click();
  await panel.waitForSelector('::-p-text(Einstellungen gespeichert.)');
  await panel.locator('::-p-aria(Aufgabe)[aria-pressed]').click();
});
afterAll(() => steward?.close());

async function send(prompt: string): Promise<void> {
  await fill(steward.panel, 'Aufgabe', prompt);
  await steward.panel.locator('::-p-aria(Senden)').click();
}

it('the approval card gives the policy\'s reason in German', async () => {
  steward.mock.setScript((request, { index }) => {
    if (index === 0) return { kind: 'tool_use', calls: [{ name: 'read_page', input: {} }] };
    const [last] = lastToolResults(request);
    if (index === 1) return { kind: 'tool_use', calls: [{ name: 'left_click', input: { target: { type: 'ref', ref: findRef(toolResultText(last!), 'button', 'Pay now') } } }] };
    return { kind: 'text', text: 'Fertig.' };
  });
  await send('Bezahle meinen Warenkorb.');
  const card = await steward.panel.waitForSelector('::-p-aria([name="Freigabe nötig"][role="alertdialog"])');
  const text = await card!.evaluate((element) => (element as HTMLElement).innerText);
  expect(text).toContain('Es würde „Pay now“ drücken, womit etwas gekauft, gesendet, veröffentlicht oder gelöscht werden kann.');
  expect(text).not.toContain('It would press');
  await steward.panel.locator('::-p-aria(Ablehnen)').click();
  await steward.panel.waitForSelector('::-p-text(Fertig.)');
  expect(steward.fixtures.effects.get('pay') ?? 0).toBe(0);
});

it('the usage line writes tokens and cost in German', async () => {
  const usage = await steward.panel.waitForSelector('::-p-aria([name="Tokens und Kosten"])');
  const text = await usage!.evaluate((element) => (element as HTMLElement).innerText);
  // "Eingabe 1.234 (0 aus dem Cache) · Ausgabe 56 · 0,01 $", or "unter 0,01 $" for a cheaper task.
  expect(text).toMatch(/^Eingabe [\d.]+ \([\d.]+ aus dem Cache\) · Ausgabe [\d.]+ · (unter )?\d+,\d\d\s\$$/);
});

it('an API error ends the task with the explanation in German', async () => {
  steward.mock.setScript(() => ({ kind: 'error', status: 401, errorType: 'authentication_error', message: 'invalid x-api-key' }));
  await send('Lies die Seite.');
  const alert = await steward.panel.waitForSelector('::-p-text(Der API-Schlüssel wurde abgelehnt (401))');
  expect(await alert!.evaluate((element) => (element as HTMLElement).innerText)).not.toContain('The API key was refused');
});

it('the routines list says a schedule in German, weekday names included', async () => {
  await saveRoutine(steward, {
    name: 'Wochenbericht',
    prompt: 'Lies die Seite.',
    path: '/index.html',
    schedule: { kind: 'weekly', days: [4, 1], time: '18:00' },
  });
  await steward.panel.locator('::-p-aria(Routinen)[aria-pressed]').click();
  await steward.panel.waitForSelector('::-p-text(Montags und Donnerstags um 18:00)');
});

it('the routine form says what is wrong in German, beside each field', async () => {
  const { panel } = steward;
  await panel.locator('::-p-aria(Neue Routine)').click();
  await panel.waitForSelector('::-p-aria([name="Neue Routine"][role="form"])');
  await fill(panel, 'Start-URL', 'ftp://shop.example');
  await panel.locator('::-p-aria(Routine speichern)').click();
  const nameError = await panel.waitForSelector('#routine-name-error');
  expect(await nameError!.evaluate((element) => element.textContent)).toBe('Name: Dieses Feld darf nicht leer sein');
  const urlError = await panel.waitForSelector('#routine-startUrl-error');
  expect(await urlError!.evaluate((element) => element.textContent)).toBe('Start-URL: Bitte eine http(s)-Adresse wie https://shop.example.com/orders eingeben');
  await panel.locator('::-p-aria(Abbrechen)').click();
  await panel.waitForSelector('::-p-aria([name="Neue Routine"][role="form"])', { hidden: true });
});

it('Settings refuses an out-of-range budget in German, beside its field, with the limit written the German way', async () => {
  const { panel } = steward;
  await panel.locator('::-p-aria(Einstellungen)[aria-pressed]').click();
  const setNumber = async (id: string, value: string) => {
    await panel.locator(`#${id}`).fill(value);
  };
  await setNumber('settings-max-steps', '5000');
  await setNumber('settings-max-cost-usd', '0');
  await panel.locator('::-p-aria(Speichern)').click();
  await panel.waitForSelector('::-p-text(Nicht gespeichert)');
  const errorOf = async (id: string) => {
    const error = await panel.waitForSelector(`#${id}-error`);
    // The error describes its own field, so a screen reader reads it with the field.
    expect(await panel.$eval(`#${id}`, (input) => input.getAttribute('aria-describedby'))).toContain(`${id}-error`);
    return error!.evaluate((element) => element.textContent);
  };
  expect(await errorOf('settings-max-steps')).toBe('Max. Schritte: Der Wert darf höchstens 1.000 betragen');
  expect(await errorOf('settings-max-cost-usd')).toBe('Max. Kosten (USD): Der Wert muss mindestens 0,01\u00a0$ betragen');
  await setNumber('settings-max-steps', '100');
  await setNumber('settings-max-cost-usd', '5');
  await panel.locator('::-p-aria(Speichern)').click();
  await panel.waitForSelector('::-p-text(Einstellungen gespeichert.)');
});
