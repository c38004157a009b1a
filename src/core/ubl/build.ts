import { country, department, municipality, partyTaxScheme, productStandardScheme, taxType } from '../codelists/index.js';
import { computeCude, computeCufe, computeNitDv, computeSoftwareSecurityCode, cufeInput, qrUrl, type CufeFields } from '../identity/index.js';
import type { AddressInput, DocumentInput, PartyInput } from '../input/schema.js';
import { Decimal, decimal } from '../money/decimal.js';
import { formatAmount, toMinor, type Minor } from '../money/money.js';
import { computeDocument, type ComputedAllowanceCharge, type ComputedDocument, type ComputedLine, type ComputedTax, type TaxGroup } from '../totals/compute.js';
import { MAIN_DOC_NS, rootNamespaceAttrs } from '../xml/namespaces.js';
import { XmlWriter, type Attrs } from '../xml/writer.js';

/** The XML prolog DIAN documents start with. */
export const XML_PROLOG = '<?xml version="1.0" encoding="UTF-8" standalone="no"?>';

const DIAN_AGENCY = Object.freeze({ schemeAgencyID: '195', schemeAgencyName: 'CO, DIAN (Dirección de Impuestos y Aduanas Nacionales)' });

// Constant attribute sets are frozen module constants: the writer renders a frozen set once.
const AUTHORIZATION_PROVIDER_ATTRS = Object.freeze({ ...DIAN_AGENCY, schemeID: '4', schemeName: '31' });
const CURRENCY_CODE_ATTRS = Object.freeze({ listAgencyID: '6', listAgencyName: 'United Nations Economic Commission for Europe', listID: 'ISO 4217 Alpha' });
const INVOICE_SOURCE_ATTRS = Object.freeze({
  listAgencyID: '6',
  listAgencyName: 'United Nations Economic Commission for Europe',
  listSchemeURI: 'urn:oasis:names:specification:ubl:codelist:gc:CountryIdentificationCode-2.1',
});
const CUFE_SCHEME_ATTRS = Object.freeze({ schemeName: 'CUFE-SHA384' });
const SPANISH_ATTRS = Object.freeze({ languageID: 'es' });
const MANDANTE_LINE_ATTRS = Object.freeze({ schemeID: '1' });

/** Frozen single-attribute sets by value (`currencyID`, `unitCode`), shared across documents; bounded. */
function sharedAttrs(cache: Map<string | undefined, Attrs>, name: string, value: string | undefined): Attrs {
  let a = cache.get(value);
  if (a === undefined) {
    a = Object.freeze({ [name]: value });
    if (cache.size < 512) cache.set(value, a);
  }
  return a;
}
const currencyAttrsCache = new Map<string | undefined, Attrs>();
const unitAttrsCache = new Map<string | undefined, Attrs>();
const currencyAttrs = (cur: string): Attrs => sharedAttrs(currencyAttrsCache, 'currencyID', cur);
const unitAttrs = (unitCode: string | undefined): Attrs => sharedAttrs(unitAttrsCache, 'unitCode', unitCode);

/** Root element attributes (namespace declarations and schema location), by root name. */
const rootAttrsCache = new Map<string, Attrs>();
function rootAttrs(rootName: keyof typeof MAIN_DOC_NS): Attrs {
  let a = rootAttrsCache.get(rootName);
  if (a === undefined) {
    a = Object.freeze({
      ...rootNamespaceAttrs(rootName),
      'xsi:schemaLocation': `${MAIN_DOC_NS[rootName]} http://docs.oasis-open.org/ubl/os-UBL-2.1/xsd/maindoc/UBL-${rootName}-2.1.xsd`,
    });
    rootAttrsCache.set(rootName, a);
  }
  return a;
}
/** NIT of DIAN, the AuthorizationProvider, and its check digit. */
export const DIAN_NIT = '800197268';

const PROFILE: Record<DocumentInput['kind'], string> = {
  invoice: 'DIAN 2.1: Factura Electrónica de Venta',
  'credit-note': 'DIAN 2.1: Nota Crédito de Factura Electrónica de Venta',
  'debit-note': 'DIAN 2.1: Nota Débito de Factura Electrónica de Venta',
};

const ROOT: Record<DocumentInput['kind'], keyof typeof MAIN_DOC_NS> = {
  invoice: 'Invoice',
  'credit-note': 'CreditNote',
  'debit-note': 'DebitNote',
};

/** What building a document produces. */
export interface BuiltDocument {
  /** Unsigned XML: the prolog, then the document in canonical (C14N) form, ready to sign byte-exactly. */
  xml: string;
  kind: DocumentInput['kind'];
  /** Document number (prefix + consecutive). */
  number: string;
  /** CUFE (invoices) or CUDE (notes). */
  uuid: string;
  uuidScheme: 'CUFE-SHA384' | 'CUDE-SHA384';
  /** The string hashed into the UUID (for support and the optional cbc:Note). */
  uuidInput: string;
  softwareSecurityCode: string;
  qrUrl: string;
  computed: ComputedDocument;
}

/** Raised when the input lacks something the builder cannot default (e.g. the technical key). */
export class BuildError extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.name = 'BuildError';
    this.field = field;
  }
}

/** Number with at least `min` decimals and no loss of precision ("1" → "1.00", "0.125" → "0.125"). */
function dec(d: Decimal, min = 2): string {
  return d.scale >= min ? d.toString() : d.toFixed(min);
}

/** Document number: explicit, or numbering prefix + consecutive. */
export function documentNumber(input: DocumentInput): string {
  if (input.number) return input.number;
  if (input.consecutive === undefined) throw new BuildError('number', 'Indique "number" o "consecutive" (con numberingRange.prefix)');
  return `${input.numberingRange?.prefix ?? ''}${input.consecutive}`;
}

function partyDv(p: PartyInput): string | undefined {
  if (p.idType !== '31') return undefined;
  return p.dv ?? computeNitDv(p.id);
}

function companyIdAttrs(p: PartyInput) {
  return { ...DIAN_AGENCY, schemeID: partyDv(p), schemeName: p.idType };
}

/**
 * Builds the unsigned UBL 2.1 XML of an invoice, credit note or debit note, with CUFE/CUDE,
 * SoftwareSecurityCode, QR URL and an empty second UBLExtension for the signature.
 * Pure and deterministic: the same input always gives the same bytes.
 */
export function buildDocument(input: DocumentInput): BuiltDocument {
  const computed = computeDocument(input);
  const number = documentNumber(input);
  const cur = input.currency;
  const curAttrs = currencyAttrs(cur);
  const t = computed.totals;
  const taxAmount = (code: string) => formatAmount(computed.taxTotals.find((g) => g.code === code)?.amount ?? 0n);
  const fields: CufeFields = {
    number,
    issueDate: input.issueDate,
    issueTime: input.issueTime,
    lineExtensionAmount: formatAmount(t.lineExtension),
    ivaAmount: taxAmount('01'),
    incAmount: taxAmount('04'),
    icaAmount: taxAmount('03'),
    payableAmount: formatAmount(t.payable),
    supplierId: input.supplier.id,
    customerId: input.customer.id,
    environment: input.environment,
  };
  let uuid: string;
  let uuidInput: string;
  let uuidScheme: BuiltDocument['uuidScheme'];
  if (input.kind === 'invoice' && input.typeCode !== '03') {
    const key = input.numberingRange?.technicalKey;
    if (!key) throw new BuildError('numberingRange.technicalKey', 'La clave técnica del rango de numeración es obligatoria para calcular el CUFE');
    uuid = computeCufe(fields, key);
    uuidInput = cufeInput(fields, key);
    uuidScheme = 'CUFE-SHA384';
  } else {
    // Credit/debit notes (CUDE) and contingency type 03 use the software PIN (spec 01 §8.2–8.3).
    uuid = input.kind === 'invoice' ? computeCufe(fields, input.software.pin) : computeCude(fields, input.software.pin);
    uuidInput = cufeInput(fields, input.software.pin);
    uuidScheme = input.kind === 'invoice' ? 'CUFE-SHA384' : 'CUDE-SHA384';
  }
  const ssc = computeSoftwareSecurityCode(input.software.id, input.software.pin, number);
  const qr = qrUrl(input.environment, uuid);

  const rootName = ROOT[input.kind];
  const w = new XmlWriter();
  w.open(rootName, rootAttrs(rootName));
  writeExtensions(w, input, ssc, qr);
  w.leaf('cbc:UBLVersionID', 'UBL 2.1');
  w.leaf('cbc:CustomizationID', input.operationType);
  w.leaf('cbc:ProfileID', PROFILE[input.kind]);
  w.leaf('cbc:ProfileExecutionID', input.environment);
  w.leaf('cbc:ID', number);
  w.leaf('cbc:UUID', uuid, { schemeID: input.environment, schemeName: uuidScheme });
  w.leaf('cbc:IssueDate', input.issueDate);
  w.leaf('cbc:IssueTime', input.issueTime);
  if (input.kind === 'invoice') {
    w.opt('cbc:DueDate', input.dueDate ?? input.payment.dueDate);
    w.leaf('cbc:InvoiceTypeCode', input.typeCode);
  } else if (input.kind === 'credit-note') {
    w.leaf('cbc:CreditNoteTypeCode', '91');
  }
  for (const note of input.notes) w.leaf('cbc:Note', note);
  w.leaf('cbc:DocumentCurrencyCode', cur, CURRENCY_CODE_ATTRS);
  w.leaf('cbc:LineCountNumeric', String(computed.lines.length));
  if (input.invoicePeriod) {
    w.open('cac:InvoicePeriod').leaf('cbc:StartDate', input.invoicePeriod.startDate).leaf('cbc:EndDate', input.invoicePeriod.endDate).close('cac:InvoicePeriod');
  }
  if (input.kind !== 'invoice') {
    w.open('cac:DiscrepancyResponse');
    if (input.billingReference) w.leaf('cbc:ReferenceID', input.billingReference.number);
    w.leaf('cbc:ResponseCode', input.discrepancy.code).leaf('cbc:Description', input.discrepancy.description);
    w.close('cac:DiscrepancyResponse');
  }
  if (input.orderReference) w.open('cac:OrderReference').leaf('cbc:ID', input.orderReference).close('cac:OrderReference');
  if (input.kind !== 'invoice' && input.billingReference) {
    const r = input.billingReference;
    w.open('cac:BillingReference').open('cac:InvoiceDocumentReference');
    w.leaf('cbc:ID', r.number).leaf('cbc:UUID', r.cufe, CUFE_SCHEME_ATTRS).leaf('cbc:IssueDate', r.issueDate);
    w.close('cac:InvoiceDocumentReference').close('cac:BillingReference');
  }
  if (input.kind === 'invoice') {
    // UBL order: BillingReference, Despatch/Receipt/Statement/Originator/Contract references, then these.
    for (const ref of input.additionalDocumentReferences) {
      w.open('cac:AdditionalDocumentReference').leaf('cbc:ID', ref.id);
      if (ref.uuid) w.leaf('cbc:UUID', ref.uuid, { schemeName: ref.uuidScheme });
      w.opt('cbc:IssueDate', ref.issueDate).opt('cbc:DocumentTypeCode', ref.typeCode);
      w.close('cac:AdditionalDocumentReference');
    }
  }
  writeParty(w, 'cac:AccountingSupplierParty', input.supplier, true, input.numberingRange?.prefix);
  writeParty(w, 'cac:AccountingCustomerParty', input.customer, false, undefined);
  const writePrepaid = () => {
    if (input.kind === 'credit-note') return;
    for (const p of input.prepaidPayments) {
      w.open('cac:PrepaidPayment').leaf('cbc:ID', p.id);
      w.leaf('cbc:PaidAmount', formatAmount(toMinor(decimal(p.amount))), curAttrs).leaf('cbc:ReceivedDate', p.receivedDate).close('cac:PrepaidPayment');
    }
  };
  if (input.kind === 'debit-note') {
    writePrepaid();
    writeAllowanceCharges(w, computed.documentAllowanceCharges, cur);
  }
  w.open('cac:PaymentMeans').leaf('cbc:ID', input.payment.form).leaf('cbc:PaymentMeansCode', input.payment.means);
  w.opt('cbc:PaymentDueDate', input.payment.dueDate ?? (input.payment.form === '2' ? input.dueDate : undefined));
  for (const ref of input.payment.references) w.leaf('cbc:PaymentID', ref);
  w.close('cac:PaymentMeans');
  if (input.kind === 'invoice') {
    writePrepaid();
    writeAllowanceCharges(w, computed.documentAllowanceCharges, cur);
  }
  if (cur !== 'COP' && input.exchangeRate) {
    w.open('cac:PaymentExchangeRate').leaf('cbc:SourceCurrencyCode', cur).leaf('cbc:SourceCurrencyBaseRate', '1.00');
    w.leaf('cbc:TargetCurrencyCode', 'COP').leaf('cbc:TargetCurrencyBaseRate', '1.00');
    w.leaf('cbc:CalculationRate', input.exchangeRate.rate).leaf('cbc:Date', input.exchangeRate.date).close('cac:PaymentExchangeRate');
  }
  if (input.kind === 'credit-note') writeAllowanceCharges(w, computed.documentAllowanceCharges, cur);
  for (const g of computed.taxTotals) writeTaxTotal(w, 'cac:TaxTotal', g, cur);
  for (const g of computed.withholdingTotals) writeTaxTotal(w, 'cac:WithholdingTaxTotal', g, cur);
  const mt = input.kind === 'debit-note' ? 'cac:RequestedMonetaryTotal' : 'cac:LegalMonetaryTotal';
  w.open(mt);
  const put = (name: string, m: Minor) => {
    w.leaf(name, formatAmount(m), curAttrs);
  };
  put('cbc:LineExtensionAmount', t.lineExtension);
  put('cbc:TaxExclusiveAmount', t.taxExclusive);
  put('cbc:TaxInclusiveAmount', t.taxInclusive);
  if (computed.documentAllowanceCharges.some((a) => !a.charge)) put('cbc:AllowanceTotalAmount', t.allowanceTotal);
  if (computed.documentAllowanceCharges.some((a) => a.charge)) put('cbc:ChargeTotalAmount', t.chargeTotal);
  if (t.prepaid !== 0n) put('cbc:PrepaidAmount', t.prepaid);
  put('cbc:PayableAmount', t.payable);
  w.close(mt);
  for (const line of computed.lines) writeLine(w, input, line, cur);
  w.close(rootName);

  return {
    xml: XML_PROLOG + w.toString(),
    kind: input.kind,
    number,
    uuid,
    uuidScheme,
    uuidInput,
    softwareSecurityCode: ssc,
    qrUrl: qr,
    computed,
  };
}


function writeExtensions(w: XmlWriter, input: DocumentInput, ssc: string, qr: string): void {
  w.open('ext:UBLExtensions').open('ext:UBLExtension').open('ext:ExtensionContent').open('sts:DianExtensions');
  const r = input.numberingRange;
  if (r) {
    w.open('sts:InvoiceControl').leaf('sts:InvoiceAuthorization', r.resolution);
    w.open('sts:AuthorizationPeriod').leaf('cbc:StartDate', r.startDate).leaf('cbc:EndDate', r.endDate).close('sts:AuthorizationPeriod');
    w.open('sts:AuthorizedInvoices').opt('sts:Prefix', r.prefix).leaf('sts:From', String(r.from)).leaf('sts:To', String(r.to)).close('sts:AuthorizedInvoices');
    w.close('sts:InvoiceControl');
  }
  w.open('sts:InvoiceSource')
    .leaf('cbc:IdentificationCode', 'CO', INVOICE_SOURCE_ATTRS)
    .close('sts:InvoiceSource');
  const providerNit = input.software.providerNit ?? input.supplier.id;
  w.open('sts:SoftwareProvider');
  w.leaf('sts:ProviderID', providerNit, { ...DIAN_AGENCY, schemeID: computeNitDv(providerNit), schemeName: '31' });
  w.leaf('sts:SoftwareID', input.software.id, DIAN_AGENCY);
  w.close('sts:SoftwareProvider');
  w.leaf('sts:SoftwareSecurityCode', ssc, DIAN_AGENCY);
  w.open('sts:AuthorizationProvider')
    .leaf('sts:AuthorizationProviderID', DIAN_NIT, AUTHORIZATION_PROVIDER_ATTRS)
    .close('sts:AuthorizationProvider');
  w.leaf('sts:QRCode', qr);
  w.close('sts:DianExtensions').close('ext:ExtensionContent').close('ext:UBLExtension');
  // The signature slot: an empty second extension the signer fills without touching anything else.
  w.open('ext:UBLExtension').open('ext:ExtensionContent').close('ext:ExtensionContent').close('ext:UBLExtension');
  w.close('ext:UBLExtensions');
}

function writeAddress(w: XmlWriter, name: string, a: AddressInput): void {
  w.open(name);
  const m = a.municipalityCode ? municipality(a.municipalityCode) : undefined;
  const isCo = a.countryCode === 'CO';
  w.opt('cbc:ID', a.municipalityCode);
  w.opt('cbc:CityName', m?.name ?? a.cityName);
  w.opt('cbc:PostalZone', a.postalCode);
  const depCode = m?.departmentCode ?? a.departmentCode;
  w.opt('cbc:CountrySubentity', (isCo && depCode ? department(depCode)?.name : undefined) ?? m?.departmentName ?? a.departmentName);
  w.opt('cbc:CountrySubentityCode', depCode);
  w.open('cac:AddressLine').leaf('cbc:Line', a.line).close('cac:AddressLine');
  w.open('cac:Country').leaf('cbc:IdentificationCode', a.countryCode);
  w.leaf('cbc:Name', country(a.countryCode)?.name ?? a.countryCode, SPANISH_ATTRS);
  w.close('cac:Country');
  w.close(name);
}

function writeParty(w: XmlWriter, wrapper: string, p: PartyInput, isSupplier: boolean, prefix: string | undefined): void {
  w.open(wrapper).leaf('cbc:AdditionalAccountID', p.personType).open('cac:Party');
  if (p.industryCodes?.length) w.leaf('cbc:IndustryClassificationCode', p.industryCodes.join(';'));
  if (!isSupplier) {
    w.open('cac:PartyIdentification').leaf('cbc:ID', p.id, { schemeID: partyDv(p), schemeName: p.idType }).close('cac:PartyIdentification');
  }
  w.open('cac:PartyName').leaf('cbc:Name', p.commercialName ?? p.name).close('cac:PartyName');
  if (p.address) {
    w.open('cac:PhysicalLocation');
    writeAddress(w, 'cac:Address', p.address);
    w.close('cac:PhysicalLocation');
  }
  w.open('cac:PartyTaxScheme').leaf('cbc:RegistrationName', p.name);
  w.leaf('cbc:CompanyID', p.id, companyIdAttrs(p));
  w.leaf('cbc:TaxLevelCode', p.responsibilities.join(';'), p.regime ? { listName: p.regime } : undefined);
  if (p.address) writeAddress(w, 'cac:RegistrationAddress', p.address);
  w.open('cac:TaxScheme').leaf('cbc:ID', p.taxScheme).leaf('cbc:Name', partyTaxScheme(p.taxScheme)?.name ?? p.taxScheme).close('cac:TaxScheme');
  w.close('cac:PartyTaxScheme');
  w.open('cac:PartyLegalEntity').leaf('cbc:RegistrationName', p.name).leaf('cbc:CompanyID', p.id, companyIdAttrs(p));
  if (isSupplier && (prefix || p.commercialRegistration)) {
    w.open('cac:CorporateRegistrationScheme').opt('cbc:ID', prefix).opt('cbc:Name', p.commercialRegistration).close('cac:CorporateRegistrationScheme');
  }
  w.close('cac:PartyLegalEntity');
  if (p.email || p.phone) {
    w.open('cac:Contact').opt('cbc:Telephone', p.phone).opt('cbc:ElectronicMail', p.email).close('cac:Contact');
  }
  if (p.person) {
    w.open('cac:Person').leaf('cbc:FirstName', p.person.firstName).leaf('cbc:FamilyName', p.person.familyName);
    w.opt('cbc:MiddleName', p.person.middleName).close('cac:Person');
  }
  w.close('cac:Party').close(wrapper);
}

function writeAllowanceCharges(w: XmlWriter, list: ComputedAllowanceCharge[], cur: string): void {
  list.forEach((a, i) => {
    w.open('cac:AllowanceCharge').leaf('cbc:ID', String(i + 1)).leaf('cbc:ChargeIndicator', a.charge ? 'true' : 'false');
    w.opt('cbc:AllowanceChargeReasonCode', a.reasonCode).leaf('cbc:AllowanceChargeReason', a.reason);
    if (a.percent) w.leaf('cbc:MultiplierFactorNumeric', dec(a.percent));
    w.leaf('cbc:Amount', formatAmount(a.amount), currencyAttrs(cur)).leaf('cbc:BaseAmount', formatAmount(a.base), currencyAttrs(cur));
    w.close('cac:AllowanceCharge');
  });
}

function writeSubtotal(w: XmlWriter, s: ComputedTax, cur: string): void {
  w.open('cac:TaxSubtotal');
  if (s.taxable !== undefined) w.leaf('cbc:TaxableAmount', formatAmount(s.taxable), currencyAttrs(cur));
  w.leaf('cbc:TaxAmount', formatAmount(s.amount), currencyAttrs(cur));
  if (s.perUnitAmount) {
    w.leaf('cbc:BaseUnitMeasure', dec(s.units!), unitAttrs(s.unitCode));
    w.leaf('cbc:PerUnitAmount', dec(s.perUnitAmount), currencyAttrs(cur));
  }
  w.open('cac:TaxCategory');
  if (s.percent) w.leaf('cbc:Percent', dec(s.percent));
  w.open('cac:TaxScheme').leaf('cbc:ID', s.code).leaf('cbc:Name', taxType(s.code)?.name ?? s.code).close('cac:TaxScheme');
  w.close('cac:TaxCategory').close('cac:TaxSubtotal');
}

function writeTaxTotal(w: XmlWriter, name: string, g: TaxGroup, cur: string): void {
  w.open(name).leaf('cbc:TaxAmount', formatAmount(g.amount), currencyAttrs(cur));
  for (const s of g.subtotals) writeSubtotal(w, s, cur);
  w.close(name);
}

const LINE = {
  invoice: ['cac:InvoiceLine', 'cbc:InvoicedQuantity'],
  'credit-note': ['cac:CreditNoteLine', 'cbc:CreditedQuantity'],
  'debit-note': ['cac:DebitNoteLine', 'cbc:DebitedQuantity'],
} as const;

function writeLine(w: XmlWriter, input: DocumentInput, line: ComputedLine, cur: string): void {
  const [lineName, qtyName] = LINE[input.kind];
  const l = line.input;
  w.open(lineName).leaf('cbc:ID', String(line.id), l.mandante ? MANDANTE_LINE_ATTRS : undefined);
  w.opt('cbc:Note', l.note);
  w.leaf(qtyName, dec(line.quantity), unitAttrs(l.unitCode));
  w.leaf('cbc:LineExtensionAmount', formatAmount(line.lineExtension), currencyAttrs(cur));
  if (l.freeOfCharge && input.kind !== 'debit-note') w.leaf('cbc:FreeOfChargeIndicator', 'true');
  if (l.freeOfCharge) {
    w.open('cac:PricingReference').open('cac:AlternativeConditionPrice');
    w.leaf('cbc:PriceAmount', dec(decimal(l.freeOfCharge.referencePrice)), currencyAttrs(cur));
    w.leaf('cbc:PriceTypeCode', l.freeOfCharge.priceTypeCode);
    w.close('cac:AlternativeConditionPrice').close('cac:PricingReference');
  }
  const taxes = groupLineTaxes(line.taxes);
  if (input.kind === 'invoice') {
    writeAllowanceCharges(w, line.allowanceCharges, cur);
    for (const g of taxes) writeTaxTotal(w, 'cac:TaxTotal', g, cur);
    for (const g of groupLineTaxes(line.withholdings)) writeTaxTotal(w, 'cac:WithholdingTaxTotal', g, cur);
  } else {
    // CreditNoteLine / DebitNoteLine put TaxTotal before AllowanceCharge (UBL 2.1 order).
    for (const g of taxes) writeTaxTotal(w, 'cac:TaxTotal', g, cur);
    writeAllowanceCharges(w, line.allowanceCharges, cur);
  }
  w.open('cac:Item').leaf('cbc:Description', l.description);
  w.opt('cbc:BrandName', l.brand).opt('cbc:ModelName', l.model);
  if (l.code) w.open('cac:SellersItemIdentification').leaf('cbc:ID', l.code).close('cac:SellersItemIdentification');
  const std = l.standardItemId ?? (l.code ? { id: l.code, scheme: '999' } : undefined);
  if (std) {
    const scheme = productStandardScheme(std.scheme);
    w.open('cac:StandardItemIdentification');
    w.leaf('cbc:ID', std.id, { schemeAgencyID: scheme?.schemeAgencyID ?? undefined, schemeID: std.scheme, schemeName: scheme?.name });
    w.close('cac:StandardItemIdentification');
  }
  if (l.mandante) {
    w.open('cac:InformationContentProviderParty').open('cac:PowerOfAttorney').open('cac:AgentParty').open('cac:PartyIdentification');
    w.leaf('cbc:ID', l.mandante.id, { ...DIAN_AGENCY, schemeID: l.mandante.idType === '31' ? (l.mandante.dv ?? computeNitDv(l.mandante.id)) : undefined, schemeName: l.mandante.idType });
    w.close('cac:PartyIdentification').close('cac:AgentParty').close('cac:PowerOfAttorney').close('cac:InformationContentProviderParty');
  }
  w.close('cac:Item');
  w.open('cac:Price').leaf('cbc:PriceAmount', l.freeOfCharge ? '0.00' : dec(line.unitPrice), currencyAttrs(cur));
  w.leaf('cbc:BaseQuantity', dec(line.quantity), unitAttrs(l.unitCode)).close('cac:Price');
  w.close(lineName);
}

/** One TaxTotal per tax code on a line, one subtotal per tax entry. */
function groupLineTaxes(taxes: ComputedTax[]): TaxGroup[] {
  const out: TaxGroup[] = [];
  for (const t of taxes) {
    let g = out.find((x) => x.code === t.code);
    if (!g) out.push((g = { code: t.code, amount: 0n, subtotals: [] }));
    g.amount += t.amount;
    g.subtotals.push(t);
  }
  return out;
}
