import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The house rules (eslint.config.js, eslint/house.js) refuse what they are there to refuse:
 * each case lints a few lines as if they stood in a file of the tree and names the rule
 * that must fire. `npm run lint` shows the tree itself is clean.
 */
const eslint = new ESLint();

async function rulesFiredOn(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('the house rules', () => {
  it.each([
    ['SQL text that confirms a seat', "await sql.run('UPDATE seats SET status = ? WHERE id = ?', ['confirmed', 1]);"],
    ['SQL text that moves a pool counter', "await sql.run('UPDATE quotas SET used = used + 1 WHERE id = ?', [1]);"],
    ['a new seat in SQL', 'await sql.insert(`INSERT INTO seats (registration_id) VALUES (${1})`);'],
    ['a knex update of a seat status', "await trx('seats').where('id', 1).update({ status: 'confirmed' });"],
    ['a knex update of a pool size', "await trx('quotas').where('id', 1).update({ size: 5 });"],
    ['a knex delete of seats', "await db('seats').where('registration_id', 1).del();"],
  ])('when a feature writes %s, then house/pool-writes refuses it', async (_what, line) => {
    const code = `export async function f(sql: any, trx: any, db: any) {\n  ${line}\n}\n`;
    expect(await rulesFiredOn('server/features/registration/sneaky.ts', code)).toContain('house/pool-writes');
  });

  it('when a seat mark that decides no place is written (a reminder, a join), then it passes', async () => {
    const code =
      "export async function f(trx: any) {\n  await trx('seats').where('id', 1).update({ reminded_at: null });\n" +
      "  await trx.raw('UPDATE seats SET attended_at = ? WHERE id = ?', ['x', 1]);\n}\n";
    expect(await rulesFiredOn('server/features/attendance/marks.ts', code)).not.toContain('house/pool-writes');
  });

  it('when code outside the runner makes its own CapacityTx, then it is refused', async () => {
    const code =
      "import type { CapacityTx } from '../../db/capacity.js';\n" +
      'export const forged = (x: unknown): CapacityTx => x as CapacityTx;\n';
    expect(await rulesFiredOn('server/features/registration/forged.ts', code)).toContain('no-restricted-syntax');
  });

  it('when a feature reaches into another past its index.ts, then it is refused', async () => {
    const code = "import { register } from '../registration/register.js';\nexport const r = register;\n";
    expect(await rulesFiredOn('server/features/groups/deep.ts', code)).toContain('no-restricted-imports');
    const face = "import { register } from '../registration/index.js';\nexport const r = register;\n";
    expect(await rulesFiredOn('server/features/groups/face.ts', face)).not.toContain('no-restricted-imports');
  });

  it('when a shared layer imports a feature, then it is refused, and the cycle it would close is named', async () => {
    const code = "import { register } from '../features/registration/index.js';\nexport const r = register;\n";
    const fired = await rulesFiredOn('server/db/knex.ts', code);
    expect(fired).toContain('no-restricted-imports');
    expect(fired).toContain('house/no-cycles');
  });
});
