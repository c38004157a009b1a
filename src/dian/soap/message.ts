/**
 * Reading SOAP 1.2 envelopes with the core's hardened parser, and writing the envelopes DIAN
 * (WCF) answers with: a header with `wsa:Action` and a 5-minute `wsu:Timestamp`, then the body;
 * faults as SOAP 1.2 `Fault` with Code/Subcode/Reason (spec/02-services.md §3.4).
 */
import { parseXml, type XmlElement } from '../../core/xml/parse.js';
import { escapeText } from '../../core/xml/writer.js';
import { FAULT_ACTION, SOAP_NS } from './namespaces.js';

/** Canonical name the core parser gives an element of a namespace it does not know. */
export function qn(ns: string, local: string): string {
  return `{${ns}}${local}`;
}

/** Child element by namespace URI and local name. */
export function nsChild(el: XmlElement | undefined, ns: string, local: string): XmlElement | undefined {
  if (!el) return undefined;
  for (const c of el.children) if (c.ns === ns && c.local === local) return c;
  return undefined;
}

/** Children by namespace URI and local name. */
export function nsChildren(el: XmlElement | undefined, ns: string, local: string): XmlElement[] {
  return el ? el.children.filter((c) => c.ns === ns && c.local === local) : [];
}

/** A SOAP 1.2 fault as received or to be sent. */
export interface SoapFault {
  /** `Code/Value`, e.g. `s:Sender`, `s:Receiver`, or WCF's bare `s:Client`. */
  code: string;
  /** `Code/Subcode/Value` when present, e.g. `a:InvalidSecurity`. */
  subcode?: string;
  /** `Reason/Text`. */
  reason: string;
}

/** A parsed envelope: header and body elements, and the fault when the body is one. */
export interface ParsedEnvelope {
  envelope: XmlElement;
  header: XmlElement | undefined;
  body: XmlElement;
  /** First element of the body (the operation or its response). */
  payload: XmlElement | undefined;
  fault: SoapFault | undefined;
  /** `wsa:Action` of the header. */
  action: string | undefined;
}

/** Raised when bytes are not a SOAP 1.2 envelope. */
export class SoapFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SoapFormatError';
  }
}

/**
 * Parses a SOAP 1.2 envelope (hardened: no DTD, bounded size).
 * @throws SoapFormatError when the text is not XML or not a SOAP 1.2 envelope with a Body.
 */
export function parseEnvelope(xml: string, maxLength = 64 * 1024 * 1024): ParsedEnvelope {
  let envelope: XmlElement;
  try {
    envelope = parseXml(xml, { maxLength });
  } catch (e) {
    throw new SoapFormatError(`El mensaje no es XML bien formado: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (envelope.ns !== SOAP_NS.soap || envelope.local !== 'Envelope') {
    throw new SoapFormatError('El mensaje no es un sobre SOAP 1.2 (soap:Envelope).');
  }
  const header = nsChild(envelope, SOAP_NS.soap, 'Header');
  const body = nsChild(envelope, SOAP_NS.soap, 'Body');
  if (!body) throw new SoapFormatError('El sobre SOAP no tiene soap:Body.');
  const payload = body.children[0];
  const action = nsChild(header, SOAP_NS.wsa, 'Action')?.text.trim();
  let fault: SoapFault | undefined;
  if (payload && payload.ns === SOAP_NS.soap && payload.local === 'Fault') {
    const codeEl = nsChild(payload, SOAP_NS.soap, 'Code');
    const code = nsChild(codeEl, SOAP_NS.soap, 'Value')?.text.trim() ?? '';
    const subcode = nsChild(nsChild(codeEl, SOAP_NS.soap, 'Subcode'), SOAP_NS.soap, 'Value')?.text.trim();
    const reason = nsChild(nsChild(payload, SOAP_NS.soap, 'Reason'), SOAP_NS.soap, 'Text')?.text.trim() ?? '';
    fault = { code, reason, ...(subcode ? { subcode } : {}) };
  }
  return { envelope, header, body, payload, fault, action };
}

/** Writes a response envelope the way WCF does (Action + Timestamp of 5 minutes). */
export function buildResponseEnvelope(action: string, bodyXml: string, now: Date): string {
  const expires = new Date(now.getTime() + 5 * 60 * 1000);
  return (
    `<s:Envelope xmlns:s="${SOAP_NS.soap}" xmlns:a="${SOAP_NS.wsa}" xmlns:u="${SOAP_NS.wsu}">` +
    `<s:Header><a:Action s:mustUnderstand="1">${escapeText(action)}</a:Action>` +
    `<o:Security s:mustUnderstand="1" xmlns:o="${SOAP_NS.wsse}"><u:Timestamp u:Id="_0">` +
    `<u:Created>${now.toISOString()}</u:Created><u:Expires>${expires.toISOString()}</u:Expires>` +
    `</u:Timestamp></o:Security></s:Header>` +
    `<s:Body>${bodyXml}</s:Body></s:Envelope>`
  );
}

/**
 * Writes a SOAP 1.2 fault envelope. `code` is written as given (`s:Sender`, `s:Receiver`,
 * `s:Client`); a subcode such as `a:InvalidSecurity` may use the `a` (WS-Addressing) prefix or
 * the WS-Security `o` prefix, both declared here.
 */
export function buildFaultEnvelope(fault: SoapFault): string {
  const sub = fault.subcode ? `<s:Subcode><s:Value>${escapeText(fault.subcode)}</s:Value></s:Subcode>` : '';
  return (
    `<s:Envelope xmlns:s="${SOAP_NS.soap}" xmlns:a="${SOAP_NS.wsa}" xmlns:o="${SOAP_NS.wsse}">` +
    `<s:Header><a:Action s:mustUnderstand="1">${FAULT_ACTION}</a:Action></s:Header>` +
    `<s:Body><s:Fault><s:Code><s:Value>${escapeText(fault.code)}</s:Value>${sub}</s:Code>` +
    `<s:Reason><s:Text xml:lang="es-CO">${escapeText(fault.reason)}</s:Text></s:Reason></s:Fault></s:Body></s:Envelope>`
  );
}
