import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { Composer, type OutboxRow } from '../../server/mail/compose.js';
import { register, type RegistrationInput } from '../../server/features/registration/register.js';
import { person } from '../support/app.js';
import { conference } from '../support/build.js';
import { useTestApp } from '../support/fixtures.js';

const SLUG = 'konference';

const input = (over: Record<string, unknown> = {}): RegistrationInput => person(over) as unknown as RegistrationInput;

describe("a person's own page in their language", () => {
  const { t } = useTestApp({ seed: false });
  beforeAll(() => conference(t.db, t.clock.now(), { slug: SLUG }));

  it('when an English registrant opens a link without ?lang=, then the page is English and the switch leads to Latvian', async () => {
    const { token } = await register(t.ctx, SLUG, input({ language: 'en' }));
    const page = await request(t.app).get(`/r/${token}`).expect(200);
    expect(page.text).toContain('<html lang="en">');
    expect(page.text).toContain('Your registration');
    expect(page.text).toContain(`href="/r/${token}?lang=lv"`);
    const switched = await request(t.app).get(`/r/${token}?lang=lv`).expect(200);
    expect(switched.text).toContain('<html lang="lv">');
    expect(switched.text).toContain('Jūsu reģistrācija');
    // the visitor's choice is remembered and wins over the registration's language
    expect(String(switched.headers['set-cookie'])).toContain('lang=lv');
    const again = await request(t.app).get(`/r/${token}`).set('Cookie', 'lang=lv').expect(200);
    expect(again.text).toContain('<html lang="lv">');
  });

  it("when the e-mail link is opened in a browser that chose Latvian, then it still opens in the person's English", async () => {
    const { token, registration } = await register(t.ctx, SLUG, input({ language: 'en' }));
    const row = (await t.db('outbox').where('registration_id', registration.id).first()) as OutboxRow;
    const composer = new Composer({
      db: t.ctx.db,
      tokens: t.ctx.tokens,
      baseUrl: t.ctx.baseUrl,
      mailFrom: t.ctx.mailFrom,
      mailDomain: t.ctx.mailDomain,
    });
    const mail = await composer.compose(row, t.clock.now());
    const link = `http://localhost:3000/r/${token}?lang=en`;
    expect(String(mail?.text)).toContain(link);
    const page = await request(t.app)
      .get(new URL(link).pathname + new URL(link).search)
      .set('Cookie', 'lang=lv')
      .expect(200);
    expect(page.text).toContain('<html lang="en">');
  });

  it('when a Latvian registrant opens the link, then the page is Latvian', async () => {
    const { token } = await register(t.ctx, SLUG, input({ language: 'lv' }));
    const page = await request(t.app).get(`/r/${token}`).expect(200);
    expect(page.text).toContain('<html lang="lv">');
    expect(page.text).toContain(`href="/r/${token}?lang=en"`);
  });
});
