/**
 * The DIAN simulator: an HTTP server at `/WcfDianCustomerServices.svc` speaking DIAN's SOAP
 * contract, checking what DIAN checks and answering with DIAN's codes and messages
 * (spec/02-services.md, spec/03-validation-rules.md §1–§2).
 *
 * For Previa's tests, integrators' CI and demos: `startSimulator()` starts one on a random port
 * with the demo configuration; `createDianClient({ environment: sim.url })` talks to it.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SigningIdentity } from '../../signing/pkcs12.js';
import { buildFaultEnvelope, buildResponseEnvelope, parseEnvelope, SoapFormatError, type SoapFault } from '../soap/message.js';
import { DIAN_OPERATIONS, SERVICE_PATH, SOAP_NS, responseActionOf, type DianOperation } from '../soap/namespaces.js';
import { nitFromCertificate, verifyRequestSecurity } from '../soap/security.js';
import { looksLikeZip, unzipDocuments, ZipPackageError, type PackageEntry } from '../soap/zip.js';
import { DEMO_CONFIG, parseSimulatorConfig, type SimulatorConfig, type SimulatorConfigInput, type TestSetConfig } from './config.js';
import { SHORTHAND_FAULTS, type FaultSettings } from './faults.js';
import {
  acquirerBody,
  dianResponseBody,
  dianResponsesBody,
  eventResponseBody,
  exchangeEmailsBody,
  numberingRangeBody,
  uploadResponseBody,
  type UploadMessage,
} from './serialize.js';
import { SimulatorState, type SimDianResponse, type StoredBatch } from './state.js';
import { createThrowawayIdentity } from './throwaway-identity.js';
import { callerAuthorized, colombiaDate, validateDocument, type ValidationContext } from './validate-document.js';
import { validateEvent } from './validate-event.js';

/** Options of {@link startSimulator}. */
export interface SimulatorOptions {
  /** TCP port (0 or undefined = random free port). */
  port?: number;
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** Configuration (default: {@link DEMO_CONFIG}). */
  config?: SimulatorConfigInput;
  /** The simulator's clock: timestamps, reception date, ApplicationResponses (default: system clock). */
  clock?: () => Date;
  /** Faults to inject from the start. */
  faults?: FaultSettings;
  /** Persist state to this JSON file (atomic writes); loaded on start when it exists. */
  stateFile?: string;
  /** Identity that signs the ApplicationResponses (default: a throwaway self-signed one). */
  identity?: SigningIdentity;
  /** Called for each request handled (for logs). */
  onRequest?: (info: { operation: string; status: number; durationMs: number }) => void;
}

/** A running simulator. */
export interface RunningSimulator {
  /** Endpoint URL, e.g. `http://127.0.0.1:54321/WcfDianCustomerServices.svc`. */
  url: string;
  port: number;
  config: SimulatorConfig;
  state: SimulatorState;
  /** The identity signing the ApplicationResponses. */
  identity: SigningIdentity;
  /** Replaces the injected faults (pass `{}` to clear). */
  setFaults(faults: FaultSettings): void;
  /** Waits until pending async batches are processed. */
  idle(): Promise<void>;
  /** Stops the server and drops open connections. */
  close(): Promise<void>;
}

let sharedIdentity: SigningIdentity | undefined;

/** The process-wide throwaway identity ("DIAN", NIT 800197268), created on first use. */
function simulatorIdentity(): SigningIdentity {
  sharedIdentity ??= createThrowawayIdentity({
    commonName: 'Simulador DIAN Previa (NO VALIDO)',
    organization: 'Unidad Especial Direccion de Impuestos y Aduanas Nacionales (simulada)',
    nit: '800197268',
    notBefore: new Date(Date.UTC(2015, 0, 1)),
    notAfter: new Date(Date.UTC(2045, 0, 1)),
  }).identity;
  return sharedIdentity;
}

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const MAX_BODY = 64 * 1024 * 1024;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function request89(message: string): SimDianResponse {
  return { errorMessages: [message], isValid: false, statusCode: '89', statusDescription: message };
}

/** Starts a simulator; resolves once it listens. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const config = parseSimulatorConfig(options.config ?? DEMO_CONFIG);
  const clock = options.clock ?? (() => new Date());
  const state = new SimulatorState(options.stateFile);
  const identity = options.identity ?? simulatorIdentity();
  let faults: FaultSettings = {};
  let downUntil = 0;
  let remaining = Infinity;
  const pending = new Set<Promise<void>>();

  const setFaults = (f: FaultSettings) => {
    faults = { ...f };
    downUntil = f.downForSeconds ? clock().getTime() + f.downForSeconds * 1000 : 0;
    remaining = f.times ?? Infinity;
  };
  if (options.faults) setFaults(options.faults);

  // ---- operation handlers -------------------------------------------------------------------

  /** ZIP checks shared by every send (StatusCode 89 / upload messages). */
  function openZip(content: string | undefined, maxXml: number): { entries: PackageEntry[] } | { error: string } {
    if (!content) return { error: 'Archivo no enviado.' };
    const bytes = new Uint8Array(Buffer.from(content.replace(/\s+/g, ''), 'base64'));
    if (!looksLikeZip(bytes)) return { error: 'MIMEType del archivo inválido (se esperaba application/zip).' };
    let entries: PackageEntry[];
    try {
      entries = unzipDocuments(bytes, { maxEntries: Math.max(maxXml * 2, 10) });
    } catch (e) {
      return { error: `Error descomprimiendo el archivo ZIP: ${e instanceof ZipPackageError ? e.message : String(e)}` };
    }
    const xml = entries.filter((e) => e.name.endsWith('.xml') && !e.name.startsWith('__MACOSX'));
    if (xml.length === 0) return { error: 'Error descomprimiendo el archivo ZIP: No fue encontrado ningun documento XML valido.' };
    return { entries: xml };
  }

  function context(callerNit: string | undefined, entryName: string, extra: Partial<ValidationContext> = {}): ValidationContext {
    return { config, state, identity, callerNit, now: clock(), entryName, ...extra };
  }

  function sendBillSync(fields: Record<string, string>, callerNit: string | undefined): SimDianResponse {
    const zip = openZip(fields.contentFile, 1);
    if ('error' in zip) return request89(zip.error);
    if (zip.entries.length > 1) return request89('El método síncrono solo puede recibir un documento.');
    const entry = zip.entries[0]!;
    const verdict = validateDocument(Buffer.from(entry.content).toString('utf8'), context(callerNit, entry.name));
    return verdict.kind === 'refused' ? request89(verdict.message) : verdict.response;
  }

  function sendEvent(fields: Record<string, string>, callerNit: string | undefined): SimDianResponse {
    const zip = openZip(fields.contentFile, 1);
    if ('error' in zip) return request89(zip.error);
    if (zip.entries.length > 1) return request89('El método SendEventUpdateStatus solo puede recibir un documento.');
    const entry = zip.entries[0]!;
    return validateEvent(Buffer.from(entry.content).toString('utf8'), context(callerNit, entry.name));
  }

  function processBatch(batch: StoredBatch, entries: PackageEntry[], callerNit: string | undefined, testSet: TestSetConfig | undefined): void {
    const texts = entries.map((e) => ({ name: e.name, xml: Buffer.from(e.content).toString('utf8') }));
    const issuers = new Set(texts.map((t) => /<(?:[\w-]+:)?AccountingSupplierParty[\s\S]*?<(?:[\w-]+:)?CompanyID[^>]*>\s*(\d+)/.exec(t.xml)?.[1]).filter(Boolean));
    const failBatch = (message: string) => {
      batch.status = 'failed';
      batch.failure = message;
      state.putBatch(batch);
    };
    if (issuers.size > 1) return failBatch('Lote de documentos contenidos en el archivo zip deben pertenecer todos a un mismo emisor.');
    const issuer = [...issuers][0];
    if (callerNit && issuer && config.security.checkSenderAuthorization && !callerAuthorized(config, callerNit, issuer)) {
      return failBatch(`NIT ${callerNit} no autorizado a enviar documentos para emisor con NIT ${issuer}.`);
    }
    if (testSet) {
      if (issuer && issuer !== testSet.nit) return failBatch(`NIT ${issuer} no tiene habilitado set de prueba para software con id ${testSet.softwareId}`);
      const progress = state.testSet(testSet.id);
      if (progress.status !== 'En proceso') return failBatch(`Set de prueba con identificador ${testSet.id} se encuentra ${progress.status}.`);
    }
    for (const t of texts) {
      const verdict = validateDocument(t.xml, context(callerNit, t.name, { zipKey: batch.zipKey, ...(testSet && { testSetId: testSet.id }) }));
      if (verdict.kind === 'refused') {
        batch.results.push(request89(verdict.message));
        continue;
      }
      batch.results.push(verdict.response);
      if (testSet && verdict.documentKind && verdict.typeCode) {
        state.recordTestSetResult(testSet, verdict.documentKind, verdict.typeCode, verdict.response.isValid);
      }
    }
    batch.status = 'done';
    state.putBatch(batch);
  }

  function sendAsync(operation: 'SendBillAsync' | 'SendTestSetAsync', fields: Record<string, string>, callerNit: string | undefined): string {
    const refuse = (message: string) => uploadResponseBody(operation, undefined, [{ processedMessage: message, success: false }]);
    let testSet: TestSetConfig | undefined;
    let testSetUnknown = false;
    if (operation === 'SendTestSetAsync') {
      if (config.environment === 'produccion') return refuse('Acción no disponible en producción.');
      if (!fields.testSetId) return refuse('Identificador del set de pruebas es obligatorio.');
      testSet = config.testSets.find((t) => t.id.toLowerCase() === fields.testSetId!.toLowerCase());
      testSetUnknown = !testSet;
    }
    const zip = openZip(fields.contentFile, operation === 'SendTestSetAsync' ? config.maxTestSetDocuments : config.maxBatchDocuments);
    if ('error' in zip) return refuse(zip.error);
    const zipKey = randomUUID();
    const batch: StoredBatch = { zipKey, receivedAt: clock().toISOString(), status: 'processing', results: [], ...(testSet && { testSetId: testSet.id }) };
    state.putBatch(batch);
    const max = operation === 'SendTestSetAsync' ? config.maxTestSetDocuments : config.maxBatchDocuments;
    const job = (async () => {
      await sleep(config.asyncDelayMs);
      try {
        if (zip.entries.length > max) {
          batch.status = 'failed';
          batch.failure = `Cantidad de documentos dentro del lote ZIP excede máximo permitido: ${max}`;
          state.putBatch(batch);
        } else if (testSetUnknown) {
          batch.status = 'failed';
          batch.failure = `Set de prueba con identificador ${fields.testSetId} es incorrecto.`;
          state.putBatch(batch);
        } else {
          processBatch(batch, zip.entries, callerNit, testSet);
        }
      } catch (e) {
        batch.status = 'failed';
        batch.failure = `Error al procesar el lote: ${e instanceof Error ? e.message : String(e)}`;
        state.putBatch(batch);
      }
    })();
    pending.add(job);
    void job.finally(() => pending.delete(job));
    return uploadResponseBody(operation, zipKey, undefined);
  }

  function getStatus(trackId: string | undefined): SimDianResponse {
    const doc = trackId ? state.document(trackId) : undefined;
    if (!doc) {
      return { errorMessages: [], isValid: false, statusCode: '66', statusDescription: 'TrackId no existe en los registros de la DIAN.', ...(trackId && { xmlDocumentKey: trackId }) };
    }
    return doc.response;
  }

  function getStatusZip(trackId: string | undefined): SimDianResponse[] {
    if (!trackId || trackId.length < 20 || !GUID.test(trackId)) return [request89('Formato trackId inválido.')];
    const batch = state.batch(trackId);
    if (!batch) return [{ errorMessages: [], isValid: false, statusCode: '66', statusDescription: 'TrackId no encontrado.' }];
    if (batch.status === 'processing') return [{ errorMessages: [], isValid: false, statusCode: '', statusDescription: 'Batch en proceso de validación.' }];
    if (batch.status === 'failed') return [{ errorMessages: [batch.failure ?? ''], isValid: false, statusCode: '2', statusDescription: batch.failure ?? '' }];
    return batch.results;
  }

  function getStatusEvent(trackId: string | undefined): SimDianResponse {
    const doc = trackId ? state.document(trackId) : undefined;
    if (!doc) return { errorMessages: [], isValid: false, statusCode: '66', statusDescription: 'TrackId no existe en los registros de la DIAN.' };
    if (doc.kind !== 'invoice') return { errorMessages: [], isValid: false, statusCode: '68', statusDescription: 'TrackId no corresponde a un CUFE.' };
    const events = state.eventsOf(doc.documentKey);
    if (events.length === 0) return { errorMessages: [], isValid: false, statusCode: '67', statusDescription: 'El documento no tiene eventos asociados.' };
    // The list format is UNCONFIRMED: an XML with the registered events' ApplicationResponses.
    const list =
      `<EventosDocumento cufe="${doc.documentKey}">` +
      events.map((e) => `<Evento codigo="${e.eventCode}" numero="${e.number}" cude="${e.documentKey}" fecha="${e.issueDate}"></Evento>`).join('') +
      `</EventosDocumento>`;
    return {
      errorMessages: [],
      isValid: true,
      statusCode: '00',
      statusDescription: 'Procesado Correctamente.',
      xmlBase64: Buffer.from(list, 'utf8').toString('base64'),
      xmlDocumentKey: doc.documentKey,
    };
  }

  function getNumberingRange(fields: Record<string, string>, callerNit: string | undefined): string {
    const { accountCode = '', accountCodeT = '', softwareCode = '' } = fields;
    if (callerNit === undefined) return numberingRangeBody('89', 'NIT de la empresa no informado en el certificado.', undefined);
    const authorized = callerNit === accountCode || callerNit === accountCodeT;
    if (!authorized || (callerNit === accountCodeT && accountCode !== accountCodeT && !callerAuthorized(config, accountCodeT, accountCode))) {
      return numberingRangeBody('401', `NIT ${callerNit} no autorizado para consultar rangos de numeración del NIT ${accountCode}.`, undefined);
    }
    const software = config.software.find((s) => s.id.toLowerCase() === softwareCode.toLowerCase());
    if (!software || software.ownerNit !== accountCodeT) {
      return numberingRangeBody('303', `Código de software ${softwareCode} no pertenece al NIT ${accountCodeT}.`, undefined);
    }
    const associated = config.numberingRanges.filter((r) => r.nit === accountCode && r.softwareId.toLowerCase() === softwareCode.toLowerCase());
    if (associated.length === 0) return numberingRangeBody('302', `No registra prefijos asociados al código de software: ${softwareCode}.`, undefined);
    const today = colombiaDate(clock());
    const valid = associated.filter((r) => r.validDateFrom <= today && today <= r.validDateTo);
    if (valid.length === 0) return numberingRangeBody('301', `No se encontró rango de numeración vigente para el NIT ${accountCode}.`, undefined);
    return numberingRangeBody('100', 'Acción completada OK.', valid);
  }

  function getXmlByDocumentKey(trackId: string | undefined, callerNit: string | undefined): string {
    if (!trackId) return eventResponseBody('89', 'TrackId inválido.');
    const doc = state.document(trackId);
    if (!doc || !doc.accepted) return eventResponseBody('404', `Xml con CUFE ${trackId} no encontrado.`);
    const allowed =
      callerNit === undefined ||
      callerNit === doc.issuerNit ||
      callerNit === doc.receiverNit ||
      callerAuthorized(config, callerNit, doc.issuerNit) ||
      (doc.receiverNit !== undefined && callerAuthorized(config, callerNit, doc.receiverNit));
    if (!allowed) return eventResponseBody('401', `NIT ${callerNit} no autorizado para consultar el documento ${trackId}.`);
    return eventResponseBody('100', 'Acción completada OK.', doc.receivedAt, Buffer.from(doc.xml, 'utf8').toString('base64'));
  }

  function getAcquirer(fields: Record<string, string>): string {
    const a = config.acquirers.find((x) => x.identificationType === fields.identificationType && x.identificationNumber === fields.identificationNumber);
    // Status codes of GetAcquirer are UNCONFIRMED (spec §2): 200 found, 404 not found.
    if (!a) return acquirerBody({ statusCode: '404', message: 'No se encontró información del adquiriente.' });
    return acquirerBody({ statusCode: '200', message: 'Acción completada OK.', receiverName: a.name, receiverEmail: a.email });
  }

  function getExchangeEmails(callerNit: string | undefined): string {
    const registered = callerNit !== undefined && config.software.some((s) => s.ownerNit === callerNit || (s.issuers ?? []).includes(callerNit));
    if (!registered) return exchangeEmailsBody({ statusCode: '89', message: 'El NIT del certificado no corresponde a un contribuyente registrado.', success: false });
    // CSV columns are UNCONFIRMED.
    const csv = ['NIT,RazonSocial,CorreoRecepcion', ...config.exchangeEmails.map((e) => `${e.nit},"${e.name.replace(/"/g, '""')}",${e.email}`)].join('\r\n');
    return exchangeEmailsBody({ statusCode: '0', message: 'Acción completada OK.', success: true, csvBase64: Buffer.from(csv, 'utf8').toString('base64') });
  }

  /** Answers one authenticated operation; returns the body XML. */
  function dispatch(operation: DianOperation, fields: Record<string, string>, callerNit: string | undefined): string {
    const missingNit = callerNit === undefined && config.security.requireCertificateNit;
    const nitMessage = 'NIT de la empresa no informado en el certificado.';
    switch (operation) {
      case 'SendBillSync':
        return dianResponseBody(operation, missingNit ? request89(nitMessage) : sendBillSync(fields, callerNit));
      case 'SendEventUpdateStatus':
        return dianResponseBody(operation, missingNit ? request89(nitMessage) : sendEvent(fields, callerNit));
      case 'SendBillAsync':
      case 'SendTestSetAsync':
        if (missingNit) return uploadResponseBody(operation, undefined, [{ processedMessage: nitMessage, success: false } satisfies UploadMessage]);
        return sendAsync(operation, fields, callerNit);
      case 'GetStatus':
        return dianResponseBody(operation, getStatus(fields.trackId));
      case 'GetStatusZip':
        return dianResponsesBody(operation, getStatusZip(fields.trackId));
      case 'GetStatusEvent':
        return dianResponseBody(operation, getStatusEvent(fields.trackId));
      case 'GetNumberingRange':
        return getNumberingRange(fields, callerNit);
      case 'GetXmlByDocumentKey':
        return getXmlByDocumentKey(fields.trackId, callerNit);
      case 'GetAcquirer':
        return getAcquirer(fields);
      case 'GetExchangeEmails':
        return getExchangeEmails(callerNit);
    }
  }

  // ---- HTTP ---------------------------------------------------------------------------------

  function sendXml(res: ServerResponse, status: number, xml: string): void {
    const body = Buffer.from(xml, 'utf8');
    res.writeHead(status, { 'Content-Type': 'application/soap+xml; charset=utf-8', 'Content-Length': body.length });
    res.end(body);
  }

  function sendFault(res: ServerResponse, fault: SoapFault): void {
    sendXml(res, 500, buildFaultEnvelope(fault));
  }

  async function readBody(req: IncomingMessage): Promise<string | undefined> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY) return undefined;
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  function operationOf(req: IncomingMessage, action: string | undefined): string | undefined {
    const fromHeader = /action="?([^";]+)"?/i.exec(String(req.headers['content-type'] ?? ''))?.[1];
    const a = action ?? fromHeader;
    return a?.replace(/^.*\//, '');
  }

  /** Applies the injected faults; returns true when the request was consumed by a fault. */
  async function injectFaults(operation: string | undefined, res: ServerResponse): Promise<boolean> {
    const now = clock().getTime();
    if (downUntil > now) {
      res.writeHead(503, { 'Content-Type': 'text/html; charset=utf-8', 'Retry-After': String(Math.ceil((downUntil - now) / 1000)) });
      res.end('<html><body><h1>503 Servicio no disponible</h1></body></html>');
      return true;
    }
    const applies = remaining > 0 && (!faults.operations || (operation !== undefined && faults.operations.includes(operation as DianOperation)));
    if (!applies) return false;
    const active = faults.timeout || faults.httpStatus || faults.soapFault || faults.malformed || faults.reset || faults.dianInternalError || faults.latencyMs;
    if (!active) return false;
    remaining--;
    if (faults.latencyMs) await sleep(faults.latencyMs);
    if (faults.timeout) return true; // never answered; close() drops the socket
    if (faults.reset) {
      res.socket?.destroy();
      return true;
    }
    if (faults.httpStatus) {
      res.writeHead(faults.httpStatus, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(`<html><body><h1>${faults.httpStatus} Error del servidor</h1></body></html>`);
      return true;
    }
    if (faults.soapFault) {
      sendFault(res, typeof faults.soapFault === 'string' ? SHORTHAND_FAULTS[faults.soapFault] : faults.soapFault);
      return true;
    }
    if (faults.malformed) {
      res.writeHead(200, { 'Content-Type': 'application/soap+xml; charset=utf-8' });
      res.end('<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><truncated');
      return true;
    }
    if (faults.dianInternalError && operation && DIAN_OPERATIONS.includes(operation as DianOperation)) {
      const message = 'Ha ocurrido un error. Por favor inténtentelo de nuevo.';
      const r: SimDianResponse = { errorMessages: [message], isValid: false, statusCode: '500', statusDescription: message };
      const body = operation === 'GetStatusZip' ? dianResponsesBody(operation, [r]) : dianResponseBody(operation, r);
      sendXml(res, 200, buildResponseEnvelope(responseActionOf(operation), body, clock()));
      return true;
    }
    return false; // latency only
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const t0 = performance.now();
    const path = (req.url ?? '/').split('?')[0];
    if (path !== SERVICE_PATH) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Recurso no encontrado. El servicio está en /WcfDianCustomerServices.svc');
      return;
    }
    if (req.method !== 'POST') {
      res.writeHead(405, { Allow: 'POST', 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Use POST con un sobre SOAP 1.2.');
      return;
    }
    const xml = await readBody(req);
    let operation: string | undefined;
    let status = 200;
    try {
      if (xml === undefined) {
        status = 413;
        res.writeHead(413).end();
        return;
      }
      let parsed;
      try {
        parsed = parseEnvelope(xml);
      } catch (e) {
        status = 500;
        sendFault(res, { code: 's:Sender', reason: e instanceof SoapFormatError ? e.message : String(e) });
        return;
      }
      operation = operationOf(req, parsed.action);
      if (await injectFaults(operation, res)) return;
      if (!operation || !DIAN_OPERATIONS.includes(operation as DianOperation) || parsed.payload?.local !== operation || parsed.payload.ns !== SOAP_NS.wcf) {
        status = 500;
        sendFault(res, {
          code: 's:Sender',
          subcode: 'a:ActionNotSupported',
          reason: `La acción "${parsed.action ?? ''}" no corresponde a una operación del servicio o al contenido del mensaje.`,
        });
        return;
      }
      const security = verifyRequestSecurity(xml, clock(), config.security);
      if (!security.ok) {
        status = 500;
        sendFault(res, security.fault);
        return;
      }
      let toPath = '';
      try {
        toPath = new URL(security.caller.to).pathname;
      } catch {
        // handled below
      }
      if (toPath !== SERVICE_PATH) {
        status = 500;
        sendFault(res, { code: 's:Sender', subcode: 'a:DestinationUnreachable', reason: `El encabezado wsa:To (${security.caller.to}) no corresponde a este servicio.` });
        return;
      }
      const fields: Record<string, string> = {};
      for (const c of parsed.payload.children) if (c.ns === SOAP_NS.wcf && c.attrs['xsi:nil'] !== 'true') fields[c.local] = c.text;
      const body = dispatch(operation as DianOperation, fields, nitFromCertificate(security.caller.certificate));
      sendXml(res, 200, buildResponseEnvelope(responseActionOf(operation), body, clock()));
    } catch (e) {
      status = 500;
      if (!res.headersSent) sendFault(res, { code: 's:Receiver', reason: `Error interno del simulador: ${e instanceof Error ? e.message : String(e)}` });
    } finally {
      options.onRequest?.({ operation: operation ?? '?', status, durationMs: Math.round(performance.now() - t0) });
    }
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = options.host && options.host !== '0.0.0.0' && options.host !== '::' ? options.host : '127.0.0.1';

  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}${SERVICE_PATH}`,
    port: address.port,
    config,
    state,
    identity,
    setFaults,
    idle: async () => {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
