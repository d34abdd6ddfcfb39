import { dialectOf, type Db, type Tx } from './knex.js';

type Work<T> = (trx: Tx) => Promise<T>;

interface Pending {
  work: Work<unknown>;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

/** Most units of work in one commit: bounds how long a batch holds the write lock. */
const MOST_PER_COMMIT = 64;

/**
 * Group commit for SQLite. On one connection, registrations are serialised anyway, and
 * what each one costs most is its own COMMIT (writing the same few pages to the WAL
 * again). Units of work that arrive while a commit is under way are run one after the
 * other, each in its own savepoint, inside one transaction, and committed together:
 * - each unit sees the ones before it, so "first N" stays first by order of arrival,
 *   which is the commit order, and waitlist positions counted inside stay exact;
 * - a unit that fails rolls back to its savepoint only, and its caller gets the error;
 * - nobody hears of a result before the commit that makes it durable: if the commit
 *   fails, every unit in it fails, and their outbox rows are gone with them.
 * On PostgreSQL (several connections, row locks) each unit is simply its own transaction.
 */
class CommitBatcher {
  private queue: Pending[] = [];
  private running = false;

  constructor(private readonly db: Db) {}

  run<T>(work: Work<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, MOST_PER_COMMIT);
        await this.commit(batch);
      }
    } finally {
      this.running = false;
    }
  }

  private async commit(batch: Pending[]): Promise<void> {
    const outcomes: { ok: boolean; value: unknown }[] = [];
    try {
      await this.db.transaction(async (trx) => {
        for (const unit of batch) {
          try {
            outcomes.push({ ok: true, value: await trx.transaction((savepoint) => unit.work(savepoint)) });
          } catch (err) {
            outcomes.push({ ok: false, value: err });
          }
        }
      });
    } catch (err) {
      // SQLite leaves the transaction open when COMMIT itself fails (a deferred
      // constraint, SQLITE_BUSY, a full disk); knex does not roll it back.
      await this.db.raw('ROLLBACK').catch(() => undefined);
      for (const unit of batch) unit.reject(err);
      return;
    }
    batch.forEach((unit, i) => {
      const outcome = outcomes[i];
      if (outcome?.ok) unit.resolve(outcome.value);
      else unit.reject(outcome?.value);
    });
  }
}

const batchers = new WeakMap<Db, CommitBatcher>();

/** Like `db.transaction(work)`, but on SQLite possibly committed together with others. */
export function committingTogether(db: Db): { transaction: <T>(work: Work<T>) => Promise<T> } {
  if (dialectOf(db) !== 'sqlite') return { transaction: (work) => db.transaction(work) };
  let batcher = batchers.get(db);
  if (!batcher) {
    batcher = new CommitBatcher(db);
    batchers.set(db, batcher);
  }
  const shared = batcher;
  return { transaction: (work) => shared.run(work) };
}
