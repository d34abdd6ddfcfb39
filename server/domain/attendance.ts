/**
 * Attendance from a meeting's own report: how many minutes of a session a person was in
 * it, and whether that is enough.
 */

/** A time someone was connected, in milliseconds since the epoch; `to` after `from`. */
export interface Interval {
  from: number;
  to: number;
}

/**
 * The intervals merged into the ones they cover together: a rejoin adds its own time, two
 * connections at once (a phone and a laptop) count once. Sorted by start; empty and
 * backwards intervals are dropped.
 */
export function unionOf(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals.filter((i) => i.to > i.from).sort((a, b) => a.from - b.from);
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last && i.from <= last.to) last.to = Math.max(last.to, i.to);
    else out.push({ from: i.from, to: i.to });
  }
  return out;
}

/** The intervals cut to a window: what lies before its start or after its end does not count. */
export function clipTo(intervals: readonly Interval[], window: Interval): Interval[] {
  return intervals
    .map((i) => ({ from: Math.max(i.from, window.from), to: Math.min(i.to, window.to) }))
    .filter((i) => i.to > i.from);
}

/**
 * Whole minutes a person was in the session: the union of their intervals inside the
 * session's window, rounded down. `capMinutes`, where a report gives only the first join
 * and the last leave with a total time in the meeting, keeps the gaps between them out.
 */
export function minutesIn(intervals: readonly Interval[], window: Interval, capMinutes?: number): number {
  const ms = unionOf(clipTo(intervals, window)).reduce((n, i) => n + (i.to - i.from), 0);
  const minutes = Math.floor(ms / 60_000);
  return capMinutes === undefined ? minutes : Math.min(minutes, Math.floor(capMinutes));
}

/** The length of a session in whole minutes. */
export const sessionMinutes = (window: Interval): number => Math.floor((window.to - window.from) / 60_000);

/**
 * Whether minutes in a session are attendance: at least `percent` of its length
 * (`minutes / length ≥ percent / 100`, in whole numbers, so 80 % of 120 minutes is 96).
 */
export const attendedEnough = (minutes: number, lengthMinutes: number, percent: number): boolean =>
  minutes * 100 >= percent * lengthMinutes;

/** The event's threshold when it has set none. */
export const DEFAULT_ATTENDANCE_PERCENT = 80;

/**
 * Where no meeting report exists (the open plenary stream), what turns a join into
 * attendance: `confirm`, an organizer confirms the joined list; `second-join`, the person
 * follows their link again in the session's last quarter, after a first join before it.
 */
export const PLENARY_ATTENDANCE_MODES = ['confirm', 'second-join'] as const;
export type PlenaryAttendanceMode = (typeof PLENARY_ATTENDANCE_MODES)[number];
export const DEFAULT_PLENARY_ATTENDANCE: PlenaryAttendanceMode = 'confirm';

/**
 * Whether a join at `at` is the second join that counts as attendance: it falls in the
 * session's last quarter, and an earlier join came before that quarter.
 */
export function secondJoinAttends(firstJoinedAt: string | null, at: string, window: Interval): boolean {
  if (!firstJoinedAt) return false;
  const quarter = window.to - (window.to - window.from) / 4;
  const t = Date.parse(at);
  return t >= quarter && t < window.to && Date.parse(firstJoinedAt) < quarter;
}
