import { beforeAll, describe, expect, it } from 'vitest';
import { countRegistrants, listRegistrants } from '../../server/db/registrants.js';
import { foldForSearch } from '../../server/domain/text.js';
import { register, type RegistrationInput } from '../../server/features/registration/register.js';
import { up as backfill } from '../../migrations/20261130150001_registration_search_backfill.js';
import { person } from '../support/app.js';
import { conference, type BuiltConference } from '../support/build.js';
import { useTestApp } from '../support/fixtures.js';

const input = (over: Record<string, unknown>): RegistrationInput => person(over) as unknown as RegistrationInput;

/**
 * Organizer search ignores case and diacritics in any script, the same on SQLite and on
 * PostgreSQL (run this file with TEST_DB=postgres too): SQLite's lower() folds ASCII only,
 * so the app writes a folded column and folds the query the same way.
 */
describe('organizer search', () => {
  const { t } = useTestApp({ seed: false });
  let event: BuiltConference;
  beforeAll(async () => {
    event = await conference(t.db, t.clock.now());
  });

  beforeAll(async () => {
    const people = [
      { name: 'Anna Bērziņa', institution: 'Ķekavas vidusskola', municipality: 'kekava' },
      { name: 'Jānis Kalniņš', institution: 'Ķekavas sākumskola', municipality: 'kekava' },
      { name: 'Līga Ozola', institution: 'Ādažu vidusskola', municipality: 'adazi' },
      { name: 'Pēteris Ābols', institution: 'ĀDAŽU BRĪVĀ VALDORFA SKOLA', municipality: 'adazi' },
      { name: 'Ирина Петрова', institution: 'Rīgas 40. vidusskola', municipality: 'riga' },
      { name: 'Łukasz Żółć', institution: 'Rīgas Franču licejs', municipality: 'riga' },
      { name: 'Ilze Zariņa', institution: 'Ogres tehnikums', municipality: 'ogre' },
    ];
    for (const p of people) await register(t.ctx, event.slug, input(p));
  });

  const names = async (q: string) =>
    (await listRegistrants(t.db, { eventId: event.eventId, q }, { limit: 100, offset: 0 }, 'lv'))
      .map((r) => r.name)
      .sort();
  const count = (q: string) => countRegistrants(t.db, { eventId: event.eventId, q });

  it('when the query starts with a Latvian capital, then it finds both spellings ("Ķekavas", "ķekavas", "Kekavas")', async () => {
    for (const q of ['Ķekavas', 'ķekavas', 'Kekavas', 'KEKAVAS'])
      expect(await names(q), q).toEqual(['Anna Bērziņa', 'Jānis Kalniņš']);
  });

  it('when the query is "ādažu" or "ĀDAŽU", then upper- and lower-case institutions are found', async () => {
    for (const q of ['ādažu', 'ĀDAŽU', 'adazu', 'Ādažu']) {
      expect(await names(q), q).toEqual(['Līga Ozola', 'Pēteris Ābols']);
      expect(await count(q), q).toBe(2);
    }
  });

  it('when the query is "Bērziņa" with or without marks, then the name is found', async () => {
    for (const q of ['Bērziņa', 'berzina', 'BĒRZIŅA', 'bērz']) expect(await names(q), q).toEqual(['Anna Bērziņa']);
  });

  it('when the name is Cyrillic or Polish, then any case finds it', async () => {
    for (const q of ['Ирина', 'ирина', 'ИРИНА', 'петров']) expect(await names(q), q).toEqual(['Ирина Петрова']);
    for (const q of ['Łukasz', 'łukasz', 'ŻÓŁĆ', 'zołc']) expect(await names(q), q).toEqual(['Łukasz Żółć']);
  });

  it('when the query has LIKE wildcards, then they are plain characters', async () => {
    expect(await count('%')).toBe(0);
    expect(await count('_')).toBe(0);
  });

  it('when the registrations predate the column, then the migration fills it in', async () => {
    await t.db('registrations').where('event_id', event.eventId).update({ search_text: '' });
    expect(await count('Ķekavas')).toBe(0);
    await backfill(t.db);
    expect(await names('kekavas')).toEqual(['Anna Bērziņa', 'Jānis Kalniņš']);
    const row = (await t.db('registrations').where('name', 'Ирина Петрова').first('search_text')) as {
      search_text: string;
    };
    expect(row.search_text).toContain(foldForSearch('Ирина Петрова'));
  });
});

describe('foldForSearch', () => {
  it('drops marks and case in any script, keeps letters without a decomposition', () => {
    expect(foldForSearch('Ķekavas')).toBe('kekavas');
    expect(foldForSearch('ĀDAŽU')).toBe('adazu');
    expect(foldForSearch('Bērziņa')).toBe('berzina');
    expect(foldForSearch('ИРИНА')).toBe('ирина');
    expect(foldForSearch('Łukasz')).toBe('łukasz');
  });
});
