import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import forge from 'node-forge';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.js';
import { apiToken, organizer } from '../support/admin.js';
import { person } from '../support/app.js';
import { conference, type BuiltConference } from '../support/build.js';
import { useTestApp } from '../support/fixtures.js';
import { pdfText, pdfToolsAvailable } from '../support/pdf.js';
import { registerPath } from '../support/places.js';
import { DEMO_CERTIFICATES } from '../../seeds/certificates.js';

const run = promisify(execFile);
const NOW = new Date('2026-11-02T08:00:00Z');
// The Riga day of `conference`: the workshops 12.00–14.00 Riga time (UTC+2).
const WORKSHOP_START = Date.parse('2026-11-30T10:00:00Z');
const WORKSHOP_END = Date.parse('2026-11-30T12:00:00Z');
const PASSWORD = 'pa55-Vārds';

const toolsHere =
  pdfToolsAvailable() &&
  ['pdfsig', 'openssl'].every((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0);

/** A response body read whole, as bytes (a PDF). */
const bytes = (r: request.Test) =>
  r.buffer(true).parse((res, cb) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => cb(null, Buffer.concat(chunks)));
  });

const openssl = (dir: string, args: string[]) =>
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });

/**
 * A seal as an organisation gets one, made here by OpenSSL: an RSA key and a certificate
 * for "Testa Zīmogs", exported as PKCS#12 with OpenSSL's defaults (AES-256-CBC, PBKDF2,
 * a SHA-256 MAC); the same key and certificate as PEM files; and a time-stamping
 * authority's key and certificate (extended key usage timeStamping) with the
 * configuration `openssl ts -reply` answers with.
 */
function makeKeys(dir: string) {
  const conf = path.join(dir, 'openssl.cnf');
  writeFileSync(
    conf,
    [
      '[ req ]',
      'distinguished_name = dn',
      '[ dn ]',
      '[ tsa_ext ]',
      'basicConstraints = CA:FALSE',
      'keyUsage = critical, digitalSignature',
      'extendedKeyUsage = critical, timeStamping',
      '[ tsa ]',
      'default_tsa = tsa_config',
      '[ tsa_config ]',
      `serial = ${path.join(dir, 'tsaserial')}`,
      'default_policy = 1.2.3.4.1',
      'digests = sha256',
      'accuracy = secs:1',
      'ess_cert_id_alg = sha256',
      'signer_digest = sha256',
      '',
    ].join('\n'),
  );
  writeFileSync(path.join(dir, 'tsaserial'), '01\n');
  openssl(dir, [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'seal-key.pem',
    '-out',
    'seal-cert.pem',
    '-days',
    '30',
    '-subj',
    '/C=LV/O=Testa iestāde/CN=Testa Zīmogs',
    '-utf8',
    '-config',
    conf,
  ]);
  openssl(dir, [
    'pkcs12',
    '-export',
    '-inkey',
    'seal-key.pem',
    '-in',
    'seal-cert.pem',
    '-out',
    'seal.p12',
    '-passout',
    `pass:${PASSWORD}`,
  ]);
  openssl(dir, [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'tsa-key.pem',
    '-out',
    'tsa-cert.pem',
    '-days',
    '30',
    '-subj',
    '/CN=Testa laika zīmogi',
    '-utf8',
    '-config',
    conf,
    '-extensions',
    'tsa_ext',
  ]);
  return { conf, p12: path.join(dir, 'seal.p12') };
}

/** A local time-stamping authority: each query answered by `openssl ts -reply`. */
async function fakeTsa(dir: string, conf: string): Promise<{ url: string; server: Server; asked: () => number }> {
  let asked = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      asked += 1;
      const query = path.join(dir, `q${asked}.tsq`);
      const reply = path.join(dir, `r${asked}.tsr`);
      writeFileSync(query, Buffer.concat(chunks));
      // prettier-ignore
      const args = ['ts', '-reply', '-config', conf, '-queryfile', query, '-signer', 'tsa-cert.pem', '-inkey', 'tsa-key.pem', '-out', reply];
      run('openssl', args, { cwd: dir })
        .then(() => {
          res.setHeader('Content-Type', 'application/timestamp-reply');
          res.end(readFileSync(reply));
        })
        .catch(() => {
          res.statusCode = 500;
          res.end();
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}/tsa`, server, asked: () => asked };
}

/** The signature's CMS from the PDF's /Contents, the byte range's hole. */
function cmsOf(pdf: Buffer): Buffer {
  const text = pdf.toString('latin1');
  const m = /\/ByteRange \[\s*0\s+(\d+)\s+(\d+)\s+\d+\s*\]/.exec(text);
  if (!m) throw new Error('no byte range');
  const hex = text.slice(Number(m[1]) + 1, Number(m[2]) - 1);
  const der = Buffer.from(hex, 'hex');
  // The DER length says where the CMS ends; the rest of the placeholder is zeros.
  const lengthBytes = (der[1] ?? 0) & 0x7f;
  const length = [...der.subarray(2, 2 + lengthBytes)].reduce((n, b) => n * 256 + b, 0);
  return der.subarray(0, 2 + lengthBytes + length);
}

const pdfsig = (dir: string, pdf: Buffer): string => {
  const file = path.join(dir, `sig-${Date.now()}-${Math.random()}.pdf`);
  writeFileSync(file, pdf);
  // pdfsig exits non-zero when the certificate is not trusted (self-signed here).
  const out = spawnSync('pdfsig', [file], { encoding: 'utf8' });
  return `${out.stdout}${out.stderr}`;
};

describe.skipIf(!toolsHere)('certificates sealed with an e-seal (PAdES)', () => {
  const { t } = useTestApp({ now: NOW, seed: false });
  let dir: string;
  let keys: ReturnType<typeof makeKeys>;
  let tsa: Awaited<ReturnType<typeof fakeTsa>>;
  let event: BuiltConference;
  let admin: string;
  let workshop: number;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'seal-test-'));
    keys = makeKeys(dir);
    tsa = await fakeTsa(dir, keys.conf);
    event = await conference(t.db, t.clock.now(), {
      hoursTenths: { plenary: 15, workshop: 20 },
      certificates: DEMO_CERTIFICATES,
    });
    workshop = Number(event.workshops.riga?.[0]);
    admin = await apiToken(t, await organizer(t, 'admin@example.lv'));
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => tsa.server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  const env = (more: Record<string, string>) => ({
    DATA_DIR: dir,
    SESSION_SECRET: 'x'.repeat(40),
    ...more,
  });

  /** Registers someone for the workshop, marks them present and issues: their certificate's PDF URL. */
  async function certificateOf(name: string, email: string): Promise<string> {
    t.clock.set(NOW);
    const res = await request(t.app)
      .post(registerPath(event.slug))
      .send(person({ name, email, sessionIds: [workshop] }))
      .expect(201);
    const token = String(res.body.registration.manageUrl).split('/r/')[1] ?? '';
    t.clock.set(new Date(WORKSHOP_START + 5 * 60_000));
    await request(t.app)
      .post(`/api/v1/admin/events/${event.slug}/attendance`)
      .set('Authorization', `Bearer ${admin}`)
      .send({ sessionId: workshop, emails: [email] })
      .expect(200);
    t.clock.set(new Date(WORKSHOP_END + 60_000));
    await request(t.app)
      .post(`/api/v1/admin/events/${event.slug}/certificates`)
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    const page = await request(t.app).get(`/r/${token}`).expect(200);
    const url = /\/r\/[^"]+\/certificates\/\d+\/pdf/.exec(page.text)?.[0];
    if (!url) throw new Error('no certificate link');
    return url;
  }

  it('with CERTIFICATE_SIGNING_P12 and its password, the PDF is signed ETSI.CAdES.detached and pdfsig finds the signature valid', async () => {
    const config = loadConfig(env({ CERTIFICATE_SIGNING_P12: keys.p12, CERTIFICATE_SIGNING_PASSWORD: PASSWORD }));
    expect(config.certificateSeal?.name).toBe('Testa Zīmogs');
    t.ctx.certificateSeal = config.certificateSeal;
    const url = await certificateOf('Līga Bērziņa', 'liga@skola.lv');
    const pdf = (await bytes(request(t.app).get(url)).expect(200)).body as Buffer;

    expect(pdfText(pdf)).toContain('Līga Bērziņa');
    expect(pdf.toString('latin1')).toMatch(/\/SubFilter \/ETSI\.CAdES\.detached/);
    const report = pdfsig(dir, pdf);
    expect(report).toContain('Signer Certificate Common Name: Testa Zīmogs');
    expect(report).toContain('Signature Type: ETSI.CAdES.detached');
    expect(report).toContain('Total document signed');
    expect(report).toContain('Signature Validation: Signature is Valid.');

    // PAdES baseline: signing-certificate-v2 among the signed attributes, no signing-time.
    const cmsFile = path.join(dir, 'p12.cms');
    writeFileSync(cmsFile, cmsOf(pdf));
    const printed = openssl(dir, ['cms', '-cmsout', '-print', '-inform', 'DER', '-in', cmsFile]).toString();
    expect(printed).toContain('id-smime-aa-signingCertificateV2');
    expect(printed).not.toContain('signingTime');

    // A byte changed in the signed range (in the header's binary comment, so the file still reads) breaks it.
    const tampered = Buffer.from(pdf);
    expect(pdf.subarray(0, 10).toString('latin1')).toBe('%PDF-1.3\n%');
    tampered[10] = (tampered[10] ?? 0) ^ 0x01;
    expect(pdfsig(dir, tampered)).not.toContain('Signature is Valid.');
  });

  it('with a PEM key and chain and CERTIFICATE_TSA_URL, the signature carries an RFC 3161 time-stamp over its value', async () => {
    const before = tsa.asked();
    const config = loadConfig(
      env({
        CERTIFICATE_SIGNING_KEY: path.join(dir, 'seal-key.pem'),
        CERTIFICATE_SIGNING_CHAIN: path.join(dir, 'seal-cert.pem'),
        CERTIFICATE_TSA_URL: tsa.url,
      }),
    );
    t.ctx.certificateSeal = config.certificateSeal;
    const url = await certificateOf('Juris Liepa', 'juris@skola.lv');
    const pdf = (await bytes(request(t.app).get(url)).expect(200)).body as Buffer;
    expect(tsa.asked()).toBe(before + 1);
    expect(pdfsig(dir, pdf)).toContain('Signature Validation: Signature is Valid.');

    // The unsigned attribute holds a token the TSA signed over the SHA-256 of the signature value.
    const cms = forge.asn1.fromDer(forge.util.createBuffer(cmsOf(pdf).toString('binary')));
    const signedData = ((cms.value as forge.asn1.Asn1[])[1]?.value as forge.asn1.Asn1[])[0];
    const signerInfos = (signedData?.value as forge.asn1.Asn1[]).at(-1);
    const signerInfo = (signerInfos?.value as forge.asn1.Asn1[])[0]?.value as forge.asn1.Asn1[];
    const signature = Buffer.from(signerInfo[5]?.value as string, 'binary');
    const unsigned = signerInfo[6];
    expect(unsigned?.type).toBe(1);
    const attribute = (unsigned?.value as forge.asn1.Asn1[])[0]?.value as forge.asn1.Asn1[];
    expect(forge.asn1.derToOid(forge.util.createBuffer(attribute[0]?.value as string))).toBe(
      '1.2.840.113549.1.9.16.2.14',
    );
    const token = (attribute[1]?.value as forge.asn1.Asn1[])[0];
    const tokenFile = path.join(dir, 'token.der');
    writeFileSync(tokenFile, Buffer.from(forge.asn1.toDer(token as forge.asn1.Asn1).getBytes(), 'binary'));
    const digest = createHash('sha256').update(signature).digest('hex');
    // prettier-ignore
    const verified = openssl(dir, ['ts', '-verify', '-digest', digest, '-in', tokenFile, '-token_in', '-CAfile', 'tsa-cert.pem']).toString();
    expect(verified).toContain('Verification: OK');
    t.ctx.certificateSeal = null;
  });

  it('a wrong password, a missing file or a key without its chain stops the start, naming the variable', () => {
    const wrong = () =>
      loadConfig(env({ CERTIFICATE_SIGNING_P12: keys.p12, CERTIFICATE_SIGNING_PASSWORD: 'not-the-password' }));
    expect(wrong).toThrow(ConfigError);
    expect(wrong).toThrow(/CERTIFICATE_SIGNING_PASSWORD: does not open CERTIFICATE_SIGNING_P12/);
    // One letter off in a password that is not ASCII.
    expect(() =>
      loadConfig(env({ CERTIFICATE_SIGNING_P12: keys.p12, CERTIFICATE_SIGNING_PASSWORD: 'pa55-Vārdz' })),
    ).toThrow(/CERTIFICATE_SIGNING_PASSWORD: does not open/);
    expect(() => loadConfig(env({ CERTIFICATE_SIGNING_P12: keys.p12 }))).toThrow(
      /CERTIFICATE_SIGNING_PASSWORD: must be set/,
    );
    expect(() =>
      loadConfig(env({ CERTIFICATE_SIGNING_P12: path.join(dir, 'none.p12'), CERTIFICATE_SIGNING_PASSWORD: 'x' })),
    ).toThrow(/CERTIFICATE_SIGNING_P12: cannot be read/);
    expect(() =>
      loadConfig(env({ CERTIFICATE_SIGNING_P12: path.join(dir, 'seal-cert.pem'), CERTIFICATE_SIGNING_PASSWORD: 'x' })),
    ).toThrow(/CERTIFICATE_SIGNING_P12: cannot be read as a PKCS#12 file/);
    expect(() => loadConfig(env({ CERTIFICATE_SIGNING_KEY: path.join(dir, 'seal-key.pem') }))).toThrow(
      /CERTIFICATE_SIGNING_CHAIN: must be set/,
    );
    expect(() =>
      loadConfig(
        env({
          CERTIFICATE_SIGNING_KEY: path.join(dir, 'seal-key.pem'),
          CERTIFICATE_SIGNING_CHAIN: path.join(dir, 'tsa-cert.pem'),
        }),
      ),
    ).toThrow(/CERTIFICATE_SIGNING_CHAIN: holds no certificate for the private key/);
    expect(() => loadConfig(env({ CERTIFICATE_TSA_URL: 'ftp://tsa.example' }))).toThrow(/CERTIFICATE_TSA_URL/);
    // Without the settings: no seal, certificates as they were.
    expect(loadConfig(env({})).certificateSeal).toBeNull();
  });
});
