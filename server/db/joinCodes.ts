import type { Conn } from './knex.js';
import { TokenVault } from '../security/tokens.js';

type Row = Record<string, unknown>;

/**
 * The personal join code of each of the given seats, made the first time a seat needs one
 * (192 random bits, like a manage token; the database keeps its hash and a sealed copy).
 * Two processes that make one at once: the guarded update lets the first win, and both
 * read back the same code. Seats whose sealed copy no longer opens (a changed app secret)
 * get a new code.
 */
export async function joinCodesOf(
  db: Conn,
  vault: TokenVault,
  seatIds: readonly number[],
): Promise<Map<number, string>> {
  const codes = new Map<number, string>();
  if (seatIds.length === 0) return codes;
  const read = async () =>
    (await db('seats')
      .whereIn('id', [...seatIds])
      .select('id', 'join_code_sealed')) as {
      id: number;
      join_code_sealed: string | null;
    }[];
  for (const row of await read()) {
    const code = row.join_code_sealed ? vault.unseal(row.join_code_sealed) : null;
    if (code) {
      codes.set(Number(row.id), code);
      continue;
    }
    const fresh = TokenVault.create();
    await db('seats')
      .where('id', row.id)
      .andWhere((q) => {
        void q.whereNull('join_code_sealed');
        if (row.join_code_sealed) void q.orWhere('join_code_sealed', row.join_code_sealed);
      })
      .update({ join_code_hash: TokenVault.hash(fresh), join_code_sealed: vault.seal(fresh) });
  }
  if (codes.size < seatIds.length) {
    for (const row of await read()) {
      const code = row.join_code_sealed ? vault.unseal(row.join_code_sealed) : null;
      if (code) codes.set(Number(row.id), code);
    }
  }
  return codes;
}

/** What following a join code needs to decide: the seat, its registration and session. */
export interface JoinTarget {
  seatId: number;
  seatStatus: string;
  registrationStatus: string;
  registrationLanguage: 'lv' | 'en';
  sessionId: number;
  eventId: number;
  firstJoinedAt: string | null;
  attendedAt: string | null;
}

export async function findJoinTarget(db: Conn, code: string): Promise<JoinTarget | null> {
  if (!TokenVault.looksValid(code)) return null;
  const row = (await db('seats')
    .join('registrations', 'registrations.id', 'seats.registration_id')
    .join('sessions', 'sessions.id', 'seats.session_id')
    .where('seats.join_code_hash', TokenVault.hash(code))
    .first(
      'seats.id',
      'seats.status',
      'seats.first_joined_at',
      'seats.attended_at',
      'registrations.status as registration_status',
      'registrations.language',
      'sessions.id as session_id',
      'sessions.event_id',
    )) as Row | undefined;
  if (!row) return null;
  const opt = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return {
    seatId: Number(row.id),
    seatStatus: String(row.status),
    registrationStatus: String(row.registration_status),
    registrationLanguage: String(row.language) === 'en' ? 'en' : 'lv',
    sessionId: Number(row.session_id),
    eventId: Number(row.event_id),
    firstJoinedAt: opt(row.first_joined_at),
    attendedAt: opt(row.attended_at),
  };
}

/**
 * A join inside the window: the first time is kept and the last one moves. A join alone is
 * not attendance; `attends` (the plenary's second join in its last quarter) also marks the
 * seat attended from the link, unless it is marked already.
 */
export async function recordJoin(db: Conn, seatId: number, at: string, attends = false): Promise<void> {
  // One statement: every right-hand side reads the row as it was before it.
  if (!attends) {
    await db('seats')
      .where('id', seatId)
      .update({ first_joined_at: db.raw('COALESCE(first_joined_at, ?)', [at]), last_joined_at: at });
    return;
  }
  await db('seats')
    .where('id', seatId)
    .update({
      first_joined_at: db.raw('COALESCE(first_joined_at, ?)', [at]),
      last_joined_at: at,
      attended_source: db.raw('CASE WHEN attended_at IS NULL THEN ? ELSE attended_source END', ['link']),
      attended_at: db.raw('COALESCE(attended_at, ?)', [at]),
    });
}
