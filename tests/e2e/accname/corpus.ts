/**
 * A generated corpus of accessible-name cases: every kind of target crossed with every way of naming
 * it (labels, references, CSS generated content, hidden content, embedded controls, shadow DOM and
 * slots, inline and block layout). Deterministic: the same cases, in the same order, every run.
 */

export interface NameCase {
  /** `target/source`, stable across runs: the key the known-disagreements table uses. */
  key: string;
  html: string;
  css: string;
}

interface Source {
  attrs?: string;
  inner?: string;
  pre?: string;
  post?: string;
  /** Rules for the target, written against `&` (replaced by the target's selector). */
  css?: string;
  /** Wrap the target (and the text before it) in a <label>. */
  wrapLabel?: string;
}

const PIXEL = 'data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22 width=%2216%22 height=%2216%22/%3E';

/** Ways of naming an element; `#` in a string becomes the case's id prefix. */
const SOURCES: Record<string, Source> = {
  content: { inner: 'Save draft' },
  'aria-label': { attrs: 'aria-label="Close dialog"', inner: 'X' },
  labelledby: { pre: '<span id="#l">Billing address</span> ', attrs: 'aria-labelledby="#l"', inner: 'Edit' },
  'labelledby-hidden': { pre: '<span id="#l" style="display:none">Hidden <b>label</b> text</span>', attrs: 'aria-labelledby="#l"', inner: 'Shown' },
  'labelledby-hidden-nested': { pre: '<span id="#l">Outer <span style="display:none">inner</span> part</span> ', attrs: 'aria-labelledby="#l"', inner: 'Shown' },
  'labelledby-self': { attrs: 'id="#t" aria-labelledby="#t #l"', inner: 'Delete', post: ' <span id="#l">file.txt</span>' },
  'labelledby-two': { pre: '<span id="#a">First</span> <span id="#b">Second</span> ', attrs: 'aria-labelledby="#b #a"', inner: 'Go' },
  'labelledby-aria-label': { pre: '<span id="#l" aria-label="From aria">visible words</span> ', attrs: 'aria-labelledby="#l"', inner: 'Go' },
  'labelledby-wins': { pre: '<span id="#l">Wins</span> ', attrs: 'aria-labelledby="#l" aria-label="Loses"', inner: 'Go' },
  'labelledby-missing': { attrs: 'aria-labelledby="#nowhere"', inner: 'Fallback words' },
  'label-for': { pre: '<label for="#t">Email address</label> ', attrs: 'id="#t"', inner: 'Go' },
  'label-wrap': { wrapLabel: 'Nickname ', inner: 'Go' },
  title: { attrs: 'title="More info"' },
  placeholder: { attrs: 'placeholder="Search here"' },
  'title-placeholder': { attrs: 'title="Tip text" placeholder="Hint text"' },
  'title-content': { attrs: 'title="Tooltip"', inner: 'Visible words' },
  describedby: { post: ' <span id="#d">A description</span>', attrs: 'aria-describedby="#d"', inner: 'Open' },
  before: { css: '&::before { content: "Go "; }', inner: 'home' },
  'after-alt': { css: '&::after { content: "\\2715" / "Remove"; }' },
  'before-icon-alt': { css: '&::before { content: "\\e900" / "Delete"; font-family: monospace; }' },
  'before-block': { css: '&::before { content: "Top"; display: block; }', inner: 'bottom' },
  'before-attr': { css: '&::before { content: attr(data-prefix) " "; }', attrs: 'data-prefix="Step 1"', inner: 'Start' },
  'hidden-child': { inner: 'Print <span style="display:none">secret</span>page' },
  'aria-hidden-child': { inner: 'Share <span aria-hidden="true">→</span>' },
  'visibility-hidden-child': { inner: 'Keep <span style="visibility:hidden">gone</span> this' },
  'inline-spans': { inner: '<span>one</span><span>two</span> <em>three</em>' },
  'block-children': { inner: '<div>one</div><div>two</div>' },
  'inline-block-children': { inner: '<span style="display:inline-block">one</span><span style="display:inline-block">two</span>' },
  'embedded-textbox': { pre: '<div id="#l">Flash <input type="text" value="5" aria-label="count"> times</div>', attrs: 'aria-labelledby="#l"', inner: 'Go' },
  'embedded-select': { pre: '<div id="#l">Ship to <select><option>Home</option><option selected>Office</option></select></div>', attrs: 'aria-labelledby="#l"', inner: 'Go' },
  'embedded-range': { pre: '<div id="#l">Volume <input type="range" min="0" max="10" value="7"></div>', attrs: 'aria-labelledby="#l"', inner: 'Go' },
  'embedded-slider': { pre: '<div id="#l">Speed <span role="slider" tabindex="0" aria-valuenow="3" aria-valuetext="fast"></span></div>', attrs: 'aria-labelledby="#l"', inner: 'Go' },
  'img-alt': { inner: `<img alt="Settings" width="16" height="16" src="${PIXEL}">` },
  'svg-title': { inner: '<svg width="16" height="16"><title>Gear</title><rect width="16" height="16"/></svg>' },
  shadow: { inner: '<x-a11y-shadow><template shadowrootmode="open"><span>Shadow</span> <b>text</b></template></x-a11y-shadow>' },
  slot: { inner: '<x-a11y-slot><template shadowrootmode="open">[<slot></slot>]</template>Slotted words</x-a11y-slot>' },
  rtl: { inner: '<span dir="rtl">שלום עולם</span>' },
  'display-contents': { inner: 'one<span style="display:contents">two</span>three' },
  'labelledby-visibility-hidden': { pre: '<span id="#l" style="visibility:hidden">Invisible label</span>', attrs: 'aria-labelledby="#l"', inner: 'Go' },
  'labelledby-self-only': { attrs: 'id="#t" aria-labelledby="#t"', inner: 'Self words' },
  'label-for-hidden': { pre: '<label for="#t" style="display:none">Hidden label</label>', attrs: 'id="#t"', inner: 'Go' },
  'label-for-and-wrap': { pre: '<label for="#t">First label</label> ', attrs: 'id="#t"', wrapLabel: 'Second label ' },
  'aria-label-blank': { attrs: 'aria-label="   "', inner: 'Content wins' },
  'child-aria-label': { inner: '<span aria-label="Inner label">ignored</span> tail' },
  'child-labelledby': { pre: '<span id="#x">Referenced words</span> ', inner: '<span aria-labelledby="#x">own</span> end' },
  'child-title': { inner: '<span title="Child tip"></span>Words' },
  'img-empty-alt': { inner: `<img alt="" title="Decor" width="16" height="16" src="${PIXEL}">Text` },
  'presentation-child': { inner: '<span role="presentation">pres</span> text' },
  'embedded-spinbutton': { pre: '<div id="#l">Copies <input type="number" value="3"></div>', attrs: 'aria-labelledby="#l"', inner: 'Go' },
  'embedded-combobox': { pre: '<div id="#l">Color <input role="combobox" value="Blue"></div>', attrs: 'aria-labelledby="#l"', inner: 'Go' },
  'embedded-textarea': { pre: '<div id="#l">Note <textarea>Short note</textarea></div>', attrs: 'aria-labelledby="#l"', inner: 'Go' },
  'embedded-checkbox': { pre: '<div id="#l">Agree <input type="checkbox" checked></div>', attrs: 'aria-labelledby="#l"', inner: 'Go' },
  'before-url-alt': { css: `&::before { content: url("${PIXEL}") / "Logo"; }` },
  'before-hidden': { css: '&::before { content: "Never"; display: none; }', inner: 'Shown' },
  'text-transform': { css: '& { text-transform: uppercase; }', inner: 'quiet words' },
  'rtl-mixed': { inner: '<span dir="rtl">مرحبا</span> world' },
  bdo: { inner: '<bdo dir="rtl">abc</bdo>' },
  'paragraph-and-inline': { inner: '<p style="margin:0">para one</p>tail<span>inline</span>' },
  'list-items': { inner: '<ul style="margin:0"><li>Alpha</li><li>Beta</li></ul>' },
  superscript: { inner: 'x<sup>2</sup> and H<sub>2</sub>O' },
  nbsp: { inner: 'A&nbsp;&nbsp;B' },
  'shadow-slot-labelledby': { pre: '<x-a11y-ref id="#l"><template shadowrootmode="open"><i>Shadow</i> <slot></slot></template>light</x-a11y-ref> ', attrs: 'aria-labelledby="#l"', inner: 'Go' },
  br: { inner: 'Line one<br>Line two' },
  whitespace: { inner: '  Lots \n  of   space  ' },
};

const CONTROL = (tag: string) => (attrs: string) => tag.replace('ATTRS', attrs);

/** Targets: how the named element is written. Controls without content take the content in a wrapping label. */
const TARGETS: Record<string, { render: (attrs: string, inner: string) => string; content: boolean }> = {
  button: { render: (a, i) => `<button type="button" ${a}>${i}</button>`, content: true },
  link: { render: (a, i) => `<a href="#here" ${a}>${i}</a>`, content: true },
  'role-button': { render: (a, i) => `<div role="button" tabindex="0" ${a}>${i}</div>`, content: true },
  tab: { render: (a, i) => `<div role="tablist"><span role="tab" tabindex="0" ${a}>${i}</span></div>`, content: true },
  menuitem: { render: (a, i) => `<div role="menu"><div role="menuitem" tabindex="-1" ${a}>${i}</div></div>`, content: true },
  option: { render: (a, i) => `<div role="listbox"><div role="option" aria-selected="false" ${a}>${i}</div></div>`, content: true },
  'role-checkbox': { render: (a, i) => `<span role="checkbox" aria-checked="false" tabindex="0" ${a}>${i}</span>`, content: true },
  summary: { render: (a, i) => `<details><summary ${a}>${i}</summary></details>`, content: true },
  'input-text': { render: CONTROL('<input type="text" ATTRS>'), content: false },
  checkbox: { render: CONTROL('<input type="checkbox" ATTRS>'), content: false },
  select: { render: CONTROL('<select ATTRS><option>First</option><option selected>Second</option></select>'), content: false },
  textarea: { render: CONTROL('<textarea ATTRS></textarea>'), content: false },
  submit: { render: CONTROL('<input type="submit" ATTRS>'), content: false },
  'image-input': { render: CONTROL(`<input type="image" src="${PIXEL}" width="16" height="16" ATTRS>`), content: false },
};

export function generateCorpus(): NameCase[] {
  const cases: NameCase[] = [];
  const targets = Object.entries(TARGETS);
  const sources = Object.entries(SOURCES);
  for (const [targetIndex, [targetName, target]] of targets.entries()) {
    for (const [sourceIndex, [sourceName, source]] of sources.entries()) {
      // Every source with half the targets, alternating: each pairing of source and target kind
      // still occurs across sources, at half the cost of hovering every combination.
      if ((targetIndex + sourceIndex) % 2) continue;
      const n = cases.length;
      const id = (text: string | undefined) => (text ?? '').replace(/#/g, `c${n}-`);
      const selector = `[data-case="${n}"] [data-t]`;
      const attrs = `data-t ${id(source.attrs)}`;
      const inner = id(source.inner);
      // A control has no content: what would be its content becomes the text of a label around it.
      let element = target.content ? target.render(attrs, inner) : target.render(attrs, '');
      if (!target.content && inner) element = `<label>${inner} ${element}</label>`;
      if (source.wrapLabel) element = `<label>${source.wrapLabel}${element}</label>`;
      // Half the cases lay the target out as a block, half inline: names must not depend on it.
      const display = n % 2 ? 'block' : 'inline-block';
      const css = `${selector} { display: ${display}; min-width: 24px; min-height: 14px; }\n${(source.css ?? '').replace(/&/g, selector)}`;
      const html = `<div class="case" data-case="${n}">${id(source.pre)}${element}${id(source.post)}</div>`;
      cases.push({ key: `${targetName}/${sourceName}`, html, css });
    }
  }
  return cases;
}
