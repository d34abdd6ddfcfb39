import type { Conn } from './knex.js';
import { asSql, type SqlConn } from './sql.js';
import {
  DISADVANTAGES,
  type Disadvantage,
  type FlagAnswer,
  type ParticipantData,
  type ParticipantFact,
} from '../domain/participantData.js';

type Row = Record<string, unknown>;

/** The table's column of each disadvantage flag. */
const FLAG_COLUMNS: Record<Disadvantage, string> = {
  disability: 'disability',
  thirdCountryNational: 'third_country',
  foreignOrigin: 'foreign_origin',
  minority: 'minority',
  homeless: 'homeless',
  rural: 'rural',
};

/** A registration's participant data, replacing what it had (flags only with their consent). */
export async function saveParticipantData(
  db: SqlConn,
  registrationId: number,
  data: ParticipantData,
  at: string,
): Promise<void> {
  const sql = asSql(db);
  const flags = DISADVANTAGES.map((d) => data.disadvantages?.[d] ?? null);
  await sql.run('DELETE FROM participant_data WHERE registration_id = ?', [registrationId]);
  await sql.run(
    `INSERT INTO participant_data (registration_id, gender, age_band, education, employment, special_consent_at,
       ${DISADVANTAGES.map((d) => FLAG_COLUMNS[d]).join(', ')}, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ${DISADVANTAGES.map(() => '?').join(', ')}, ?)`,
    [
      registrationId,
      data.gender,
      data.ageBand,
      data.education,
      data.employment,
      data.disadvantages?.consentAt ?? null,
      ...flags,
      at,
    ],
  );
}

function dataFromRow(r: Row): ParticipantData & { updatedAt: string } {
  const consentAt =
    r.special_consent_at === null || r.special_consent_at === undefined ? null : String(r.special_consent_at);
  return {
    gender: String(r.gender) as ParticipantData['gender'],
    ageBand: String(r.age_band) as ParticipantData['ageBand'],
    education: String(r.education) as ParticipantData['education'],
    employment: String(r.employment) as ParticipantData['employment'],
    disadvantages: consentAt
      ? {
          consentAt,
          ...(Object.fromEntries(
            DISADVANTAGES.map((d) => [d, String(r[FLAG_COLUMNS[d]] ?? 'undisclosed') as FlagAnswer]),
          ) as Record<Disadvantage, FlagAnswer>),
        }
      : null,
    updatedAt: String(r.updated_at),
  };
}

/** A registration's participant data, or null when it told none. */
export async function participantDataOf(
  db: Conn,
  registrationId: number,
): Promise<(ParticipantData & { updatedAt: string }) | null> {
  const row = (await db('participant_data').where('registration_id', registrationId).first()) as Row | undefined;
  return row ? dataFromRow(row) : null;
}

/** Deletes a registration's disadvantage answers and their consent (the consent withdrawn). */
export async function withdrawSpecialCategories(db: Conn, registrationId: number, at: string): Promise<void> {
  await db('participant_data')
    .where('registration_id', registrationId)
    .update({
      special_consent_at: null,
      ...Object.fromEntries(Object.values(FLAG_COLUMNS).map((c) => [c, null])),
      updated_at: at,
    });
}

/** Deletes the participant data of registrations (erasure). */
export async function deleteParticipantData(db: Conn, registrationIds: readonly number[]): Promise<void> {
  if (registrationIds.length === 0) return;
  await db('participant_data').whereIn('registration_id', registrationIds).delete();
}

/** Whether any event asks for participant data (the privacy notice then says why and how long). */
export async function anyEventAsks(db: Conn): Promise<boolean> {
  return (await db('events').where('participant_data', true).first('id')) !== undefined;
}

/** An event that asks for participant data, as the report lists it. */
export interface ParticipantEvent {
  id: number;
  slug: string;
  title: { lv: string; en: string };
}

/** The events that ask for participant data, in the order of their first session. */
export async function participantEvents(db: Conn): Promise<ParticipantEvent[]> {
  const rows = (await db('events')
    .where('participant_data', true)
    .leftJoin('sessions', 'sessions.event_id', 'events.id')
    .groupBy('events.id', 'events.slug', 'events.title_lv', 'events.title_en')
    .select('events.id', 'events.slug', 'events.title_lv', 'events.title_en')
    .min({ first: 'sessions.starts_at' })
    .orderBy([{ column: 'first' }, { column: 'events.id' }])) as Row[];
  return rows.map((r) => ({
    id: Number(r.id),
    slug: String(r.slug),
    title: { lv: String(r.title_lv), en: String(r.title_en) },
  }));
}

/**
 * Every registration of these events with an attended mark on a session that is not the
 * open plenary (whatever became of the registration or the seat since: the person came),
 * with its lower-cased e-mail and its participant data.
 */
export async function attendedFacts(db: Conn, eventIds: readonly number[]): Promise<ParticipantFact[]> {
  if (eventIds.length === 0) return [];
  const attended = db('seats')
    .join('sessions', 'sessions.id', 'seats.session_id')
    .whereNotNull('seats.attended_at')
    .whereNot('sessions.kind', 'plenary')
    .select('seats.registration_id');
  const rows = (await db('registrations')
    .whereIn('registrations.event_id', eventIds)
    .whereIn('registrations.id', attended)
    .leftJoin('participant_data', 'participant_data.registration_id', 'registrations.id')
    .select(
      'registrations.id as registration_id',
      'registrations.event_id',
      'registrations.email_normalized',
      ...['gender', 'age_band', 'education', 'employment', 'special_consent_at', 'updated_at']
        .concat(Object.values(FLAG_COLUMNS))
        .map((c) => `participant_data.${c}`),
    )
    .orderBy('registrations.id')) as Row[];
  return rows.map((r) => ({
    registrationId: Number(r.registration_id),
    eventId: Number(r.event_id),
    email:
      r.email_normalized === null || r.email_normalized === undefined || r.email_normalized === ''
        ? null
        : String(r.email_normalized).toLowerCase(),
    attended: true,
    data: r.gender === null || r.gender === undefined ? null : dataFromRow(r),
  }));
}
