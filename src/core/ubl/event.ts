/**
 * RADIAN events 030–034 as DIAN ApplicationResponses (spec/02-services.md §8.2, the toolkit
 * samples `030_-_Acuse_ReciboFEV.xml` and `032_-_Recibo_ByS.xml`): deterministic canonical XML
 * with the event CUDE (§8.3) and an empty second UBLExtension for the XAdES signature, so the
 * signer signs the bytes as emitted (like the invoice builder).
 *
 * Element order (as DIAN's samples and the UBL ApplicationResponse schema):
 * UBLExtensions (DianExtensions: InvoiceSource, SoftwareProvider, SoftwareSecurityCode,
 * AuthorizationProvider, QRCode; then the signature slot), UBLVersionID, CustomizationID,
 * ProfileID, ProfileExecutionID, ID, UUID, IssueDate, IssueTime, Note*, SenderParty,
 * ReceiverParty, DocumentResponse (Response, DocumentReference, IssuerParty).
 */
import { claimConcept } from '../codelists/index.js';
import { computeEventCude, computeNitDv, eventCudeInput, computeSoftwareSecurityCode, qrUrl } from '../identity/index.js';
import { rootNamespaceAttrs } from '../xml/namespaces.js';
import { XmlWriter } from '../xml/writer.js';
import { DIAN_NIT, XML_PROLOG } from './build.js';

/** The events of the buyer/seller cycle of an invoice. */
export type EventCode = '030' | '031' | '032' | '033' | '034';

/** All of them, in the order of the cycle. */
export const EVENT_CODES_030_034: readonly EventCode[] = ['030', '031', '032', '033', '034'];

/** DIAN's names of the events (Anexo 1.9 table 13.1.6), used as `cac:Response/cbc:Description`. */
export const EVENT_DESCRIPTIONS: Readonly<Record<EventCode, string>> = {
  '030': 'Acuse de recibo de Factura Electrónica de Venta',
  '031': 'Reclamo de la Factura Electrónica de Venta',
  '032': 'Recibo del bien y/o prestación del servicio',
  '033': 'Aceptación expresa',
  '034': 'Aceptación Tácita',
};

/** Who issues each event: the invoice's buyer (030–033) or its seller (034). */
export const EVENT_ISSUER_ROLE: Readonly<Record<EventCode, 'buyer' | 'seller'>> = {
  '030': 'buyer',
  '031': 'buyer',
  '032': 'buyer',
  '033': 'buyer',
  '034': 'seller',
};

/** A party of an event (SenderParty / ReceiverParty, `cac:PartyTaxScheme`). */
export interface EventParty {
  /** Registered name (RUT). */
  name: string;
  /** Identification number without check digit. */
  id: string;
  /** Identification type (`31` NIT, `13` cédula…); default `31`. */
  idType?: string;
  /** Fiscal responsibilities (`TaxLevelCode`), e.g. `O-13`; omitted when empty. */
  responsibilities?: readonly string[];
  /** Tax scheme (`01` IVA, `ZZ` no aplica); default `01`. */
  taxScheme?: string;
}

/** The natural person who acts for the sender (032/033; DIAN's samples carry it on 030 too). */
export interface EventPerson {
  id: string;
  /** Identification type, default `13` (cédula de ciudadanía). */
  idType?: string;
  firstName: string;
  familyName: string;
  jobTitle?: string;
  department?: string;
}

/** Everything an event carries; dates, numbers and keys are arguments (the core has no clock). */
export interface EventInput {
  code: EventCode;
  /** The event's own number (`cbc:ID`), unique per event type for the sender (AAD05b). */
  number: string;
  /** `YYYY-MM-DD` (Colombia). */
  issueDate: string;
  /** `HH:MM:SS-05:00`. */
  issueTime: string;
  /** `1` producción, `2` habilitación. */
  environment: '1' | '2';
  software: { id: string; pin: string; providerNit: string };
  sender: EventParty;
  receiver: EventParty;
  /** The invoice the event is about. */
  invoice: { number: string; cufe: string; typeCode?: string };
  /** Claim concept for 031 (`01`–`04`, Anexo table 13.3.12). */
  claimConcept?: string;
  person?: EventPerson;
  /** Free notes (`cbc:Note`), e.g. the sworn statement of a tacit acceptance (034). */
  notes?: readonly string[];
}

/** What {@link buildEvent} produced. */
export interface BuiltEvent {
  /** Unsigned canonical XML with prolog, ready for the signer. */
  xml: string;
  /** The event CUDE (`cbc:UUID`). */
  cude: string;
  /** The exact string hashed into the CUDE (for troubleshooting AAD06). */
  cudeInput: string;
}

const DIAN_AGENCY = Object.freeze({ schemeAgencyID: '195', schemeAgencyName: 'CO, DIAN (Dirección de Impuestos y Aduanas Nacionales)' });
const INVOICE_SOURCE_ATTRS = Object.freeze({
  listAgencyID: '6',
  listAgencyName: 'United Nations Economic Commission for Europe',
  listSchemeURI: 'urn:oasis:names:specification:ubl:codelist:gc:CountryIdentificationCode-2.1',
});
const PROFILE_ID = 'DIAN 2.1: ApplicationResponse de la Factura Electrónica de Venta';
const TAX_SCHEME_NAMES: Record<string, string> = { '01': 'IVA', '04': 'INC', ZA: 'IVA e INC', ZZ: 'No aplica' };

/** Reasons an event input cannot be built (Spanish). Empty when it can. */
export function checkEventInput(input: EventInput): string[] {
  const issues: string[] = [];
  if (!EVENT_CODES_030_034.includes(input.code)) issues.push(`Código de evento no soportado: ${input.code}`);
  if (input.code === '031') {
    if (!input.claimConcept) issues.push('El reclamo (031) requiere el concepto de reclamo (01 a 04).');
    else if (!claimConcept(input.claimConcept)) issues.push(`Concepto de reclamo desconocido: ${input.claimConcept} (use 01 a 04).`);
  } else if (input.claimConcept) issues.push('El concepto de reclamo solo aplica al evento 031.');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.issueDate)) issues.push('Fecha del evento inválida (AAAA-MM-DD).');
  if (!/^\d{2}:\d{2}:\d{2}-05:00$/.test(input.issueTime)) issues.push('Hora del evento inválida (HH:MM:SS-05:00).');
  if (!input.number.trim()) issues.push('El evento necesita un número (cbc:ID).');
  if (!/^[0-9a-f]{96}$/.test(input.invoice.cufe)) issues.push('El CUFE de la factura debe ser SHA-384 en hexadecimal (96 caracteres).');
  if (!input.software.pin || !input.software.id) issues.push('Falta el software (SoftwareID y PIN) de quien emite el evento.');
  return issues;
}

function writeParty(w: XmlWriter, tag: string, p: EventParty): void {
  const idType = p.idType ?? '31';
  const attrs: Record<string, string> = { ...DIAN_AGENCY, schemeName: idType };
  if (idType === '31') attrs.schemeID = computeNitDv(p.id);
  const scheme = p.taxScheme ?? '01';
  w.open(tag).open('cac:PartyTaxScheme').leaf('cbc:RegistrationName', p.name);
  w.leaf('cbc:CompanyID', p.id, attrs);
  if (p.responsibilities && p.responsibilities.length > 0) w.leaf('cbc:TaxLevelCode', p.responsibilities.join(';'));
  w.open('cac:TaxScheme').leaf('cbc:ID', scheme).leaf('cbc:Name', TAX_SCHEME_NAMES[scheme] ?? scheme).close('cac:TaxScheme');
  w.close('cac:PartyTaxScheme').close(tag);
}

/**
 * Builds an event ApplicationResponse (unsigned, canonical) and its CUDE.
 *
 * The claim concept of a 031 goes in `cbc:ResponseCode/@listID` with its name in `@name`
 * (placement UNCONFIRMED against the Anexo: docs/decisions.md, "RADIAN events").
 *
 * @param input the event (see {@link EventInput}); validate it first with {@link checkEventInput}.
 * @throws TypeError when a field the CUDE needs is empty.
 */
export function buildEvent(input: EventInput): BuiltEvent {
  const typeCode = input.invoice.typeCode ?? '01';
  const cudeFields = {
    number: input.number,
    issueDate: input.issueDate,
    issueTime: input.issueTime,
    senderId: input.sender.id,
    receiverId: input.receiver.id,
    responseCode: input.code,
    documentId: input.invoice.number,
    documentTypeCode: typeCode,
  };
  const cude = computeEventCude(cudeFields, input.software.pin);
  const w = new XmlWriter();
  w.open('ApplicationResponse', rootNamespaceAttrs('ApplicationResponse', false));
  w.open('ext:UBLExtensions').open('ext:UBLExtension').open('ext:ExtensionContent').open('sts:DianExtensions');
  w.open('sts:InvoiceSource').leaf('cbc:IdentificationCode', 'CO', INVOICE_SOURCE_ATTRS).close('sts:InvoiceSource');
  w.open('sts:SoftwareProvider')
    .leaf('sts:ProviderID', input.software.providerNit, { ...DIAN_AGENCY, schemeID: computeNitDv(input.software.providerNit), schemeName: '31' })
    .leaf('sts:SoftwareID', input.software.id, DIAN_AGENCY)
    .close('sts:SoftwareProvider');
  w.leaf('sts:SoftwareSecurityCode', computeSoftwareSecurityCode(input.software.id, input.software.pin, input.number), DIAN_AGENCY);
  w.open('sts:AuthorizationProvider')
    .leaf('sts:AuthorizationProviderID', DIAN_NIT, { ...DIAN_AGENCY, schemeID: '4', schemeName: '31' })
    .close('sts:AuthorizationProvider');
  // As DIAN's 030 sample: the consultation URL of the referenced invoice.
  w.leaf('sts:QRCode', qrUrl(input.environment, input.invoice.cufe));
  w.close('sts:DianExtensions').close('ext:ExtensionContent').close('ext:UBLExtension');
  w.open('ext:UBLExtension').open('ext:ExtensionContent').close('ext:ExtensionContent').close('ext:UBLExtension');
  w.close('ext:UBLExtensions');
  w.leaf('cbc:UBLVersionID', 'UBL 2.1');
  // Operation type = the event code for the single-variant events 030–034 (spec §8.1, AAD02).
  w.leaf('cbc:CustomizationID', input.code);
  w.leaf('cbc:ProfileID', PROFILE_ID);
  w.leaf('cbc:ProfileExecutionID', input.environment);
  w.leaf('cbc:ID', input.number);
  w.leaf('cbc:UUID', cude, { schemeID: input.environment, schemeName: 'CUDE-SHA384' });
  w.leaf('cbc:IssueDate', input.issueDate);
  w.leaf('cbc:IssueTime', input.issueTime);
  for (const note of input.notes ?? []) w.leaf('cbc:Note', note);
  writeParty(w, 'cac:SenderParty', input.sender);
  writeParty(w, 'cac:ReceiverParty', input.receiver);
  w.open('cac:DocumentResponse');
  w.open('cac:Response');
  if (input.code === '031' && input.claimConcept) {
    w.leaf('cbc:ResponseCode', input.code, { listID: input.claimConcept, name: claimConcept(input.claimConcept)?.name ?? input.claimConcept });
  } else {
    w.leaf('cbc:ResponseCode', input.code);
  }
  w.leaf('cbc:Description', EVENT_DESCRIPTIONS[input.code]);
  w.close('cac:Response');
  w.open('cac:DocumentReference')
    .leaf('cbc:ID', input.invoice.number)
    .leaf('cbc:UUID', input.invoice.cufe, { schemeName: 'CUFE-SHA384' })
    .leaf('cbc:DocumentTypeCode', typeCode)
    .close('cac:DocumentReference');
  if (input.person) {
    const p = input.person;
    w.open('cac:IssuerParty').open('cac:Person');
    w.leaf('cbc:ID', p.id, { schemeName: p.idType ?? '13' });
    w.leaf('cbc:FirstName', p.firstName).leaf('cbc:FamilyName', p.familyName);
    w.opt('cbc:JobTitle', p.jobTitle).opt('cbc:OrganizationDepartment', p.department);
    w.close('cac:Person').close('cac:IssuerParty');
  }
  w.close('cac:DocumentResponse');
  w.close('ApplicationResponse');
  return { xml: XML_PROLOG + w.toString(), cude, cudeInput: eventCudeInput(cudeFields, input.software.pin) };
}
