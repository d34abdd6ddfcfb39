import { describe, expect, it } from 'vitest';
import { actorWords, auditChanges, type AuditNames } from '../../server/features/privacy/auditWords.js';

const names: AuditNames = {
  sessions: new Map([
    [
      7,
      {
        title: { lv: 'Darbnīca „Sarunas”', en: 'Workshop “Talks”' },
        startsAt: '2026-12-28T10:00:00.000Z',
        place: 'Cēsu Valsts ģimnāzija',
        address: 'Leona Paegles iela 1, Cēsis',
      },
    ],
  ]),
  seats: new Map([[31, { person: 'Anna Bērziņa', sessionId: 7 }]]),
  regions: new Map([['vidzeme', { lv: 'Vidzeme', en: 'Vidzeme' }]]),
  municipalities: new Map([['cesis', { lv: 'Cēsu novads', en: 'Cēsis Municipality' }]]),
  quotas: new Map([[3, { lv: 'Zāles vietas', en: 'Places in the hall' }]]),
  organizers: new Map([[2, 'Ilze Koordinatore']]),
};

/** Entries of the shapes the code writes (one each of the person's, the seat's and the programme's). */
const ENTRIES = [
  {
    action: 'registration.create',
    target_type: 'registration',
    before: null,
    after: JSON.stringify({
      name: 'Ilze',
      email: 'ilze@skola.lv',
      regionId: 'vidzeme',
      consentSource: 'in_person',
      seats: [{ sessionId: 7, status: 'waitlisted', position: 2 }],
    }),
  },
  {
    action: 'registration.edit',
    target_type: 'registration',
    before: JSON.stringify({ municipality: 'cesis', role: 'teacher', language: 'lv', institution: 'A' }),
    after: JSON.stringify({ municipality: 'cesis', role: 'parent', language: 'en', institution: 'B' }),
  },
  {
    action: 'seat.move',
    target_type: 'seat',
    before: JSON.stringify({ sessionId: 7, status: 'confirmed' }),
    after: JSON.stringify({ sessionId: 7, seatId: 99, promotedSeatIds: [31] }),
  },
  {
    action: 'seat.promote_override',
    target_type: 'seat',
    before: JSON.stringify({ status: 'waitlisted', quotas: [{ id: 3, size: 5, used: 5 }] }),
    after: JSON.stringify({ status: 'confirmed', grownQuotas: [{ id: 3, from: 5, to: 6 }] }),
  },
  {
    action: 'organizer.add',
    target_type: 'organizer',
    before: null,
    after: JSON.stringify({ email: 'k@example.lv', role: 'coordinator', regionIds: ['vidzeme'] }),
  },
  {
    action: 'token.rotate',
    target_type: 'registration',
    before: null,
    after: JSON.stringify({ reason: 'registered_again' }),
  },
  {
    action: 'attendance.mark',
    target_type: 'session',
    before: null,
    after: JSON.stringify({ present: [31] }),
  },
];

describe('an audit entry in words', () => {
  it('when entries are put in words, then no label or value is a key, a code or an id, in lv and en', () => {
    for (const lang of ['lv', 'en'] as const) {
      const lines = ENTRIES.flatMap((e) => auditChanges(e, names, lang));
      for (const c of lines) {
        expect(c.label, c.field).not.toMatch(/[a-z][A-Z]|_|\./);
        for (const v of [c.before, c.after]) {
          if (v === null) continue;
          expect(v, c.field).not.toMatch(/\b(in_person|waitlisted|vidzeme|cesis|registered_again)\b|\b[a-z]+[A-Z]\w*/);
          expect(v, c.field).not.toMatch(/^\d+$|\b31\b|\b99\b/);
        }
      }
      expect(lines.map((c) => c.field)).not.toContain('seatId');
    }
  });

  it('when a Latvian entry is read, then fields and values are as the forms and pages say them', () => {
    const say = (i: number) =>
      Object.fromEntries(auditChanges(ENTRIES[i]!, names, 'lv').map((c) => [c.label, [c.before, c.after]]));
    expect(say(0)).toMatchObject({
      'vārds, uzvārds': [null, 'Ilze'],
      'e-pasta adrese': [null, 'ilze@skola.lv'],
      reģions: [null, 'Vidzeme'],
      'kā saņemta piekrišana': [null, 'klātienē'],
    });
    const [seats] = auditChanges(ENTRIES[0]!, names, 'lv').filter((c) => c.field === 'seats');
    expect(seats?.label).toBe('vietas');
    expect(seats?.after).toMatch(
      /^Darbnīca „Sarunas” — 2026\. gada 28\. decembris, plkst\.\s12\.00 · Cēsu Valsts ģimnāzija, Leona Paegles iela 1, Cēsis \(rindā 2\. vietā\)$/,
    );
    expect(say(1)).toEqual({
      loma: ['pedagogs', 'vecāks'],
      'saziņas valoda': ['Latviešu', 'English'],
      iestāde: ['A', 'B'],
    });
    expect(say(2)).toMatchObject({
      'vietu saņēma no rindas': [null, 'Anna Bērziņa'],
      statuss: ['apstiprināta vieta', null],
    });
    expect(say(3)).toMatchObject({
      statuss: ['rindā', 'apstiprināta vieta'],
      'palielināti limiti': [null, 'Zāles vietas: 5 → 6'],
    });
    expect(say(4)).toMatchObject({ loma: [null, 'koordinators'], reģioni: [null, 'Vidzeme'] });
    expect(say(5)).toEqual({ iemesls: [null, 'reģistrējās vēlreiz'] });
    expect(say(6)).toEqual({ piedalījās: [null, 'Anna Bērziņa'] });
  });

  it('when an English entry is read, then the English names show', () => {
    const lines = auditChanges(ENTRIES[3]!, names, 'en');
    expect(lines).toContainEqual({
      field: 'grownQuotas',
      label: 'grown pools',
      before: null,
      after: 'Places in the hall: 5 → 6',
    });
    const edit = auditChanges(ENTRIES[1]!, names, 'en');
    expect(edit).toContainEqual({ field: 'role', label: 'role', before: 'teacher', after: 'parent' });
  });

  it('when the person, their group’s coordinator or the retention job did it, then “who” says so in words', () => {
    const organizers = new Map([['k@example.lv', 'Ilze (k@example.lv)']]);
    expect(actorWords('participant', organizers, 'lv')).toBe('dalībnieks pats');
    expect(actorWords('group:12', organizers, 'lv')).toBe('grupas koordinators');
    expect(actorWords('retention', organizers, 'en')).toBe('the system (data retention)');
    expect(actorWords('k@example.lv', organizers, 'lv')).toBe('Ilze (k@example.lv)');
  });

  it('when a programme entry holds a form’s fields, then they are named as that form names them', () => {
    const lines = auditChanges(
      {
        action: 'session.update',
        target_type: 'session',
        before: JSON.stringify({ titleLv: 'Vecais', kind: 'workshop', startsAt: '2026-12-28T10:00:00.000Z' }),
        after: JSON.stringify({ titleLv: 'Jaunais', kind: 'seminar', startsAt: '2026-12-29T10:00:00.000Z' }),
      },
      names,
      'lv',
    );
    for (const c of lines) expect(c.label).not.toMatch(/[a-z][A-Z]|cita informācija/);
    expect(lines).toContainEqual(expect.objectContaining({ field: 'kind', before: 'darbnīca', after: 'seminārs' }));
    expect(lines.find((c) => c.field === 'startsAt')?.after).toMatch(/^2026\. gada 29\. decembris/);
    expect(lines.find((c) => c.field === 'titleLv')).toMatchObject({ before: 'Vecais', after: 'Jaunais' });
  });
});
