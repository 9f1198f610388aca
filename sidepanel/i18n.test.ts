import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const LOCALES = join(ROOT, 'public/_locales');
type Messages = Record<string, { message: string; description?: string }>;
const languages = readdirSync(LOCALES);
const messages = Object.fromEntries(languages.map((language) => [language, JSON.parse(readFileSync(join(LOCALES, language, 'messages.json'), 'utf8')) as Messages]));

/** Every `t('key'` in the panel's code, every `msg('key'` in the settings tables (src/settings/), every `i18n.getMessage('key'` in the worker's, and every __MSG_key__ in the manifest. */
function keysUsed(): Map<string, string> {
  const used = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.tsx?$/.test(entry.name) && !entry.name.includes('.test.')) {
        for (const match of readFileSync(path, 'utf8').matchAll(/\b(?:t|msg|i18n\.getMessage)\(\s*'([^']+)'/g)) used.set(match[1]!, path.slice(ROOT.length));
      }
    }
  };
  walk(join(ROOT, 'sidepanel'));
  // The tables of settings and modes the panel shows (labels, help, mode names) hold their keys.
  walk(join(ROOT, 'src/settings'));
  // The worker's own strings (the context menu) come from the same messages.
  walk(join(ROOT, 'background'));
  for (const match of readFileSync(join(ROOT, 'manifest.json'), 'utf8').matchAll(/__MSG_(\w+)__/g)) used.set(match[1]!, 'manifest.json');
  return used;
}

describe('the panel speaks English and German', () => {
  it('has both', () => {
    expect(languages.sort()).toEqual(['de', 'en']);
    expect(JSON.parse(readFileSync(join(ROOT, 'manifest.json'), 'utf8')).default_locale).toBe('en');
  });

  it('every string the code uses is in every language', () => {
    const missing = [...keysUsed()].flatMap(([key, file]) => languages.filter((language) => !messages[language]![key]?.message).map((language) => `${key} (${file}) in ${language}`));
    expect(missing).toEqual([]);
  });

  it('the languages have the same strings, with the same substitutions', () => {
    const [first, ...others] = languages;
    const problems: string[] = [];
    const slots = (text: string) => [...new Set(text.match(/\$\d/g) ?? [])].sort().join(',');
    for (const other of others) {
      for (const key of Object.keys(messages[first!]!)) if (!messages[other]![key]) problems.push(`${key} is in ${first}, not in ${other}`);
      for (const key of Object.keys(messages[other]!)) {
        if (!messages[first!]![key]) problems.push(`${key} is in ${other}, not in ${first}`);
        else if (slots(messages[first!]![key]!.message) !== slots(messages[other]![key]!.message)) problems.push(`${key}: ${first} and ${other} fill in different $n`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('no string is left unused', () => {
    const used = keysUsed();
    expect(Object.keys(messages.en!).filter((key) => !used.has(key))).toEqual([]);
  });
});
