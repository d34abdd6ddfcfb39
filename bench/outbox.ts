/** Watches the app's outbox from the bench process, through a read-only connection. */
import Database from 'better-sqlite3';

/**
 * Waits until the outbox holds no pending message (the mail of the rush has gone to the
 * local mail drop), so the page measurements that follow do not share the CPU with it.
 * Returns the seconds waited; gives up after `limitSeconds`.
 */
export async function outboxDrained(sqliteFile: string, limitSeconds = 120): Promise<number> {
  const db = new Database(sqliteFile, { readonly: true, fileMustExist: true });
  const started = Date.now();
  try {
    const pending = db.prepare("SELECT count(*) AS n FROM outbox WHERE status = 'pending'");
    while ((pending.get() as { n: number }).n > 0) {
      if (Date.now() - started > limitSeconds * 1000) throw new Error(`outbox not drained in ${limitSeconds} s`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return (Date.now() - started) / 1000;
  } finally {
    db.close();
  }
}
