import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { loadSeal, SealError, type CertificateSeal } from './documents/seal.js';

/** Environment as the README documents it; every key has a default except where noted. */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  // Unset: file:$DATA_DIR/app.sqlite, next to the secret and the mail drop.
  DATABASE_URL: z
    .string()
    .regex(/^(file:.+|postgres(ql)?:\/\/.+)$/, 'must be file:PATH or postgres://…')
    .optional(),
  DEMO: z.enum(['on', 'off']).default('on'),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/.+/, 'must be smtp://… or smtps://…')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Skola. Vecāki. Bērni <noreply@localhost>'),
  BASE_URL: z.url().optional(),
  // The organizers' contact: Reply-To of every e-mail, shown in the public footer.
  REPLY_TO: z.email('must be an e-mail address').optional(),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  RATE_LIMIT: z.enum(['on', 'off']).default('on'),
  TRUST_PROXY: z.string().default('false'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATA_DIR: z.string().default('./data'),
  // How long a capacity change waits for its locks before answering 503 "busy".
  LOCK_TIMEOUT_MS: z.coerce.number().int().min(1).max(60_000).default(5_000),
  // Whether this process runs the outbox dispatcher and reminders (see start:cluster).
  JOBS: z.enum(['on', 'off']).default('on'),
  // Whether a new registration's limited places are held until its address confirms them
  // (events may say otherwise); off confirms at once, as load tests and imports need.
  ADDRESS_CONFIRMATION: z.enum(['on', 'off']).default('on'),
  // The e-seal on certificate PDFs (README, "Certificates with an e-seal"): a PKCS#12
  // file and its password, or a PEM key and its certificate chain; unset: unsealed PDFs.
  CERTIFICATE_SIGNING_P12: z.string().min(1).optional(),
  CERTIFICATE_SIGNING_PASSWORD: z.string().optional(),
  CERTIFICATE_SIGNING_KEY: z.string().min(1).optional(),
  CERTIFICATE_SIGNING_CHAIN: z.string().min(1).optional(),
  // An RFC 3161 time-stamping authority: each seal gets its time-stamp.
  CERTIFICATE_TSA_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
});

export interface Config {
  port: number;
  databaseUrl: string;
  demo: boolean;
  smtpUrl: string | undefined;
  mailFrom: string;
  /** The organizers' contact address (Reply-To, site footer); null when unset. */
  replyTo: string | null;
  baseUrl: string;
  secret: string;
  rateLimit: boolean;
  trustProxy: boolean | number | string;
  logLevel: string;
  dataDir: string;
  lockTimeoutMs: number;
  jobs: boolean;
  addressConfirmation: boolean;
  /** The e-seal on certificate PDFs; null: they are not sealed. */
  certificateSeal: CertificateSeal | null;
}

export class ConfigError extends Error {}

/** Parses the environment; throws a ConfigError that names every bad key. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  let certificateSeal: CertificateSeal | null;
  try {
    certificateSeal = loadSeal({
      p12: e.CERTIFICATE_SIGNING_P12,
      password: e.CERTIFICATE_SIGNING_PASSWORD,
      keyPem: e.CERTIFICATE_SIGNING_KEY,
      chainPem: e.CERTIFICATE_SIGNING_CHAIN,
      tsaUrl: e.CERTIFICATE_TSA_URL,
    });
  } catch (err) {
    if (err instanceof SealError) throw new ConfigError(`Invalid configuration:\n  ${err.variable}: ${err.message}`);
    throw err;
  }
  const dataDir = path.resolve(e.DATA_DIR);
  return {
    port: e.PORT,
    databaseUrl: e.DATABASE_URL ?? `file:${path.join(dataDir, 'app.sqlite')}`,
    demo: e.DEMO === 'on',
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    replyTo: e.REPLY_TO ?? null,
    baseUrl: (e.BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    secret: e.SESSION_SECRET ?? persistentSecret(dataDir),
    rateLimit: e.RATE_LIMIT === 'on',
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    logLevel: e.LOG_LEVEL,
    dataDir,
    lockTimeoutMs: e.LOCK_TIMEOUT_MS,
    jobs: e.JOBS === 'on',
    addressConfirmation: e.ADDRESS_CONFIRMATION === 'on',
    certificateSeal,
  };
}

/** For entry points (app, cluster, CLI): the configuration, or its message and exit 1. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
}

function parseTrustProxy(v: string): boolean | number | string {
  if (v === 'true') return true;
  if (v === 'false' || v === '') return false;
  if (/^\d+$/.test(v)) return Number(v);
  return v;
}

/** A generated secret kept under data/, so links stay valid across restarts. */
function persistentSecret(dataDir: string): string {
  const file = path.join(dataDir, 'secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
