import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { dateSpan } from '../../server/domain/certificates.js';
import {
  formatAt,
  formatDateTime,
  formatDates,
  formatDay,
  formatMoment,
  formatRange,
  formatRangeAt,
  type Lang,
} from '../../server/domain/time.js';
import { en } from '../../server/i18n/en.js';
import { translator, type MessageKey } from '../../server/i18n/index.js';
import { lv } from '../../server/i18n/lv.js';

/**
 * Every catalogue string with a placeholder, rendered in Latvian and English with sample
 * values as the app fills them, into one file a reviewer reads as real sentences:
 * test/__rendered__/strings.md. The test fails when a string changes and the file was not
 * regenerated (UPDATE_RENDERED=1 npx vitest run test/unit/rendered-strings.test.ts), so a
 * wording change shows in the review as a change of that file.
 */
const FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '__rendered__', 'strings.md');

const START = '2026-12-28T08:00:00.000Z'; // Monday 10:00 in Riga
const END = '2026-12-28T09:30:00.000Z';

function samples(lang: Lang): Record<string, string | number> {
  const lv = lang === 'lv';
  return {
    calendar: 'Google',
    closes: formatDateTime('2026-12-20T21:59:00Z', lang),
    opens: formatDateTime('2026-11-30T08:00:00Z', lang),
    count: 21,
    dates: formatDates('2026-12-28T08:00:00Z', '2027-01-01T14:00:00Z', lang),
    day: formatDay(START, lang),
    dir: 'data/mail',
    path: '/admin/outbox',
    email: 'anna.berzina@skola.lv',
    from: lv ? 'Skolas un ģimenes sadarbības modeļi' : 'Models of cooperation between school and family',
    hours: lv ? '3,5 stundas' : '3.5 hours',
    number: 'SVB-0007',
    course: lv
      ? 'Kurss skolotājiem: individuālā un grupu konsultēšana'
      : 'Course for teachers: individual and group counselling',
    date: lv ? '2026. gada 20. decembris' : '20 December 2026',
    issued: 41,
    skipped: 7,
    event: lv ? 'Skola. Vecāki. Bērni — reģionālās konferences' : 'School. Parents. Children — regional conferences',
    left: 37,
    size: 100,
    matched: 12,
    unknown: 'nobody@skola.lv',
    max: 200,
    min: 0,
    name: 'Anna Bērziņa',
    n: 3,
    // Who got the places an organizer's action freed (the back office's banner).
    people: lv
      ? 'Anna Bērziņa (rindā bija 1.), Jānis Ozols (rindā bija 2.)'
      : 'Anna Bērziņa (no. 1 in the queue), Jānis Ozols (no. 2 in the queue)',
    phone: '+371 67 000 000',
    days: lv ? '365 dienas' : '365 days',
    page: 2,
    pages: 5,
    position: 3,
    region: lv ? 'Vidzeme' : 'Vidzeme',
    session: lv
      ? 'Pieaugušo sadarbība un labbūtība starp skolas komandu un vecākiem'
      : 'Adult cooperation and well-being between school teams and parents',
    url: 'https://registracija.example.lv/j/abc',
    used: 63,
    // A sign-in's wait, as the sign-in page says it (seconds under a minute, else minutes).
    wait: '2 min',
    when: formatRange(START, END, lang),
    // A deadline or a moment something happened, as the messages and pages say it (locative).
    moment: formatMoment('2026-12-07T14:36:00Z', lang),
    since: formatMoment('2026-12-01T09:05:00Z', lang),
    emails: 'anna.berzina@skola.lv, juris.liepa@skola.lv',
    client: 'c0ffee00',
    held: 4,
    offered: 1,
    // A pool shared by sessions, and those sessions as the back office names them (title, day, place).
    pool: lv ? 'Darbnīcu vietas (Rīga)' : 'Workshop places (Riga)',
    sessions: lv
      ? 'Atpazīsti signālus! — 2026. gada 28. decembris, plkst. 12.00 · Tiešsaistē'
      : 'Recognise the signals! — 28 December 2026, 12:00 · Online',
    state: lv ? 'ieslēgts' : 'on',
    // A meeting report read: who attended, who was in it too briefly, who matched nobody; a column it names.
    attended: 12,
    below: 2,
    unmatched: 1,
    column: 'Join Time',
    // Characters of a name the certificate's font cannot print.
    chars: '李小龍',
    // A programme approval as the certificate prints it.
    details: lv
      ? 'Valsts izglītības satura centrs, 01.09.2026., Nr. VISC-2026/42'
      : 'National Centre for Education, 1 September 2026, No. VISC-2026/42',
  };
}

/** Where a sentence needs the "on …" form (Latvian locative), the app passes that form. */
function overrides(key: string, lang: Lang): Record<string, string> {
  if (key === 'join.later' || key === 'pd.join.early' || key === 'pd.join.opens')
    return { when: formatAt(START, lang) };
  if (key === 'mail.reminder.intro') return { when: formatRangeAt(START, END, lang) };
  // A move names what was and what is now: times in the "on …" form, places as they are written.
  if (/^mail\.session_moved\.(time|sessionTime)$/.test(key))
    return {
      was: formatRangeAt(START, END, lang),
      now: formatRangeAt('2026-12-29T11:00:00Z', '2026-12-29T12:30:00Z', lang),
    };
  if (/^mail\.session_moved\.(place|sessionPlace)$/.test(key))
    return { was: lang === 'lv' ? 'tiešsaistē' : 'online', now: 'Ludzas novada dome, Raiņa iela 16, Ludza' };
  // A refusal names the moment something opens or ends (locative), written out at the edge.
  if (key === 'error.reason.attendance_too_early') return { from: formatMoment(START, lang) };
  if (key === 'error.reason.nothing_ended') return { endsAt: formatMoment(END, lang) };
  if (key === 'live.startsIn') return { when: lang === 'lv' ? '2 dienām un 3 stundām' : '2 days and 3 hours' };
  // "When" in a sentence: the day in the locative, as dateSpan writes it; who, as organizers type it.
  if (['a11y.evaluated', 'a11y.protocol.when', 'a11y.updated', 'record.pdf.made'].includes(key))
    return {
      date: dateSpan(START, START, lang),
      by: lang === 'lv' ? 'programmas komanda (pašnovērtējums)' : 'the programme team (self-assessment)',
    };
  return {};
}

function render(): string {
  const lines = [
    '# Catalogue strings with placeholders, rendered',
    '',
    'Generated by test/unit/rendered-strings.test.ts with sample values as the app fills them.',
    'Regenerate: `UPDATE_RENDERED=1 npx vitest run test/unit/rendered-strings.test.ts`.',
    '',
  ];
  const keys = (Object.keys(lv) as MessageKey[]).filter((k) => /\{\w+\}/.test(lv[k]) || /\{\w+\}/.test(en[k]));
  for (const key of keys) {
    lines.push(`## ${key}`, '');
    for (const lang of ['lv', 'en'] as const) {
      const text = translator(lang)(key, { ...samples(lang), ...overrides(key, lang) });
      lines.push(`- ${lang}: ${text.replace(/\u00a0/g, ' ')}`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

describe('rendered catalogue strings', () => {
  it('every placeholder gets a value (none left as {name}) and the file for reviewers is up to date', () => {
    const text = render();
    expect(text).not.toMatch(/- (lv|en): .*\{\w+\}/);
    if (process.env.UPDATE_RENDERED === '1' || !existsSync(FILE)) {
      mkdirSync(path.dirname(FILE), { recursive: true });
      writeFileSync(FILE, text);
    }
    expect(readFileSync(FILE, 'utf8'), 'strings changed: regenerate test/__rendered__/strings.md').toBe(text);
  });

  it('Latvian strings use „…” quotation marks, never English ones', () => {
    const english = (Object.keys(lv) as MessageKey[]).filter((k) => /[“"]/.test(lv[k]));
    expect(english).toEqual([]);
  });

  it('the join-link hint and the reminder read as Latvian and English sentences', () => {
    const text = render();
    expect(text).toContain('- lv: Pievienošanās saite parādīsies šeit pirmdien, 28. decembrī, plkst. 10.00.');
    expect(text).toContain('- en: The link to join will appear here on Monday, 28 December at 10:00.');
    expect(text).toContain('sāksies pirmdien, 28. decembrī, plkst. 10.00–11.30.');
  });
});
