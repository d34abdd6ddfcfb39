/**
 * Certificates: 1,000 people who attended get their certificates in one call
 * of the organizer API, and each is e-mailed with its PDF by the app's own dispatcher to a
 * local SMTP sink. The app runs compiled in a child process of its own (as `npm start`
 * runs it), so its resident memory is measured alone. Prints certificates per second, for
 * the issuing call and for issuing with every PDF e-mail delivered, and the app's peak RSS
 * while doing it (goal: ≤ 200 MB). With the seal on, every PDF is also signed PAdES with
 * an RSA-2048 key OpenSSL makes here, given as CERTIFICATE_SIGNING_P12 and
 * CERTIFICATE_SIGNING_PASSWORD as a server would have them.
 *
 *   npx tsx bench/certificates.ts        (BENCH_CERT_PEOPLE=1000; BENCH_CERT_SEAL=off: unsealed only)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '../server/db/database.js';
import { migrate } from '../server/db/knex.js';
import { createApiToken } from '../server/features/organizers/apiTokens.js';
import { markAttendedByEmail } from '../server/features/attendance/attendance.js';
import { addOrganizer } from '../server/features/organizers/accounts.js';
import type { ServiceContext } from '../server/context.js';
import { register, type RegistrationInput } from '../server/features/registration/register.js';
import { TokenVault } from '../server/security/tokens.js';
import { DEMO_SLUG, seedDemo } from '../seeds/demo.js';
import { saveResult } from './mail.js';
import { startChild, type Child } from './processes.js';
import { countingSink } from './smtpSink.js';

export interface CertificateBenchResult {
  people: number;
  /** Whether every PDF was signed with an e-seal (PAdES). */
  sealed: boolean;
  issued: number;
  /** The app's RSS at rest before the call, and its peak from the call until the last e-mail. */
  issueSeconds: number;
  issuedPerSecond: number;
  deliveredSeconds: number;
  deliveredPerSecond: number;
  rssBeforeMb: number;
  peakRssMb: number;
  goalRssMb: number;
  met: boolean;
}

const MB = 1024 * 1024;
const SECRET = 'bench-secret-bench-secret-bench-secret';
const BASE_URL = 'http://127.0.0.1:3000';
const REGIONS = ['riga', 'vidzeme', 'kurzeme', 'zemgale', 'latgale'];
const MUNICIPALITY: Record<string, string> = {
  riga: 'riga',
  vidzeme: 'cesis',
  kurzeme: 'talsi',
  zemgale: 'bauska',
  latgale: 'ludza',
};

/** The database the app will find: the demo, `people` registrations, everyone's attendance, an API token. */
async function prepare(file: string, people: number): Promise<string> {
  const db = openDatabase(`file:${file}`);
  try {
    await migrate(db.knex);
    await seedDemo(db.knex);
    const ctx: ServiceContext = {
      db,
      clock: () => new Date(),
      tokens: new TokenVault(SECRET),
      baseUrl: BASE_URL,
      mailDomain: 'localhost',
      mailFrom: 'Bench <noreply@localhost>',
      secret: SECRET,
      addressConfirmation: false,
    };
    const admin = await addOrganizer(
      ctx,
      { email: 'bench@example.lv', name: 'Bench', role: 'admin', regionIds: [], password: 'bench password 1234' },
      'bench',
    );
    const sessions = (await db.knex('sessions').where('event_id', 1).select('id', 'kind', 'region_id')) as {
      id: number;
      kind: string;
      region_id: string;
    }[];
    // Everyone in a region attends its plenary; the first 100 hold a workshop place and attend it.
    const emailsOf = new Map<number, string[]>();
    for (let i = 0; i < people; i++) {
      const region = REGIONS[i % REGIONS.length] ?? 'riga';
      const workshop = sessions.find((s) => s.region_id === region && s.kind === 'workshop');
      const plenary = sessions.find((s) => s.region_id === region && s.kind === 'plenary');
      const email = `bench${i}@skola.lv`;
      const input: RegistrationInput = {
        name: `Ērika Ķēniņa-Šļūžā ${i}`,
        email,
        institution: 'Skola',
        municipality: MUNICIPALITY[region] ?? 'riga',
        role: 'teacher',
        regionId: region,
        sessionIds: workshop ? [workshop.id] : [],
        language: i % 2 === 0 ? 'lv' : 'en',
        consent: true,
      };
      await register(ctx, DEMO_SLUG, input);
      for (const s of [plenary, workshop]) if (s) emailsOf.set(s.id, [...(emailsOf.get(s.id) ?? []), email]);
    }
    // Attendance is taken, and hours count, only for sessions that have taken place: the
    // programme moves back in time as a whole, its last session ending an hour ago.
    const times = (await db.knex('sessions').where('event_id', 1).select('id', 'starts_at', 'ends_at')) as {
      id: number;
      starts_at: string | Date;
      ends_at: string | Date;
    }[];
    const lastEnd = Math.max(...times.map((s) => new Date(s.ends_at).getTime()));
    const shift = lastEnd - (Date.now() - 3600_000);
    for (const s of times) {
      await db
        .knex('sessions')
        .where('id', s.id)
        .update({
          starts_at: new Date(new Date(s.starts_at).getTime() - shift).toISOString(),
          ends_at: new Date(new Date(s.ends_at).getTime() - shift).toISOString(),
        });
    }
    for (const [sessionId, emails] of emailsOf) {
      for (let i = 0; i < emails.length; i += 1000) {
        await markAttendedByEmail(ctx, admin, sessionId, emails.slice(i, i + 1000), 'api');
      }
    }
    // The registration mail is not what is measured.
    await db.knex('outbox').update({ status: 'sent' });
    return await createApiToken(ctx, admin.id, 'bench', admin.email);
  } finally {
    await db.destroy();
  }
}

/** A seal's key and certificate as OpenSSL makes them: PKCS#12 (AES-256-CBC, PBKDF2), and its settings. */
function sealSettings(dir: string): Record<string, string> {
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  // prettier-ignore
  run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'seal-key.pem', '-out', 'seal-cert.pem', '-days', '30', '-subj', '/C=LV/CN=Bench Seal']);
  run([
    'pkcs12',
    '-export',
    '-inkey',
    'seal-key.pem',
    '-in',
    'seal-cert.pem',
    '-out',
    'seal.p12',
    '-passout',
    'pass:bench',
  ]);
  return { CERTIFICATE_SIGNING_P12: path.join(dir, 'seal.p12'), CERTIFICATE_SIGNING_PASSWORD: 'bench' };
}

export async function benchCertificates(
  people = Number(process.env.BENCH_CERT_PEOPLE ?? 1000),
  opts: { seal?: boolean } = {},
): Promise<CertificateBenchResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-cert-'));
  const file = path.join(dir, 'bench.sqlite');
  const sink = await countingSink(10 * MB);
  let app: Child | null = null;
  try {
    const token = await prepare(file, people);
    const seal = opts.seal ? sealSettings(dir) : {};
    app = await startChild('app-process.ts', {
      PORT: '0',
      DATABASE_URL: `file:${file}`,
      DATA_DIR: dir,
      DEMO: 'off',
      LOG_LEVEL: 'silent',
      RATE_LIMIT: 'off',
      // Load tests take places for made-up people: no address confirms them.
      ADDRESS_CONFIRMATION: 'off',
      SESSION_SECRET: SECRET,
      BASE_URL,
      SMTP_URL: sink.url,
      ...seal,
    });
    // What the app holds at rest, once it has rendered a certificate (the font is parsed once).
    const warm = await fetch(`${app.url}/api/v1/events/${DEMO_SLUG}`);
    if (!warm.ok) throw new Error(`app answered ${warm.status}`);
    await new Promise((r) => setTimeout(r, 300));
    const rssBefore = app.peakRss();
    app.resetPeakRss();

    const started = process.hrtime.bigint();
    const res = await fetch(`${app.url}/api/v1/admin/events/${DEMO_SLUG}/certificates`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    if (!res.ok) throw new Error(`issuing answered ${res.status}: ${await res.text()}`);
    const { issued } = (await res.json()) as { issued: number };
    const issueSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    while (sink.received() < issued) await new Promise((r) => setTimeout(r, 20));
    const deliveredSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    await new Promise((r) => setTimeout(r, 250)); // the last RSS report
    if (issued !== people) throw new Error(`issued ${issued} of ${people}`);
    const peakRssMb = app.peakRss() / MB;
    return {
      people,
      sealed: opts.seal === true,
      issued,
      issueSeconds,
      issuedPerSecond: issued / issueSeconds,
      deliveredSeconds,
      deliveredPerSecond: issued / deliveredSeconds,
      rssBeforeMb: rssBefore / MB,
      peakRssMb,
      goalRssMb: 200,
      met: peakRssMb <= 200,
    };
  } finally {
    await app?.stop();
    await sink.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function printCertificates(r: CertificateBenchResult): void {
  console.log(
    `certificates${r.sealed ? ' (sealed, PAdES)' : ''}: ${r.issued} people issued in ${r.issueSeconds.toFixed(2)} s = ${r.issuedPerSecond.toFixed(0)}/s; ` +
      `with every PDF e-mailed ${r.deliveredSeconds.toFixed(1)} s = ${r.deliveredPerSecond.toFixed(1)} certificates/s; ` +
      `peak RSS ${r.peakRssMb.toFixed(0)} MB (from ${r.rssBeforeMb.toFixed(0)} MB; goal ≤ ${r.goalRssMb} MB: ` +
      `${r.met ? 'met' : 'NOT met'})`,
  );
}

if (process.argv[1]?.endsWith('bench/certificates.ts')) {
  const plain = await benchCertificates();
  printCertificates(plain);
  const sealed = process.env.BENCH_CERT_SEAL === 'off' ? null : await benchCertificates(undefined, { seal: true });
  if (sealed) printCertificates(sealed);
  console.log(`written: ${saveResult('certificates', { plain, sealed })}`);
  if (!plain.met || (sealed && !sealed.met)) process.exitCode = 1;
}
