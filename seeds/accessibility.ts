import type { Knex } from 'knex';
import type { AccessibilityStatement } from '../server/domain/accessibilityStatement.js';
import { writeAccessibilityStatement } from '../server/db/accessibilityStatement.js';

/**
 * The demo's accessibility statement (Cabinet Regulation No. 445): plausible for this site,
 * with example.lv addresses — organizers check and replace it in the back office.
 */
export const DEMO_ACCESSIBILITY: AccessibilityStatement = {
  status: 'partial',
  nonConformitiesLv:
    'Apliecību PDF datnes nav marķētas (tagged PDF), tāpēc ekrāna lasītājs tās nolasa kā vienlaidu tekstu.\nTiešraides atskaņotājs ir ārējas platformas, un tā subtitri ne vienmēr ir pieejami.',
  nonConformitiesEn:
    'The certificate PDF files are not tagged, so a screen reader reads them as plain running text.\nThe live stream player belongs to an external platform, and its captions are not always available.',
  alternativesLv:
    'Apliecības saturu var pārbaudīt un nolasīt tās pārbaudes lapā (saite un QR kods ir apliecībā). Plenārsesiju ierakstus ar subtitriem un prezentāciju materiālus nosūtām pēc pieprasījuma uz saziņas e-pastu.',
  alternativesEn:
    'The content of a certificate can be checked and read on its verification page (the link and QR code are on the certificate). Recordings of the plenaries with captions and the presentation materials are sent on request to the contact e-mail.',
  evaluatedOn: '2026-11-20',
  evaluatedByLv: 'programmas „Skola. Vecāki. Bērni” komanda (pašnovērtējums)',
  evaluatedByEn: 'the team of the programme “School. Parents. Children” (self-assessment)',
  contactEmail: 'pieklustamiba@skola-vecaki-berni.example.lv',
  contactPhone: '+371 67 000 000',
  supervisorLv:
    'Valsts digitālās attīstības aģentūra (līdz 2023. gada beigām — Valsts reģionālās attīstības aģentūra), kas uzrauga publiskā sektora tīmekļvietņu piekļūstamību (demonstrācijas dati)',
  supervisorEn:
    'The State Digital Development Agency (until the end of 2023, the State Regional Development Agency), which supervises the accessibility of public sector websites (demo data)',
};

export async function seedAccessibility(knex: Knex, now: Date): Promise<void> {
  const existing = await knex('accessibility_statement').first('id');
  if (!existing) await writeAccessibilityStatement(knex, DEMO_ACCESSIBILITY, 'demo', now);
}
