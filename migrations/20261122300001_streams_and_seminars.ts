import type { Knex } from 'knex';

/**
 * What the public stream page and the seminar list need: speakers of a session, the
 * origins its player may be embedded from (space-separated; the stream page's
 * Content-Security-Policy allows exactly these in frame-src), a seminar's address, and
 * how long before the start a confirmed person sees the private join link.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('sessions', (t) => {
    t.text('speakers_lv').notNullable().defaultTo('');
    t.text('speakers_en').notNullable().defaultTo('');
    t.string('embed_origins', 500).nullable();
    t.string('address', 300).nullable();
  });
  await knex.schema.alterTable('events', (t) => {
    t.integer('join_link_minutes').notNullable().defaultTo(30);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('events', (t) => {
    t.dropColumn('join_link_minutes');
  });
  await knex.schema.alterTable('sessions', (t) => {
    for (const c of ['speakers_lv', 'speakers_en', 'embed_origins', 'address']) t.dropColumn(c);
  });
}
