/**
 * What organizers fill in for the accessibility statement that Cabinet Regulation No. 445
 * (14 July 2020, "Kārtība, kādā iestādes ievieto informāciju internetā") asks of a public
 * body's site, in Latvian and English. The fixed parts (what the statement covers, the
 * evaluation protocol, how to ask for content in another form) are texts of the catalogue.
 */
export const COMPLIANCE = ['full', 'partial', 'none'] as const;
export type Compliance = (typeof COMPLIANCE)[number];

export interface AccessibilityStatement {
  /** Whether the site complies in full, in part or not at all. */
  status: Compliance;
  /** The known non-conformities, one a line. */
  nonConformitiesLv: string;
  nonConformitiesEn: string;
  /** How to get what is not accessible another way. */
  alternativesLv: string;
  alternativesEn: string;
  /** When the site was last evaluated (YYYY-MM-DD), and who evaluated it. */
  evaluatedOn: string;
  evaluatedByLv: string;
  evaluatedByEn: string;
  contactEmail: string;
  contactPhone: string;
  /** The authority that supervises accessibility, and how to reach it. */
  supervisorLv: string;
  supervisorEn: string;
}

export const ACCESSIBILITY_FIELDS = [
  'status',
  'nonConformitiesLv',
  'nonConformitiesEn',
  'alternativesLv',
  'alternativesEn',
  'evaluatedOn',
  'evaluatedByLv',
  'evaluatedByEn',
  'contactEmail',
  'contactPhone',
  'supervisorLv',
  'supervisorEn',
] as const satisfies readonly (keyof AccessibilityStatement)[];

/** The non-conformities as a list: one a line, blank lines dropped. */
export function linesOf(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}
