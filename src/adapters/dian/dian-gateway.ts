import type { DianDocumentResult, DianGateway, DianSession, Store } from '../../app/ports.js';
import type { DianMessage } from '../../app/records.js';
import { classifyDianResponse, createDianClient, zipDocuments, type DianClient, type DianExchange, type DianResponse, type RuleMessage, type SendOutcome } from '../../dian/index.js';
import type { SigningIdentity } from '../../signing/index.js';

/** Where each DIAN environment is: `habilitacion`/`produccion` or any URL (the simulator). */
export interface DianGatewayOptions {
  endpoints: { '1': string; '2': string };
  timeoutMs: number;
  /** Records every exchange (request/response bytes) in the audit log. */
  store: Pick<Store, 'audit'>;
  clock?: () => Date;
}

function messages(list: RuleMessage[]): DianMessage[] {
  return list.map((m) => ({ ruleId: m.ruleId, outcome: m.severity === 'notification' ? 'notification' : 'rejection', text: m.message }));
}

function b64(bytes: Uint8Array | undefined): string | null {
  return bytes ? Buffer.from(bytes).toString('base64') : null;
}

/** DIAN's answer about one document, as the app's value. */
export function documentResult(r: DianResponse): DianDocumentResult {
  const base = { statusCode: r.statusCode, statusDescription: r.statusDescription ?? r.statusMessage ?? '', messages: messages(r.errorMessages) };
  const key = r.xmlDocumentKey ? { documentKey: r.xmlDocumentKey } : {};
  switch (classifyDianResponse(r)) {
    case 'accepted':
      return { kind: 'accepted', ...base, applicationResponse: b64(r.xmlBase64Bytes), ...key };
    case 'rejected':
      return { kind: 'rejected', ...base, applicationResponse: b64(r.xmlBase64Bytes), ...key };
    case 'duplicate':
      return { kind: 'duplicate', ...base };
    case 'pending':
      return { kind: 'in_process', statusDescription: base.statusDescription };
    case 'unknown':
      return { kind: 'unknown', statusDescription: base.statusDescription };
    case 'unavailable':
      return { kind: 'failure', retryable: true, message: `DIAN no disponible (${r.statusCode}): ${base.statusDescription}` };
    case 'refused':
      return { kind: 'failure', retryable: false, message: `DIAN rechazó la solicitud (${r.statusCode}): ${base.statusDescription || r.errorMessages.map((m) => m.raw).join('; ')}` };
    default:
      return { kind: 'failure', retryable: true, message: `Respuesta DIAN inesperada (${r.statusCode}): ${base.statusDescription}` };
  }
}

function sendResult(o: SendOutcome): DianDocumentResult {
  switch (o.status) {
    case 'accepted':
    case 'rejected':
    case 'duplicate':
      return documentResult(o.response);
    case 'transport_failure':
      if (o.failure.response?.statusCode === '66') return { kind: 'unknown', statusDescription: o.failure.message };
      return { kind: 'failure', retryable: true, message: o.failure.message };
    case 'fault':
      return { kind: 'failure', retryable: false, message: o.failure.message };
  }
}

const utf8 = (b: Uint8Array | undefined) => (b ? Buffer.from(b).toString('utf8') : null);

/**
 * One SOAP client per organization and environment (its certificate signs the WS-Security
 * header), rebuilt when the identity changes; every exchange goes to the audit log.
 */
export function auditedClients(options: Pick<DianGatewayOptions, 'endpoints' | 'timeoutMs' | 'store' | 'clock'>): (s: DianSession) => DianClient {
  const clients = new Map<string, { identity: unknown; client: DianClient }>();
  return (s: DianSession): DianClient => {
    const key = `${s.organizationId}:${s.environment}`;
    const cached = clients.get(key);
    if (cached && cached.identity === s.identity) return cached.client;
    const client = createDianClient({
      environment: options.endpoints[s.environment],
      identity: s.identity as SigningIdentity,
      timeoutMs: options.timeoutMs,
      ...(options.clock && { clock: options.clock }),
      auditSink: (x: DianExchange) =>
        options.store.audit({
          organizationId: s.organizationId,
          entryType: 'dian_exchange',
          entity: 'dian',
          entityId: null,
          action: x.operation,
          requestBody: utf8(x.requestBytes),
          responseBody: utf8(x.responseBytes),
          detail: { url: x.url, httpStatus: x.httpStatus ?? null, durationMs: x.durationMs, failure: x.failure ? x.failure.message : null },
          createdAt: x.finishedAt,
        }),
      onAuditError: (e) => console.error('No se pudo registrar el intercambio DIAN en la auditoría', e),
    });
    clients.set(key, { identity: s.identity, client });
    return client;
  };
}

/**
 * The DIAN gateway over the SOAP client of `src/dian`: one client per organization and
 * environment, ZIP packaging, mapping of DIAN's answers to the app's values, and every
 * exchange in the audit log.
 */
export function createDianGateway(options: DianGatewayOptions): DianGateway {
  const clientFor = auditedClients(options);
  const zipOf = (files: Array<{ fileName: string; xml: string }>) => zipDocuments(files.map((f) => ({ name: `${f.fileName}.xml`, content: f.xml })));
  const zipName = (fileName: string) => `z${fileName.slice(2)}.zip`;

  return {
    async sendBillSync(s, file) {
      return sendResult(await clientFor(s).sendBillSync(zipName(file.fileName), zipOf([file])));
    },
    async getStatus(s, trackId) {
      const r = await clientFor(s).getStatus(trackId);
      if (!r.ok) return { kind: 'failure', retryable: r.failure.retryable, message: r.failure.message };
      return documentResult(r.value);
    },
    async sendTestSetAsync(s, files, testSetId) {
      const r = await clientFor(s).sendTestSetAsync(zipName(files[0]!.fileName), zipOf(files), testSetId);
      if (!r.ok) return { kind: 'failure', retryable: r.failure.retryable, message: r.failure.message };
      if (!r.value.zipKey) return { kind: 'failure', retryable: false, message: r.value.errorMessageList.map((m) => m.processedMessage).join('; ') || 'DIAN no devolvió ZipKey' };
      return { kind: 'uploaded', zipKey: r.value.zipKey };
    },
    async getStatusZip(s, zipKey) {
      const r = await clientFor(s).getStatusZip(zipKey);
      if (!r.ok) return { kind: 'failure', retryable: r.failure.retryable, message: r.failure.message };
      const results = r.value.map(documentResult);
      if (results.length === 0 || results.every((x) => x.kind === 'in_process')) return { kind: 'in_process' };
      return { kind: 'done', results };
    },
    async getNumberingRange(s, query) {
      const r = await clientFor(s).getNumberingRange(query);
      if (!r.ok) return { kind: 'failure', retryable: r.failure.retryable, message: r.failure.message };
      if (r.value.operationCode !== '100') return { kind: 'none', code: r.value.operationCode, message: r.value.operationDescription ?? '' };
      return {
        kind: 'ranges',
        ranges: r.value.responseList.map((x) => ({ ...x, fromNumber: BigInt(x.fromNumber), toNumber: BigInt(x.toNumber) })),
      };
    },
  };
}
