/**
 * Latvian order and search (LATVIAN.md, "Sorting and searching"): lists a person reads
 * are ordered by Latvian collation, and search ignores case and diacritics in any script.
 */

/** Latvian alphabet order: a ā b c č … z ž, not code-point order. */
export const latvianCollator = new Intl.Collator('lv');

/** A copy of `items` in Latvian order of `key` (stable for equal keys). */
export function sortLatvian<T>(items: readonly T[], key: (item: T) => string): T[] {
  return [...items].sort((a, b) => latvianCollator.compare(key(a), key(b)));
}

/**
 * Text folded for search: decomposed (NFD), combining marks dropped, lower-cased.
 * "Ķekavas" → "kekavas", "ĀDAŽU" → "adazu", "Ирина" → "ирина", "Łukasz" → "łukasz"
 * (ł has no decomposition and stays: a search for "Łukasz" still finds it).
 * The app writes it into registrations.search_text on every write of a name, e-mail or
 * institution, so the search query is one portable LIKE on SQLite and PostgreSQL alike.
 */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLocaleLowerCase('lv')
    .normalize('NFC');
}

/** What a registration is found by: its name, e-mail and institution, folded. */
export function registrationSearchText(r: { name: string; email: string; institution: string }): string {
  return [r.name, r.email, r.institution].map(foldForSearch).join('\n');
}
