/**
 * Builds the SOAP 1.2 request envelopes DIAN expects (spec/02-services.md §4): WS-Addressing
 * `Action` and `To`, and a WS-Security header with a Timestamp, the caller's certificate as a
 * BinarySecurityToken and an XML signature over `wsa:To` (exclusive C14N, RSA-SHA256).
 *
 * We write the envelope ourselves and never re-serialize it, so the canonical forms of `wsa:To`
 * and `ds:SignedInfo` are known exactly from the strings we emit: each is the element as written
 * plus the namespace declarations exclusive C14N renders on it (the prefixes it visibly uses and
 * those named in the InclusiveNamespaces PrefixList), sorted by prefix.
 *
 * This is the "proven variant" of the spec: one Reference (to `wsa:To`) with InclusiveNamespaces,
 * Timestamp present but not signed (whether DIAN wants the Timestamp signed is UNCONFIRMED).
 */
import { createSign, createHash, randomUUID, type KeyObject } from 'node:crypto';
import { escapeAttr, escapeText } from '../../core/xml/writer.js';
import { OPERATION_FIELDS, SOAP_NS, WSS, WSS_ALGORITHMS, actionOf, type DianOperation } from './namespaces.js';

/** What the WS-Security header needs from the caller's identity. */
export interface WsSecurityCredentials {
  /** RSA private key of the certificate. */
  readonly privateKey: KeyObject;
  /** The certificate (DER) sent as BinarySecurityToken; its NIT identifies the caller to DIAN. */
  readonly certificateDer: Uint8Array;
}

/** Field values of one request; `contentFile` is raw bytes (base64-encoded here), the rest strings. */
export interface RequestFields {
  fileName?: string;
  contentFile?: Uint8Array;
  testSetId?: string;
  trackId?: string;
  accountCode?: string;
  accountCodeT?: string;
  softwareCode?: string;
  identificationType?: string;
  identificationNumber?: string;
}

/** Options of {@link buildSecuredEnvelope}. */
export interface EnvelopeOptions {
  operation: DianOperation;
  /** Endpoint URL actually called; becomes `wsa:To` (no `?wsdl`). */
  to: string;
  fields: RequestFields;
  credentials: WsSecurityCredentials;
  /** Instant of `wsu:Created`. */
  now: Date;
  /** Timestamp lifetime in seconds (default 300, what DIAN's own responses use). */
  ttlSeconds?: number;
  /** Fixed ids for reproducible output (tests); random GUIDs otherwise. */
  idSuffix?: string;
}

const PREFIX_LIST_C14N = 'wsa soap wcf';
const PREFIX_LIST_TO = 'soap wcf';

/** `2024-05-01T15:04:05.000Z`: UTC with milliseconds, as WCF writes it. */
export function wsuDateTime(d: Date): string {
  return d.toISOString();
}

/** Exclusive-canonical form of the `wsa:To` element we emit (namespaces sorted by prefix). */
export function canonicalTo(to: string, id: string): string {
  return (
    `<wsa:To xmlns:soap="${SOAP_NS.soap}" xmlns:wcf="${SOAP_NS.wcf}" xmlns:wsa="${SOAP_NS.wsa}" xmlns:wsu="${SOAP_NS.wsu}"` +
    ` wsu:Id="${escapeAttr(id)}">${escapeText(to)}</wsa:To>`
  );
}

/** The `ds:SignedInfo` children, identical in the envelope and in the canonical form. */
function signedInfoContent(toId: string, digest: string): string {
  return (
    `<ds:CanonicalizationMethod Algorithm="${WSS_ALGORITHMS.excC14n}">` +
    `<ec:InclusiveNamespaces xmlns:ec="${SOAP_NS.ec}" PrefixList="${PREFIX_LIST_C14N}"></ec:InclusiveNamespaces>` +
    `</ds:CanonicalizationMethod>` +
    `<ds:SignatureMethod Algorithm="${WSS_ALGORITHMS.rsaSha256}"></ds:SignatureMethod>` +
    `<ds:Reference URI="#${escapeAttr(toId)}">` +
    `<ds:Transforms><ds:Transform Algorithm="${WSS_ALGORITHMS.excC14n}">` +
    `<ec:InclusiveNamespaces xmlns:ec="${SOAP_NS.ec}" PrefixList="${PREFIX_LIST_TO}"></ec:InclusiveNamespaces>` +
    `</ds:Transform></ds:Transforms>` +
    `<ds:DigestMethod Algorithm="${WSS_ALGORITHMS.sha256}"></ds:DigestMethod>` +
    `<ds:DigestValue>${digest}</ds:DigestValue>` +
    `</ds:Reference>`
  );
}

/** Writes the operation element with its fields in WSDL order. */
export function requestBody(operation: DianOperation, fields: RequestFields): string {
  let out = `<wcf:${operation}>`;
  for (const name of OPERATION_FIELDS[operation]) {
    const value = fields[name as keyof RequestFields];
    if (value === undefined) continue;
    const textValue = value instanceof Uint8Array ? Buffer.from(value).toString('base64') : escapeText(value);
    out += `<wcf:${name}>${textValue}</wcf:${name}>`;
  }
  return `${out}</wcf:${operation}>`;
}

/**
 * Builds a complete, signed request envelope. The result is the exact string to send: do not
 * reformat it (the signature covers the bytes of `wsa:To`).
 */
export function buildSecuredEnvelope(opts: EnvelopeOptions): string {
  const suffix = opts.idSuffix ?? randomUUID();
  const ids = { ts: `TS-${suffix}`, bst: `X509-${suffix}`, sig: `SIG-${suffix}`, ki: `KI-${suffix}`, str: `STR-${suffix}`, to: `ID-${suffix}` };
  const created = opts.now;
  const expires = new Date(created.getTime() + (opts.ttlSeconds ?? 300) * 1000);

  const digest = createHash('sha256').update(canonicalTo(opts.to, ids.to), 'utf8').digest('base64');
  const content = signedInfoContent(ids.to, digest);
  const canonicalSignedInfo =
    `<ds:SignedInfo xmlns:ds="${SOAP_NS.ds}" xmlns:soap="${SOAP_NS.soap}" xmlns:wcf="${SOAP_NS.wcf}" xmlns:wsa="${SOAP_NS.wsa}">` +
    `${content}</ds:SignedInfo>`;
  const signature = createSign('RSA-SHA256').update(canonicalSignedInfo, 'utf8').sign(opts.credentials.privateKey).toString('base64');
  const token = Buffer.from(opts.credentials.certificateDer).toString('base64');

  return (
    `<soap:Envelope xmlns:soap="${SOAP_NS.soap}" xmlns:wcf="${SOAP_NS.wcf}">` +
    `<soap:Header xmlns:wsa="${SOAP_NS.wsa}">` +
    `<wsse:Security xmlns:wsse="${SOAP_NS.wsse}" xmlns:wsu="${SOAP_NS.wsu}">` +
    `<wsu:Timestamp wsu:Id="${ids.ts}"><wsu:Created>${wsuDateTime(created)}</wsu:Created><wsu:Expires>${wsuDateTime(expires)}</wsu:Expires></wsu:Timestamp>` +
    `<wsse:BinarySecurityToken EncodingType="${WSS.base64Binary}" ValueType="${WSS.x509v3}" wsu:Id="${ids.bst}">${token}</wsse:BinarySecurityToken>` +
    `<ds:Signature xmlns:ds="${SOAP_NS.ds}" Id="${ids.sig}">` +
    `<ds:SignedInfo>${content}</ds:SignedInfo>` +
    `<ds:SignatureValue>${signature}</ds:SignatureValue>` +
    `<ds:KeyInfo Id="${ids.ki}"><wsse:SecurityTokenReference wsu:Id="${ids.str}">` +
    `<wsse:Reference URI="#${ids.bst}" ValueType="${WSS.x509v3}"></wsse:Reference>` +
    `</wsse:SecurityTokenReference></ds:KeyInfo>` +
    `</ds:Signature>` +
    `</wsse:Security>` +
    `<wsa:Action>${escapeText(actionOf(opts.operation))}</wsa:Action>` +
    `<wsa:To xmlns:wsu="${SOAP_NS.wsu}" wsu:Id="${ids.to}">${escapeText(opts.to)}</wsa:To>` +
    `</soap:Header>` +
    `<soap:Body>${requestBody(opts.operation, opts.fields)}</soap:Body>` +
    `</soap:Envelope>`
  );
}
