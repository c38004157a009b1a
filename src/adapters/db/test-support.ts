import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import pg from 'pg';
import { openDatabase, type OpenDatabase } from './database.js';

/** PostgreSQL used by the conformance suites (CI provides it; locally they skip without it). */
export const TEST_DATABASE_URL = process.env.PREVIA_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** True when something listens at the test PostgreSQL's host and port. */
export async function postgresReachable(url = TEST_DATABASE_URL): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: u.hostname, port: Number(u.port || 5432) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

let template: Promise<Blob> | undefined;

/** A migrated PGlite data directory, made once per test process (initdb takes seconds). */
function pgliteTemplate(): Promise<Blob> {
  template ??= (async () => {
    const opened = await openDatabase({ kind: 'pglite' });
    const blob = (await opened.pglite!.dumpDataDir('none')) as Blob;
    await opened.close();
    return blob;
  })();
  return template;
}

/** One database implementation a conformance suite runs against. */
export interface DatabaseTarget {
  name: 'pglite' | 'postgres';
  /** Opens a fresh, empty, migrated database (a new schema on PostgreSQL). */
  open(): Promise<OpenDatabase>;
}

const pgReachable = await postgresReachable();
if (!pgReachable) console.warn(`[previa] PostgreSQL no disponible en ${TEST_DATABASE_URL}: se omiten las pruebas sobre PostgreSQL (solo PGlite).`);

/** The targets available here: PGlite always, PostgreSQL when reachable. */
export const DATABASE_TARGETS: DatabaseTarget[] = [
  { name: 'pglite', open: async () => openDatabase({ kind: 'pglite', loadDataDir: await pgliteTemplate() }) },
  ...(pgReachable
    ? [
        {
          name: 'postgres' as const,
          async open() {
            const schema = `t_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
            const opened = await openDatabase({ kind: 'postgres', url: TEST_DATABASE_URL, schema, poolSize: 20 });
            return {
              ...opened,
              async close() {
                await opened.close();
                const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
                await client.connect();
                await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
                await client.end();
              },
            };
          },
        },
      ]
    : []),
];
