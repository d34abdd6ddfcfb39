import { readFileSync } from 'node:fs';
import path from 'node:path';
import { APP_ROOT } from '../../paths.js';

/**
 * The label each field of a back-office form shows, so the error summary can name the field
 * as the public form does ("Saīsinātais nosaukums: ievadiet …") without every route repeating
 * its form's labels. Read from the form's own template — the
 * `include('partials/field', { name: 'x', label: t('key') … })` calls and
 * `<label for="x"><%= t('key') %>` elements, and a group's
 * `<fieldset … id="x" …>` line followed by its `<legend><%= t('key') %>` — once per view.
 */
const labelKeysByView = new Map<string, Map<string, string>>();

const FIELD_INCLUDE = /name:\s*'([A-Za-z][\w-]*)',\s*label:\s*t\('([\w.]+)'\)/g;
const LABEL_ELEMENT = /<label for="([A-Za-z][\w-]*)"[^>]*>\s*<%=\s*t\('([\w.]+)'\)/g;
const FIELDSET_LEGEND = /<fieldset\b[^\n]*?\bid="([A-Za-z][\w-]*)"[^\n]*\n\s*<legend>\s*<%=\s*t\('([\w.]+)'\)/g;

function labelKeysOf(view: string): Map<string, string> {
  const known = labelKeysByView.get(view);
  if (known) return known;
  const source = readFileSync(path.join(APP_ROOT, 'views', 'admin', `${view}.ejs`), 'utf8');
  const keys = new Map<string, string>();
  for (const pattern of [FIELD_INCLUDE, LABEL_ELEMENT, FIELDSET_LEGEND]) {
    for (const [, field, key] of source.matchAll(pattern)) if (field && key && !keys.has(field)) keys.set(field, key);
  }
  labelKeysByView.set(view, keys);
  return keys;
}

/** The labels of the fields that have errors, in the page's language. */
export function fieldLabelsOf(
  view: string,
  fields: readonly string[],
  t: (key: string) => string,
): Record<string, string> {
  const keys = labelKeysOf(view);
  const labels: Record<string, string> = {};
  for (const field of fields) {
    const key = keys.get(field);
    if (key) labels[field] = t(key);
  }
  return labels;
}
