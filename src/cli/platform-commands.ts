import { join } from 'node:path';
import { configFromEnv, startServer, startWorkerProcess, type RunningPlatform } from '../server/main.js';

/** A CLI command: arguments in, exit code out (same shape as `src/cli/commands.ts`). */
type Command = (args: string[]) => Promise<number> | number;

function untilSignal(running: RunningPlatform): Promise<number> {
  return new Promise((resolve) => {
    const stop = (sig: string) => {
      console.log(`\n${sig}: deteniendo…`);
      running.stop().then(
        () => resolve(0),
        (e: unknown) => {
          console.error(e);
          resolve(1);
        },
      );
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
}

/**
 * Registers `serve` (API + worker + embedded DIAN simulator + demo organization) and `worker`
 * (worker alone, for scale-out on PostgreSQL). Configuration by environment variables; see
 * `configFromEnv` in `src/server/main.ts`.
 */
export function registerPlatformCommands(register: (name: string, command: Command) => void): void {
  register('serve', async () => {
    const config = configFromEnv();
    const running = await startServer(config);
    const p = running.platform;
    console.log(`Previa escuchando en ${running.url}  (documentación: ${running.url}/docs, OpenAPI: ${running.url}/openapi.json)`);
    console.log(`Base de datos: ${config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite en ${join(config.dataDir, 'pglite')}`}`);
    console.log(`DIAN: ${p.simulator ? `simulador embebido en ${p.simulator.url}` : p.dianEndpoint}`);
    console.log(`Clave de administrador (X-Admin-Key): ${p.adminKey}${config.adminKey ? '' : `  [guardada en ${join(config.dataDir, 'admin.key')}]`}`);
    if (running.demoApiKey) console.log(`API key de la organización de demostración (NIT 900108281): ${running.demoApiKey}  [guardada en ${join(config.dataDir, 'demo-api-key.txt')}]`);
    return untilSignal(running);
  });
  register('worker', async () => {
    const running = await startWorkerProcess(configFromEnv());
    console.log('Trabajador de envíos DIAN en marcha (Ctrl+C para detener)');
    return untilSignal(running);
  });
}
