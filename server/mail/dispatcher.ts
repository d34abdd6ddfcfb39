import type { Logger } from 'pino';
import type { Database } from '../db/database.js';
import type { Composer, OutboxRow } from './compose.js';
import type { MailTransport } from './transport.js';

export interface DispatcherOptions {
  /** Messages claimed per round. */
  batchSize: number;
  /** Messages in flight at once (matches the SMTP pool). */
  concurrency: number;
  /** How long a claim lasts before another worker may take the message over. */
  leaseMs: number;
  /** After this many failed attempts a message is marked failed for an organizer to see. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  pollMs: number;
  /**
   * While live traffic keeps the process busy (see `busy`), rounds wait, but never longer
   * than this: mail is late during a registration rush, never stuck.
   */
  maxYieldMs: number;
}

export const DEFAULT_DISPATCH: DispatcherOptions = {
  batchSize: 100,
  concurrency: 5,
  leaseMs: 120_000,
  maxAttempts: 10,
  baseDelayMs: 5_000,
  maxDelayMs: 30 * 60_000,
  pollMs: 500,
  maxYieldMs: 30_000,
};

/** The pause between rounds while more is waiting: long enough to see live traffic. */
const BACKLOG_PAUSE_MS = 20;

export interface RoundResult {
  sent: number;
  retried: number;
  failed: number;
  skipped: number;
}

/** Exponential backoff with a cap and ±20 % jitter, so retries do not arrive in step. */
export function backoffMs(
  attempt: number,
  o: Pick<DispatcherOptions, 'baseDelayMs' | 'maxDelayMs'>,
  random = Math.random,
): number {
  const raw = Math.min(o.maxDelayMs, o.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(raw * (0.8 + 0.4 * random()));
}

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err)).slice(0, 1000);

/**
 * Sends what the outbox holds. Each round claims due messages with a lease (on
 * PostgreSQL with SKIP LOCKED, so several processes share the work without sending a
 * message twice), sends them outside any transaction, then records the outcome.
 */
export class OutboxDispatcher {
  private readonly options: DispatcherOptions;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = false;
  private yieldingSince: number | null = null;

  constructor(
    private readonly deps: {
      db: Database;
      transport: MailTransport;
      composer: Composer;
      clock: () => Date;
      logger: Logger;
      /** Whether live requests kept the process busy since the last look (eventLoopBusy). */
      busy?: () => boolean;
    },
    options: Partial<DispatcherOptions> = {},
  ) {
    this.options = { ...DEFAULT_DISPATCH, ...options };
  }

  private async claim(now: Date): Promise<OutboxRow[]> {
    const db = this.deps.db.knex;
    const at = now.toISOString();
    const until = new Date(now.getTime() + this.options.leaseMs).toISOString();
    return db.transaction(async (trx) => {
      let query = trx('outbox')
        .where('status', 'pending')
        .andWhere('next_attempt_at', '<=', at)
        .andWhere((q) => void q.whereNull('locked_until').orWhere('locked_until', '<=', at))
        .orderBy('id')
        .limit(this.options.batchSize)
        .select(
          'id',
          'kind',
          'to_email',
          'language',
          'registration_id',
          'payload',
          'message_id',
          'created_at',
          'attempts',
        );
      if (this.deps.db.dialect === 'postgres') query = query.forUpdate().skipLocked();
      const rows = (await query) as (OutboxRow & { attempts: number })[];
      if (rows.length > 0) {
        await trx('outbox')
          .whereIn(
            'id',
            rows.map((r) => r.id),
          )
          .update({ locked_until: until });
      }
      return rows.map((r) => ({
        ...r,
        id: Number(r.id),
        registration_id: r.registration_id === null ? null : Number(r.registration_id),
      }));
    });
  }

  private async deliver(row: OutboxRow & { attempts?: number }, result: RoundResult): Promise<void> {
    const { transport, composer, clock, logger } = this.deps;
    const db = this.deps.db.knex;
    const attempts = Number(row.attempts ?? 0) + 1;
    try {
      const message = await composer.compose(row, clock());
      if (!message) {
        await db('outbox').where('id', row.id).update({ status: 'skipped', attempts, locked_until: null });
        result.skipped += 1;
        return;
      }
      await transport.send(message);
      await db('outbox')
        .where('id', row.id)
        .update({ status: 'sent', attempts, sent_at: clock().toISOString(), locked_until: null, last_error: null });
      result.sent += 1;
    } catch (err) {
      const failed = attempts >= this.options.maxAttempts;
      const next = new Date(clock().getTime() + backoffMs(attempts, this.options)).toISOString();
      await db('outbox')
        .where('id', row.id)
        .update({
          status: failed ? 'failed' : 'pending',
          attempts,
          next_attempt_at: next,
          locked_until: null,
          last_error: errorText(err),
        });
      if (failed) result.failed += 1;
      else result.retried += 1;
      logger.warn({ outboxId: row.id, kind: row.kind, attempts, failed, err: errorText(err) }, 'mail not sent');
    }
  }

  /** One round: claim what is due and try to send it. */
  async runOnce(): Promise<RoundResult> {
    const result: RoundResult = { sent: 0, retried: 0, failed: 0, skipped: 0 };
    this.deps.composer.reset();
    const rows = await this.claim(this.deps.clock());
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < rows.length) {
        const row = rows[next++];
        if (row) await this.deliver(row, result);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.concurrency, rows.length) }, worker));
    return result;
  }

  /** Rounds until nothing is due (for tests, the CLI and shutdown). */
  async drain(maxRounds = 1000): Promise<RoundResult> {
    const total: RoundResult = { sent: 0, retried: 0, failed: 0, skipped: 0 };
    for (let i = 0; i < maxRounds; i++) {
      const r = await this.runOnce();
      total.sent += r.sent;
      total.retried += r.retried;
      total.failed += r.failed;
      total.skipped += r.skipped;
      if (r.sent + r.retried + r.failed + r.skipped === 0) break;
    }
    return total;
  }

  start(): void {
    this.stopped = false;
    const tick = (): void => {
      if (this.stopped) return;
      if (this.yieldToTraffic()) {
        this.schedule(this.options.pollMs, tick);
        return;
      }
      this.running = this.runOnce()
        .then((r) => {
          // A full batch means more is waiting: go again after a short look at the traffic.
          const backlog = r.sent + r.retried + r.failed + r.skipped >= this.options.batchSize;
          this.deps.busy?.();
          this.schedule(backlog ? BACKLOG_PAUSE_MS : this.options.pollMs, tick);
        })
        .catch((err: unknown) => {
          this.deps.logger.error({ err: errorText(err) }, 'outbox round failed');
          this.schedule(this.options.pollMs, tick);
        });
    };
    this.schedule(0, tick);
  }

  /**
   * Composing and sending mail costs far more than taking a registration, so while the
   * process is busy with requests (a registration rush) messages wait in the outbox,
   * for at most maxYieldMs at a time.
   */
  private yieldToTraffic(): boolean {
    const now = Date.now();
    if (!this.deps.busy?.()) {
      this.yieldingSince = null;
      return false;
    }
    this.yieldingSince ??= now;
    if (now - this.yieldingSince < this.options.maxYieldMs) return true;
    this.yieldingSince = now;
    return false;
  }

  private schedule(ms: number, fn: () => void): void {
    if (this.stopped) return;
    this.timer = setTimeout(fn, ms);
    this.timer.unref?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }
}
