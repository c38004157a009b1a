import type { AppDeps } from './context.js';
import { giveUpHabilitacionJob, processHabilitacionJob } from './habilitacion.js';
import type { JobRecord } from './records.js';
import { backoffMs, giveUpSendJob, processSendJob, type JobResult } from './sending.js';

/** Worker tunables. */
export interface WorkerOptions {
  workerId: string;
  /** Jobs handled at once by this worker. */
  concurrency: number;
  /** Sleep when the queue is empty. */
  pollMs: number;
  /** Lease of a claimed job; extended while it runs. A dead worker's jobs return after it. */
  leaseMs: number;
}

/** A running worker. */
export interface RunningWorker {
  /** Stops claiming, waits for jobs in hand. */
  stop(): Promise<void>;
  /** Claims and runs due jobs once (tests drive the worker step by step). */
  tick(): Promise<number>;
}

/** Runs one job and records its result in the queue (complete, retry with backoff, or bury). */
export async function runJob(deps: AppDeps, opts: WorkerOptions, job: JobRecord): Promise<void> {
  const heartbeat = setInterval(() => {
    void deps.store.queue.heartbeat(job.id, opts.workerId, new Date(deps.clock.now().getTime() + opts.leaseMs)).catch(() => undefined);
  }, Math.max(50, Math.floor(opts.leaseMs / 3)));
  let result: JobResult;
  try {
    const handler = deps.jobHandlers?.get(job.jobType);
    result = handler ? await handler.process(job) : job.jobType === 'habilitacion' ? await processHabilitacionJob(deps, job) : await processSendJob(deps, job);
  } catch (e) {
    deps.log(`Error en el trabajo ${job.id} (${job.jobType})`, e);
    result = { kind: 'retry', error: e instanceof Error ? e.message : String(e) };
  } finally {
    clearInterval(heartbeat);
  }
  const now = deps.clock.now();
  if (result.kind === 'done') {
    await deps.store.queue.complete(job.id, opts.workerId, now);
  } else if (job.attempts >= job.maxAttempts) {
    await deps.store.queue.bury(job.id, opts.workerId, result.error, now);
    const handler = deps.jobHandlers?.get(job.jobType);
    if (handler) await handler.giveUp(job, result.error);
    else if (job.jobType === 'habilitacion') await giveUpHabilitacionJob(deps, job, result.error);
    else await giveUpSendJob(deps, job, result.error);
  } else {
    await deps.store.queue.retry(job.id, opts.workerId, new Date(now.getTime() + backoffMs(deps, job.attempts)), result.error, now);
  }
}

/**
 * Starts the polling worker. Several may run in one process or in many: claims use
 * `FOR UPDATE SKIP LOCKED`, so no job runs twice at once.
 */
export function startWorker(deps: AppDeps, opts: WorkerOptions): RunningWorker {
  let stopped = false;
  let inFlight = 0;
  let wake: (() => void) | undefined;
  const running = new Set<Promise<void>>();

  async function tick(): Promise<number> {
    const free = opts.concurrency - inFlight;
    if (free <= 0) return 0;
    const jobs = await deps.store.queue.claim(opts.workerId, free, deps.clock.now(), opts.leaseMs);
    for (const job of jobs) {
      inFlight++;
      const p = runJob(deps, opts, job)
        .catch((e) => deps.log(`No se pudo registrar el resultado del trabajo ${job.id}`, e))
        .finally(() => {
          inFlight--;
          running.delete(p);
          wake?.();
        });
      running.add(p);
    }
    return jobs.length;
  }

  const loop = (async () => {
    while (!stopped) {
      let claimed = 0;
      try {
        claimed = await tick();
      } catch (e) {
        deps.log('Error al reclamar trabajos de la cola', e);
      }
      if (stopped) break;
      if (claimed === 0 || inFlight >= opts.concurrency) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, opts.pollMs);
          wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
        wake = undefined;
      }
    }
  })();

  return {
    tick,
    async stop() {
      stopped = true;
      wake?.();
      await loop;
      await Promise.all([...running]);
    },
  };
}
