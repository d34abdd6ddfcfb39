/**
 * Organizer CLI (docs/back-office.md):
 *   npm run -s cli -- organizer:add --email E --password-stdin [--name N] [--role admin|coordinator] [--regions riga,vidzeme]
 *   npm run -s cli -- token:create --email E [--name N]      (prints only the token)
 */
import { parseArgs } from 'node:util';
import { loadConfigOrExit } from './config.js';
import { openDatabase } from './db/database.js';
import { migrate } from './db/knex.js';
import { AppError } from './domain/errors.js';
import { serviceContext } from './main.js';
import type { OrganizerRole } from './domain/organizers.js';
import { createApiToken } from './features/organizers/index.js';
import { addOrganizer, findOrganizerByEmail } from './features/organizers/index.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string', default: 'admin' },
      regions: { type: 'string', default: '' },
      'password-stdin': { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (!values.email) {
    console.error('--email is required');
    return 2;
  }
  const config = loadConfigOrExit();
  const db = openDatabase(config.databaseUrl);
  try {
    await migrate(db.knex);
    const ctx = serviceContext(config, db);
    if (command === 'organizer:add') {
      if (!values['password-stdin']) {
        console.error('give the password on standard input with --password-stdin');
        return 2;
      }
      const role = values.role as OrganizerRole;
      if (role !== 'admin' && role !== 'coordinator') {
        console.error('--role must be admin or coordinator');
        return 2;
      }
      const organizer = await addOrganizer(
        ctx,
        {
          email: values.email,
          name: values.name ?? values.email,
          role,
          regionIds: values.regions ? values.regions.split(',').map((r) => r.trim()) : [],
          password: await readStdin(),
        },
        'cli',
      );
      console.log(`organizer ${organizer.email} (${organizer.role}) added`);
      return 0;
    }
    if (command === 'token:create') {
      const organizer = await findOrganizerByEmail(ctx, values.email);
      if (!organizer) {
        console.error(`no active organizer ${values.email}`);
        return 1;
      }
      console.log(await createApiToken(ctx, organizer.id, values.name ?? 'cli', 'cli'));
      return 0;
    }
    console.error('commands: organizer:add, token:create');
    return 2;
  } catch (err) {
    if (err instanceof AppError) {
      console.error(`${err.code}: ${JSON.stringify(err.fields ?? {})}`);
      return 1;
    }
    throw err;
  } finally {
    await db.destroy();
  }
}

process.exitCode = await main(process.argv.slice(2));
