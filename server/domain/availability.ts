/**
 * Capacity arithmetic, free of I/O. A session is available only if every quota that
 * covers it has room; a session that no quota covers is unlimited (a plenary).
 */

export interface QuotaState {
  id: number;
  size: number;
  used: number;
}

/** sessionId -> ids of the quotas that cover it */
export type Coverage = ReadonlyMap<number, readonly number[]>;

export interface WaitingSeat {
  seatId: number;
  sessionId: number;
}

export class Availability {
  private readonly quotas: Map<number, QuotaState>;

  constructor(
    quotas: Iterable<QuotaState>,
    private readonly coverage: Coverage,
  ) {
    this.quotas = new Map([...quotas].map((q) => [q.id, { ...q }]));
  }

  private quotasOf(sessionId: number): QuotaState[] {
    return (this.coverage.get(sessionId) ?? []).map((id) => {
      const quota = this.quotas.get(id);
      if (!quota) throw new Error(`quota ${id} covering session ${sessionId} was not loaded`);
      return quota;
    });
  }

  /** Places left in a session: the tightest quota, or null when unlimited. */
  left(sessionId: number): number | null {
    const quotas = this.quotasOf(sessionId);
    if (quotas.length === 0) return null;
    return Math.max(0, Math.min(...quotas.map((q) => q.size - q.used)));
  }

  isAvailable(sessionId: number): boolean {
    const left = this.left(sessionId);
    return left === null || left > 0;
  }

  /** Uses one place in every quota of the session if all have room; says whether it did. */
  take(sessionId: number): boolean {
    if (!this.isAvailable(sessionId)) return false;
    for (const q of this.quotasOf(sessionId)) q.used += 1;
    return true;
  }

  release(sessionId: number): void {
    for (const q of this.quotasOf(sessionId)) q.used = Math.max(0, q.used - 1);
  }

  /** The distinct quotas covering any of the sessions: a pool shared by several counts once. */
  private quotasOfAll(sessionIds: readonly number[]): QuotaState[] {
    return [...new Set(sessionIds.flatMap((id) => this.quotasOf(id)))];
  }

  /**
   * Takes a set of sessions as one unit (a course): one place in every distinct quota
   * covering any of them — a pool counts the person once, however many of its sessions
   * they hold — if every one has room; otherwise nothing at all. Says whether it took.
   */
  takeAll(sessionIds: readonly number[]): boolean {
    const quotas = this.quotasOfAll(sessionIds);
    if (quotas.some((q) => q.used >= q.size)) return false;
    for (const q of quotas) q.used += 1;
    return true;
  }

  /** Gives back what `takeAll` took for the same sessions. */
  releaseAll(sessionIds: readonly number[]): void {
    for (const q of this.quotasOfAll(sessionIds)) q.used = Math.max(0, q.used - 1);
  }

  /**
   * Walks the waitlist in FIFO order and promotes every seat whose session now has room.
   * A seat held back by its own full quota does not block those behind it whose
   * sessions have room (a full workshop room must not stall the other workshop).
   */
  promote(waitlist: readonly WaitingSeat[]): WaitingSeat[] {
    return this.promoteUnits(waitlist.map((seat) => [seat]));
  }

  /**
   * The same walk over units of seats that are promoted together or not at all (a
   * course registration's seats, in every session of the course): a unit in FIFO order of
   * its first seat, taken with `takeAll`.
   */
  promoteUnits(units: readonly (readonly WaitingSeat[])[]): WaitingSeat[] {
    const promoted: WaitingSeat[] = [];
    for (const unit of units) {
      if (unit.length > 0 && this.takeAll(unit.map((s) => s.sessionId))) promoted.push(...unit);
    }
    return promoted;
  }

  quota(id: number): QuotaState | undefined {
    const q = this.quotas.get(id);
    return q ? { ...q } : undefined;
  }

  /** Quotas whose used count differs from the given originals: what must be written back. */
  changedSince(original: Iterable<QuotaState>): QuotaState[] {
    const changed: QuotaState[] = [];
    for (const o of original) {
      const now = this.quotas.get(o.id);
      if (now && now.used !== o.used) changed.push({ ...now });
    }
    return changed;
  }
}
