/** What organizers fill in for the privacy notice (GDPR Article 13), in Latvian and English. */
export interface PrivacySettings {
  /** Name, registration number and address of the controller. */
  controllerLv: string;
  controllerEn: string;
  contactEmail: string;
  contactPhone: string;
  /** Who the data protection officer is. */
  dpoLv: string;
  dpoEn: string;
  dpoEmail: string;
  purposesLv: string;
  purposesEn: string;
  legalBasisLv: string;
  legalBasisEn: string;
  recipientsLv: string;
  recipientsEn: string;
}

export const PRIVACY_FIELDS = [
  'controllerLv',
  'controllerEn',
  'contactEmail',
  'contactPhone',
  'dpoLv',
  'dpoEn',
  'dpoEmail',
  'purposesLv',
  'purposesEn',
  'legalBasisLv',
  'legalBasisEn',
  'recipientsLv',
  'recipientsEn',
] as const satisfies readonly (keyof PrivacySettings)[];

/** The fields that differ between two versions of a settings page, for the audit log. */
export function changedFields<T extends object>(fields: readonly (keyof T)[], before: T | null, after: T): (keyof T)[] {
  return fields.filter((f) => before?.[f] !== after[f]);
}
