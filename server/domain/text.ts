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

const englishCollator = new Intl.Collator('en');

/** The collator of a page's language: Latvian names in Latvian order, English ones in English order. */
export const collatorOf = (lang: 'lv' | 'en'): Intl.Collator => (lang === 'en' ? englishCollator : latvianCollator);

/** A copy of `items` in the order of `key` as a reader of `lang` expects it. */
export function sortFor<T>(lang: 'lv' | 'en', items: readonly T[], key: (item: T) => string): T[] {
  const collator = collatorOf(lang);
  return [...items].sort((a, b) => collator.compare(key(a), key(b)));
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
export function registrationSearchText(r: {
  name: string;
  email: string | null;
  phone?: string | null;
  institution: string;
}): string {
  // Without an e-mail, the phone (digits only) stands in its line, so organizers find the caller by it.
  const second = r.email ?? (r.phone ? r.phone.replace(/\D/g, '') : '');
  return [r.name, second, r.institution].map(foldForSearch).join('\n');
}

/**
 * What no text a person or organizer types may hold: C0 and C1 control characters, bidi
 * embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069: they reorder what is
 * shown around them, "Anna\u202Egnp.exe"), and lone surrogates (half a character that no
 * UTF-8 can hold). A long text (a description, an announcement) may keep its newlines and
 * tabs. Letters of every script, and emoji, are characters like any other.
 */
const UNSAFE_IN_LINE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|\p{Cs}/u;
const UNSAFE_IN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|\p{Cs}/u;

/** A one-line text (a name, a title, a place) holds none of the characters above. */
export const safeLine = (v: string): boolean => !UNSAFE_IN_LINE.test(v);
/** A long text holds none of them but newlines (CR, LF) and tabs. */
export const safeText = (v: string): boolean => !UNSAFE_IN_TEXT.test(v);

/**
 * What a person's name may not look like: a web address or an e-mail address. A name is
 * put into messages the programme sends in its own name ("Labdien, …!"), so a "name" such
 * as "SVARĪGI: apstipriniet šeit https://…" would turn our mail into someone else's. Any
 * `@`, a scheme (`https://`, `mailto:`), `www.`, or a host under a common top-level domain
 * followed by a path or the end of a word (`bit.ly/x`, `example.lv`) is refused; initials
 * written without a space ("J.Kalniņš") are names.
 */
const URL_LIKE =
  /@|[a-z][a-z0-9+.-]*:\/\/|\b(?:mailto|javascript|data):|\bwww\.|\b[a-z0-9-]+\.(?:lv|com|net|org|eu|info|io|ru|ly|co|me|biz|xyz|top|site|online|app|link)\b/i;
export const looksLikeAddress = (v: string): boolean => URL_LIKE.test(v);
