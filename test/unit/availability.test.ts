import { describe, expect, it } from 'vitest';
import { Availability } from '../../server/domain/availability.js';
import { outerQuotas, promotionClosure, quotasCovering, sessionsCoveredBy } from '../../server/domain/quotas.js';

// Two workshops (A=1, B=2) share a region pool (quota 10); each room also has a cap
// (quota 11 for A, quota 12 for B). The plenary (3) has no quota at all.
const coverage = new Map<number, number[]>([
  [1, [10, 11]],
  [2, [10, 12]],
]);

describe('Availability', () => {
  it('when no quota covers a session, then it is unlimited', () => {
    const a = new Availability([], coverage);
    expect(a.left(3)).toBeNull();
    expect(a.take(3)).toBe(true);
  });

  it('when the region pool has room but the room cap is full, then the session is unavailable', () => {
    const a = new Availability(
      [
        { id: 10, size: 100, used: 60 },
        { id: 11, size: 60, used: 60 },
        { id: 12, size: 60, used: 0 },
      ],
      coverage,
    );
    expect(a.isAvailable(1)).toBe(false);
    expect(a.left(1)).toBe(0);
    expect(a.isAvailable(2)).toBe(true);
    expect(a.left(2)).toBe(40);
  });

  it('when taking a place, then every quota of the session is used once', () => {
    const a = new Availability(
      [
        { id: 10, size: 2, used: 0 },
        { id: 11, size: 5, used: 0 },
        { id: 12, size: 5, used: 0 },
      ],
      coverage,
    );
    expect(a.take(1)).toBe(true);
    expect(a.take(2)).toBe(true);
    expect(a.take(1)).toBe(false); // the shared pool is full
    expect(a.quota(10)?.used).toBe(2);
    expect(a.quota(11)?.used).toBe(1);
    expect(a.quota(12)?.used).toBe(1);
  });

  it('when a place is released, then the counters never go below zero', () => {
    const a = new Availability([{ id: 10, size: 2, used: 0 }], new Map([[1, [10]]]));
    a.release(1);
    expect(a.quota(10)?.used).toBe(0);
  });

  it('when promoting, then the waitlist is served first come first served', () => {
    const a = new Availability(
      [{ id: 10, size: 3, used: 1 }],
      new Map([
        [1, [10]],
        [2, [10]],
      ]),
    );
    const waitlist = [
      { seatId: 5, sessionId: 2 },
      { seatId: 7, sessionId: 1 },
      { seatId: 9, sessionId: 2 },
    ];
    expect(a.promote(waitlist).map((s) => s.seatId)).toEqual([5, 7]);
    expect(a.quota(10)?.used).toBe(3);
  });

  it('when the first in line waits for a full room, then the next person whose room has room is promoted', () => {
    const a = new Availability(
      [
        { id: 10, size: 100, used: 99 },
        { id: 11, size: 60, used: 60 },
        { id: 12, size: 60, used: 39 },
      ],
      coverage,
    );
    const promoted = a.promote([
      { seatId: 1, sessionId: 1 },
      { seatId: 2, sessionId: 2 },
      { seatId: 3, sessionId: 2 },
    ]);
    expect(promoted.map((s) => s.seatId)).toEqual([2]);
  });

  it('when counters changed, then only the changed quotas are reported', () => {
    const before = [
      { id: 10, size: 5, used: 1 },
      { id: 11, size: 5, used: 1 },
      { id: 12, size: 5, used: 1 },
    ];
    const a = new Availability(before, coverage);
    a.take(2);
    expect(a.changedSince(before).map((q) => [q.id, q.used])).toEqual([
      [10, 2],
      [12, 2],
    ]);
  });
});

describe('quota closures', () => {
  it('finds the quotas of sessions and the sessions of quotas', () => {
    expect(quotasCovering(coverage, [1])).toEqual([10, 11]);
    expect(sessionsCoveredBy(coverage, [11])).toEqual([1]);
    expect(sessionsCoveredBy(coverage, [10])).toEqual([1, 2]);
  });

  it('when room caps sit inside the region pool, then only the pool counts as the places of the region', () => {
    const quotas = [
      { id: 10, sessionIds: [1, 2] },
      { id: 11, sessionIds: [1] },
      { id: 12, sessionIds: [2] },
      { id: 20, sessionIds: [7] },
    ];
    expect(outerQuotas(quotas, [1, 2]).map((q) => q.id)).toEqual([10]);
    expect(outerQuotas(quotas, [7]).map((q) => q.id)).toEqual([20]);
    expect(outerQuotas(quotas, [3])).toEqual([]);
  });

  it('when a room cap frees a place, then the lock covers every quota a promoted seat needs', () => {
    expect(promotionClosure(coverage, [11])).toEqual([10, 11]);
    expect(promotionClosure(coverage, [10])).toEqual([10, 11, 12]);
  });
});

// A course: sessions 21, 22, 23 in one pool (quota 30) of 2 people; session 23 also has
// a room cap (quota 31) of 1.
describe('Availability of a course, taken whole', () => {
  const course = new Map<number, number[]>([
    [21, [30]],
    [22, [30]],
    [23, [30, 31]],
  ]);
  const all = [21, 22, 23];

  it('when a person takes the course, then the pool counts them once, not once a session', () => {
    const a = new Availability([{ id: 30, size: 2, used: 0 }], new Map([...course].slice(0, 2)));
    expect(a.takeAll([21, 22])).toBe(true);
    expect(a.quota(30)?.used).toBe(1);
    expect(a.takeAll([21, 22])).toBe(true);
    expect(a.takeAll([21, 22])).toBe(false);
    expect(a.quota(30)?.used).toBe(2);
    a.releaseAll([21, 22]);
    expect(a.quota(30)?.used).toBe(1);
  });

  it('when one quota of one session is full, then nothing of the course is taken', () => {
    const a = new Availability(
      [
        { id: 30, size: 2, used: 0 },
        { id: 31, size: 1, used: 1 },
      ],
      course,
    );
    expect(a.takeAll(all)).toBe(false);
    expect(a.quota(30)?.used).toBe(0);
    expect(a.quota(31)?.used).toBe(1);
  });

  it('when places free up, then waiting units are promoted whole, in FIFO order, or not at all', () => {
    const a = new Availability(
      [
        { id: 30, size: 3, used: 1 },
        { id: 31, size: 1, used: 0 },
      ],
      course,
    );
    const first = all.map((sessionId, i) => ({ seatId: 100 + i, sessionId }));
    const second = all.map((sessionId, i) => ({ seatId: 200 + i, sessionId }));
    // The room cap of session 23 lets only the first in; the second keeps waiting whole.
    expect(a.promoteUnits([first, second])).toEqual(first);
    expect(a.quota(30)?.used).toBe(2);
    expect(a.quota(31)?.used).toBe(1);
  });
});
