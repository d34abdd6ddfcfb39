import type { Knex } from 'knex';

/**
 * Data: English names of municipalities keep their letters (the official English forms
 * are "Ādaži Municipality", "Ķekava Municipality"; "Adazi" was a transliteration). Riga keeps its English name.
 */
const NAMES_EN: Record<string, [string, string]> = {
  // id: [new, old]
  jurmala: ['Jūrmala', 'Jurmala'],
  adazi: ['Ādaži Municipality', 'Adazi Municipality'],
  kekava: ['Ķekava Municipality', 'Kekava Municipality'],
  marupe: ['Mārupe Municipality', 'Marupe Municipality'],
  ropazi: ['Ropaži Municipality', 'Ropazi Municipality'],
  aluksne: ['Alūksne Municipality', 'Aluksne Municipality'],
  cesis: ['Cēsis Municipality', 'Cesis Municipality'],
  limbazi: ['Limbaži Municipality', 'Limbazi Municipality'],
  liepaja: ['Liepāja', 'Liepaja'],
  kuldiga: ['Kuldīga Municipality', 'Kuldiga Municipality'],
  jekabpils: ['Jēkabpils Municipality', 'Jekabpils Municipality'],
  rezekne: ['Rēzekne', 'Rezekne'],
  augsdaugava: ['Augšdaugava Municipality', 'Augsdaugava Municipality'],
  kraslava: ['Krāslava Municipality', 'Kraslava Municipality'],
  livani: ['Līvāni Municipality', 'Livani Municipality'],
  preili: ['Preiļi Municipality', 'Preili Municipality'],
  'rezekne-novads': ['Rēzekne Municipality', 'Rezekne Municipality'],
  varaklani: ['Varakļāni Municipality', 'Varaklani Municipality'],
};

export async function up(knex: Knex): Promise<void> {
  for (const [id, [name]] of Object.entries(NAMES_EN))
    await knex('municipalities').where('id', id).update({ name_en: name });
}

export async function down(knex: Knex): Promise<void> {
  for (const [id, [, name]] of Object.entries(NAMES_EN))
    await knex('municipalities').where('id', id).update({ name_en: name });
}
