import type { SettingsDraft, SettingsView } from '../src/protocol/panel';
import { FORM_KEYS, type FormKey, SETTINGS, type SettingDefinition } from '../src/settings/definitions';
import { t } from './i18n';

/**
 * The Settings form's fields, generated from the definitions (src/settings/definitions.ts): each
 * kind has one renderer, and what the form holds and sends is read from the table field by field.
 */

/** What the form holds: a switch's state, or the text in a field (numbers and site lists as typed). */
export type FormValues = Record<FormKey, string | boolean>;

/** The form as the saved settings fill it; the key field starts empty, since the key never reaches the panel. */
export function formValues(view: SettingsView): FormValues {
  const values = {} as FormValues;
  for (const key of FORM_KEYS) {
    const definition: SettingDefinition = SETTINGS[key];
    if (definition.kind === 'secret' || key === 'apiKey') values[key] = '';
    else {
      const value = view[key];
      values[key] = typeof value === 'boolean' ? value : Array.isArray(value) ? value.join('\n') : String(value);
    }
  }
  return values;
}

/** A number as the form sends it: the number, or the text typed when it is not one, so the worker's answer says so. */
function numberOrText(text: string): number | string {
  const trimmed = text.trim();
  return trimmed !== '' && Number.isFinite(Number(trimmed)) ? Number(trimmed) : trimmed;
}

/** The draft's setting fields: each setting as its kind travels (src/protocol/settings.ts). */
export function draftValues(values: FormValues): Omit<SettingsDraft, 'clearApiKey' | 'price'> {
  const draft: Record<string, string | number | boolean> = {};
  for (const key of FORM_KEYS) {
    const value = values[key];
    draft[key] = SETTINGS[key].kind === 'number' && typeof value === 'string' ? numberOrText(value) : value;
  }
  // Each value has its kind's type: a switch a boolean, a number a number or text, the rest text.
  return draft as Omit<SettingsDraft, 'clearApiKey' | 'price'>;
}

/** Consecutive fields of one group share a fieldset, in the table's order. */
export const FORM_SECTIONS: Array<{ group?: NonNullable<SettingDefinition['group']>; keys: FormKey[] }> = [];
for (const key of FORM_KEYS) {
  const definition: SettingDefinition = SETTINGS[key];
  const last = FORM_SECTIONS.at(-1);
  if (definition.group && last?.group === definition.group) last.keys.push(key);
  else FORM_SECTIONS.push({ ...(definition.group ? { group: definition.group } : {}), keys: [key] });
}

export const MODEL_LIST_ID = 'steward-models';

interface SettingFieldProps {
  field: FormKey;
  values: FormValues;
  onValue: (field: FormKey, value: string | boolean) => void;
  error?: string | undefined;
  /** Why the administrator constrains it, in the worker's words. */
  locked?: string | undefined;
  view: SettingsView;
}

/** One setting's field, as its kind and definition say. */
export function SettingField({ field, values, onValue, error, locked, view }: SettingFieldProps) {
  const definition: SettingDefinition = SETTINGS[field];
  const id = `settings-${field.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
  const value = values[field];
  const help = definition.help ? t(definition.help) : undefined;
  const common = { id, label: t(definition.label), error };
  switch (definition.kind) {
    case 'toggle':
      return <CheckboxField id={id} label={common.label} checked={value === true} disabled={locked !== undefined} onChecked={(checked) => onValue(field, checked)} hint={locked ?? help} />;
    case 'sites':
      return <SiteListField {...common} placeholder={definition.placeholder} value={String(value)} onValue={(text) => onValue(field, text)} hint={help ?? ''} />;
    case 'text':
      if (definition.shownWhen && values[definition.shownWhen] !== true) return null;
      return <TextField {...common} value={String(value)} onValue={(text) => onValue(field, text)} hint={help} {...(definition.suggestions ? { list: MODEL_LIST_ID } : {})} />;
    case 'secret':
      return <TextField {...common} type="password" value={String(value)} onValue={(text) => onValue(field, text)} hint={help} placeholder={view.hasApiKey ? t('key_placeholder_saved', view.apiKeyHint) : 'sk-ant-…'} />;
    case 'url':
      return <TextField {...common} type="url" value={String(value)} onValue={(text) => onValue(field, text)} hint={help} />;
    case 'number':
      return <TextField {...common} type="number" value={String(value)} onValue={(text) => onValue(field, text)} hint={locked ?? help} />;
    default:
      return null;
  }
}

interface TextFieldProps {
  id: string;
  label: string;
  value: string;
  onValue: (value: string) => void;
  error?: string | undefined;
  hint?: string | undefined;
  type?: 'text' | 'password' | 'url' | 'number';
  placeholder?: string;
  list?: string;
}

/** A labelled input whose accessible name is exactly its label; the hint and error describe it. */
export function TextField({ id, label, value, onValue, error, hint, type = 'text', placeholder, list }: TextFieldProps) {
  const describedBy = [error ? `${id}-error` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        // Preact's types tie `list` to the input type and role; the browser accepts it on each of these.
        {...({ type, list } as { type: 'text' })}
        // Any decimal is fine: the background validates, and a step mismatch would silently block the form.
        {...(type === 'number' ? { step: 'any', min: 0 } : {})}
        value={value}
        placeholder={placeholder}
        spellcheck={false}
        autoComplete="off"
        onInput={(e) => onValue(e.currentTarget.value)}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy}
      />
      {error && (
        <small class="error-text" id={`${id}-error`}>
          {error}
        </small>
      )}
      {hint && (
        <small class="hint" id={`${id}-hint`}>
          {hint}
        </small>
      )}
    </div>
  );
}

function CheckboxField(props: { id: string; label: string; checked: boolean; disabled: boolean; onChecked: (checked: boolean) => void; hint?: string | undefined }) {
  return (
    <div class="field checkbox">
      <input
        id={props.id}
        type="checkbox"
        checked={props.checked}
        disabled={props.disabled}
        onChange={(e) => props.onChecked(e.currentTarget.checked)}
        aria-describedby={props.hint ? `${props.id}-hint` : undefined}
      />
      <label for={props.id}>{props.label}</label>
      {props.hint && (
        <small class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </small>
      )}
    </div>
  );
}

function SiteListField(props: { id: string; label: string; placeholder: string; value: string; onValue: (value: string) => void; error?: string | undefined; hint: string }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <textarea
        id={props.id}
        rows={3}
        spellcheck={false}
        placeholder={props.placeholder}
        value={props.value}
        onInput={(e) => props.onValue(e.currentTarget.value)}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={`${props.id}-hint`}
      />
      {props.error && <small class="error-text">{props.error}</small>}
      <small class="hint" id={`${props.id}-hint`}>
        {props.hint}
      </small>
    </div>
  );
}
