import { requireSigningIdentity } from './certificates.js';
import type { AppDeps } from './context.js';
import { AppError } from './errors.js';
import type { DianDocumentResult, DianSession } from './ports.js';
import { ensureSigned } from './documents.js';
import type { DocumentRecord, JobRecord, StoredDocument } from './records.js';

/** What a job handler tells the worker: finished, or try again later (with why). */
export type JobResult = { kind: 'done' } | { kind: 'retry'; error: string };

/**
 * Delay before attempt `attempts + 1`: base × 2^(attempts−1), capped, with ±20 % jitter so
 * many documents failing together do not return to DIAN all at once.
 */
export function backoffMs(deps: AppDeps, attempts: number, random: () => number = Math.random): number {
  const raw = Math.min(deps.config.backoffMaxMs, deps.config.backoffBaseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(raw * (0.8 + 0.4 * random()));
}

async function finalize(deps: AppDeps, doc: StoredDocument, r: Extract<DianDocumentResult, { kind: 'accepted' | 'rejected' }>, action: string): Promise<void> {
  await deps.store.updateDocumentState(
    doc.organizationId,
    doc.id,
    {
      status: r.kind,
      dianStatusCode: r.statusCode,
      dianStatusDescription: r.statusDescription,
      dianMessages: r.messages,
      applicationResponse: r.applicationResponse,
      lastError: null,
      finalAt: deps.clock.now(),
    },
    deps.clock.now(),
    action,
  );
  if (r.kind === 'accepted') {
    // Feature hooks (delivery to the buyer); a missed hook is recovered at start-up.
    for (const hook of deps.onDocumentAccepted ?? []) {
      await hook({ id: doc.id, organizationId: doc.organizationId }).catch((e: unknown) => deps.log(`No se pudo programar la entrega del documento ${doc.id}`, e));
    }
  }
}

/** Marks a document failed (visible; the user may retry it). */
export async function markFailed(deps: AppDeps, doc: StoredDocument, error: string): Promise<void> {
  await deps.store.updateDocumentState(doc.organizationId, doc.id, { status: 'failed', lastError: error, finalAt: deps.clock.now() }, deps.clock.now(), 'failed');
}

/**
 * Sends one document with SendBillSync. A document committed but not signed yet (issuing
 * signs after commit) is built and signed first, from its stored input, number and times.
 * Before any re-send (a previous attempt may have reached DIAN: timeout, crash), it asks
 * GetStatus by CUFE, so a document is never sent twice blindly (pitfall 5/11); a "Regla 90"
 * duplicate is confirmed the same way.
 */
export async function processSendJob(deps: AppDeps, job: JobRecord): Promise<JobResult> {
  const stored = await deps.store.getDocumentForWorker(job.subjectId);
  if (!stored || stored.organizationId !== job.organizationId) return { kind: 'done' };
  if (stored.status !== 'queued') return { kind: 'done' };
  const org = await deps.store.getOrganization(stored.organizationId);
  if (!org) return { kind: 'done' };
  let session: DianSession;
  let doc: DocumentRecord;
  try {
    session = { organizationId: org.id, environment: stored.environment, identity: await requireSigningIdentity(deps, org.id) };
    doc = await ensureSigned(deps, stored);
  } catch (e) {
    if (e instanceof AppError) {
      await markFailed(deps, stored, e.message);
      return { kind: 'done' };
    }
    throw e;
  }

  if (doc.sendAttempts > 0) {
    const status = await deps.dian.getStatus(session, doc.uuid);
    switch (status.kind) {
      case 'accepted':
      case 'rejected':
        await finalize(deps, doc, status, `dian_${status.kind}_reconciled`);
        return { kind: 'done' };
      case 'in_process':
        return { kind: 'retry', error: 'DIAN aún procesa el documento' };
      case 'failure':
        return { kind: 'retry', error: `Consulta de estado fallida: ${status.message}` };
      default:
        break; // unknown: DIAN never got it; send.
    }
  }

  await deps.store.updateDocumentState(doc.organizationId, doc.id, { sendAttempts: doc.sendAttempts + 1 }, deps.clock.now(), 'sending');
  const result = await deps.dian.sendBillSync(session, { fileName: doc.fileName, xml: doc.signedXml });
  switch (result.kind) {
    case 'accepted':
    case 'rejected':
      await finalize(deps, doc, result, `dian_${result.kind}`);
      return { kind: 'done' };
    case 'duplicate': {
      const status = await deps.dian.getStatus(session, doc.uuid);
      if (status.kind === 'accepted') {
        await finalize(deps, doc, status, 'dian_accepted_after_duplicate');
        return { kind: 'done' };
      }
      if (status.kind === 'failure' || status.kind === 'in_process') return { kind: 'retry', error: 'Regla 90: confirmando estado con GetStatus' };
      // DIAN holds another document with this number: a person must look at it.
      await markFailed(deps, doc, `Regla 90: ${result.messages.map((m) => m.text).join('; ') || 'Documento procesado anteriormente'} (GetStatus: ${status.kind})`);
      return { kind: 'done' };
    }
    case 'in_process':
    case 'unknown':
      return { kind: 'retry', error: `DIAN sin resultado: ${result.statusDescription || 'en proceso'}` };
    case 'failure':
      if (result.retryable) return { kind: 'retry', error: result.message };
      await markFailed(deps, doc, result.message);
      return { kind: 'done' };
  }
}

/** Called when a send job used up its attempts. */
export async function giveUpSendJob(deps: AppDeps, job: JobRecord, error: string): Promise<void> {
  const doc = await deps.store.getDocumentForWorker(job.subjectId);
  if (doc && doc.status === 'queued') await markFailed(deps, doc, `Sin respuesta definitiva tras ${job.attempts} intentos: ${error}`);
}
