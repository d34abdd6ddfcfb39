/**
 * The house rules ESLint checks beside its own (eslint.config.js):
 *
 * - `house/pool-writes`: a write to seats (rows, status) or to a pool's counters (quotas'
 *   `used`, `size`) happens in server/db/capacityWrites.ts only, whose functions take the capacity
 *   runner's own transaction (LOCKING.md). Elsewhere the rule refuses SQL text that inserts,
 *   deletes or updates such rows and knex calls that do, except updates of seat marks that
 *   decide no place (attendance, reminders, join codes, a switched seat's calendar entry).
 * - `house/no-cycles`: no module of server/ imports, directly or through others, a module
 *   that imports it back (types included): the import graph reads features -> shared layers.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** Columns of a seat that record what happened to it without deciding a place. */
const SEAT_MARKS = new Set([
  'reminded_at',
  'attended_at',
  'attended_source',
  'attended_minutes',
  'first_joined_at',
  'last_joined_at',
  'join_code_hash',
  'join_code_sealed',
  'calendar_uid',
  'calendar_sequence_base',
]);

const WRITE_SQL = /\b(insert\s+into|delete\s+from|update)\s+(seats|quotas)\b([\s\S]*)/i;
const KNEX_WRITES = new Set(['insert', 'update', 'del', 'delete', 'increment', 'decrement', 'truncate', 'upsert']);

/** The columns an `UPDATE seats SET a = ?, b = ? …` sets, or null when they cannot be told. */
function setColumns(rest) {
  const m = /^\s+set\s+([\s\S]*?)(\bwhere\b|$)/i.exec(rest);
  if (!m) return null;
  return m[1]
    .split(',')
    .map((part) => part.split('=')[0].trim().toLowerCase())
    .filter(Boolean);
}

/** Whether SQL text writes seats or pool counters beyond the seat marks. */
function writesPlaces(text) {
  const m = WRITE_SQL.exec(text);
  if (!m) return false;
  const [, verb, table, rest] = m;
  if (verb.toLowerCase() !== 'update' || table.toLowerCase() !== 'seats') return true;
  const columns = setColumns(rest);
  return columns === null || columns.some((c) => !SEAT_MARKS.has(c));
}

/** The table of a knex chain (`trx('seats').where(…).update(…)`), or null. */
function tableOf(node) {
  let current = node;
  while (current) {
    if (current.type === 'CallExpression') {
      const [first] = current.arguments;
      if (
        current.callee.type !== 'MemberExpression' &&
        first &&
        first.type === 'Literal' &&
        typeof first.value === 'string'
      ) {
        return first.value;
      }
      current = current.callee.type === 'MemberExpression' ? current.callee.object : null;
    } else if (current.type === 'MemberExpression') current = current.object;
    else return null;
  }
  return null;
}

/** The keys of an object literal passed to update(), or null when it is not a literal. */
function literalKeys(node) {
  if (!node || node.type !== 'ObjectExpression') return null;
  const keys = [];
  for (const p of node.properties) {
    if (p.type !== 'Property' || p.computed) return null;
    keys.push(p.key.type === 'Identifier' ? p.key.name : String(p.key.value));
  }
  return keys;
}

const poolWrites = {
  meta: {
    type: 'problem',
    docs: { description: 'writes to seats and pool counters only in server/db/capacityWrites.ts' },
    schema: [{ type: 'object', properties: { allow: { type: 'array', items: { type: 'string' } } } }],
    messages: {
      write:
        'A write to seats or pool counters belongs in server/db/capacityWrites.ts, inside db.capacity.run (LOCKING.md): {{what}}',
    },
  },
  create(context) {
    const allow = context.options[0]?.allow ?? [];
    const file = context.filename.split(path.sep).join('/');
    if (allow.some((a) => file.endsWith(a))) return {};
    const check = (node, text) => {
      if (writesPlaces(text)) context.report({ node, messageId: 'write', data: { what: text.trim().slice(0, 60) } });
    };
    return {
      Literal(node) {
        if (typeof node.value === 'string') check(node, node.value);
      },
      TemplateLiteral(node) {
        check(node, node.quasis.map((q) => q.value.cooked ?? '').join('?'));
      },
      CallExpression(node) {
        if (node.callee.type !== 'MemberExpression' || node.callee.property.type !== 'Identifier') return;
        const method = node.callee.property.name;
        if (!KNEX_WRITES.has(method)) return;
        const table = tableOf(node.callee.object);
        if (table !== 'seats' && table !== 'quotas') return;
        if (table === 'seats' && method === 'update') {
          const keys = literalKeys(node.arguments[0]);
          if (keys && keys.every((k) => SEAT_MARKS.has(k))) return;
        }
        context.report({ node, messageId: 'write', data: { what: `${table}.${method}(…)` } });
      },
    };
  },
};

/** The import graph of a source tree: file -> the files it imports (relative specifiers). */
function importGraph(root) {
  const graph = new Map();
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (file.endsWith('.ts')) graph.set(file, importsOf(file));
    }
  };
  walk(root);
  return graph;
}

const SPECIFIER = /(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g;

function importsOf(file) {
  const targets = [];
  for (const m of readFileSync(file, 'utf8').matchAll(SPECIFIER)) {
    const target = path.resolve(path.dirname(file), m[1]).replace(/\.js$/, '.ts');
    if (existsSync(target)) targets.push(target);
  }
  return targets;
}

/** A path of imports from `from` back to `to`, or null. */
function pathBack(graph, from, to) {
  const seen = new Set([from]);
  const queue = [[from]];
  while (queue.length > 0) {
    const trail = queue.shift();
    for (const next of graph.get(trail[trail.length - 1]) ?? []) {
      if (next === to) return [...trail, next];
      if (!seen.has(next)) {
        seen.add(next);
        queue.push([...trail, next]);
      }
    }
  }
  return null;
}

const graphs = new Map();

const noCycles = {
  meta: {
    type: 'problem',
    docs: { description: 'no import cycles among the modules of a source tree' },
    schema: [{ type: 'object', properties: { root: { type: 'string' } } }],
    messages: { cycle: 'Import cycle: {{trail}}' },
  },
  create(context) {
    const root = path.resolve(context.cwd, context.options[0]?.root ?? 'server');
    const file = path.resolve(context.filename);
    if (!file.startsWith(root + path.sep)) return {};
    if (!graphs.has(root)) graphs.set(root, importGraph(root));
    const graph = graphs.get(root);
    // What this file says now (the editor's text), not what the disk said at the start.
    graph.set(file, []);
    const edge = (node) => {
      const spec = node.source?.value;
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const target = path.resolve(path.dirname(file), spec).replace(/\.js$/, '.ts');
      graph.get(file).push(target);
      const back = pathBack(graph, target, file);
      if (back) {
        const trail = [file, ...back].map((f) => path.relative(root, f)).join(' -> ');
        context.report({ node, messageId: 'cycle', data: { trail } });
      }
    };
    return { ImportDeclaration: edge, ExportAllDeclaration: edge, ExportNamedDeclaration: edge };
  },
};

export default { rules: { 'pool-writes': poolWrites, 'no-cycles': noCycles } };
