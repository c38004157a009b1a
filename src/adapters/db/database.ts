import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { migrate } from './migrations.js';
import { PGliteDialect } from './pglite-dialect.js';
import type { Database } from './schema.js';

/** Where the data lives: PGlite in a folder (or in memory), or a PostgreSQL server. */
export type DatabaseConfig =
  | {
      kind: 'pglite';
      /** Folder; omit for an in-memory database (tests). */
      dataDir?: string;
      /** Start from a dumped data directory (tests clone a migrated template this way: much faster than initdb). */
      loadDataDir?: Blob;
    }
  | { kind: 'postgres'; url: string; poolSize?: number; /** Schema to create and use (tests isolate themselves this way). */ schema?: string };

/** An open database: the query builder plus what the adapters need to know about it. */
export interface OpenDatabase {
  db: Kysely<Database>;
  kind: DatabaseConfig['kind'];
  close(): Promise<void>;
  /** The embedded engine, when PGlite (tests dump it as a template). */
  pglite?: PGlite;
}

const INT8 = 20;
const DATE = 1082;
const NUMERIC = 1700;

/**
 * Opens the database and applies migrations. Both drivers return int8 as `bigint`, `numeric`
 * as an exact string and `date` as the YYYY-MM-DD text (never a shifted JS Date).
 */
export async function openDatabase(config: DatabaseConfig): Promise<OpenDatabase> {
  let db: Kysely<Database>;
  let pgliteInstance: PGlite | undefined;
  if (config.kind === 'pglite') {
    if (config.dataDir) mkdirSync(config.dataDir, { recursive: true });
    const pglite = new PGlite(config.dataDir ?? 'memory://', {
      ...(config.loadDataDir && { loadDataDir: config.loadDataDir }),
      parsers: { [INT8]: (x: string) => BigInt(x), [DATE]: (x: string) => x, [NUMERIC]: (x: string) => x },
    });
    pgliteInstance = pglite;
    db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  } else {
    const types = {
      getTypeParser(oid: number, format?: 'text' | 'binary') {
        if (oid === INT8) return (x: string) => BigInt(x);
        if (oid === DATE) return (x: string) => x;
        return pg.types.getTypeParser(oid, format);
      },
    };
    if (config.schema) {
      if (!/^[a-z_][a-z0-9_]*$/.test(config.schema)) throw new Error(`Nombre de esquema inválido: ${config.schema}`);
      const client = new pg.Client({ connectionString: config.url });
      await client.connect();
      try {
        await client.query(`CREATE SCHEMA IF NOT EXISTS ${config.schema}`);
      } finally {
        await client.end();
      }
    }
    const pool = new pg.Pool({
      connectionString: config.url,
      max: config.poolSize ?? 10,
      types: types as pg.CustomTypesConfig,
      ...(config.schema && { options: `-c search_path=${config.schema}` }),
    });
    // An idle client losing its connection must not crash the process.
    pool.on('error', (err) => console.error(`PostgreSQL: ${err.message}`));
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  }
  await migrate(db as Kysely<unknown>);
  return { db, kind: config.kind, close: () => db.destroy(), ...(pgliteInstance && { pglite: pgliteInstance }) };
}
