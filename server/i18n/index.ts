import type { Lang } from '../domain/time.js';
import { en } from './en.js';
import { lv, type MessageKey } from './lv.js';

export type { MessageKey };
export const LANGS: readonly Lang[] = ['lv', 'en'];

const catalogues: Record<Lang, Record<MessageKey, string>> = { lv, en };

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function isMessageKey(key: string): key is MessageKey {
  return key in lv;
}

export function translator(lang: Lang): Translate {
  const catalogue = catalogues[lang];
  // An unknown key (say, an audience organizers typed in) shows as itself, never a crash.
  return (key, params) =>
    (catalogue[key] ?? String(key)).replace(/\{(\w+)\}/g, (whole, name: string) =>
      params && name in params ? String(params[name]) : whole,
    );
}

/**
 * A count in words with its plural form: `plural(t, 'lv', 'live.unit.days', 2)` reads the
 * key `live.unit.days.other` ("2 dienām"). Every such key has .one, .zero and .other
 * (Intl.PluralRules: Latvian's "zero" is 0, 10–20, 30…; English has no "zero").
 */
export function plural(t: Translate, lang: Lang, base: string, n: number): string {
  const key = `${base}.${new Intl.PluralRules(lang).select(n)}`;
  return t((isMessageKey(key) ? key : `${base}.other`) as MessageKey, { n });
}

/** The placeholder a field error's parameter fills: {max} unless named here. */
const FIELD_PARAM: Readonly<Record<string, string>> = {
  too_small: 'min',
  unprintable_name: 'chars',
  below_confirmed: 'n',
  login_wait: 'wait',
  login_wait_account: 'wait',
  login_wait_browser: 'wait',
  report_time: 'column',
};

/** A field error key, which may carry a parameter as "too_long:200" or "too_small:-5". */
export function fieldMessage(t: Translate, code: string): string {
  const at = code.indexOf(':');
  const name = at < 0 ? code : code.slice(0, at);
  const param = at < 0 ? '' : code.slice(at + 1);
  const key = `field.${name}`;
  return isMessageKey(key) ? t(key, { [FIELD_PARAM[name] ?? 'max']: param }) : t('field.invalid');
}

export function isLang(v: unknown): v is Lang {
  return v === 'lv' || v === 'en';
}
