import { describe, expect, it } from 'vitest';
import {
  renderCertificatePdf,
  unprintableCharacters,
  visualWords,
  type CertificateDocument,
} from '../../server/documents/pdf.js';
import { pdfInfo, pdfText, pdfToolsAvailable } from '../support/pdf.js';

const DOCUMENT: Omit<CertificateDocument, 'holderName'> = {
  language: 'lv',
  numberText: 'SVB-0001',
  hoursTenths: 35,
  issuedAt: '2026-12-20T10:00:00Z',
  verifyUrl: 'http://localhost:3000/verify/AAAAAAAAAAAAAAAAAAAA',
  event: {
    title: { lv: 'Konference', en: 'Conference' },
    startsAt: '2026-11-30T08:00:00Z',
    endsAt: '2026-11-30T12:00:00Z',
  },
  sessions: [
    {
      title: { lv: 'Plenārsesija', en: 'Plenary' },
      startsAt: '2026-11-30T08:00:00Z',
      endsAt: '2026-11-30T09:30:00Z',
      hoursTenths: 15,
    },
    {
      title: { lv: 'Darbnīca', en: 'Workshop' },
      startsAt: '2026-11-30T10:00:00Z',
      endsAt: '2026-11-30T12:00:00Z',
      hoursTenths: 20,
    },
  ],
  issuer: { lv: 'Valsts izglītības satura centrs', en: 'National Centre for Education' },
  signatoryName: 'Žanete Ņikiforova',
  signatoryTitle: { lv: 'Projekta vadītāja', en: 'Project manager' },
  approvalNumber: 'VISC-2026/42',
  approvalDate: '2026-09-01',
  approvalAuthority: { lv: 'Valsts izglītības satura centrs', en: 'National Centre for Education' },
};

/** The PDF's text with its lines' spacing evened out, as a reader would copy it. */
const textOf = async (holderName: string, language: 'lv' | 'en' = 'lv') => {
  const pdf = await renderCertificatePdf({ ...DOCUMENT, language, holderName });
  return { pdf, text: pdfText(pdf).replace(/[ \t]+/g, ' ') };
};

describe('the words of a line in page order', () => {
  it('a right-to-left line goes right to left; a left-to-right run inside it keeps its order', () => {
    expect(visualWords(['Anna', 'Bērziņa'])).toEqual(['Anna', 'Bērziņa']);
    expect(visualWords(['דוד', 'בן', 'גוריון'])).toEqual(['גוריון', 'בן', 'דוד']);
    expect(visualWords(['דוד', 'John', 'Smith', 'כהן'])).toEqual(['כהן', 'John', 'Smith', 'דוד']);
    expect(visualWords(['Anna', 'דוד', 'כהן', 'Bērziņa'])).toEqual(['Anna', 'כהן', 'דוד', 'Bērziņa']);
  });

  it('the certificate font prints Latvian, Cyrillic, Greek, Hebrew and Arabic; Chinese and emoji it does not', () => {
    expect(unprintableCharacters('Ērika Čakste-Ļaudiņa Ирина Γιώργος דוד محمد')).toEqual([]);
    expect(unprintableCharacters('Lee 李小龍 李 🙂')).toEqual(['李', '小', '龍', '🙂']);
  });
});

describe.skipIf(!pdfToolsAvailable())('any name on one page', () => {
  it('a long name shrinks, then wraps, and every word of it is on the one page', async () => {
    const long = Array.from({ length: 12 }, (_, i) => `Vārds${i + 1}-Uzvārdiņa`).join(' ');
    expect(long.length).toBeGreaterThan(180);
    const { pdf, text } = await textOf(long);
    expect(pdfInfo(pdf).pages).toBe(1);
    for (let i = 1; i <= 12; i++) expect(text).toContain(`Vārds${i}-Uzvārdiņa`);
    // What follows the name is still there, on the same page.
    expect(text).toContain('piedalījās pasākumā');
    expect(text).toContain('Programmas apstiprinājums: Valsts izglītības satura centrs, 01.09.2026., Nr. VISC-2026/42');

    const word = 'Ā'.repeat(200);
    const one = await textOf(word);
    expect(pdfInfo(one.pdf).pages).toBe(1);
    expect(one.text).toContain(word);
  });

  it('a short name stays at its full size on one line', async () => {
    const { text } = await textOf('Anna Bērziņa');
    expect(text).toMatch(/^ ?Anna Bērziņa$/m);
  });

  it('Hebrew and Arabic names read back with their spaces, in their order', async () => {
    for (const name of ['דוד בן גוריון', 'محمد بن سلمان', 'Ирина דוד בן גוריון']) {
      const { pdf, text } = await textOf(name, 'en');
      expect(pdfInfo(pdf).pages).toBe(1);
      // pdftotext marks right-to-left text with embedding characters; they are not part of the name.
      expect(text.replace(/[\u202a-\u202e]/g, '').replace(/ +/g, ' ')).toContain(name);
    }
  });
});
