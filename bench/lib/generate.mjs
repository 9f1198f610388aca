// Synthetic pages for the benchmark: a realistic mix of what read_page meets on real sites (nav, headings,
// prose, forms, tables, lists, custom widgets, click handlers on plain divs, hidden content), nested about
// 10 to 15 elements deep. A seeded generator keeps the pages identical from run to run, so results compare.

const WORDS = (
  'account billing settings profile order invoice report search filter export import archive team project ' +
  'member invite review status update delete edit share download upload message inbox calendar event task ' +
  'note budget region country language currency payment shipping address contact support help policy terms'
).split(' ');
const FIRST = ['Alice', 'Bruno', 'Chen', 'Dana', 'Elif', 'Farid', 'Greta', 'Hiro', 'Ines', 'Jonas', 'Kemi', 'Luca'];
const ACTIONS = ['Edit', 'Delete', 'View', 'Share', 'Archive', 'Open', 'Details'];

/** mulberry32: a small seeded PRNG, good enough for picking words. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Builds a page with about `target` elements inside <body>. Components are appended until the count is
 * reached; every component reports how many elements it emitted, so the count is exact to one component.
 */
export function generatePage(target, seed = 1) {
  const random = rng(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const int = (min, max) => min + Math.floor(random() * (max - min + 1));
  const phrase = (n) => Array.from({ length: n }, () => pick(WORDS)).join(' ');
  const title = (n) => {
    const text = phrase(n);
    return text[0].toUpperCase() + text.slice(1);
  };
  let uid = 0;
  const id = (prefix) => `${prefix}-${++uid}`;
  let count = 0;
  /** Emits one element; `count` tracks how many the page has. */
  const el = (tag, attrs, inner = '') => {
    count++;
    const attrText = attrs ? ` ${attrs}` : '';
    return ['input', 'img', 'br', 'hr'].includes(tag) ? `<${tag}${attrText}>` : `<${tag}${attrText}>${inner}</${tag}>`;
  };

  const components = {
    heading: () => el(pick(['h2', 'h3', 'h4']), '', title(int(2, 5))),
    paragraph: () =>
      el(
        'p',
        '',
        `${title(int(6, 14))} ${el('a', `href="/docs/${id('doc')}"`, phrase(2))} ${phrase(int(4, 10))} ` +
          `${el('strong', '', phrase(2))} ${phrase(int(3, 8))}. ${el('em', '', phrase(2))}`,
      ),
    form: () => {
      const fields = [];
      for (let i = 0, n = int(2, 5); i < n; i++) {
        const fieldId = id('f');
        const type = pick(['text', 'email', 'number', 'search', 'tel', 'password', 'text', 'url']);
        fields.push(el('div', 'class="field"', el('label', `for="${fieldId}"`, title(2)) + el('input', `id="${fieldId}" name="${fieldId}" type="${type}"${random() < 0.3 ? ' required' : ''}`)));
      }
      const selectId = id('s');
      const options = Array.from({ length: int(3, 6) }, () => el('option', '', title(1))).join('');
      fields.push(el('div', 'class="field"', el('label', `for="${selectId}"`, title(2)) + el('select', `id="${selectId}" name="${selectId}"`, options)));
      for (let i = 0, n = int(1, 3); i < n; i++) fields.push(el('label', 'class="check"', el('input', `type="checkbox" name="${id('c')}"`) + ` ${title(2)}`));
      const group = id('r');
      const radios = Array.from({ length: 3 }, () => el('label', '', el('input', `type="radio" name="${group}"`) + ` ${title(1)}`)).join('');
      fields.push(el('fieldset', '', el('legend', '', title(2)) + radios));
      if (random() < 0.5) {
        const areaId = id('t');
        fields.push(el('label', `for="${areaId}"`, 'Comments') + el('textarea', `id="${areaId}" rows="2"`));
      }
      fields.push(el('div', 'class="actions"', el('button', 'type="submit"', pick(['Save', 'Submit', 'Apply', 'Continue'])) + el('button', 'type="reset"', 'Cancel')));
      return el('form', 'action="#" onsubmit="return false"', fields.join(''));
    },
    table: () => {
      const cols = int(3, 5);
      const head = el('thead', '', el('tr', '', Array.from({ length: cols }, () => el('th', '', title(1))).join('') + el('th', '', 'Actions')));
      const rows = Array.from({ length: int(3, 8) }, () => {
        const cells = Array.from({ length: cols }, (_, c) => el('td', '', c === 0 ? el('a', `href="/item/${id('i')}"`, `${pick(FIRST)} ${title(1)}`) : phrase(int(1, 3))));
        return el('tr', '', cells.join('') + el('td', '', el('button', 'type="button"', pick(ACTIONS))));
      });
      return el('table', '', el('caption', '', title(3)) + head + el('tbody', '', rows.join('')));
    },
    list: () => {
      const items = Array.from({ length: int(3, 8) }, () => el('li', '', random() < 0.6 ? el('a', `href="/l/${id('l')}"`, title(int(1, 3))) : phrase(int(3, 7))));
      return el(random() < 0.7 ? 'ul' : 'ol', '', items.join(''));
    },
    // Plain elements made clickable by script, as frameworks do: only some announce a role.
    clickable: () => {
      const kind = int(0, 3);
      if (kind === 0) return el('div', 'class="card" onclick="this.dataset.clicked=1" style="cursor:pointer"', el('span', '', title(3)));
      if (kind === 1) return el('div', 'role="button" tabindex="0" style="cursor:pointer"', title(2));
      if (kind === 2) return el('span', 'tabindex="0" style="cursor:pointer"', `${pick(ACTIONS)} ${phrase(1)}`);
      return el('div', 'style="cursor:pointer"', el('img', `alt="${title(2)}"`) + el('span', '', phrase(2)));
    },
    widget: () => {
      const kind = int(0, 2);
      if (kind === 0) {
        const tabs = Array.from({ length: 3 }, (_, i) => el('button', `role="tab" aria-selected="${i === 0}"`, title(1))).join('');
        return el('div', 'role="tablist"', tabs) + el('div', 'role="tabpanel"', el('p', '', phrase(8)));
      }
      if (kind === 1) return el('button', `role="switch" aria-checked="${random() < 0.5}"`, title(2));
      const items = Array.from({ length: 3 }, () => el('div', 'role="menuitem" tabindex="-1"', pick(ACTIONS))).join('');
      return el('div', 'role="menu" aria-label="Actions"', items);
    },
    // Content a person cannot see: read_page and the AX tree should both leave it out.
    hidden: () => {
      const inner = el('button', 'type="button"', `Hidden ${pick(ACTIONS)}`) + el('a', 'href="/hidden"', 'Hidden link');
      return el('div', pick(['hidden', 'style="display:none"', 'aria-hidden="true"', 'style="visibility:hidden"']), inner);
    },
  };
  const weights = [
    ['heading', 3], ['paragraph', 6], ['form', 2], ['table', 2], ['list', 3], ['clickable', 3], ['widget', 1], ['hidden', 1],
  ];
  const total = weights.reduce((sum, [, w]) => sum + w, 0);
  const next = () => {
    let roll = random() * total;
    for (const [name, w] of weights) if ((roll -= w) < 0) return components[name]();
    return components.paragraph();
  };

  // Wrappers add depth the way layouts do (row > col > card > body), so content sits 10 to 15 deep.
  const wrap = (inner, depth) => {
    let html = inner;
    for (let i = 0; i < depth; i++) html = el('div', `class="${pick(['row', 'col', 'card', 'card-body', 'stack', 'box'])}"`, html);
    return html;
  };

  const navLinks = Array.from({ length: 8 }, () => el('li', '', el('a', `href="/${pick(WORDS)}"`, title(1)))).join('');
  const header = el('header', '', el('nav', 'aria-label="Main"', el('ul', '', navLinks)) + el('form', 'role="search" onsubmit="return false"', el('input', 'type="search" aria-label="Search site"') + el('button', '', 'Search')));
  const sections = [];
  // Body, app, layout, main and the footer: five elements not counted by the loop below.
  while (count + 5 < target) {
    const blocks = [];
    for (let i = 0, n = int(2, 5); i < n && count + 5 < target; i++) blocks.push(wrap(next(), int(2, 6)));
    sections.push(wrap(el('section', `aria-label="${title(2)}"`, el('h2', '', title(3)) + blocks.join('')), int(1, 3)));
  }
  const footer = el('footer', '', el('p', '', `© ${phrase(3)}`));
  const body = el('div', 'id="app"', el('div', 'class="layout"', header + el('main', '', sections.join('')) + footer));

  return {
    elements: count,
    html: `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Generated page, ${target} elements</title>
<style>
  body { font: 14px system-ui, sans-serif; margin: 0 16px; }
  nav ul { display: flex; gap: 12px; list-style: none; padding: 0; }
  .field { margin: 4px 0; } label { margin-right: 6px; } table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: 2px 6px; }
</style></head>
<body>${body}</body>
</html>`,
  };
}

/** The page for the click measurement: one button, and a counter that proves every click landed. */
export const COUNTER_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Bench counter</title></head>
<body>
  <h1>Bench counter</h1>
  <p>Count: <output id="count">0</output></p>
  <button type="button" id="bump">Bump counter</button>
  <script>
    const output = document.getElementById('count');
    document.getElementById('bump').addEventListener('click', () => { output.textContent = String(Number(output.textContent) + 1); });
  </script>
</body></html>`;
