import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { answersOf } from '../../server/db/questions.js';
import { EventAnswer, RegistrationAnswer } from '../../server/http/apiSchemas.js';
import { person } from '../support/app.js';
import { conference, type BuiltConference } from '../support/build.js';
import { useTestApp } from '../support/fixtures.js';
import { csrfOf } from '../support/forms.js';
import { askOneOfEachType, type QuestionIds } from '../support/questions.js';

const SLUG = 'konference';
const FORM = `/events/${SLUG}/register`;
const REGISTER = `/api/v1/events/${SLUG}/registrations`;

type Body = Record<string, string | string[]>;

/** A form body as a browser sends it: a field given several times is repeated. */
function encode(body: Body): string {
  const pairs = new URLSearchParams();
  for (const [name, value] of Object.entries(body)) {
    for (const v of Array.isArray(value) ? value : [value]) pairs.append(name, v);
  }
  return pairs.toString();
}

let n = 0;
function form(over: Body = {}): Body {
  n += 1;
  return {
    name: `Ilze Kalniņa ${n}`,
    email: `ilze${n}-${process.pid}@skola.lv`,
    institution: 'Cēsu Valsts ģimnāzija',
    municipality: 'cesis',
    role: 'teacher',
    regionId: 'vidzeme',
    workshop: 'none',
    language: 'lv',
    consent: 'yes',
    ...over,
  };
}

/** Decodes what the page shows of a value (ejs escapes &, <, >, " and '). */
const shown = (html: string): string =>
  html.replace(/&#34;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/**
 * Custom registration questions in the participant flows: the form, the JSON
 * API and the manage page ask them, check the answers with one checker, say what is wrong
 * in Latvian and English under the question's own field, keep what was typed, and store
 * the answers with the registration.
 */
describe('custom registration questions', () => {
  const { t } = useTestApp({ seed: false });
  let built: BuiltConference;
  beforeAll(async () => {
    built = await conference(t.db, t.clock.now(), { slug: SLUG, regions: ['riga', 'vidzeme'] });
  });
  let q: QuestionIds;
  let archivedId = 0;

  beforeAll(async () => {
    q = await askOneOfEachType(t.db, built.eventId);
    // Taken away after people answered: no longer asked, the answers kept.
    const later = await askOneOfEachType(t.db, built.eventId);
    archivedId = later.short_text;
    await t.db('event_questions').whereIn('id', Object.values(later)).update({ status: 'archived' });
  });

  /** Every answer a question must have, valid: the required ones answered, the optional left blank. */
  const required = (): Body => ({
    [`q${q.short_text}`]: 'Sākumskolas skolotāja',
    [`q${q.single_choice}`]: 'pamatskola',
    [`q${q.multiple_choice}`]: '',
    [`q${q.yes_no}`]: 'yes',
  });

  const registrations = async () =>
    Number(((await t.db('registrations').count({ n: '*' }).first()) as { n: number }).n);

  /** A browser on the form: the CSRF cookie and token come from opening the page first. */
  async function browser(page = FORM) {
    const agent = request.agent(t.app);
    const opened = await agent.get(page).expect(200);
    const csrf = csrfOf(opened.text);
    return {
      agent,
      page: opened.text,
      post: (url: string, body: Body) =>
        agent
          .post(url)
          .type('form')
          .send(encode({ _csrf: csrf, ...body })),
    };
  }

  describe('the form', () => {
    it('asks the questions after the standard fields, in order, each as its type is asked', async () => {
      const { page } = await browser();
      const at = (text: string): number => page.indexOf(text);
      expect(at('Amats skolā')).toBeGreaterThan(at('id="language-lv"'));
      expect(at('Amats skolā')).toBeLessThan(at('<span>Piekļūstamības vajadzības</span> (neobligāts)'));
      expect(at('<span>Piekļūstamības vajadzības</span> (neobligāts)')).toBeLessThan(at('Skolas veids'));
      expect(at('Vai esat klases audzinātājs?')).toBeLessThan(at('<span>Darba stāžs gados</span> (neobligāts)'));
      expect(at('Darba stāžs gados')).toBeLessThan(at('id="consent"'));
      expect(page).toContain('izņemot tos, kas atzīmēti kā neobligāti');
      // text, long text, number
      expect(page).toMatch(new RegExp(`<input id="q${q.short_text}" name="q${q.short_text}" type="text"`));
      expect(page).toMatch(
        new RegExp(`<textarea id="q${q.long_text}" name="q${q.long_text}"[^>]*aria-describedby="q${q.long_text}-hint"`),
      );
      expect(page).toContain('Piemēram, surdotulks vai ratiņkrēsla pieeja.');
      expect(page).toMatch(new RegExp(`<input id="q${q.number}" name="q${q.number}" type="text" inputmode="decimal"`));
      expect(page).toContain('Ievadiet skaitli no 0 līdz 40.');
      // choices: a fieldset with a legend, radios or checkboxes; the first input carries the field's id
      expect(page).toMatch(/<legend><span>Skolas veids<\/span><\/legend>/);
      expect(page).toMatch(
        new RegExp(`type="radio" id="q${q.single_choice}" name="q${q.single_choice}" value="pamatskola"`),
      );
      expect(page).not.toContain('Vakarskola'); // a retired option is not offered
      expect(page).toContain(`<input type="hidden" name="q${q.multiple_choice}" value="">`);
      expect(page).toMatch(
        new RegExp(`type="checkbox" id="q${q.multiple_choice}-1" name="q${q.multiple_choice}" value="5-9"`),
      );
      expect(page).toMatch(
        new RegExp(`id="q${q.yes_no}" name="q${q.yes_no}" value="yes"[^>]*>\\s*<label for="q${q.yes_no}">Jā</label>`),
      );
      expect(page).toMatch(
        new RegExp(
          `id="q${q.yes_no}-1" name="q${q.yes_no}" value="no"[^>]*>\\s*<label for="q${q.yes_no}-1">Nē</label>`,
        ),
      );
      // an archived question is not asked
      expect(page).not.toContain(`name="q${archivedId}"`);
    });

    it('in English, asks in English and falls back to Latvian where a label has no English', async () => {
      const { page } = await browser(`${FORM}?lang=en`);
      expect(page).toContain('Your position at school');
      expect(page).toContain('<span>Access needs</span> (optional)');
      expect(page).toContain('Are you a form tutor?');
      expect(page).toMatch(/<label for="q\d+">Yes<\/label>/);
      expect(page).toContain('<legend><span lang="lv">Klases, ar kurām strādājat</span> (optional)</legend>');
      expect(page).toContain('Enter a number from 0 to 40.');
      // the Latvian shown on an English page is marked as Latvian
      expect(page).toMatch(/<label for="q\d+-1" lang="lv">5\.–9\. klase<\/label>/);
    });

    it('when every answer is valid, then the registration stores them, typed as their questions', async () => {
      const b = await browser();
      const res = await b
        .post(
          FORM,
          form({
            ...required(),
            [`q${q.long_text}`]: '  Surdotulks\r\nun lēzena uzbrauktuve  ',
            [`q${q.multiple_choice}`]: ['', '10-12', '1-4'],
            [`q${q.yes_no}`]: 'no',
            [`q${q.number}`]: '12,5',
          }),
        )
        .expect(303);
      const token = decodeURIComponent(/\/r\/([^?]+)/.exec(res.headers.location ?? '')?.[1] ?? '');
      const registration = (await t.db('registrations').orderBy('id', 'desc').first('id')) as { id: number };
      const stored = await answersOf(t.db, registration.id);
      expect(Object.fromEntries(stored)).toEqual({
        [q.short_text]: 'Sākumskolas skolotāja',
        [q.long_text]: 'Surdotulks\nun lēzena uzbrauktuve', // the browser's CRLF kept as one line break
        [q.single_choice]: 'pamatskola',
        [q.multiple_choice]: ['1-4', '10-12'], // in the options' order
        [q.yes_no]: false,
        [q.number]: 12.5,
      });
      // and the manage page reads them back, in Latvian
      const manage = shown((await request(t.app).get(`/r/${token}`).expect(200)).text);
      expect(manage).toContain('Jūsu atbildes');
      expect(manage).toMatch(/<dt>Skolas veids<\/dt><dd>Pamatskola<\/dd>/);
      expect(manage).toMatch(/<dt>Klases, ar kurām strādājat<\/dt><dd>1\.–4\. klase; 10\.–12\. klase<\/dd>/);
      expect(manage).toMatch(/<dt>Vai esat klases audzinātājs\?<\/dt><dd>Nē<\/dd>/);
      expect(manage).toMatch(/<dt>Darba stāžs gados<\/dt><dd>12,5<\/dd>/);
    });

    it('when the optional questions are left blank, then they have no answer', async () => {
      const b = await browser();
      await b.post(FORM, form({ ...required(), [`q${q.long_text}`]: ' ', [`q${q.number}`]: '' })).expect(303);
      const registration = (await t.db('registrations').orderBy('id', 'desc').first('id')) as { id: number };
      expect([...(await answersOf(t.db, registration.id)).keys()].sort((a, b) => a - b)).toEqual(
        [q.short_text, q.single_choice, q.yes_no].sort((a, b) => a - b),
      );
    });

    /** [what, the answers sent over the valid ones, the question, Latvian message, English message] */
    const refused: [string, () => Body, () => number, string, string][] = [
      [
        'a required text left blank',
        () => ({ [`q${q.short_text}`]: '  ' }),
        () => q.short_text,
        'Šis lauks ir obligāts.',
        'This field is required.',
      ],
      [
        'a short text too long',
        () => ({ [`q${q.short_text}`]: 'ā'.repeat(301) }),
        () => q.short_text,
        'ne vairāk kā 300 rakstzīmes',
        'at most 300 characters',
      ],
      [
        'a short text with a line break',
        () => ({ [`q${q.short_text}`]: 'Skolotāja\nBcc: x@y.lv' }),
        () => q.short_text,
        'Laukā ir neatļautas rakstzīmes',
        'characters that are not allowed',
      ],
      [
        'a long text too long',
        () => ({ [`q${q.long_text}`]: 'x'.repeat(2001) }),
        () => q.long_text,
        'ne vairāk kā 2000 rakstzīmes',
        'at most 2000 characters',
      ],
      [
        'a required choice not made',
        () => ({ [`q${q.single_choice}`]: '' }),
        () => q.single_choice,
        'Izvēlieties vienu atbildi.',
        'Choose one answer.',
      ],
      [
        'a retired option',
        () => ({ [`q${q.single_choice}`]: 'vakarskola' }),
        () => q.single_choice,
        'Izvēlieties vienu no piedāvātajām iespējām.',
        'Choose one of the options offered.',
      ],
      [
        'an unknown option among the ticked',
        () => ({ [`q${q.multiple_choice}`]: ['', '5-9', 'augstskola'] }),
        () => q.multiple_choice,
        'Izvēlieties vienu no piedāvātajām iespējām.',
        'Choose one of the options offered.',
      ],
      [
        'yes/no unanswered',
        () => ({ [`q${q.yes_no}`]: '' }),
        () => q.yes_no,
        'Izvēlieties vienu atbildi.',
        'Choose one answer.',
      ],
      [
        'yes/no neither',
        () => ({ [`q${q.yes_no}`]: 'maybe' }),
        () => q.yes_no,
        'Izvēlieties vienu no piedāvātajām iespējām.',
        'Choose one of the options offered.',
      ],
      [
        'a number that is no number',
        () => ({ [`q${q.number}`]: 'divpadsmit' }),
        () => q.number,
        'Ievadiet skaitli, piemēram, 12 vai 1,5.',
        'Enter a number, like 12 or 1.5.',
      ],
      [
        'a number below the least',
        () => ({ [`q${q.number}`]: '-1' }),
        () => q.number,
        'Skaitlis nedrīkst būt mazāks par 0.',
        'The number must not be less than 0.',
      ],
      [
        'a number above the most',
        () => ({ [`q${q.number}`]: '40,5' }),
        () => q.number,
        'Skaitlis nedrīkst būt lielāks par 40.',
        'The number must not be more than 40.',
      ],
    ];
    for (const [what, over, question, lv, en] of refused) {
      it(`when the form has ${what}, then it comes back with the message under the question, in Latvian and English, and nothing is stored`, async () => {
        const before = await registrations();
        for (const [lang, message] of [
          ['lv', lv],
          ['en', en],
        ] as const) {
          const b = await browser(`${FORM}?lang=${lang}`);
          const typed = { ...required(), [`q${q.long_text}`]: 'Lūdzu, "pieeja" <ar> rampu', ...over() };
          const res = await b.post(FORM, form({ ...typed, name: 'Ģirts Ščerbinskis' })).expect(400);
          const html = shown(res.text);
          const id = question();
          // the message, under the question's field, and a summary link to its (first) input
          expect(html).toMatch(
            new RegExp(`<p class="field-error" id="q${id}-error">.*${message.replace(/[.?()]/g, '\\$&')}`),
          );
          expect(res.text).toMatch(new RegExp(`<li><a href="#q${id}">[^<]+[:?] [^<]*</a></li>`));
          expect(res.text).toContain(`id="q${id}"`);
          // nothing typed is lost
          const sent = (id: number): string[] => ([] as string[]).concat(typed[`q${id}`] ?? []);
          expect(html).toContain('value="Ģirts Ščerbinskis"');
          expect(html).toContain(`>${sent(q.long_text).join('')}</textarea>`);
          expect(html).toContain(`value="${sent(q.short_text).join('')}"`);
          expect(html).toContain(
            `name="q${q.number}" type="text" inputmode="decimal" class="input-number" spellcheck="false" autocomplete="off" value="${sent(q.number).join('')}"`,
          );
          const offered = ['pamatskola', 'vidusskola', '1-4', '5-9', '10-12', 'yes', 'no'];
          for (const id of [q.single_choice, q.multiple_choice, q.yes_no]) {
            for (const v of sent(id).filter((x) => offered.includes(x))) {
              expect(html).toMatch(new RegExp(`name="q${id}" value="${v}" checked`));
            }
          }
        }
        expect(await registrations()).toBe(before);
      });
    }

    it('when a field names a question the event does not ask, then the form says so', async () => {
      const b = await browser();
      for (const id of [archivedId, 999999]) {
        const res = await b.post(FORM, form({ ...required(), [`q${id}`]: 'x' })).expect(400);
        // its summary link leads to the questions there are
        expect(res.text).toContain('<li><a href="#questions-heading">Šim pasākumam nav tāda jautājuma.</a></li>');
      }
    });

    it('when the standard fields and a question are wrong at once, then the summary lists them in the order of the form', async () => {
      const b = await browser();
      const res = await b.post(FORM, form({ ...required(), name: '', [`q${q.number}`]: 'x' })).expect(400);
      const links = [...res.text.matchAll(/<li><a href="#([^"]+)">/g)].map((m) => m[1]);
      expect(links).toEqual(['name', `q${q.number}`]);
    });
  });

  describe('the API', () => {
    it('the event JSON lists the questions asked, in order, in the language asked, with the options on offer', async () => {
      const res = await request(t.app).get(`/api/v1/events/${SLUG}`).set('Accept-Language', 'en').expect(200);
      const { event } = EventAnswer.parse(res.body);
      expect(event.questions.map((x) => x.id)).toEqual([
        q.short_text,
        q.long_text,
        q.single_choice,
        q.multiple_choice,
        q.yes_no,
        q.number,
      ]);
      expect(event.questions.map((x) => x.type)).toEqual([
        'short_text',
        'long_text',
        'single_choice',
        'multiple_choice',
        'yes_no',
        'number',
      ]);
      const [short, long, single, multiple, , number] = event.questions;
      expect(short).toMatchObject({ required: true, label: 'Your position at school', help: '', options: [] });
      expect(long?.help).toBe('For example, a sign interpreter or step-free access.');
      expect(single?.options).toEqual([
        { key: 'pamatskola', label: 'Primary school' },
        { key: 'vidusskola', label: 'Secondary school' },
      ]);
      expect(multiple).toMatchObject({ required: false, label: 'Klases, ar kurām strādājat' });
      expect(number).toMatchObject({ min: 0, max: 40 });
      const lv = EventAnswer.parse((await request(t.app).get(`/api/v1/events/${SLUG}`).expect(200)).body);
      expect(lv.event.questions[0]?.label).toBe('Amats skolā');
    });

    const valid = () => ({
      [q.short_text]: 'Direktora vietniece',
      [q.single_choice]: 'vidusskola',
      [q.multiple_choice]: ['5-9'],
      [q.yes_no]: true,
      [q.number]: 7,
    });

    it('registers with answers and returns them; reading the registration returns them too', async () => {
      const res = await request(t.app)
        .post(REGISTER)
        .send(person({ answers: { ...valid(), [q.long_text]: '' } }))
        .expect(201);
      const { registration } = RegistrationAnswer.parse(res.body);
      expect(registration.answers).toEqual({
        [q.short_text]: 'Direktora vietniece',
        [q.single_choice]: 'vidusskola',
        [q.multiple_choice]: ['5-9'],
        [q.yes_no]: true,
        [q.number]: 7,
      });
      const token = decodeURIComponent(registration.manageUrl.split('/').pop() ?? '');
      const read = await request(t.app).get(`/api/v1/registrations/${token}`).expect(200);
      expect(RegistrationAnswer.parse(read.body).registration.answers).toEqual(registration.answers);
    });

    /** [what, answers over the valid ones, the field's question, English message] */
    const refused: [string, () => Record<string, unknown>, () => string, RegExp][] = [
      [
        'a required question left out',
        () => ({ [q.short_text]: undefined }),
        () => `answers.${q.short_text}`,
        /required/,
      ],
      ['a text of the wrong type', () => ({ [q.short_text]: 12 }), () => `answers.${q.short_text}`, /Invalid value/],
      ['a text too long', () => ({ [q.long_text]: 'x'.repeat(2001) }), () => `answers.${q.long_text}`, /at most 2000/],
      [
        'a retired option',
        () => ({ [q.single_choice]: 'vakarskola' }),
        () => `answers.${q.single_choice}`,
        /options offered/,
      ],
      [
        'a multiple choice with an unknown key',
        () => ({ [q.multiple_choice]: ['5-9', 'x'] }),
        () => `answers.${q.multiple_choice}`,
        /options offered/,
      ],
      ['yes/no as a string', () => ({ [q.yes_no]: 'maybe' }), () => `answers.${q.yes_no}`, /options offered/],
      ['a number as words', () => ({ [q.number]: 'seven' }), () => `answers.${q.number}`, /Enter a number/],
      ['a number too small', () => ({ [q.number]: -3 }), () => `answers.${q.number}`, /not be less than 0/],
      ['a number too large', () => ({ [q.number]: 41 }), () => `answers.${q.number}`, /not be more than 40/],
      ['an unknown question', () => ({ 999999: 'x' }), () => 'answers.999999', /no such question/],
      ['an archived question', () => ({ [archivedId]: 'x' }), () => `answers.${archivedId}`, /no such question/],
    ];
    for (const [what, over, field, message] of refused) {
      it(`when the answers have ${what}, then 400 invalid_input names the question's field`, async () => {
        const before = await registrations();
        const res = await request(t.app)
          .post(REGISTER)
          .set('Accept-Language', 'en')
          .send(person({ answers: { ...valid(), ...over() } }))
          .expect(400);
        expect(res.body.error.code).toBe('invalid_input');
        expect(res.body.error.fields[field()]).toMatch(message);
        expect(await registrations()).toBe(before);
      });
    }

    it('when a required multiple choice has nothing ticked, then it asks for at least one answer, in English and Latvian', async () => {
      await t.db('event_questions').where('id', q.multiple_choice).update({ required: true });
      try {
        for (const [lang, message] of [
          ['en', 'Choose at least one answer.'],
          ['lv', 'Izvēlieties vismaz vienu atbildi.'],
        ] as const) {
          const res = await request(t.app)
            .post(REGISTER)
            .set('Accept-Language', lang)
            .send(person({ answers: { ...valid(), [q.multiple_choice]: [] } }))
            .expect(400);
          expect(res.body.error.fields[`answers.${q.multiple_choice}`]).toBe(message);
        }
      } finally {
        await t.db('event_questions').where('id', q.multiple_choice).update({ required: false });
      }
    });

    it('says what is wrong in Latvian when asked in Latvian', async () => {
      const res = await request(t.app)
        .post(REGISTER)
        .send(person({ answers: { ...valid(), [q.number]: 41 } }))
        .expect(400);
      expect(res.body.error.fields[`answers.${q.number}`]).toBe('Skaitlis nedrīkst būt lielāks par 40.');
    });
  });

  describe('changing the answers later', () => {
    /** A new registration through the API with all questions answered, and its token. */
    async function registered(): Promise<{ token: string; id: number }> {
      const res = await request(t.app)
        .post(REGISTER)
        .send(
          person({
            answers: {
              [q.short_text]: 'Skolotāja',
              [q.long_text]: 'Surdotulks',
              [q.single_choice]: 'pamatskola',
              [q.multiple_choice]: ['1-4'],
              [q.yes_no]: true,
              [q.number]: 3,
            },
          }),
        )
        .expect(201);
      const { registration } = RegistrationAnswer.parse(res.body);
      // as if the person had also answered the question taken away later
      await t.db('registration_answers').insert({
        registration_id: registration.id,
        question_id: archivedId,
        value: '"Agrāka atbilde"',
        updated_at: new Date().toISOString(),
      });
      return { token: decodeURIComponent(registration.manageUrl.split('/').pop() ?? ''), id: registration.id };
    }

    /** Runs `work` with the clock at the moment the event's registration closes. */
    async function whenClosed(work: () => Promise<void>): Promise<void> {
      const event = (await t.db('events').where('id', built.eventId).first('registration_closes_at')) as {
        registration_closes_at: string | Date;
      };
      const was = t.clock.now();
      t.clock.set(new Date(event.registration_closes_at));
      try {
        await work();
      } finally {
        t.clock.set(was);
      }
    }

    it('the manage page changes them: the same checker, a success banner, the archived answer kept', async () => {
      const { token, id } = await registered();
      const b = await browser(`/r/${token}`);
      expect(b.page).toContain('id="answers-form"');
      expect(b.page).toContain('value="Skolotāja"');
      expect(b.page).toMatch(new RegExp(`value="pamatskola" checked`));
      const res = await b
        .post(`/r/${token}/answers`, {
          [`q${q.short_text}`]: 'Sociālā pedagoģe',
          [`q${q.long_text}`]: '',
          [`q${q.single_choice}`]: 'vidusskola',
          [`q${q.multiple_choice}`]: ['', '5-9', '10-12'],
          [`q${q.yes_no}`]: 'no',
          [`q${q.number}`]: '4,5',
        })
        .expect(303);
      expect(res.headers.location).toBe(`/r/${token}?done=answers`);
      expect(Object.fromEntries(await answersOf(t.db, id))).toEqual({
        [q.short_text]: 'Sociālā pedagoģe',
        [q.single_choice]: 'vidusskola',
        [q.multiple_choice]: ['5-9', '10-12'],
        [q.yes_no]: false,
        [q.number]: 4.5,
        [archivedId]: 'Agrāka atbilde',
      });
      const page = (await b.agent.get(res.headers.location ?? '').expect(200)).text;
      expect(page).toContain('<p class="panel success" role="status">Jūsu atbildes saglabātas.</p>');
      expect(page).toMatch(/<dd>4,5<\/dd>/);
      expect(page).toMatch(/<dd>Agrāka atbilde<\/dd>/); // still readable
      // and the person's own data download holds them
      const data = (await request(t.app).get(`/r/${token}/data.json`).expect(200)).body as {
        answers: { question: { lv: string }; answer: unknown; text: string }[];
      };
      expect(data.answers).toContainEqual({
        question: { lv: 'Klases, ar kurām strādājat', en: '' },
        answer: ['5-9', '10-12'],
        text: '5.–9. klase; 10.–12. klase',
      });
      expect(data.answers.map((a) => a.text)).toContain('Agrāka atbilde');
    });

    it('when the manage page sends a wrong answer, then it comes back with the message, the summary and what was typed; nothing changes', async () => {
      const { token, id } = await registered();
      const before = await answersOf(t.db, id);
      for (const [lang, message] of [
        ['lv', 'Skaitlis nedrīkst būt mazāks par 0.'],
        ['en', 'The number must not be less than 0.'],
      ] as const) {
        const b = await browser(`/r/${token}?lang=${lang}`);
        const res = await b
          .post(`/r/${token}/answers`, {
            [`q${q.short_text}`]: 'Jauns amats',
            [`q${q.single_choice}`]: 'vidusskola',
            [`q${q.multiple_choice}`]: [''],
            [`q${q.yes_no}`]: 'no',
            [`q${q.number}`]: '-2',
          })
          .expect(400);
        expect(res.text).toContain('class="error-summary"');
        expect(res.text).toMatch(
          new RegExp(`<li><a href="#q${q.number}">[^<]+: ${message.replace('.', '\\.')}</a></li>`),
        );
        expect(res.text).toMatch(
          new RegExp(`<p class="field-error" id="q${q.number}-error">.*${message.replace('.', '\\.')}`),
        );
        expect(res.text).toContain('<details class="change-answers" open>');
        expect(res.text).toContain('value="Jauns amats"');
        expect(res.text).toContain('value="-2"');
        expect(res.text).toMatch(/value="vidusskola" checked/);
        expect(res.text).toMatch(/value="no" checked/);
        expect(res.text).not.toMatch(/value="1-4" checked/);
      }
      expect(await answersOf(t.db, id)).toEqual(before);
    });

    it('when the change comes without the CSRF token of the page, then it is refused and nothing changes', async () => {
      const { token, id } = await registered();
      const before = await answersOf(t.db, id);
      await request(t.app)
        .post(`/r/${token}/answers`)
        .type('form')
        .send(encode({ ...required(), [`q${q.short_text}`]: 'Cits amats' }))
        .expect(403);
      expect(await answersOf(t.db, id)).toEqual(before);
    });

    it('PUT /api/v1/registrations/:token/answers replaces the answers and returns the registration', async () => {
      const { token, id } = await registered();
      const res = await request(t.app)
        .put(`/api/v1/registrations/${token}/answers`)
        .send({
          answers: {
            [q.short_text]: 'Psiholoģe',
            [q.single_choice]: 'vidusskola',
            [q.yes_no]: false,
            [q.number]: '2,5',
          },
        })
        .expect(200);
      const { registration } = RegistrationAnswer.parse(res.body);
      expect(registration.answers).toEqual({
        [q.short_text]: 'Psiholoģe',
        [q.single_choice]: 'vidusskola',
        [q.yes_no]: false,
        [q.number]: 2.5,
        [archivedId]: 'Agrāka atbilde',
      });
      expect(res.headers['cache-control']).toBe('no-store');
      expect((await answersOf(t.db, id)).get(q.long_text)).toBeUndefined();
    });

    it('PUT answers refuses a wrong answer with its field, an unknown token, a body that is not JSON', async () => {
      const { token, id } = await registered();
      const before = await answersOf(t.db, id);
      const wrong = await request(t.app)
        .put(`/api/v1/registrations/${token}/answers`)
        .set('Accept-Language', 'en')
        .send({ answers: { [q.short_text]: '', [q.single_choice]: 'vakarskola', [q.yes_no]: true, 77777: 1 } })
        .expect(400);
      expect(wrong.body.error.code).toBe('invalid_input');
      expect(wrong.body.error.fields).toEqual({
        [`answers.${q.short_text}`]: 'This field is required.',
        [`answers.${q.single_choice}`]: 'Choose one of the options offered.',
        'answers.77777': 'This event has no such question.',
      });
      const extra = await request(t.app)
        .put(`/api/v1/registrations/${token}/answers`)
        .send({ answers: {}, name: 'x' })
        .expect(400);
      expect(extra.body.error.fields.name).toBeTruthy();
      await request(t.app)
        .put(`/api/v1/registrations/${token}/answers`)
        .set('Content-Type', 'text/plain')
        .send('answers')
        .expect(400);
      await request(t.app).put('/api/v1/registrations/nosuchtoken/answers').send({ answers: {} }).expect(404);
      expect(await answersOf(t.db, id)).toEqual(before);
    });

    it('when registration has closed, then the answers stay: no form, a 409 from the page and the API', async () => {
      const { token, id } = await registered();
      const b = await browser(`/r/${token}`);
      const before = await answersOf(t.db, id);
      await whenClosed(async () => {
        const page = (await request(t.app).get(`/r/${token}`).expect(200)).text;
        expect(page).toContain('Jūsu atbildes');
        expect(page).not.toContain('id="answers-form"');
        expect(page).toContain('Reģistrācija ir slēgta, tāpēc atbildes vairs nevar mainīt.');
        await b.post(`/r/${token}/answers`, { ...required() }).expect(409);
        const api = await request(t.app)
          .put(`/api/v1/registrations/${token}/answers`)
          .send({ answers: { [q.short_text]: 'Cits', [q.single_choice]: 'pamatskola', [q.yes_no]: true } })
          .expect(409);
        expect(api.body.error.code).toBe('registration_closed');
      });
      expect(await answersOf(t.db, id)).toEqual(before);
    });

    it('when the registration is cancelled, then its answers cannot be changed', async () => {
      const { token, id } = await registered();
      const b = await browser(`/r/${token}`);
      const before = await answersOf(t.db, id);
      await request(t.app).delete(`/api/v1/registrations/${token}`).expect(200);
      const page = (await request(t.app).get(`/r/${token}`).expect(200)).text;
      expect(page).not.toContain('id="answers-form"');
      await b.post(`/r/${token}/answers`, { ...required() }).expect(409);
      const api = await request(t.app)
        .put(`/api/v1/registrations/${token}/answers`)
        .send({ answers: { [q.short_text]: 'Cits', [q.single_choice]: 'pamatskola', [q.yes_no]: true } })
        .expect(409);
      expect(api.body.error.code).toBe('not_allowed');
      expect(await answersOf(t.db, id)).toEqual(before);
    });
  });
});
