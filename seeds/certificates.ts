/** The programme's certificate settings, filled in as the programme team would. */
export const DEMO_CERTIFICATES = {
  enabled: true,
  issuer_lv: 'Valsts izglītības satura centrs',
  issuer_en: 'National Centre for Education',
  signatory_name: 'Žanete Ņikiforova',
  signatory_title_lv: 'Projekta „Skola. Vecāki. Bērni” vadītāja',
  signatory_title_en: 'Head of the project “School. Parents. Children”',
  approval_number: 'VISC-PP-2026/118',
  number_prefix: 'SVB',
  rule: 'attended',
  min_hours_tenths: 15,
};
