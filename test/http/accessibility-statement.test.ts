import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { DEMO_ACCESSIBILITY } from '../../seeds/accessibility.js';
import { organizer, signIn } from '../support/admin.js';
import { accessibilityStatement, privacyNotice } from '../support/build.js';
import { useTestApp } from '../support/fixtures.js';

/** A text without tags and with entities read, to look for sentences in a page. */
const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#34;|&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

describe('accessibility statement (Cabinet Regulation No. 445)', () => {
  const { t } = useTestApp({ perTest: true, seed: false });
  beforeEach(async () => {
    await privacyNotice(t.db, t.clock.now());
    await accessibilityStatement(t.db, t.clock.now());
  });

  it('when a person opens it, then it gives the status, the non-conformities, the evaluation with its date, who and the protocol, the alternatives, the contact and the supervising authority', async () => {
    const lv = textOf((await request(t.app).get('/accessibility').expect(200)).text);
    expect(lv).toContain('noteikumiem Nr. 445');
    expect(lv).toContain('Daļēji atbilst.');
    expect(lv).toContain('zemāk uzskaitīto neatbilstību dēļ');
    for (const line of DEMO_ACCESSIBILITY.nonConformitiesLv.split('\n')) expect(lv).toContain(line);
    expect(lv).toContain(
      `Vietne pēdējoreiz izvērtēta 2026. gada 20. novembrī. Izvērtēja: ${DEMO_ACCESSIBILITY.evaluatedByLv}.`,
    );
    expect(lv).toContain(DEMO_ACCESSIBILITY.alternativesLv);
    expect(lv).toContain(DEMO_ACCESSIBILITY.contactEmail);
    expect(lv).toContain('Tālrunis: +371 67 000 000.');
    expect(lv).toContain('Uzraugošā iestāde');
    expect(lv).toContain(DEMO_ACCESSIBILITY.supervisorLv);
    const html = (await request(t.app).get('/accessibility').expect(200)).text;
    expect(html).toContain('href="/accessibility/evaluation"');
    expect(html).toContain(`href="mailto:${DEMO_ACCESSIBILITY.contactEmail}"`);
    // Each non-conformity is an item of a list.
    expect(html.match(/<li>/g)?.length).toBeGreaterThanOrEqual(2);

    const en = textOf((await request(t.app).get('/accessibility?lang=en').expect(200)).text);
    expect(en).toContain('Partially compliant.');
    expect(en).toContain(`The site was last evaluated on 20 November 2026 by ${DEMO_ACCESSIBILITY.evaluatedByEn}.`);
    expect(en).toContain(DEMO_ACCESSIBILITY.alternativesEn);
    expect(en).toContain(DEMO_ACCESSIBILITY.supervisorEn);
  });

  it('the evaluation protocol lists the 11 aspects with their WCAG criteria and how they were checked, with the date and who evaluated', async () => {
    for (const lang of ['lv', 'en'] as const) {
      const page = textOf((await request(t.app).get(`/accessibility/evaluation?lang=${lang}`).expect(200)).text);
      expect(page).toContain(
        lang === 'lv' ? '11. Multimediju satura alternatīvas' : '11. Alternatives for audio and video',
      );
      expect(page).toContain(lang === 'lv' ? '7. Krāsu kontrasti' : '7. Colour contrast');
      expect(page).toContain('1.4.3, 1.4.11');
      expect(page).toContain('axe-core');
      expect(page).toContain(lang === 'lv' ? '2026. gada 20. novembrī' : '20 November 2026');
    }
  });

  it('when nothing is filled in yet, then the fixed parts show and the rest says so; the contact is the privacy notice’s', async () => {
    await t.db('accessibility_statement').delete();
    const page = textOf((await request(t.app).get('/accessibility').expect(200)).text);
    expect(page).toContain('Organizatori šo sadaļu vēl nav aizpildījuši.');
    expect(page).toContain('Uzraugošā iestāde');
    expect(page).toContain('privatums@skola-vecaki-berni.example.lv');
  });

  it('when an admin edits it, then the page shows the new version and the audit log keeps only what changed', async () => {
    await organizer(t, 'admin@example.lv');
    const { agent, post } = await signIn(t, 'admin@example.lv');
    const form = await agent.get('/admin/accessibility').expect(200);
    expect(form.text).toContain(DEMO_ACCESSIBILITY.evaluatedByLv);
    expect(form.text).toMatch(/id="status-partial"[^>]*checked/);
    const next = {
      ...DEMO_ACCESSIBILITY,
      status: 'full',
      nonConformitiesLv: '',
      nonConformitiesEn: '',
      evaluatedOn: '2026-12-01',
    };
    await post('/admin/accessibility', next).expect(303);
    const lv = textOf((await request(t.app).get('/accessibility').expect(200)).text);
    expect(lv).toContain('Pilnībā atbilst.');
    expect(lv).toContain('Zināmu neatbilstību nav.');
    expect(lv).toContain('2026. gada 1. decembrī');
    const entry = (await t.db('audit_log').where('action', 'accessibility.update').first()) as {
      before: string;
      after: string;
    };
    expect(Object.keys(JSON.parse(entry.after)).sort()).toEqual(
      ['evaluatedOn', 'nonConformitiesEn', 'nonConformitiesLv', 'status'].sort(),
    );
    expect(JSON.parse(entry.before)).toMatchObject({ status: 'partial', evaluatedOn: '2026-11-20' });
    // The audit log says it in words: the fields as the form names them, the status as the page says it.
    const log = textOf((await agent.get('/admin/audit').expect(200)).text);
    expect(log).toContain('piekļūstamības paziņojums labots');
    expect(log).toContain('pilnībā atbilst');
    expect(log).toContain('izvērtēšanas datums');
    expect(log).not.toContain('evaluatedOn');
  });

  it('when a field is wrong, then the error summary names it and nothing changes', async () => {
    await organizer(t, 'admin@example.lv');
    const { post } = await signIn(t, 'admin@example.lv');
    const res = await post('/admin/accessibility', {
      ...DEMO_ACCESSIBILITY,
      status: 'mostly',
      evaluatedOn: '2026-02-30',
      supervisorLv: '',
    }).expect(400);
    const text = textOf(res.text);
    expect(text).toContain('Atbilstības statuss: Izvēlieties vienu no piedāvātajām iespējām.');
    expect(text).toContain('Izvērtēšanas datums: Ievadiet datumu.');
    expect(text).toContain('Uzraugošā iestāde un tās kontakti (latviski): Šis lauks ir obligāts.');
    expect(await t.db('accessibility_statement').first('status', 'evaluated_on')).toEqual({
      status: 'partial',
      evaluated_on: '2026-11-20',
    });
    expect(await t.db('audit_log').where('action', 'accessibility.update').count({ n: '*' }).first()).toEqual({
      n: 0,
    });
  });

  it('when a coordinator tries to edit it, then 403, and nothing changes', async () => {
    await organizer(t, 'riga@example.lv', 'coordinator', ['riga']);
    const { agent, post } = await signIn(t, 'riga@example.lv');
    await agent.get('/admin/accessibility').expect(403);
    await post('/admin/accessibility', { ...DEMO_ACCESSIBILITY, status: 'full' }).expect(403);
    expect(await t.db('accessibility_statement').first('status')).toEqual({ status: 'partial' });
    await request(t.app).get('/admin/accessibility').expect(303);
  });
});
