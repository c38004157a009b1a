/**
 * DIAN's data contracts written the way WCF serializes them: members in alphabetical order in the
 * contract's namespace (prefix `b`), arrays in their own namespace (`c`), `i:nil="true"` for nulls.
 */
import { escapeText } from '../../core/xml/writer.js';
import { SOAP_NS } from '../soap/namespaces.js';
import type { SimDianResponse } from './state.js';

const I = `xmlns:i="${SOAP_NS.xsi}"`;

function member(name: string, value: string | undefined): string {
  return value === undefined ? `<b:${name} i:nil="true"/>` : `<b:${name}>${escapeText(value)}</b:${name}>`;
}

/** The members of one DianResponse (inside an element that declares `b` and `i`). */
export function dianResponseMembers(r: SimDianResponse): string {
  const messages = r.errorMessages.map((m) => `<c:string>${escapeText(m)}</c:string>`).join('');
  return (
    `<b:ErrorMessage xmlns:c="${SOAP_NS.arrays}">${messages}</b:ErrorMessage>` +
    `<b:IsValid>${r.isValid ? 'true' : 'false'}</b:IsValid>` +
    member('StatusCode', r.statusCode) +
    member('StatusDescription', r.statusDescription) +
    member('StatusMessage', r.statusMessage) +
    member('XmlBase64Bytes', r.xmlBase64) +
    member('XmlBytes', undefined) +
    member('XmlDocumentKey', r.xmlDocumentKey) +
    member('XmlFileName', r.xmlFileName)
  );
}

/** `<OpResponse><OpResult …>…</OpResult></OpResponse>` in the service namespace. */
export function operationResponse(operation: string, resultNs: string, inner: string): string {
  return (
    `<${operation}Response xmlns="${SOAP_NS.wcf}"><${operation}Result xmlns:b="${resultNs}" ${I}>` +
    `${inner}</${operation}Result></${operation}Response>`
  );
}

/** Body of an operation returning one DianResponse. */
export function dianResponseBody(operation: string, r: SimDianResponse): string {
  return operationResponse(operation, SOAP_NS.dianResponse, dianResponseMembers(r));
}

/** Body of GetStatusZip (ArrayOfDianResponse). */
export function dianResponsesBody(operation: string, list: SimDianResponse[]): string {
  return operationResponse(operation, SOAP_NS.dianResponse, list.map((r) => `<b:DianResponse>${dianResponseMembers(r)}</b:DianResponse>`).join(''));
}

/** One item of an upload's ErrorMessageList. */
export interface UploadMessage {
  documentKey?: string;
  processedMessage: string;
  senderCode?: string;
  success: boolean;
  xmlFileName?: string;
}

/** Body of SendBillAsync / SendTestSetAsync (UploadDocumentResponse). */
export function uploadResponseBody(operation: string, zipKey: string | undefined, messages: UploadMessage[] | undefined): string {
  const c = SOAP_NS.xmlParamsResponseTrackId;
  const list =
    messages === undefined
      ? `<b:ErrorMessageList i:nil="true" xmlns:c="${c}"/>`
      : `<b:ErrorMessageList xmlns:c="${c}">` +
        messages
          .map(
            (m) =>
              `<c:XmlParamsResponseTrackId>` +
              (m.documentKey === undefined ? '<c:DocumentKey i:nil="true"/>' : `<c:DocumentKey>${escapeText(m.documentKey)}</c:DocumentKey>`) +
              `<c:ProcessedMessage>${escapeText(m.processedMessage)}</c:ProcessedMessage>` +
              (m.senderCode === undefined ? '<c:SenderCode i:nil="true"/>' : `<c:SenderCode>${escapeText(m.senderCode)}</c:SenderCode>`) +
              `<c:Success>${m.success ? 'true' : 'false'}</c:Success>` +
              (m.xmlFileName === undefined ? '<c:XmlFileName i:nil="true"/>' : `<c:XmlFileName>${escapeText(m.xmlFileName)}</c:XmlFileName>`) +
              `</c:XmlParamsResponseTrackId>`,
          )
          .join('') +
        `</b:ErrorMessageList>`;
  return operationResponse(operation, SOAP_NS.uploadDocumentResponse, list + member('ZipKey', zipKey));
}

/** A numbering range as GetNumberingRange returns it. */
export interface RangeOut {
  resolutionNumber: string;
  resolutionDate: string;
  prefix: string;
  fromNumber: number;
  toNumber: number;
  validDateFrom: string;
  validDateTo: string;
  technicalKey: string;
}

/** Body of GetNumberingRange (NumberRangeResponseList). */
export function numberingRangeBody(code: string, description: string, ranges: RangeOut[] | undefined): string {
  const c = SOAP_NS.numberRangeResponse;
  const list =
    ranges === undefined
      ? `<b:ResponseList i:nil="true" xmlns:c="${c}"/>`
      : `<b:ResponseList xmlns:c="${c}">` +
        ranges
          .map(
            (r) =>
              `<c:NumberRangeResponse><c:ResolutionNumber>${escapeText(r.resolutionNumber)}</c:ResolutionNumber>` +
              `<c:ResolutionDate>${r.resolutionDate}</c:ResolutionDate><c:Prefix>${escapeText(r.prefix)}</c:Prefix>` +
              `<c:FromNumber>${r.fromNumber}</c:FromNumber><c:ToNumber>${r.toNumber}</c:ToNumber>` +
              `<c:ValidDateFrom>${r.validDateFrom}</c:ValidDateFrom><c:ValidDateTo>${r.validDateTo}</c:ValidDateTo>` +
              `<c:TechnicalKey>${escapeText(r.technicalKey)}</c:TechnicalKey></c:NumberRangeResponse>`,
          )
          .join('') +
        `</b:ResponseList>`;
  return operationResponse('GetNumberingRange', SOAP_NS.numberRangeResponseList, member('OperationCode', code) + member('OperationDescription', description) + list);
}

/** Body of GetXmlByDocumentKey (EventResponse). */
export function eventResponseBody(code: string, message: string, validationDate?: string, xmlBase64?: string): string {
  return operationResponse(
    'GetXmlByDocumentKey',
    SOAP_NS.eventResponse,
    member('Code', code) + member('Message', message) + member('ValidationDate', validationDate) + member('XmlBytesBase64', xmlBase64),
  );
}

/** Body of GetAcquirer (AdquirienteResponse). */
export function acquirerBody(r: { message: string; receiverEmail?: string; receiverName?: string; statusCode: string }): string {
  return operationResponse(
    'GetAcquirer',
    SOAP_NS.acquirerResponse,
    member('Message', r.message) + member('ReceiverEmail', r.receiverEmail) + member('ReceiverName', r.receiverName) + member('StatusCode', r.statusCode),
  );
}

/** Body of GetExchangeEmails (ExchangeEmailResponse). */
export function exchangeEmailsBody(r: { csvBase64?: string; message: string; statusCode: string; success: boolean }): string {
  return operationResponse(
    'GetExchangeEmails',
    SOAP_NS.exchangeEmailResponse,
    member('CsvBase64Bytes', r.csvBase64) + member('Message', r.message) + member('StatusCode', r.statusCode) + `<b:Success>${r.success ? 'true' : 'false'}</b:Success>`,
  );
}
