/**
 * DIAN unique document codes: CUFE (invoices), CUDE (credit/debit notes and events), CUDS
 * (documento soporte) and the SoftwareSecurityCode.
 *
 * Every code is SHA-384 over the UTF-8 bytes of a plain concatenation (no separators), written
 * as 96 lower-case hex characters (spec/01-documents.md §8). The inputs are the strings EXACTLY
 * as they are written in the XML: `cbc:ID` with its prefix, `IssueDate` `YYYY-MM-DD`,
 * `IssueTime` `HH:MM:SS-05:00`, amounts with a dot and exactly 2 decimals, NITs without DV. This
 * module formats nothing: whoever writes the XML formats once and passes the same text here, so
 * the hash and the document can never disagree (the commonest cause of rejection FAD06).
 */
import { createHash } from 'node:crypto';

/** Fields of the CUFE/CUDE chain, each the exact text of the XML element named. */
export interface CufeFields {
  /** NumFac: `/Invoice/cbc:ID` (or the note's `cbc:ID`), prefix included, e.g. "SETP990000001". */
  number: string;
  /** FecFac: `cbc:IssueDate`, "YYYY-MM-DD". */
  issueDate: string;
  /** HorFac: `cbc:IssueTime`, "HH:MM:SS-05:00". */
  issueTime: string;
  /** ValFac: `cac:LegalMonetaryTotal/cbc:LineExtensionAmount` (`RequestedMonetaryTotal` on debit notes). */
  lineExtensionAmount: string;
  /** ValImp1: document `TaxTotal/TaxAmount` of tax 01 (IVA); "0.00" when the document has no IVA. */
  ivaAmount: string;
  /** ValImp2: document `TaxTotal/TaxAmount` of tax 04 (INC); "0.00" when absent. */
  incAmount: string;
  /** ValImp3: document `TaxTotal/TaxAmount` of tax 03 (ICA); "0.00" when absent. */
  icaAmount: string;
  /** ValTot: `cac:LegalMonetaryTotal/cbc:PayableAmount` (`RequestedMonetaryTotal` on debit notes). */
  payableAmount: string;
  /** NitOFE: supplier `PartyTaxScheme/cbc:CompanyID`, without DV. */
  supplierId: string;
  /** NumAdq: customer `PartyTaxScheme/cbc:CompanyID` (or `PartyIdentification/cbc:ID`); "222222222222" for consumidor final. */
  customerId: string;
  /** TipoAmbiente: `cbc:ProfileExecutionID`, "1" producción or "2" pruebas. */
  environment: string;
}

/** Fields of the CUDS chain (documento soporte 05 and nota de ajuste 95). */
export interface CudsFields {
  /** NumDS: the document's `cbc:ID`. */
  number: string;
  /** FecDS: `cbc:IssueDate`. */
  issueDate: string;
  /** HorDS: `cbc:IssueTime`. */
  issueTime: string;
  /** ValDS: `LegalMonetaryTotal/cbc:LineExtensionAmount`. */
  lineExtensionAmount: string;
  /** ValImp: `TaxAmount` of the first document `TaxTotal` with tax 01 (IVA); "0.00" when absent. */
  ivaAmount: string;
  /** ValTol: `LegalMonetaryTotal/cbc:PayableAmount`. */
  payableAmount: string;
  /** NumSNO: the seller's id (`AccountingSupplierParty`), the party not obliged to invoice. */
  sellerId: string;
  /** NitABS: the NIT of the buyer who issues the document (`AccountingCustomerParty`), without DV. */
  buyerNit: string;
  /** TipoAmb: `cbc:ProfileExecutionID`. */
  environment: string;
}

/** Fields of the CUDE of an ApplicationResponse (event), Anexo §11.5.1. There is no environment. */
export interface EventCudeFields {
  /** Num_DE: the ApplicationResponse `cbc:ID`. */
  number: string;
  /** Fec_Emi: its `cbc:IssueDate`. */
  issueDate: string;
  /** Hor_Emi: its `cbc:IssueTime`. */
  issueTime: string;
  /** NitFE: `SenderParty/PartyTaxScheme/cbc:CompanyID`. */
  senderId: string;
  /** DocAdq: `ReceiverParty/PartyTaxScheme/cbc:CompanyID`. */
  receiverId: string;
  /** ResponseCode: `DocumentResponse/Response/cbc:ResponseCode`, e.g. "030". */
  responseCode: string;
  /** ID: `DocumentResponse/DocumentReference/cbc:ID` (the referenced document's number). */
  documentId: string;
  /** DocumentTypeCode: `DocumentResponse/DocumentReference/cbc:DocumentTypeCode`, e.g. "01". */
  documentTypeCode: string;
}

/**
 * The tax codes that hold a fixed slot in the CUFE/CUDE chain, in chain order. No other tax
 * (INC bolsas 22, IC 02, IBUA 34, …) enters the hash, although all of them count in PayableAmount.
 */
const CUFE_TAX_SLOTS = { iva: '01', inc: '04', ica: '03' } as const;

/**
 * Rejects a missing or empty field. A JavaScript caller that forgets a field would otherwise
 * hash the text "undefined" and get a plausible-looking but wrong code.
 */
function requireText(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new TypeError(`Falta el campo "${what}" para calcular el código único del documento (debe ser el texto tal como va en el XML).`);
  }
  return value;
}

/** Lower-case hex SHA-384 of the UTF-8 bytes of `text`. */
function sha384Hex(text: string): string {
  return createHash('sha384').update(text, 'utf8').digest('hex');
}

/** The shared CUFE/CUDE chain; `secret` is the technical key (CUFE) or the software PIN (CUDE). */
function cufeChain(fields: CufeFields, secret: string, secretName: string): string {
  return (
    requireText(fields.number, 'number') +
    requireText(fields.issueDate, 'issueDate') +
    requireText(fields.issueTime, 'issueTime') +
    requireText(fields.lineExtensionAmount, 'lineExtensionAmount') +
    CUFE_TAX_SLOTS.iva +
    requireText(fields.ivaAmount, 'ivaAmount') +
    CUFE_TAX_SLOTS.inc +
    requireText(fields.incAmount, 'incAmount') +
    CUFE_TAX_SLOTS.ica +
    requireText(fields.icaAmount, 'icaAmount') +
    requireText(fields.payableAmount, 'payableAmount') +
    requireText(fields.supplierId, 'supplierId') +
    requireText(fields.customerId, 'customerId') +
    requireText(secret, secretName) +
    requireText(fields.environment, 'environment')
  );
}

/**
 * The CUFE concatenation (before hashing): NumFac + FecFac + HorFac + ValFac + "01" + ValImp1 +
 * "04" + ValImp2 + "03" + ValImp3 + ValTot + NitOFE + NumAdq + ClTec + TipoAmbiente.
 * DIAN's own examples put this string in the invoice's `cbc:Note`; it is also what to log when
 * DIAN answers FAD06.
 *
 * @param fields the XML texts (see {@link CufeFields}).
 * @param technicalKey the clave técnica of the numbering range (from GetNumberingRange; not in the XML).
 * @throws TypeError when a field or the key is missing or empty.
 */
export function cufeInput(fields: CufeFields, technicalKey: string): string {
  return cufeChain(fields, technicalKey, 'technicalKey');
}

/**
 * CUFE of an invoice (types 01, 02, 03, 04): SHA-384 of {@link cufeInput}, 96 lower-case hex chars.
 *
 * @param fields the XML texts (see {@link CufeFields}).
 * @param technicalKey the clave técnica of the numbering range.
 * @throws TypeError when a field or the key is missing or empty.
 */
export function computeCufe(fields: CufeFields, technicalKey: string): string {
  return sha384Hex(cufeInput(fields, technicalKey));
}

/**
 * The CUDE concatenation of a credit or debit note: the CUFE chain with the software PIN in
 * place of the technical key.
 *
 * @param fields the note's XML texts; on a debit note the amounts come from `RequestedMonetaryTotal`.
 * @param softwarePin the PIN chosen when the software was registered at DIAN.
 * @throws TypeError when a field or the PIN is missing or empty.
 */
export function cudeInput(fields: CufeFields, softwarePin: string): string {
  return cufeChain(fields, softwarePin, 'softwarePin');
}

/**
 * CUDE of a credit note (91) or debit note (92): SHA-384 of {@link cudeInput}.
 *
 * @param fields the note's XML texts.
 * @param softwarePin the software PIN.
 * @throws TypeError when a field or the PIN is missing or empty.
 */
export function computeCude(fields: CufeFields, softwarePin: string): string {
  return sha384Hex(cudeInput(fields, softwarePin));
}

/**
 * The CUDS concatenation: NumDS + FecDS + HorDS + ValDS + "01" + ValImp + ValTol + NumSNO +
 * NitABS + Software-PIN + TipoAmb. Only the IVA slot exists (no 04/03).
 *
 * @param fields the documento soporte's XML texts (see {@link CudsFields}).
 * @param softwarePin the software PIN.
 * @throws TypeError when a field or the PIN is missing or empty.
 */
export function cudsInput(fields: CudsFields, softwarePin: string): string {
  return (
    requireText(fields.number, 'number') +
    requireText(fields.issueDate, 'issueDate') +
    requireText(fields.issueTime, 'issueTime') +
    requireText(fields.lineExtensionAmount, 'lineExtensionAmount') +
    CUFE_TAX_SLOTS.iva +
    requireText(fields.ivaAmount, 'ivaAmount') +
    requireText(fields.payableAmount, 'payableAmount') +
    requireText(fields.sellerId, 'sellerId') +
    requireText(fields.buyerNit, 'buyerNit') +
    requireText(softwarePin, 'softwarePin') +
    requireText(fields.environment, 'environment')
  );
}

/**
 * CUDS of a documento soporte (05) or its nota de ajuste (95): SHA-384 of {@link cudsInput}.
 *
 * @param fields the document's XML texts.
 * @param softwarePin the software PIN.
 * @throws TypeError when a field or the PIN is missing or empty.
 */
export function computeCuds(fields: CudsFields, softwarePin: string): string {
  return sha384Hex(cudsInput(fields, softwarePin));
}

/**
 * The concatenation of an event's CUDE: Num_DE + Fec_Emi + Hor_Emi + NitFE + DocAdq +
 * ResponseCode + ID + DocumentTypeCode + Software-PIN (no environment).
 *
 * @param fields the ApplicationResponse's XML texts (see {@link EventCudeFields}).
 * @param softwarePin the software PIN of whoever issues the event.
 * @throws TypeError when a field or the PIN is missing or empty.
 */
export function eventCudeInput(fields: EventCudeFields, softwarePin: string): string {
  return (
    requireText(fields.number, 'number') +
    requireText(fields.issueDate, 'issueDate') +
    requireText(fields.issueTime, 'issueTime') +
    requireText(fields.senderId, 'senderId') +
    requireText(fields.receiverId, 'receiverId') +
    requireText(fields.responseCode, 'responseCode') +
    requireText(fields.documentId, 'documentId') +
    requireText(fields.documentTypeCode, 'documentTypeCode') +
    requireText(softwarePin, 'softwarePin')
  );
}

/**
 * CUDE of an ApplicationResponse (RADIAN event, e.g. 030 acuse de recibo): SHA-384 of
 * {@link eventCudeInput}.
 *
 * @param fields the ApplicationResponse's XML texts.
 * @param softwarePin the software PIN.
 * @throws TypeError when a field or the PIN is missing or empty.
 */
export function computeEventCude(fields: EventCudeFields, softwarePin: string): string {
  return sha384Hex(eventCudeInput(fields, softwarePin));
}

/**
 * `sts:SoftwareSecurityCode`: SHA-384 of SoftwareID + Software-PIN + NumDoc, where NumDoc is the
 * document's own `cbc:ID` (prefix + number). Hashing only SoftwareID + PIN, as some older code
 * does, is wrong (verified against three DIAN toolkit v1.9 samples).
 *
 * @param softwareId the software identifier DIAN assigned (`sts:SoftwareID`).
 * @param softwarePin the software PIN.
 * @param documentNumber the document's `cbc:ID`.
 * @throws TypeError when an argument is missing or empty.
 */
export function computeSoftwareSecurityCode(softwareId: string, softwarePin: string, documentNumber: string): string {
  return sha384Hex(
    requireText(softwareId, 'softwareId') + requireText(softwarePin, 'softwarePin') + requireText(documentNumber, 'documentNumber'),
  );
}
