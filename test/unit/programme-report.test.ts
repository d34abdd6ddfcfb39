import { describe, expect, it } from 'vitest';
import {
  personOf,
  programmeTable,
  repeatParticipation,
  type Participation,
} from '../../server/domain/programmeReport.js';

const fact = (over: Partial<Participation>): Participation => ({
  registrationId: 1,
  eventId: 1,
  sessionId: 1,
  email: 'a@skola.lv',
  region: 'riga',
  municipality: 'riga',
  role: 'teacher',
  ...over,
});

describe("the whole programme's counts", () => {
  it('when addresses differ only in case or spaces, then they are one person; without an address, each registration is its own', () => {
    expect(personOf({ email: ' Anna@Skola.LV ', registrationId: 1 })).toBe(
      personOf({ email: 'anna@skola.lv', registrationId: 2 }),
    );
    expect(personOf({ email: null, registrationId: 3 })).not.toBe(personOf({ email: null, registrationId: 4 }));
    expect(personOf({ email: '', registrationId: 3 })).toBe(personOf({ email: null, registrationId: 3 }));
  });

  it('when a person is in two regions, then each region counts them and the total counts them once', () => {
    const facts = [
      fact({ registrationId: 1, eventId: 1, sessionId: 10, email: 'anna@skola.lv', region: 'riga' }),
      fact({ registrationId: 1, eventId: 1, sessionId: 11, email: 'anna@skola.lv', region: 'riga' }),
      fact({ registrationId: 2, eventId: 2, sessionId: 20, email: 'ANNA@skola.lv', region: 'vidzeme' }),
      fact({ registrationId: 3, eventId: 2, sessionId: 20, email: null, region: 'vidzeme' }),
      fact({ registrationId: 4, eventId: 3, sessionId: 30, email: null, region: 'vidzeme' }),
    ];
    const table = programmeTable(
      facts,
      [
        { key: 'riga', label: 'Rīga' },
        { key: 'vidzeme', label: 'Vidzeme' },
        { key: 'latgale', label: 'Latgale' },
      ],
      (f) => f.region,
    );
    expect(table.rows).toEqual([
      { key: 'riga', label: 'Rīga', people: 1, registrations: 1, repeaters: 1 },
      { key: 'vidzeme', label: 'Vidzeme', people: 3, registrations: 3, repeaters: 1 },
      { key: 'latgale', label: 'Latgale', people: 0, registrations: 0, repeaters: 0 },
    ]);
    expect(table.totals).toEqual({ people: 3, registrations: 4, repeaters: 1 });
    expect(repeatParticipation(facts)).toEqual([
      { events: 1, people: 2 },
      { events: 2, people: 1 },
    ]);
  });

  it('when nobody took part, then every group is a row of zeros and nobody repeats', () => {
    const table = programmeTable([], [{ key: 'riga', label: 'Rīga' }], (f) => f.region);
    expect(table.rows).toEqual([{ key: 'riga', label: 'Rīga', people: 0, registrations: 0, repeaters: 0 }]);
    expect(table.totals).toEqual({ people: 0, registrations: 0, repeaters: 0 });
    expect(repeatParticipation([])).toEqual([]);
  });
});
