import type { ComponentChildren } from 'preact';
import { t } from './i18n';

export type Screen = 'task' | 'routines' | 'history' | 'audit' | 'settings';

/** Line icons, 20 px, drawn in the text colour: they carry no meaning the label does not. */
const ICONS: Record<Screen, ComponentChildren> = {
  task: <path d="M4 5h12M4 10h12M4 15h7" />,
  routines: (
    <>
      <circle cx="10" cy="10" r="7" />
      <path d="M10 6v4l3 2" />
    </>
  ),
  history: (
    <>
      <path d="M3.5 10a6.5 6.5 0 1 0 2-4.7" />
      <path d="M3 3v3.5h3.5" />
    </>
  ),
  audit: (
    <>
      <path d="M10 2.5 4 5v4.5c0 3.6 2.5 6.6 6 8 3.5-1.4 6-4.4 6-8V5z" />
      <path d="m7.5 10 2 2 3.5-4" />
    </>
  ),
  settings: (
    <>
      <circle cx="10" cy="10" r="2.5" />
      <path d="M10 2.5v2.2M10 15.3v2.2M2.5 10h2.2M15.3 10h2.2M4.7 4.7l1.6 1.6M13.7 13.7l1.6 1.6M4.7 15.3l1.6-1.6M13.7 6.3l1.6-1.6" />
    </>
  ),
};

/**
 * The header: the name and one button per view, each an icon over its label. Where the panel is
 * too narrow for the labels (styles.css), only the icons show; the label stays the button's
 * accessible name and its tooltip, so nothing is cut and no name changes with the width.
 */
export function ViewBar({ screen, labels, onSelect }: { screen: Screen; labels: Record<Screen, string>; onSelect: (screen: Screen) => void }) {
  return (
    <header class="bar">
      <h1>Steward</h1>
      <nav aria-label={t('views')}>
        {(Object.keys(ICONS) as Screen[]).map((view) => (
          <button type="button" key={view} aria-pressed={screen === view} title={labels[view]} onClick={() => onSelect(view)}>
            <svg class="icon" viewBox="0 0 20 20" width="20" height="20" aria-hidden="true" focusable="false">
              {ICONS[view]}
            </svg>
            <span class="view-label">{labels[view]}</span>
          </button>
        ))}
      </nav>
    </header>
  );
}
