import type { Knex } from 'knex';

/**
 * How many seats wait in each session, kept by triggers on `seats` whoever writes them, so
 * that a new place on a waitlist learns its position from a few counters instead of
 * counting the whole waitlist (a registration rush would otherwise slow down as its
 * waitlists grow). Positions of older seats are still counted exactly (db/waitlistPositions.ts).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('session_waitlists', (t) => {
    t.integer('session_id').primary().references('sessions.id').onDelete('CASCADE');
    t.integer('waiting').notNullable().defaultTo(0);
  });
  await createTriggers(knex);
  // Counted after the triggers exist, so that no seat written meanwhile by a process still
  // running the old code is missed (on PostgreSQL, CREATE TRIGGER also holds off writes to
  // seats until this migration commits); what the triggers counted already is replaced.
  await knex.raw(
    `INSERT INTO session_waitlists (session_id, waiting)
     SELECT session_id, COUNT(*) FROM seats WHERE status = 'waitlisted' GROUP BY session_id
     ON CONFLICT (session_id) DO UPDATE SET waiting = excluded.waiting`,
  );
}

async function createTriggers(knex: Knex): Promise<void> {
  if (knex.client.config.client === 'pg') {
    await knex.raw(`
      CREATE FUNCTION count_session_waitlist() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = 'waitlisted' THEN
          UPDATE session_waitlists SET waiting = waiting - 1 WHERE session_id = OLD.session_id;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status = 'waitlisted' THEN
          INSERT INTO session_waitlists (session_id, waiting) VALUES (NEW.session_id, 1)
            ON CONFLICT (session_id) DO UPDATE SET waiting = session_waitlists.waiting + 1;
        END IF;
        RETURN NULL;
      END $$`);
    await knex.raw(`
      CREATE TRIGGER seats_session_waitlist AFTER INSERT OR UPDATE OF status, session_id OR DELETE ON seats
        FOR EACH ROW EXECUTE FUNCTION count_session_waitlist()`);
    return;
  }
  const join = `INSERT INTO session_waitlists (session_id, waiting) SELECT NEW.session_id, 1 WHERE true
      ON CONFLICT (session_id) DO UPDATE SET waiting = waiting + 1;`;
  const leave = `UPDATE session_waitlists SET waiting = waiting - 1 WHERE session_id = OLD.session_id;`;
  await knex.raw(`CREATE TRIGGER seats_waitlist_insert AFTER INSERT ON seats
    WHEN NEW.status = 'waitlisted' BEGIN ${join} END`);
  await knex.raw(`CREATE TRIGGER seats_waitlist_delete AFTER DELETE ON seats
    WHEN OLD.status = 'waitlisted' BEGIN ${leave} END`);
  await knex.raw(`CREATE TRIGGER seats_waitlist_leave AFTER UPDATE OF status, session_id ON seats
    WHEN OLD.status = 'waitlisted' BEGIN ${leave} END`);
  await knex.raw(`CREATE TRIGGER seats_waitlist_join AFTER UPDATE OF status, session_id ON seats
    WHEN NEW.status = 'waitlisted' BEGIN ${join} END`);
}

export async function down(knex: Knex): Promise<void> {
  if (knex.client.config.client === 'pg') {
    await knex.raw('DROP TRIGGER seats_session_waitlist ON seats');
    await knex.raw('DROP FUNCTION count_session_waitlist()');
  } else {
    for (const name of ['insert', 'delete', 'leave', 'join']) await knex.raw(`DROP TRIGGER seats_waitlist_${name}`);
  }
  await knex.schema.dropTable('session_waitlists');
}
