import type { Knex } from 'knex';
import type { PrivacySettings } from '../server/domain/privacyNotice.js';
import { writePrivacySettings } from '../server/db/privacyNotice.js';

/**
 * The demo's privacy settings: plausible for a programme co-funded by the European Social
 * Fund, with example.lv addresses — organizers replace them in the back office.
 */
export const DEMO_PRIVACY: PrivacySettings = {
  controllerLv:
    'Programmas „Skola. Vecāki. Bērni” īstenotājs — biedrība „Skola. Vecāki. Bērni”, Krišjāņa Barona iela 1, Rīga, LV-1050 (demonstrācijas dati)',
  controllerEn:
    'The implementer of the programme “School. Parents. Children” — the association “Skola. Vecāki. Bērni”, Krišjāņa Barona iela 1, Riga, LV-1050 (demo data)',
  contactEmail: 'privatums@skola-vecaki-berni.example.lv',
  contactPhone: '+371 67 000 000',
  dpoLv: 'Datu aizsardzības speciālists',
  dpoEn: 'Data protection officer',
  dpoEmail: 'das@skola-vecaki-berni.example.lv',
  purposesLv:
    'Reģistrēt jūs pasākumam un piešķirt vietas darbnīcās un semināros pēc reģistrācijas secības; sūtīt apstiprinājumu, kalendāra ielūgumus, atgādinājumus un ziņas par izmaiņām programmā; uzskaitīt apmeklējumu; sagatavot apkopotus (bez vārdiem) pārskatus Eiropas Sociālā fonda projekta finansētājam.',
  purposesEn:
    'To register you for the event and give out workshop and seminar places in order of registration; to send the confirmation, calendar invitations, reminders and news of programme changes; to record attendance; to prepare aggregated reports (without names) for the funder of the European Social Fund project.',
  legalBasisLv:
    'Jūsu piekrišana (VDAR 6. panta 1. punkta a) apakšpunkts), ko dodat, reģistrējoties; apkopotiem pārskatiem finansētājam — juridisks pienākums (VDAR 6. panta 1. punkta c) apakšpunkts) atbilstoši Eiropas Savienības fondu uzraudzības noteikumiem.',
  legalBasisEn:
    'Your consent (GDPR Article 6(1)(a)), given when you register; for the aggregated reports to the funder, a legal obligation (Article 6(1)(c)) under the rules for monitoring European Union funds.',
  recipientsLv:
    'Pasākuma organizatori un reģionālie koordinatori (tikai sava reģiona dalībnieki); e-pasta sūtīšanas pakalpojuma sniedzējs un serveru nomas uzņēmums Eiropas Savienībā kā apstrādātāji; finansētājs saņem tikai apkopotus skaitļus.',
  recipientsEn:
    'The organizers of the event and the regional coordinators (participants of their own region only); the e-mail delivery provider and the hosting company in the European Union as processors; the funder receives aggregated figures only.',
};

export async function seedPrivacy(knex: Knex, now: Date): Promise<void> {
  const existing = await knex('privacy_notice').first('id');
  if (!existing) await writePrivacySettings(knex, DEMO_PRIVACY, 'demo', now);
}
