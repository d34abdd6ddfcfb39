import type { Knex } from 'knex';

/**
 * A counter that every change to the static programme raises, by trigger, so that app
 * processes may cache events, sessions, regions, municipalities and which sessions each
 * quota covers, and notice any change, whoever made it (another process, a script, the
 * console). Quota sizes and used counters are not part of it: they are always read live.
 */
const WATCHED = ['events', 'sessions', 'quotas', 'quota_sessions', 'regions', 'municipalities'] as const;

/** Quotas change their used counter on every registration: only their rows coming and going count. */
const sqliteEvents = (table: string): string[] =>
  table === 'quotas' ? ['INSERT', 'DELETE'] : ['INSERT', 'UPDATE', 'DELETE'];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('programme_version', (t) => {
    t.integer('id').primary();
    t.integer('version').notNullable();
  });
  await knex('programme_version').insert({ id: 1, version: 1 });
  if (knex.client.config.client === 'pg') {
    await knex.raw(`
      CREATE FUNCTION bump_programme_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE programme_version SET version = version + 1 WHERE id = 1;
        RETURN NULL;
      END $$`);
    for (const table of WATCHED) {
      const events = table === 'quotas' ? 'INSERT OR DELETE' : 'INSERT OR UPDATE OR DELETE OR TRUNCATE';
      await knex.raw(
        `CREATE TRIGGER ${table}_programme_version AFTER ${events} ON ${table}
           FOR EACH STATEMENT EXECUTE FUNCTION bump_programme_version()`,
      );
    }
    return;
  }
  for (const table of WATCHED) {
    for (const event of sqliteEvents(table)) {
      await knex.raw(
        `CREATE TRIGGER ${table}_${event.toLowerCase()}_programme_version AFTER ${event} ON ${table}
         BEGIN UPDATE programme_version SET version = version + 1 WHERE id = 1; END`,
      );
    }
  }
}

export async function down(knex: Knex): Promise<void> {
  if (knex.client.config.client === 'pg') {
    for (const table of WATCHED) await knex.raw(`DROP TRIGGER ${table}_programme_version ON ${table}`);
    await knex.raw('DROP FUNCTION bump_programme_version()');
  } else {
    for (const table of WATCHED) {
      for (const event of sqliteEvents(table)) {
        await knex.raw(`DROP TRIGGER ${table}_${event.toLowerCase()}_programme_version`);
      }
    }
  }
  await knex.schema.dropTable('programme_version');
}
