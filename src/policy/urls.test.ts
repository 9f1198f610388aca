import { expect, it } from 'vitest';
import { blockedUrlReason } from './urls';

it('blocks the schemes a page or a model could use to run code or read local files', () => {
  for (const url of ['javascript:alert(1)', ' JavaScript:alert(1)', 'java\tscript:alert(1)', 'java\nscript:alert(1)', 'data:text/html,<b>x</b>', 'blob:http://127.0.0.1/1b2c', 'file:///etc/passwd', 'chrome://settings', 'chrome-extension://abc/page.html', 'view-source:https://example.com', 'about:config']) {
    expect(blockedUrlReason(url), url).toMatch(/not allowed/);
  }
  expect(blockedUrlReason('about:blank')).toBeUndefined();
  expect(blockedUrlReason('https://example.com/javascript:x')).toBeUndefined();
});

it('blocks the domains an administrator blocked, and their subdomains, not lookalikes', () => {
  const lists = { blockedDomains: ['evil.test'] };
  expect(blockedUrlReason('http://evil.test:8080/x', lists)).toBe('evil.test is blocked by your administrator.');
  expect(blockedUrlReason('https://a.b.evil.test/', lists)).toBe('a.b.evil.test is blocked by your administrator.');
  expect(blockedUrlReason('https://notevil.test/', lists)).toBeUndefined();
  expect(blockedUrlReason('https://evil.test.example.com/', lists)).toBeUndefined();
});

it('keeps Steward on the only domains an administrator allows, when there are such', () => {
  expect(blockedUrlReason('https://intranet.corp.example/', { onlyDomains: ['corp.example'] })).toBeUndefined();
  expect(blockedUrlReason('https://example.org/', { onlyDomains: ['corp.example'] })).toMatch(/only on corp\.example/);
});
