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

  /**
   * Walks the waitlist in FIFO order and promotes every seat whose session now has room.
   * A seat held back by its own full quota does not block those behind it whose
   * sessions have room (a full workshop room must not stall the other workshop).
   */
  promote(waitlist: readonly WaitingSeat[]): WaitingSeat[] {
    const promoted: WaitingSeat[] = [];
    for (const seat of waitlist) {
      if (this.take(seat.sessionId)) promoted.push(seat);
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
