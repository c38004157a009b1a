/**
 * The DIAN web-service client: one signed SOAP 1.2 request per call to `WcfDianCustomerServices`,
 * typed answers, failures classified as retryable or final (spec/02-services.md §3–§4, §12).
 *
 * Works against DIAN's habilitación or producción endpoints, or any URL (the simulator), by
 * configuration alone. Every exchange (exact request and response bytes, timings) goes to the
 * optional audit sink.
 */
import type { XmlElement } from '../../core/xml/parse.js';
import { buildSecuredEnvelope, type RequestFields, type WsSecurityCredentials } from '../soap/envelope.js';
import { nsChild, parseEnvelope, SoapFormatError, type ParsedEnvelope, type SoapFault } from '../soap/message.js';
import { DIAN_ENDPOINTS, SOAP_NS, actionOf, type DianEnvironmentName, type DianOperation } from '../soap/namespaces.js';
import {
  classifyDianResponse,
  readAcquirerResponse,
  readDianResponse,
  readDianResponses,
  readEventResponse,
  readExchangeEmailResponse,
  readNumberRangeResponseList,
  readUploadDocumentResponse,
} from './responses.js';
import type {
  AcquirerResponse,
  DianCallResult,
  DianExchange,
  DianFailure,
  DianResponse,
  EventResponse,
  ExchangeEmailResponse,
  FinalFault,
  NumberRangeResponseList,
  SendOutcome,
  TransportFailure,
  UploadDocumentResponse,
} from './types.js';

/** Receives every exchange; may be async (it is awaited). */
export type AuditSink = (exchange: DianExchange) => void | Promise<void>;

/** Options of {@link createDianClient}. */
export interface DianClientOptions {
  /** `habilitacion`, `produccion`, or the URL of any endpoint speaking the contract (the simulator). */
  environment: DianEnvironmentName | string;
  /** Certificate + key for the WS-Security header (a `SigningIdentity` works). */
  identity: WsSecurityCredentials;
  /** Per-call timeout, connection to last byte (default 60 000 ms). */
  timeoutMs?: number;
  /** Receives every exchange. Its errors never change a call's result; see `onAuditError`. */
  auditSink?: AuditSink;
  /** Called when the audit sink throws (default: ignored). */
  onAuditError?: (error: unknown) => void;
  /** Clock for the WS-Security Timestamp (default: system clock). */
  clock?: () => Date;
  /** Lifetime of the Timestamp, seconds (default 300). */
  timestampTtlSeconds?: number;
  /** fetch implementation (default: global fetch). */
  fetch?: typeof fetch;
}

/** Parameters of GetNumberingRange (NITs without DV). */
export interface NumberingRangeQuery {
  /** NIT of the issuer whose ranges are wanted. */
  accountCode: string;
  /** NIT of the software's owner (the same for own software; the provider's otherwise). */
  accountCodeT: string;
  /** SoftwareID (GUID). */
  softwareCode: string;
}

/** A typed client for DIAN's SOAP service. Methods never throw for DIAN or network problems. */
export interface DianClient {
  /** The endpoint called (also the `wsa:To`). */
  readonly url: string;
  /** Sends ONE document (ZIP with one XML) and gets the verdict in the same call. */
  sendBillSync(fileName: string, zip: Uint8Array): Promise<SendOutcome>;
  /** Uploads a batch ZIP; poll GetStatusZip with the returned ZipKey. */
  sendBillAsync(fileName: string, zip: Uint8Array): Promise<DianCallResult<UploadDocumentResponse>>;
  /** Uploads documents of a habilitación test set. */
  sendTestSetAsync(fileName: string, zip: Uint8Array, testSetId: string): Promise<DianCallResult<UploadDocumentResponse>>;
  /** Registers an event ApplicationResponse (ZIP with one XML). */
  sendEventUpdateStatus(zip: Uint8Array): Promise<SendOutcome>;
  /** Status of one document by CUFE/CUDE. */
  getStatus(trackId: string): Promise<DianCallResult<DianResponse>>;
  /** Status of every document of a batch by ZipKey. */
  getStatusZip(trackId: string): Promise<DianCallResult<DianResponse[]>>;
  /** Events registered for an invoice (by CUFE). */
  getStatusEvent(trackId: string): Promise<DianCallResult<DianResponse>>;
  /** Numbering ranges (with technical keys) of an issuer for a software. */
  getNumberingRange(query: NumberingRangeQuery): Promise<DianCallResult<NumberRangeResponseList>>;
  /** The stored UBL of a document by CUFE/CUDE. */
  getXmlByDocumentKey(trackId: string): Promise<DianCallResult<EventResponse>>;
  /** A buyer's registered name and reception e-mail. */
  getAcquirer(identificationType: string, identificationNumber: string): Promise<DianCallResult<AcquirerResponse>>;
  /** CSV of the reception e-mails registered by invoicers. */
  getExchangeEmails(): Promise<DianCallResult<ExchangeEmailResponse>>;
}

/** Resolves an environment name or URL to the endpoint URL. */
export function resolveEndpoint(environment: string): string {
  if (environment === 'habilitacion' || environment === 'produccion') return DIAN_ENDPOINTS[environment];
  let url: URL;
  try {
    url = new URL(environment);
  } catch {
    throw new TypeError(`Ambiente no reconocido: "${environment}". Use habilitacion, produccion o una URL http(s).`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`La URL del servicio debe ser http o https: ${environment}`);
  }
  return url.toString();
}

const CONNECT_ERRORS = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

function errorCode(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur && typeof cur === 'object'; i++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

function transport(reason: TransportFailure['reason'], message: string, uncertain: boolean, extra: Partial<TransportFailure> = {}): TransportFailure {
  return { kind: 'transport', retryable: true, reason, uncertain, message, ...extra };
}

function final(message: string, extra: Partial<FinalFault> = {}): FinalFault {
  return { kind: 'fault', retryable: false, message, ...extra };
}

/**
 * Classifies a SOAP fault. Sender/Client faults (security, addressing, bad request) are final:
 * nothing was processed. Receiver/Server faults and "servicio no disponible" are DIAN's own
 * trouble and retryable.
 */
export function classifyFault(fault: SoapFault, httpStatus?: number): DianFailure {
  const code = fault.code.replace(/^.*:/, '');
  const text = `${fault.subcode ?? ''} ${fault.reason}`;
  const base = `Falla SOAP de la DIAN (${fault.code}${fault.subcode ? ` / ${fault.subcode}` : ''}): ${fault.reason || 'sin motivo informado'}`;
  const extra = { fault, ...(httpStatus !== undefined && { httpStatus }) };
  if (/no disponible|unavailable|ServerTooBusy|timeout/i.test(text)) return transport('service_unavailable', base, true, extra);
  if (code === 'Receiver' || code === 'Server') return transport('server_fault', base, true, extra);
  return final(base, extra);
}

/** Creates a client bound to one environment and one certificate. */
export function createDianClient(options: DianClientOptions): DianClient {
  const url = resolveEndpoint(options.environment);
  const timeoutMs = options.timeoutMs ?? 60_000;
  const clock = options.clock ?? (() => new Date());
  const doFetch = options.fetch ?? fetch;

  async function audit(exchange: DianExchange): Promise<void> {
    if (!options.auditSink) return;
    try {
      await options.auditSink(exchange);
    } catch (e) {
      options.onAuditError?.(e);
    }
  }

  /** One exchange; `read` turns the `<Op>Result` element into the typed value. */
  async function call<T>(operation: DianOperation, fields: RequestFields, read: (result: XmlElement) => T): Promise<DianCallResult<T>> {
    const envelope = buildSecuredEnvelope({
      operation,
      to: url,
      fields,
      credentials: options.identity,
      now: clock(),
      ...(options.timestampTtlSeconds !== undefined && { ttlSeconds: options.timestampTtlSeconds }),
    });
    const requestBytes = new Uint8Array(Buffer.from(envelope, 'utf8'));
    const action = actionOf(operation);
    const startedAt = new Date();
    const t0 = performance.now();
    let httpStatus: number | undefined;
    let responseBytes: Uint8Array | undefined;
    const finish = async (outcome: { ok: true; value: T } | { ok: false; failure: DianFailure }): Promise<DianCallResult<T>> => {
      const exchange: DianExchange = {
        operation,
        url,
        action,
        requestBytes,
        startedAt,
        finishedAt: new Date(),
        durationMs: Math.round(performance.now() - t0),
        ...(responseBytes !== undefined && { responseBytes }),
        ...(httpStatus !== undefined && { httpStatus }),
        ...(!outcome.ok && { failure: outcome.failure }),
      };
      await audit(exchange);
      return outcome.ok ? { ok: true, value: outcome.value, exchange } : { ok: false, failure: outcome.failure, exchange };
    };

    try {
      const response = await doFetch(url, {
        method: 'POST',
        headers: { 'Content-Type': `application/soap+xml;charset=UTF-8;action="${action}"` },
        body: requestBytes,
        signal: AbortSignal.timeout(timeoutMs),
      });
      httpStatus = response.status;
      responseBytes = new Uint8Array(await response.arrayBuffer());
    } catch (e) {
      const code = errorCode(e);
      const name = e instanceof Error ? e.name : '';
      if (name === 'TimeoutError' || name === 'AbortError') {
        return finish({ ok: false, failure: transport('timeout', `La DIAN no respondió en ${timeoutMs} ms (${operation}).`, true) });
      }
      const notSent = code !== undefined && CONNECT_ERRORS.has(code);
      const detail = e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e);
      return finish({
        ok: false,
        failure: transport('network', `No fue posible comunicarse con la DIAN en ${url}: ${detail}`, !notSent),
      });
    }

    const status = httpStatus;
    const text = Buffer.from(responseBytes).toString('utf8');
    let parsed: ParsedEnvelope | undefined;
    try {
      parsed = parseEnvelope(text);
    } catch (e) {
      if (!(e instanceof SoapFormatError)) throw e;
    }
    if (parsed?.fault) return finish({ ok: false, failure: classifyFault(parsed.fault, status) });
    const payload = parsed?.payload;
    const result = payload && payload.ns === SOAP_NS.wcf && payload.local === `${operation}Response` ? nsChild(payload, SOAP_NS.wcf, `${operation}Result`) : undefined;
    if (!parsed || !result) {
      const what = parsed ? `una respuesta SOAP sin ${operation}Result` : 'una respuesta que no es un sobre SOAP';
      if (status === 503) return finish({ ok: false, failure: transport('service_unavailable', `Servicio de la DIAN no disponible (HTTP 503).`, false, { httpStatus: status }) });
      if (status >= 500) return finish({ ok: false, failure: transport('http_error', `La DIAN respondió HTTP ${status} sin respuesta del servicio.`, true, { httpStatus: status }) });
      if (status === 408 || status === 429) return finish({ ok: false, failure: transport('http_error', `La DIAN respondió HTTP ${status}; intente más tarde.`, false, { httpStatus: status }) });
      if (status >= 400) return finish({ ok: false, failure: final(`La DIAN rechazó la petición con HTTP ${status} (revise la URL del servicio).`, { httpStatus: status }) });
      return finish({ ok: false, failure: transport('malformed_response', `La DIAN devolvió ${what} (HTTP ${status}).`, true, { httpStatus: status }) });
    }
    let value: T;
    try {
      value = read(result);
    } catch (e) {
      return finish({ ok: false, failure: transport('malformed_response', `Respuesta de la DIAN ilegible: ${e instanceof Error ? e.message : String(e)}`, true, { httpStatus: status }) });
    }
    return finish({ ok: true, value });
  }

  /** Calls returning a DianResponse: StatusCode 500 is retryable, 89 final. */
  async function callDianResponse(operation: DianOperation, fields: RequestFields, uncertainOn500: boolean): Promise<DianCallResult<DianResponse>> {
    const r = await call(operation, fields, readDianResponse);
    if (!r.ok) return r;
    const verdict = classifyDianResponse(r.value);
    const describe = r.value.statusDescription || r.value.errorMessages.map((m) => m.message).join(' ') || r.value.statusMessage || '';
    if (verdict === 'unavailable') {
      const failure = transport('service_unavailable', `La DIAN informó un error interno (StatusCode 500): ${describe}`, uncertainOn500, { response: r.value });
      r.exchange.failure = failure;
      return { ok: false, failure, exchange: r.exchange };
    }
    if (r.value.statusCode === '89') {
      const failure = final(`La DIAN rechazó la petición antes de validar (StatusCode 89): ${describe}`, { response: r.value });
      r.exchange.failure = failure;
      return { ok: false, failure, exchange: r.exchange };
    }
    return r;
  }

  async function send(operation: 'SendBillSync' | 'SendEventUpdateStatus', fields: RequestFields): Promise<SendOutcome> {
    const r = await callDianResponse(operation, fields, true);
    if (!r.ok) {
      return r.failure.kind === 'transport'
        ? { status: 'transport_failure', failure: r.failure, exchange: r.exchange }
        : { status: 'fault', failure: r.failure, exchange: r.exchange };
    }
    const response = r.value;
    const notifications = response.errorMessages.filter((m) => m.severity === 'notification');
    switch (classifyDianResponse(response)) {
      case 'accepted':
        return { status: 'accepted', response, notifications, exchange: r.exchange };
      case 'duplicate':
        return { status: 'duplicate', response, exchange: r.exchange };
      case 'rejected':
        return {
          status: 'rejected',
          response,
          rejections: response.errorMessages.filter((m) => m.severity !== 'notification'),
          notifications,
          exchange: r.exchange,
        };
      default: {
        // 66 "no result", 98… : DIAN answered but gave no verdict; the document may be processed later.
        const failure = transport(
          'no_result',
          `La DIAN no entregó un resultado para el documento (StatusCode ${response.statusCode || 'vacío'}); consulte GetStatus antes de reenviar.`,
          true,
          { response },
        );
        r.exchange.failure = failure;
        return { status: 'transport_failure', failure, exchange: r.exchange };
      }
    }
  }

  return {
    url,
    sendBillSync: (fileName, zip) => send('SendBillSync', { fileName, contentFile: zip }),
    sendBillAsync: (fileName, zip) => call('SendBillAsync', { fileName, contentFile: zip }, readUploadDocumentResponse),
    sendTestSetAsync: (fileName, zip, testSetId) => call('SendTestSetAsync', { fileName, contentFile: zip, testSetId }, readUploadDocumentResponse),
    sendEventUpdateStatus: (zip) => send('SendEventUpdateStatus', { contentFile: zip }),
    getStatus: (trackId) => callDianResponse('GetStatus', { trackId }, false),
    getStatusZip: (trackId) => call('GetStatusZip', { trackId }, readDianResponses),
    getStatusEvent: (trackId) => callDianResponse('GetStatusEvent', { trackId }, false),
    getNumberingRange: (q) => call('GetNumberingRange', { accountCode: q.accountCode, accountCodeT: q.accountCodeT, softwareCode: q.softwareCode }, readNumberRangeResponseList),
    getXmlByDocumentKey: (trackId) => call('GetXmlByDocumentKey', { trackId }, readEventResponse),
    getAcquirer: (identificationType, identificationNumber) => call('GetAcquirer', { identificationType, identificationNumber }, readAcquirerResponse),
    getExchangeEmails: () => call('GetExchangeEmails', {}, readExchangeEmailResponse),
  };
}
