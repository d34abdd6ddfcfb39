import type { Knex } from 'knex';

/**
 * Reference data (kept apart from the schema): the five planning regions and the 43
 * local governments formed by the 2021 administrative-territorial reform, each in the
 * planning region it belongs to.
 */
const REGIONS = [
  { id: 'riga', name_lv: 'Rīga', name_en: 'Riga', sort: 1 },
  { id: 'vidzeme', name_lv: 'Vidzeme', name_en: 'Vidzeme', sort: 2 },
  { id: 'kurzeme', name_lv: 'Kurzeme', name_en: 'Kurzeme', sort: 3 },
  { id: 'zemgale', name_lv: 'Zemgale', name_en: 'Zemgale', sort: 4 },
  { id: 'latgale', name_lv: 'Latgale', name_en: 'Latgale', sort: 5 },
];

// [id, Latvian name, English name, region]
const MUNICIPALITIES: [string, string, string, string][] = [
  // Rīga planning region
  ['riga', 'Rīga', 'Riga', 'riga'],
  ['jurmala', 'Jūrmala', 'Jurmala', 'riga'],
  ['adazi', 'Ādažu novads', 'Adazi Municipality', 'riga'],
  ['kekava', 'Ķekavas novads', 'Kekava Municipality', 'riga'],
  ['marupe', 'Mārupes novads', 'Marupe Municipality', 'riga'],
  ['olaine', 'Olaines novads', 'Olaine Municipality', 'riga'],
  ['ogre', 'Ogres novads', 'Ogre Municipality', 'riga'],
  ['ropazi', 'Ropažu novads', 'Ropazi Municipality', 'riga'],
  ['salaspils', 'Salaspils novads', 'Salaspils Municipality', 'riga'],
  ['saulkrasti', 'Saulkrastu novads', 'Saulkrasti Municipality', 'riga'],
  ['sigulda', 'Siguldas novads', 'Sigulda Municipality', 'riga'],
  // Vidzeme planning region
  ['aluksne', 'Alūksnes novads', 'Aluksne Municipality', 'vidzeme'],
  ['cesis', 'Cēsu novads', 'Cesis Municipality', 'vidzeme'],
  ['gulbene', 'Gulbenes novads', 'Gulbene Municipality', 'vidzeme'],
  ['limbazi', 'Limbažu novads', 'Limbazi Municipality', 'vidzeme'],
  ['madona', 'Madonas novads', 'Madona Municipality', 'vidzeme'],
  ['smiltene', 'Smiltenes novads', 'Smiltene Municipality', 'vidzeme'],
  ['valka', 'Valkas novads', 'Valka Municipality', 'vidzeme'],
  ['valmiera', 'Valmieras novads', 'Valmiera Municipality', 'vidzeme'],
  // Kurzeme planning region
  ['liepaja', 'Liepāja', 'Liepaja', 'kurzeme'],
  ['ventspils', 'Ventspils', 'Ventspils', 'kurzeme'],
  ['dienvidkurzeme', 'Dienvidkurzemes novads', 'South Kurzeme Municipality', 'kurzeme'],
  ['kuldiga', 'Kuldīgas novads', 'Kuldiga Municipality', 'kurzeme'],
  ['saldus', 'Saldus novads', 'Saldus Municipality', 'kurzeme'],
  ['talsi', 'Talsu novads', 'Talsi Municipality', 'kurzeme'],
  ['tukums', 'Tukuma novads', 'Tukums Municipality', 'kurzeme'],
  ['ventspils-novads', 'Ventspils novads', 'Ventspils Municipality', 'kurzeme'],
  // Zemgale planning region
  ['jelgava', 'Jelgava', 'Jelgava', 'zemgale'],
  ['aizkraukle', 'Aizkraukles novads', 'Aizkraukle Municipality', 'zemgale'],
  ['bauska', 'Bauskas novads', 'Bauska Municipality', 'zemgale'],
  ['dobele', 'Dobeles novads', 'Dobele Municipality', 'zemgale'],
  ['jelgava-novads', 'Jelgavas novads', 'Jelgava Municipality', 'zemgale'],
  ['jekabpils', 'Jēkabpils novads', 'Jekabpils Municipality', 'zemgale'],
  // Latgale planning region
  ['daugavpils', 'Daugavpils', 'Daugavpils', 'latgale'],
  ['rezekne', 'Rēzekne', 'Rezekne', 'latgale'],
  ['augsdaugava', 'Augšdaugavas novads', 'Augsdaugava Municipality', 'latgale'],
  ['balvi', 'Balvu novads', 'Balvi Municipality', 'latgale'],
  ['kraslava', 'Krāslavas novads', 'Kraslava Municipality', 'latgale'],
  ['livani', 'Līvānu novads', 'Livani Municipality', 'latgale'],
  ['ludza', 'Ludzas novads', 'Ludza Municipality', 'latgale'],
  ['preili', 'Preiļu novads', 'Preili Municipality', 'latgale'],
  ['rezekne-novads', 'Rēzeknes novads', 'Rezekne Municipality', 'latgale'],
  ['varaklani', 'Varakļānu novads', 'Varaklani Municipality', 'latgale'],
];

export async function up(knex: Knex): Promise<void> {
  await knex('regions').insert(REGIONS);
  await knex('municipalities').insert(
    MUNICIPALITIES.map(([id, name_lv, name_en, region_id]) => ({ id, name_lv, name_en, region_id })),
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex('municipalities').delete();
  await knex('regions').delete();
}
