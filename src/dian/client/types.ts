/**
 * Typed results of DIAN's operations (data contracts of `xsd2`–`xsd10`, spec/02-services.md §2–§3)
 * and the outcomes of a call.
 */
import type { SoapFault } from '../soap/message.js';
import type { DianOperation } from '../soap/namespaces.js';

/** One line of DIAN's `ErrorMessage`: `Regla: FAD06, Rechazo: …` parsed. */
export interface RuleMessage {
  /** DIAN's rule ID (`FAD06`, `90`, `ZB01`…). */
  ruleId: string;
  /** `rejection` for "Rechazo", `notification` for "Notificación"; undefined in the old form without the word. */
  severity?: 'rejection' | 'notification';
  /** The rule's text. */
  message: string;
  /** The line exactly as DIAN wrote it. */
  raw: string;
}

/** `DianResponse` (SendBillSync, GetStatus, GetStatusZip items, SendEventUpdateStatus, GetStatusEvent). */
export interface DianResponse {
  /** `ErrorMessage` lines parsed; lines that do not start with "Regla:" get ruleId ''. */
  errorMessages: RuleMessage[];
  isValid: boolean;
  statusCode: string;
  statusDescription?: string;
  statusMessage?: string;
  /** `XmlBase64Bytes` decoded: DIAN's signed ApplicationResponse (or a ZIP of them for batches). */
  xmlBase64Bytes?: Uint8Array;
  /** `XmlBytes` decoded (normally nil). */
  xmlBytes?: Uint8Array;
  /** CUFE/CUDE of the document: the trackId of GetStatus. */
  xmlDocumentKey?: string;
  /** Name of the XML inside the ZIP, without extension. */
  xmlFileName?: string;
}

/** One item of `UploadDocumentResponse.ErrorMessageList`. */
export interface XmlParamsResponseTrackId {
  documentKey?: string;
  processedMessage?: string;
  senderCode?: string;
  success: boolean;
  xmlFileName?: string;
}

/** `UploadDocumentResponse` (SendBillAsync, SendTestSetAsync). */
export interface UploadDocumentResponse {
  errorMessageList: XmlParamsResponseTrackId[];
  /** GUID to poll with GetStatusZip; absent when the upload was refused. */
  zipKey?: string;
}

/** One authorized numbering range (`NumberRangeResponse`). */
export interface NumberRangeResponse {
  resolutionNumber: string;
  /** yyyy-MM-dd */
  resolutionDate: string;
  prefix: string;
  fromNumber: number;
  toNumber: number;
  /** yyyy-MM-dd */
  validDateFrom: string;
  /** yyyy-MM-dd */
  validDateTo: string;
  technicalKey: string;
}

/** `NumberRangeResponseList` (GetNumberingRange): OperationCode 100 = OK. */
export interface NumberRangeResponseList {
  operationCode: string;
  operationDescription?: string;
  responseList: NumberRangeResponse[];
}

/** `EventResponse` (GetXmlByDocumentKey): Code 100 = OK with the XML. */
export interface EventResponse {
  code: string;
  message?: string;
  validationDate?: string;
  /** `XmlBytesBase64` decoded. */
  xmlBytes?: Uint8Array;
}

/** `AdquirienteResponse` (GetAcquirer). */
export interface AcquirerResponse {
  statusCode?: string;
  message?: string;
  receiverName?: string;
  receiverEmail?: string;
}

/** `ExchangeEmailResponse` (GetExchangeEmails). */
export interface ExchangeEmailResponse {
  statusCode?: string;
  message?: string;
  success: boolean;
  /** `CsvBase64Bytes` decoded to text. */
  csv?: string;
}

/** One request/response exchange, for the audit sink. */
export interface DianExchange {
  operation: DianOperation;
  url: string;
  action: string;
  /** The exact request envelope bytes sent. */
  requestBytes: Uint8Array;
  /** The exact response bytes received (undefined when nothing came back). */
  responseBytes?: Uint8Array;
  httpStatus?: number;
  startedAt: Date;
  finishedAt: Date;
  durationMs: number;
  /** Set when the call failed (transport failure or fault). */
  failure?: DianFailure;
}

/** Why a call is worth retrying. */
export type TransportReason =
  | 'timeout'
  | 'network'
  | 'http_error'
  | 'malformed_response'
  | 'server_fault'
  | 'service_unavailable'
  | 'no_result';

/**
 * A failure that may go away: DIAN was not reached, did not answer, answered garbage, or said it
 * is unavailable. `uncertain` is true when the request may have been processed anyway (it left
 * our machine and no definite answer came back): for sends, reconcile with GetStatus(CUFE)
 * before resending (spec/02-services.md §3.4, §12.3).
 */
export interface TransportFailure {
  kind: 'transport';
  retryable: true;
  reason: TransportReason;
  uncertain: boolean;
  /** Spanish explanation. */
  message: string;
  httpStatus?: number;
  fault?: SoapFault;
  /** DIAN's answer when there was one (StatusCode 500 / 66). */
  response?: DianResponse;
}

/**
 * A final failure: DIAN refused the request itself (SOAP fault for security/addressing, or
 * StatusCode 89 before validation). Nothing was processed; resending the same request fails
 * the same way.
 */
export interface FinalFault {
  kind: 'fault';
  retryable: false;
  /** Spanish explanation. */
  message: string;
  httpStatus?: number;
  fault?: SoapFault;
  /** DIAN's answer for StatusCode 89 refusals. */
  response?: DianResponse;
}

/** Either failure of a call. */
export type DianFailure = TransportFailure | FinalFault;

/** Result of any client call: DIAN's typed answer, or why there is none. */
export type DianCallResult<T> = { ok: true; value: T; exchange: DianExchange } | { ok: false; failure: DianFailure; exchange: DianExchange };

/**
 * Outcome of sending one document (SendBillSync, SendEventUpdateStatus, or one item of a batch):
 * - `accepted`: StatusCode 00, IsValid true (notifications may be listed);
 * - `rejected`: StatusCode 99 with at least one rejection other than rule 90;
 * - `duplicate`: rule 90 "Documento procesado anteriormente": DIAN already holds this number;
 *   reconcile with GetStatus / GetXmlByDocumentKey instead of failing;
 * - `transport_failure`: retryable (see {@link TransportFailure});
 * - `fault`: final (see {@link FinalFault}).
 */
export type SendOutcome =
  | { status: 'accepted'; response: DianResponse; notifications: RuleMessage[]; exchange: DianExchange }
  | { status: 'rejected'; response: DianResponse; rejections: RuleMessage[]; notifications: RuleMessage[]; exchange: DianExchange }
  | { status: 'duplicate'; response: DianResponse; exchange: DianExchange }
  | { status: 'transport_failure'; failure: TransportFailure; exchange: DianExchange }
  | { status: 'fault'; failure: FinalFault; exchange: DianExchange };
