import { linesOf, type AccessibilityStatement } from '../../domain/accessibilityStatement.js';
import { dateSpan } from '../../domain/certificates.js';
import type { Lang } from '../../domain/time.js';

/**
 * The 11 aspects of the simplified accessibility evaluation (Cabinet Regulation No. 445,
 * point 26.1.1, and the national evaluation guidelines), the WCAG 2.1 success criteria each
 * one covers, and (in the catalogue, `a11y.aspect.<key>.how`) how this site checks them:
 * test/e2e runs axe-core on every page listed in test/e2e/accessibility-pages.ts in both
 * languages, at 390 and 1280 px, and a registration with the keyboard alone.
 */
export const EVALUATED_ASPECTS = [
  { key: 'navigation', criteria: ['2.4.1', '2.4.5', '3.2.3', '3.2.4'] },
  { key: 'structure', criteria: ['1.3.1', '2.4.1', '4.1.1', '4.1.2'] },
  { key: 'keyboard', criteria: ['2.1.1', '2.1.2', '2.4.3', '2.4.7'] },
  { key: 'forms', criteria: ['1.3.1', '1.3.5', '3.3.1', '3.3.2', '3.3.3', '4.1.2'] },
  { key: 'images', criteria: ['1.1.1'] },
  { key: 'headings', criteria: ['1.3.1', '2.4.6'] },
  { key: 'contrast', criteria: ['1.4.3', '1.4.11'] },
  { key: 'zoom', criteria: ['1.4.4', '1.4.10', '1.4.12'] },
  { key: 'titles', criteria: ['2.4.2', '3.1.1', '3.1.2'] },
  { key: 'motion', criteria: ['2.2.1', '2.2.2', '2.3.1'] },
  { key: 'media', criteria: ['1.2.1', '1.2.2', '1.2.4', '1.2.5'] },
] as const;

/** A day (YYYY-MM-DD) in a sentence: "2026. gada 20. novembrī" / "20 November 2026". */
const onDay = (day: string, lang: Lang): string => {
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(day) ? `${day}T12:00:00Z` : day;
  return dateSpan(iso, iso, lang);
};

/** What the statement's page shows, in the reader's language; null parts are not filled in yet. */
export function accessibilityVM(s: AccessibilityStatement | null, updatedAt: string | null, lang: Lang) {
  const L = lang === 'lv' ? 'Lv' : 'En';
  if (!s) return { filled: false as const, updated: updatedAt ? onDay(updatedAt, lang) : null };
  return {
    filled: true as const,
    status: s.status,
    nonConformities: linesOf(s[`nonConformities${L}`]),
    alternatives: s[`alternatives${L}`],
    evaluatedOn: onDay(s.evaluatedOn, lang),
    evaluatedBy: s[`evaluatedBy${L}`],
    phone: s.contactPhone,
    supervisor: s[`supervisor${L}`],
    updated: updatedAt ? onDay(updatedAt, lang) : null,
  };
}
