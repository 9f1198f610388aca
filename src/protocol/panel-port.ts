/** background -> panel, over the long-lived port named "panel" (its own file, so the panel can name it without loading zod). */
export const PANEL_PORT = 'panel';
