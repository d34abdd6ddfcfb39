import { describe, expect, it } from 'vitest';
import { isBusyError, translateDbError } from '../../server/db/capacity.js';
import { AppError } from '../../server/domain/errors.js';

describe('telling a busy database from a broken one', () => {
  it.each([
    ['PostgreSQL lock_timeout', { code: '55P03' }],
    ['PostgreSQL deadlock', { code: '40P01' }],
    ['PostgreSQL serialization failure', { code: '40001' }],
    ['SQLite busy', { code: 'SQLITE_BUSY' }],
    ['SQLite busy snapshot', { code: 'SQLITE_BUSY_SNAPSHOT' }],
    ['knex pool timeout', Object.assign(new Error('Timeout acquiring a connection'), { name: 'KnexTimeoutError' })],
  ])('when the error is %s, then it is busy and becomes AppError busy', (_, err) => {
    expect(isBusyError(err)).toBe(true);
    const translated = translateDbError(err);
    expect(translated).toBeInstanceOf(AppError);
    expect((translated as AppError).status).toBe(503);
  });

  it.each([
    ['a unique violation', { code: '23505' }],
    ['an SQLite constraint', { code: 'SQLITE_CONSTRAINT_UNIQUE' }],
    ['a plain error', new Error('boom')],
    ['not an object', 'boom'],
  ])('when the error is %s, then it passes through unchanged', (_, err) => {
    expect(isBusyError(err)).toBe(false);
    expect(translateDbError(err)).toBe(err);
  });
});
