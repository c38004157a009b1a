/**
 * Reading DIAN's data contracts out of a response body, and classifying a `DianResponse`.
 * WCF serializes each contract's members in alphabetical order under its own namespace, with
 * `i:nil="true"` for nulls; we read by namespace + name and never depend on prefixes.
 */
import type { XmlElement } from '../../core/xml/parse.js';
import { nsChild, nsChildren } from '../soap/message.js';
import { SOAP_NS } from '../soap/namespaces.js';
import type {
  AcquirerResponse,
  DianResponse,
  EventResponse,
  ExchangeEmailResponse,
  NumberRangeResponse,
  NumberRangeResponseList,
  RuleMessage,
  UploadDocumentResponse,
  XmlParamsResponseTrackId,
} from './types.js';

const RULE_LINE = /^Regla:\s*([A-Za-z0-9]+)\s*,?\s*(Rechazo|Notificaci[oó]n)?\s*:?\s*([\s\S]*)$/;

/**
 * Parses one `ErrorMessage` line. Both DIAN forms are understood: `Regla: FAD06, Rechazo: texto`
 * and the Anexo's older `Regla: AA09 texto` (then `severity` is undefined).
 */
export function parseRuleMessage(raw: string): RuleMessage {
  const line = raw.trim();
  const m = RULE_LINE.exec(line);
  if (!m) return { ruleId: '', message: line, raw };
  const word = m[2];
  const out: RuleMessage = { ruleId: m[1]!, message: m[3]!.trim(), raw };
  if (word) out.severity = word === 'Rechazo' ? 'rejection' : 'notification';
  return out;
}

function isNil(el: XmlElement | undefined): boolean {
  return el !== undefined && el.attrs['xsi:nil'] === 'true';
}

function str(el: XmlElement | undefined, ns: string, name: string): string | undefined {
  const c = nsChild(el, ns, name);
  if (!c || isNil(c)) return undefined;
  return c.text.trim();
}

function bool(el: XmlElement | undefined, ns: string, name: string): boolean {
  return str(el, ns, name) === 'true';
}

function bytes(el: XmlElement | undefined, ns: string, name: string): Uint8Array | undefined {
  const s = str(el, ns, name);
  if (s === undefined || s === '') return undefined;
  return new Uint8Array(Buffer.from(s.replace(/\s+/g, ''), 'base64'));
}

/** Reads a `DianResponse` element (any element whose children are DianResponse members). */
export function readDianResponse(el: XmlElement): DianResponse {
  const ns = SOAP_NS.dianResponse;
  const messages = nsChildren(nsChild(el, ns, 'ErrorMessage'), SOAP_NS.arrays, 'string')
    .filter((s) => !isNil(s))
    .map((s) => parseRuleMessage(s.text));
  const out: DianResponse = {
    errorMessages: messages,
    isValid: bool(el, ns, 'IsValid'),
    statusCode: str(el, ns, 'StatusCode') ?? '',
  };
  const set = <K extends keyof DianResponse>(k: K, v: DianResponse[K] | undefined) => {
    if (v !== undefined) out[k] = v;
  };
  set('statusDescription', str(el, ns, 'StatusDescription'));
  set('statusMessage', str(el, ns, 'StatusMessage'));
  set('xmlBase64Bytes', bytes(el, ns, 'XmlBase64Bytes'));
  set('xmlBytes', bytes(el, ns, 'XmlBytes'));
  set('xmlDocumentKey', str(el, ns, 'XmlDocumentKey'));
  set('xmlFileName', str(el, ns, 'XmlFileName'));
  return out;
}

/** Reads an `ArrayOfDianResponse` (GetStatusZip). */
export function readDianResponses(el: XmlElement): DianResponse[] {
  return nsChildren(el, SOAP_NS.dianResponse, 'DianResponse').filter((c) => !isNil(c)).map(readDianResponse);
}

/** Reads an `UploadDocumentResponse`. */
export function readUploadDocumentResponse(el: XmlElement): UploadDocumentResponse {
  const ns = SOAP_NS.uploadDocumentResponse;
  const itemNs = SOAP_NS.xmlParamsResponseTrackId;
  const list = nsChildren(nsChild(el, ns, 'ErrorMessageList'), itemNs, 'XmlParamsResponseTrackId')
    .filter((c) => !isNil(c))
    .map((c): XmlParamsResponseTrackId => {
      const item: XmlParamsResponseTrackId = { success: bool(c, itemNs, 'Success') };
      const documentKey = str(c, itemNs, 'DocumentKey');
      const processedMessage = str(c, itemNs, 'ProcessedMessage');
      const senderCode = str(c, itemNs, 'SenderCode');
      const xmlFileName = str(c, itemNs, 'XmlFileName');
      if (documentKey !== undefined) item.documentKey = documentKey;
      if (processedMessage !== undefined) item.processedMessage = processedMessage;
      if (senderCode !== undefined) item.senderCode = senderCode;
      if (xmlFileName !== undefined) item.xmlFileName = xmlFileName;
      return item;
    });
  const zipKey = str(el, ns, 'ZipKey');
  return { errorMessageList: list, ...(zipKey ? { zipKey } : {}) };
}

/** Reads a `NumberRangeResponseList`. */
export function readNumberRangeResponseList(el: XmlElement): NumberRangeResponseList {
  const ns = SOAP_NS.numberRangeResponseList;
  const rns = SOAP_NS.numberRangeResponse;
  const ranges = nsChildren(nsChild(el, ns, 'ResponseList'), rns, 'NumberRangeResponse')
    .filter((c) => !isNil(c))
    .map(
      (c): NumberRangeResponse => ({
        resolutionNumber: str(c, rns, 'ResolutionNumber') ?? '',
        resolutionDate: str(c, rns, 'ResolutionDate') ?? '',
        prefix: str(c, rns, 'Prefix') ?? '',
        fromNumber: Number(str(c, rns, 'FromNumber') ?? '0'),
        toNumber: Number(str(c, rns, 'ToNumber') ?? '0'),
        validDateFrom: str(c, rns, 'ValidDateFrom') ?? '',
        validDateTo: str(c, rns, 'ValidDateTo') ?? '',
        technicalKey: str(c, rns, 'TechnicalKey') ?? '',
      }),
    );
  const description = str(el, ns, 'OperationDescription');
  return { operationCode: str(el, ns, 'OperationCode') ?? '', responseList: ranges, ...(description !== undefined ? { operationDescription: description } : {}) };
}

/** Reads an `EventResponse` (GetXmlByDocumentKey). */
export function readEventResponse(el: XmlElement): EventResponse {
  const ns = SOAP_NS.eventResponse;
  const out: EventResponse = { code: str(el, ns, 'Code') ?? '' };
  const message = str(el, ns, 'Message');
  const validationDate = str(el, ns, 'ValidationDate');
  const xmlBytes = bytes(el, ns, 'XmlBytesBase64');
  if (message !== undefined) out.message = message;
  if (validationDate !== undefined) out.validationDate = validationDate;
  if (xmlBytes !== undefined) out.xmlBytes = xmlBytes;
  return out;
}

/** Reads an `AdquirienteResponse` (GetAcquirer). */
export function readAcquirerResponse(el: XmlElement): AcquirerResponse {
  const ns = SOAP_NS.acquirerResponse;
  const out: AcquirerResponse = {};
  const fields = ['Message', 'ReceiverEmail', 'ReceiverName', 'StatusCode'] as const;
  const keys = { Message: 'message', ReceiverEmail: 'receiverEmail', ReceiverName: 'receiverName', StatusCode: 'statusCode' } as const;
  for (const f of fields) {
    const v = str(el, ns, f);
    if (v !== undefined) out[keys[f]] = v;
  }
  return out;
}

/** Reads an `ExchangeEmailResponse` (GetExchangeEmails); the CSV is decoded as UTF-8. */
export function readExchangeEmailResponse(el: XmlElement): ExchangeEmailResponse {
  const ns = SOAP_NS.exchangeEmailResponse;
  const out: ExchangeEmailResponse = { success: bool(el, ns, 'Success') };
  const statusCode = str(el, ns, 'StatusCode');
  const message = str(el, ns, 'Message');
  const csv = str(el, ns, 'CsvBase64Bytes');
  if (statusCode !== undefined) out.statusCode = statusCode;
  if (message !== undefined) out.message = message;
  if (csv) out.csv = Buffer.from(csv, 'base64').toString('utf8');
  return out;
}

/**
 * What a `DianResponse` means for the document it is about:
 * - `accepted` 00/IsValid; `rejected` 99 with rejections; `duplicate` 99 listing rule 90;
 * - `pending` 98 (or GetStatusZip's empty code "Batch en proceso de validación.");
 * - `unknown` 66 (trackId not found / no result yet); `unavailable` 500;
 * - `refused` 89 (request-level error, nothing processed) and 2 (batch-level failure);
 * - `other` anything else (67/68 of GetStatusEvent…).
 */
export type DianVerdict = 'accepted' | 'rejected' | 'duplicate' | 'pending' | 'unknown' | 'unavailable' | 'refused' | 'other';

/** Classifies a `DianResponse` (see {@link DianVerdict}). */
export function classifyDianResponse(r: DianResponse): DianVerdict {
  const code = r.statusCode;
  if (code === '00' || (code === '0' && r.isValid)) return r.isValid ? 'accepted' : 'rejected';
  if (code === '99') {
    // Rule 90 means DIAN already holds a document with this number, whatever else is listed.
    const isDuplicate = r.errorMessages.some((m) => m.ruleId === '90' && m.severity !== 'notification');
    return isDuplicate ? 'duplicate' : 'rejected';
  }
  if (code === '98' || (code === '' && /en proceso/i.test(r.statusDescription ?? ''))) return 'pending';
  if (code === '66') return 'unknown';
  if (code === '500') return 'unavailable';
  if (code === '89' || code === '2') return 'refused';
  return 'other';
}
