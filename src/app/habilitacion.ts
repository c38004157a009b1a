import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { requireSigningIdentity } from './certificates.js';
import type { AppDeps } from './context.js';
import { ensureSigned, issueContext, issuePrepared } from './documents.js';
import { AppError } from './errors.js';
import { requireOrganization } from './organizations.js';
import type { DianSession } from './ports.js';
import type { DocumentKind, DocumentRecord, HabilitacionComposition, HabilitacionRunRecord, JobRecord } from './records.js';
import type { JobResult } from './sending.js';

/** Body of "run habilitación": the composition DIAN's portal shows for the test set. */
export const habilitacionRequestSchema = z.object({
  composition: z
    .object({
      invoices: z.number().int().min(1).max(200),
      creditNotes: z.number().int().min(0).max(200),
      debitNotes: z.number().int().min(0).max(200),
    })
    .optional(),
});

const TEST_CUSTOMER = {
  personType: '1',
  idType: '31',
  id: '800199436',
  name: 'Distribuidora del Valle Ltda.',
  responsibilities: ['O-13'],
  taxScheme: '01',
  address: { municipalityCode: '76001', postalCode: '760001', line: 'Calle 5 # 38-25', countryCode: 'CO' },
  email: 'recepcion@distvalle.example',
};

function sampleBody(kind: DocumentKind, i: number, invoice?: DocumentRecord): Record<string, unknown> {
  const line = { description: `Producto de prueba habilitación ${i + 1}`, code: `HAB-${String(i + 1).padStart(3, '0')}`, quantity: '1', unitCode: '94', unitPrice: kind === 'invoice' ? '100000.00' : '10000.00', taxes: [{ code: '01', percent: '19' }] };
  const body: Record<string, unknown> = { kind, customer: TEST_CUSTOMER, payment: { form: '1', means: '10' }, lines: [line], notes: ['Documento del set de pruebas de habilitación'] };
  if (kind !== 'invoice' && invoice) {
    body.operationType = kind === 'credit-note' ? '20' : '30';
    body.discrepancy = kind === 'credit-note' ? { code: '1', description: 'Devolución parcial de los bienes' } : { code: '1', description: 'Intereses' };
    body.billingReference = { number: invoice.number, cufe: invoice.uuid, issueDate: invoice.issueDate };
  }
  return body;
}

/**
 * Starts habilitación: checks the prerequisites (SoftwareID, PIN, TestSetId, certificate,
 * ranges), moves the organization to in_progress and enqueues the run. The worker builds the
 * test set, validates each document locally first (SendTestSetAsync shows no errors —
 * pitfall 9), sends invoices, waits for them, then the notes that reference them.
 */
export async function startHabilitacion(deps: AppDeps, organizationId: string, composition?: HabilitacionComposition): Promise<HabilitacionRunRecord> {
  const org = await requireOrganization(deps, organizationId);
  if (org.habilitacionState === 'in_progress') throw new AppError('conflict', 'Ya hay una habilitación en curso');
  if (org.habilitacionState === 'habilitado') throw new AppError('unexpected_state', 'La organización ya está habilitada');
  const missing = [!org.softwareId && 'softwareId', !org.softwarePinEnc && 'softwarePin', !org.testSetId && 'testSetId'].filter((x): x is string => Boolean(x));
  if (missing.length > 0) throw new AppError('invalid_data', `Configure antes: ${missing.join(', ')}`, { issues: missing.map((path) => ({ path, message: 'Requerido para la habilitación' })) });
  if (org.environment !== '2') throw new AppError('unexpected_state', 'La habilitación se hace en el ambiente de habilitación ("2")');
  await requireSigningIdentity(deps, organizationId);
  const comp = composition ?? deps.config.habilitacionComposition;
  const kinds: DocumentKind[] = ['invoice', ...(comp.creditNotes > 0 ? ['credit-note' as const] : []), ...(comp.debitNotes > 0 ? ['debit-note' as const] : [])];
  for (const k of kinds) await issueContext(deps, organizationId, k, undefined, { habilitacion: true }); // fails early without a range
  const now = deps.clock.now();
  const run = await deps.store.createHabilitacionRun({ id: randomUUID(), organizationId, state: 'in_progress', testSetId: org.testSetId!, composition: comp, detail: null, createdAt: now, updatedAt: now });
  await deps.store.updateOrganization(organizationId, { habilitacionState: 'in_progress', updatedAt: now });
  await deps.store.audit({ organizationId, entryType: 'state_change', entity: 'organization', entityId: organizationId, action: 'habilitacion', fromState: org.habilitacionState, toState: 'in_progress', createdAt: now });
  await deps.store.queue.enqueue({ organizationId, jobType: 'habilitacion', subjectId: run.id, maxAttempts: 20, runAt: now });
  return run;
}

async function finish(deps: AppDeps, run: HabilitacionRunRecord, state: 'habilitado' | 'rechazado', detail: string): Promise<void> {
  const now = deps.clock.now();
  await deps.store.updateHabilitacionRun(run.organizationId, run.id, { state, detail }, now);
  await deps.store.updateOrganization(run.organizationId, { habilitacionState: state, updatedAt: now });
  await deps.store.audit({ organizationId: run.organizationId, entryType: 'state_change', entity: 'organization', entityId: run.organizationId, action: 'habilitacion', fromState: 'in_progress', toState: state, detail: { detail }, createdAt: now });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Sends the documents of one phase that were not sent yet, one per ZIP, and waits for DIAN's verdict on each. */
async function sendAndWait(deps: AppDeps, session: DianSession, run: HabilitacionRunRecord, docs: DocumentRecord[]): Promise<JobResult | undefined> {
  for (const d of docs) {
    if (d.status !== 'queued' || d.dianZipKey) continue;
    const up = await deps.dian.sendTestSetAsync(session, [{ fileName: d.fileName, xml: d.signedXml }], run.testSetId);
    if (up.kind === 'failure') {
      if (up.retryable) return { kind: 'retry', error: up.message };
      await finish(deps, run, 'rechazado', `DIAN rechazó el envío del set: ${up.message}`);
      return { kind: 'done' };
    }
    d.dianZipKey = up.zipKey;
    await deps.store.updateDocumentState(d.organizationId, d.id, { dianZipKey: up.zipKey, sendAttempts: d.sendAttempts + 1 }, deps.clock.now(), 'sent_test_set');
  }
  for (const d of docs) {
    if (d.status !== 'queued' || !d.dianZipKey) continue;
    for (let poll = 0; ; poll++) {
      const st = await deps.dian.getStatusZip(session, d.dianZipKey);
      if (st.kind === 'failure') return { kind: 'retry', error: st.message };
      if (st.kind === 'done') {
        const r = st.results[0];
        if (r && (r.kind === 'accepted' || r.kind === 'rejected')) {
          d.status = r.kind;
          await deps.store.updateDocumentState(d.organizationId, d.id, { status: r.kind, dianStatusCode: r.statusCode, dianStatusDescription: r.statusDescription, dianMessages: r.messages, applicationResponse: r.applicationResponse, finalAt: deps.clock.now() }, deps.clock.now(), `dian_${r.kind}`);
          break;
        }
        if (r && r.kind === 'failure' && !r.retryable) {
          await finish(deps, run, 'rechazado', `Lote rechazado por la DIAN: ${r.message}`);
          return { kind: 'done' };
        }
      }
      if (poll >= deps.config.habilitacionMaxPolls) return { kind: 'retry', error: `La DIAN no terminó de validar ${d.number}` };
      await sleep(deps.config.habilitacionPollMs);
    }
  }
  return undefined;
}

/**
 * Runs (or resumes) a habilitación: every step is persisted, so a crash resumes where it was
 * (documents already issued are not issued again; documents already sent are polled, not resent).
 */
export async function processHabilitacionJob(deps: AppDeps, job: JobRecord): Promise<JobResult> {
  const run = await deps.store.getHabilitacionRun(job.organizationId, job.subjectId);
  if (!run || run.state !== 'in_progress') return { kind: 'done' };
  const org = await requireOrganization(deps, run.organizationId);
  const session: DianSession = { organizationId: org.id, environment: org.environment, identity: await requireSigningIdentity(deps, org.id) };
  const comp = run.composition;

  const phase = async (kind: DocumentKind, count: number, invoices: DocumentRecord[]): Promise<JobResult | DocumentRecord[]> => {
    const existing = (await deps.store.listRunDocuments(org.id, run.id)).filter((d) => d.documentKind === kind);
    for (let i = existing.length; i < count; i++) {
      const ctx = await issueContext(deps, org.id, kind, undefined, { habilitacion: true });
      const ref = kind === 'invoice' ? undefined : invoices[i % invoices.length];
      const created = await issuePrepared(deps, ctx, sampleBody(kind, i, ref), { idempotencyKey: null, requestHash: null, referencedDocumentId: ref?.id ?? null, habilitacionRunId: run.id, enqueue: false });
      existing.push(created.document);
    }
    // Issuing stores the documents; they are built and signed here (again after a crash).
    const signed: DocumentRecord[] = [];
    for (const d of existing) signed.push(await ensureSigned(deps, d));
    const waited = await sendAndWait(deps, session, run, signed);
    if (waited) return waited;
    const rejected = signed.filter((d) => d.status === 'rejected');
    if (rejected.length > 0) {
      const first = rejected[0]!;
      await finish(deps, run, 'rechazado', `${rejected.length} documento(s) rechazado(s); p. ej. ${first.number}: ${first.dianMessages.map((m) => `${m.ruleId} ${m.text}`).join('; ')}`);
      return { kind: 'done' };
    }
    return signed;
  };

  try {
    const invoices = await phase('invoice', comp.invoices, []);
    if (!Array.isArray(invoices)) return invoices;
    if (comp.creditNotes > 0) {
      const cn = await phase('credit-note', comp.creditNotes, invoices);
      if (!Array.isArray(cn)) return cn;
    }
    if (comp.debitNotes > 0) {
      const dn = await phase('debit-note', comp.debitNotes, invoices);
      if (!Array.isArray(dn)) return dn;
    }
  } catch (e) {
    if (e instanceof AppError && (e.kind === 'invalid_data' || e.kind === 'unexpected_state')) {
      const rules = e.issues.map((i) => `${i.ruleId ?? i.path}: ${i.message}`).join('; ');
      await finish(deps, run, 'rechazado', `No se pudo construir el set de pruebas: ${e.message}${rules ? ` (${rules})` : ''}`);
      return { kind: 'done' };
    }
    throw e;
  }
  await finish(deps, run, 'habilitado', `Set de pruebas aceptado: ${comp.invoices} facturas, ${comp.creditNotes} notas crédito, ${comp.debitNotes} notas débito`);
  return { kind: 'done' };
}

/** The habilitación job used up its attempts. */
export async function giveUpHabilitacionJob(deps: AppDeps, job: JobRecord, error: string): Promise<void> {
  const run = await deps.store.getHabilitacionRun(job.organizationId, job.subjectId);
  if (run && run.state === 'in_progress') await finish(deps, run, 'rechazado', `La habilitación no terminó: ${error}`);
}

/** Progress of the latest run, per document. */
export async function habilitacionProgress(deps: AppDeps, organizationId: string) {
  const org = await requireOrganization(deps, organizationId);
  const run = await deps.store.latestHabilitacionRun(organizationId);
  if (!run) return { state: org.habilitacionState, run: null };
  const docs = await deps.store.listRunDocuments(organizationId, run.id);
  const count = (kind: DocumentKind, status?: string) => docs.filter((d) => d.documentKind === kind && (!status || d.status === status)).length;
  return {
    state: org.habilitacionState,
    run: {
      id: run.id,
      state: run.state,
      testSetId: run.testSetId,
      composition: run.composition,
      detail: run.detail,
      progress: {
        invoices: { required: run.composition.invoices, issued: count('invoice'), accepted: count('invoice', 'accepted'), rejected: count('invoice', 'rejected') },
        creditNotes: { required: run.composition.creditNotes, issued: count('credit-note'), accepted: count('credit-note', 'accepted'), rejected: count('credit-note', 'rejected') },
        debitNotes: { required: run.composition.debitNotes, issued: count('debit-note'), accepted: count('debit-note', 'accepted'), rejected: count('debit-note', 'rejected') },
      },
      documents: docs.map((d) => ({ id: d.id, kind: d.documentKind, number: d.number, uuid: d.uuid, status: d.status, zipKey: d.dianZipKey, messages: d.dianMessages })),
      createdAt: run.createdAt.toISOString(),
      updatedAt: run.updatedAt.toISOString(),
    },
  };
}
