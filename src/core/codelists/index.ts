/**
 * DIAN code lists (Anexo Técnico 1.9, section 13) with O(1) lookups.
 *
 * The data is in `generated/` (written by `npm run gen:codelists` from ../shared/data; never edit
 * it by hand). Every index is built once, when this module loads; entries and lists are frozen, so
 * callers can share them freely. Lookups match the DIAN code exactly (case and leading zeros
 * included: "05001", not "5001"; "COP", not "cop"), because DIAN validates the exact text.
 */
import { CLAIM_CONCEPTS } from './generated/claim-concepts.js';
import { COUNTRIES } from './generated/countries.js';
import { CREDIT_NOTE_CONCEPTS } from './generated/credit-note-concepts.js';
import { CURRENCIES } from './generated/currencies.js';
import { DEBIT_NOTE_CONCEPTS } from './generated/debit-note-concepts.js';
import { DEPARTMENTS } from './generated/departments.js';
import { DISCOUNT_CODES } from './generated/discount-codes.js';
import { ENVIRONMENTS } from './generated/environments.js';
import { EVENT_CODES } from './generated/event-codes.js';
import { FISCAL_REGIMES } from './generated/fiscal-regimes.js';
import { IDENTIFICATION_TYPES } from './generated/identification-document-types.js';
import { INCOTERMS } from './generated/incoterms.js';
import { INVOICE_TYPES } from './generated/invoice-types.js';
import { LANGUAGES } from './generated/languages.js';
import { MUNICIPALITY_DEPARTMENT_NAMES, MUNICIPALITY_ROWS } from './generated/municipalities.js';
import { OPERATION_TYPES } from './generated/operation-types.js';
import { ORGANIZATION_TYPES } from './generated/organization-types.js';
import { PARTY_TAX_SCHEMES } from './generated/party-tax-schemes.js';
import { PAYMENT_MEANS } from './generated/payment-means.js';
import { PAYMENT_METHODS } from './generated/payment-methods.js';
import { POSTAL_CODE_ROWS } from './generated/postal-codes.js';
import { PRODUCT_STANDARD_SCHEMES } from './generated/product-standard-id-schemes.js';
import { REFERENCE_PRICE_CODES } from './generated/reference-price-codes.js';
import { TAX_RATES } from './generated/tax-rates.js';
import { TAX_RESPONSIBILITIES } from './generated/tax-responsibilities.js';
import { TAX_TYPES } from './generated/tax-types.js';
import { UNITS_OF_MEASURE } from './generated/units-of-measure.js';
import { UUID_ALGORITHMS } from './generated/uuid-algorithms.js';
import type {
  ClaimConcept,
  Country,
  CreditNoteConcept,
  Currency,
  DebitNoteConcept,
  Department,
  DiscountCode,
  Environment,
  EventCode,
  FiscalRegime,
  IdentificationType,
  Incoterm,
  InvoiceType,
  Language,
  Municipality,
  OperationScope,
  OperationType,
  OrganizationType,
  PartyTaxScheme,
  PaymentMeans,
  PaymentMethod,
  PostalCode,
  ProductStandardScheme,
  ReferencePriceCode,
  TaxRate,
  TaxResponsibility,
  TaxType,
  UnitOfMeasure,
  UuidAlgorithm,
} from './types.js';

export type * from './types.js';

/** A frozen list and its index by code (the first row wins when a code repeats). */
interface Table<T> {
  readonly all: readonly T[];
  readonly byCode: ReadonlyMap<string, T>;
}

function table<T extends { readonly code: string }>(rows: readonly T[]): Table<T> {
  const all = Object.freeze(rows.map((r) => Object.freeze({ ...r })));
  const byCode = new Map<string, T>();
  for (const row of all) if (!byCode.has(row.code)) byCode.set(row.code, row);
  return { all, byCode };
}

/** Groups frozen rows by a key, each group frozen. */
function groupBy<T>(rows: readonly T[], key: (row: T) => string): ReadonlyMap<string, readonly T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group === undefined) groups.set(k, [row]);
    else group.push(row);
  }
  for (const group of groups.values()) Object.freeze(group);
  return groups;
}

const EMPTY: readonly never[] = Object.freeze([]);

const municipalities = table<Municipality>(
  MUNICIPALITY_ROWS.map(([code, name, departmentCode]) => ({
    code,
    name,
    departmentCode,
    departmentName: MUNICIPALITY_DEPARTMENT_NAMES[departmentCode] ?? '',
  })),
);
const municipalitiesByDepartment = groupBy(municipalities.all, (m) => m.departmentCode);
const departments = table<Department>(DEPARTMENTS);
const countries = table<Country>(COUNTRIES);
const currencies = table<Currency>(CURRENCIES);
const unitsOfMeasure = table<UnitOfMeasure>(UNITS_OF_MEASURE);
const identificationTypes = table<IdentificationType>(IDENTIFICATION_TYPES);
const organizationTypes = table<OrganizationType>(ORGANIZATION_TYPES);
const taxTypes = table<TaxType>(TAX_TYPES);
const allTaxRateRows: readonly TaxRate[] = Object.freeze(TAX_RATES.map((r) => Object.freeze({ ...r })));
const taxRatesByCode = groupBy(allTaxRateRows, (r) => r.taxCode);
const taxResponsibilities = table<TaxResponsibility>(TAX_RESPONSIBILITIES);
const fiscalRegimes = table<FiscalRegime>(FISCAL_REGIMES);
const partyTaxSchemes = table<PartyTaxScheme>(PARTY_TAX_SCHEMES);
const paymentMethods = table<PaymentMethod>(PAYMENT_METHODS);
const paymentMeansList = table<PaymentMeans>(PAYMENT_MEANS);
const operationTypes = table<OperationType>(OPERATION_TYPES);
const operationTypesByScope = groupBy(operationTypes.all, (o) => o.scope);
const operationTypeByScopeAndCode = new Map(operationTypes.all.map((o) => [`${o.scope} ${o.code}`, o] as const));
const invoiceTypes = table<InvoiceType>(INVOICE_TYPES);
const creditNoteConcepts = table<CreditNoteConcept>(CREDIT_NOTE_CONCEPTS);
const debitNoteConcepts = table<DebitNoteConcept>(DEBIT_NOTE_CONCEPTS);
const discountCodes = table<DiscountCode>(DISCOUNT_CODES);
const referencePriceCodes = table<ReferencePriceCode>(REFERENCE_PRICE_CODES);
const productStandardSchemes = table<ProductStandardScheme>(PRODUCT_STANDARD_SCHEMES);
const eventCodes = table<EventCode>(EVENT_CODES);
const claimConcepts = table<ClaimConcept>(CLAIM_CONCEPTS);
const environments = table<Environment>(ENVIRONMENTS);
const incoterms = table<Incoterm>(INCOTERMS);
const languages = table<Language>(LANGUAGES);
const postalCodes = table<PostalCode>(
  POSTAL_CODE_ROWS.map(([code, municipalityCode, zone]) => ({
    code,
    municipalityCode,
    departmentCode: municipalityCode.slice(0, 2),
    zone: zone === 'U' ? 'urban' : 'rural',
  })),
);
const postalCodesByMunicipality = groupBy(postalCodes.all, (p) => p.municipalityCode);
const uuidAlgorithms = table<UuidAlgorithm>(UUID_ALGORITHMS);

// --- Places -----------------------------------------------------------------------------------

/** Municipality by 5-digit DANE code (`cac:Address/cbc:ID`), e.g. "11001" → BOGOTÁ, D.C.; undefined when unknown. */
export function municipality(code: string): Municipality | undefined {
  return municipalities.byCode.get(code);
}
/** All 1 123 municipalities, in the order of table 13.4.3 (by department, then code). */
export function allMunicipalities(): readonly Municipality[] {
  return municipalities.all;
}
/** Municipalities of a department (2-digit code), for cascading pickers; empty when unknown. */
export function municipalitiesOfDepartment(departmentCode: string): readonly Municipality[] {
  return municipalitiesByDepartment.get(departmentCode) ?? EMPTY;
}
/** Department by 2-digit DANE code (`cbc:CountrySubentityCode`), e.g. "05" → Antioquia. */
export function department(code: string): Department | undefined {
  return departments.byCode.get(code);
}
/** All departments, in the order of table 13.4.2. */
export function allDepartments(): readonly Department[] {
  return departments.all;
}
/** Country by ISO 3166-1 alpha-2 code (upper case), with its Spanish name, e.g. "CO" → Colombia. */
export function country(code: string): Country | undefined {
  return countries.byCode.get(code);
}
/** All countries, sorted by Spanish name as in table 13.4.1. */
export function allCountries(): readonly Country[] {
  return countries.all;
}
/** Postal code (`cbc:PostalZone`, 6 digits) with its municipality and zone, e.g. "110111" → 11001. */
export function postalCode(code: string): PostalCode | undefined {
  return postalCodes.byCode.get(code);
}
/** All postal codes of table 13.4.4. */
export function allPostalCodes(): readonly PostalCode[] {
  return postalCodes.all;
}
/** Postal codes of a municipality (5-digit DANE code), for pickers; empty when unknown. */
export function postalCodesOfMunicipality(municipalityCode: string): readonly PostalCode[] {
  return postalCodesByMunicipality.get(municipalityCode) ?? EMPTY;
}

// --- Money, units, language -------------------------------------------------------------------

/** Currency by ISO 4217 code (`@currencyID`), e.g. "COP". */
export function currency(code: string): Currency | undefined {
  return currencies.byCode.get(code);
}
/** All currencies of table 13.3.3. */
export function allCurrencies(): readonly Currency[] {
  return currencies.all;
}
/** Unit of measure by `@unitCode`, e.g. "94" unidad, "NIU", "KGM"; codes verbatim ("4ª", "G K"). */
export function unitOfMeasure(code: string): UnitOfMeasure | undefined {
  return unitsOfMeasure.byCode.get(code);
}
/** All units of table 13.3.6. */
export function allUnitsOfMeasure(): readonly UnitOfMeasure[] {
  return unitsOfMeasure.all;
}
/** Language by ISO 639-1 code, lower case (`@languageID`), e.g. "es". */
export function language(code: string): Language | undefined {
  return languages.byCode.get(code);
}
/** All languages of table 13.3.2. */
export function allLanguages(): readonly Language[] {
  return languages.all;
}

// --- Parties ----------------------------------------------------------------------------------

/** Identification document type by code (`@schemeName`), e.g. "31" NIT, "13" cédula de ciudadanía. */
export function identificationType(code: string): IdentificationType | undefined {
  return identificationTypes.byCode.get(code);
}
/** All identification document types of table 13.2.1. */
export function allIdentificationTypes(): readonly IdentificationType[] {
  return identificationTypes.all;
}
/** Organization type (`cbc:AdditionalAccountID`): "1" persona jurídica, "2" persona natural. */
export function organizationType(code: string): OrganizationType | undefined {
  return organizationTypes.byCode.get(code);
}
/** Both organization types. */
export function allOrganizationTypes(): readonly OrganizationType[] {
  return organizationTypes.all;
}
/** Fiscal responsibility (`cbc:TaxLevelCode`), e.g. "O-13" gran contribuyente, "R-99-PN". */
export function taxResponsibility(code: string): TaxResponsibility | undefined {
  return taxResponsibilities.byCode.get(code);
}
/** All fiscal responsibilities of table 13.2.6.1. */
export function allTaxResponsibilities(): readonly TaxResponsibility[] {
  return taxResponsibilities.all;
}
/** Fiscal regime (`cbc:TaxLevelCode@listName`): "48" responsable de IVA, "49" no responsable. */
export function fiscalRegime(code: string): FiscalRegime | undefined {
  return fiscalRegimes.byCode.get(code);
}
/** Both fiscal regimes. */
export function allFiscalRegimes(): readonly FiscalRegime[] {
  return fiscalRegimes.all;
}
/** Party tax scheme (`PartyTaxScheme/TaxScheme/cbc:ID`): "01" IVA, "04" INC, "ZA" IVA e INC, "ZZ" no aplica. */
export function partyTaxScheme(code: string): PartyTaxScheme | undefined {
  return partyTaxSchemes.byCode.get(code);
}
/** All party tax schemes of table 13.2.6.2. */
export function allPartyTaxSchemes(): readonly PartyTaxScheme[] {
  return partyTaxSchemes.all;
}

// --- Taxes ------------------------------------------------------------------------------------

/**
 * Tax by code (`cac:TaxScheme/cbc:ID`), with whether it is a withholding, whether it has a
 * CUFE slot (01, 04, 03), and whether it is percentual or per-unit ("nominal": 02 IC, 22 INC
 * Bolsas, 32 ICL, 33 INPP, 34 IBUA; 23–25 unconfirmed) — see {@link TaxType}.
 */
export function taxType(code: string): TaxType | undefined {
  return taxTypes.byCode.get(code);
}
/** All taxes of table 13.2.2. */
export function allTaxTypes(): readonly TaxType[] {
  return taxTypes.all;
}
/** The informative rates of a tax (table 13.3.11), e.g. "01" → 0, 5, 16, 19 % and Excluido; empty when none listed. */
export function taxRates(taxCode: string): readonly TaxRate[] {
  return taxRatesByCode.get(taxCode) ?? EMPTY;
}
/** Every row of table 13.3.11. */
export function allTaxRates(): readonly TaxRate[] {
  return allTaxRateRows;
}

// --- Payment ----------------------------------------------------------------------------------

/** Forma de pago (`cac:PaymentMeans/cbc:ID`): "1" contado, "2" crédito. */
export function paymentMethod(code: string): PaymentMethod | undefined {
  return paymentMethods.byCode.get(code);
}
/** Both formas de pago. */
export function allPaymentMethods(): readonly PaymentMethod[] {
  return paymentMethods.all;
}
/** Medio de pago (`cac:PaymentMeans/cbc:PaymentMeansCode`), e.g. "10" efectivo, "42" consignación bancaria. */
export function paymentMeans(code: string): PaymentMeans | undefined {
  return paymentMeansList.byCode.get(code);
}
/** All medios de pago of table 13.3.4.2. */
export function allPaymentMeans(): readonly PaymentMeans[] {
  return paymentMeansList.all;
}

// --- Documents --------------------------------------------------------------------------------

/**
 * Operation type (`cbc:CustomizationID`). Codes 10 and 11 mean one thing on invoices (estándar,
 * mandatos) and another on documentos soporte (residente, no residente): pass `scope` to choose;
 * without it the first match in table order is returned (the invoice meaning).
 */
export function operationType(code: string, scope?: OperationScope): OperationType | undefined {
  return scope === undefined ? operationTypes.byCode.get(code) : operationTypeByScopeAndCode.get(`${scope} ${code}`);
}
/** All operation types, or those of one document scope (for pickers). */
export function allOperationTypes(scope?: OperationScope): readonly OperationType[] {
  return scope === undefined ? operationTypes.all : (operationTypesByScope.get(scope) ?? EMPTY);
}
/** Document type (`cbc:InvoiceTypeCode`, `cbc:CreditNoteTypeCode`, DocumentTypeCode), e.g. "01", "91", "05". */
export function invoiceType(code: string): InvoiceType | undefined {
  return invoiceTypes.byCode.get(code);
}
/** All document types. */
export function allInvoiceTypes(): readonly InvoiceType[] {
  return invoiceTypes.all;
}
/** Credit-note correction concept (`cac:DiscrepancyResponse/cbc:ResponseCode`), "1".."6". */
export function creditNoteConcept(code: string): CreditNoteConcept | undefined {
  return creditNoteConcepts.byCode.get(code);
}
/** All credit-note correction concepts. */
export function allCreditNoteConcepts(): readonly CreditNoteConcept[] {
  return creditNoteConcepts.all;
}
/** Debit-note correction concept (`cac:DiscrepancyResponse/cbc:ResponseCode`), "1".."4". */
export function debitNoteConcept(code: string): DebitNoteConcept | undefined {
  return debitNoteConcepts.byCode.get(code);
}
/** All debit-note correction concepts. */
export function allDebitNoteConcepts(): readonly DebitNoteConcept[] {
  return debitNoteConcepts.all;
}
/** Discount/charge reason (`cbc:AllowanceChargeReasonCode`), "00".."03" (Anexo 1.9 table 13.3.8). */
export function discountCode(code: string): DiscountCode | undefined {
  return discountCodes.byCode.get(code);
}
/** All discount/charge reasons. */
export function allDiscountCodes(): readonly DiscountCode[] {
  return discountCodes.all;
}
/** Reference-price code (`cbc:PriceTypeCode` of free samples): "01" valor comercial, "02", "03". */
export function referencePriceCode(code: string): ReferencePriceCode | undefined {
  return referencePriceCodes.byCode.get(code);
}
/** All reference-price codes. */
export function allReferencePriceCodes(): readonly ReferencePriceCode[] {
  return referencePriceCodes.all;
}
/** Product identification scheme (`@schemeID`) with its `@schemeAgencyID`, e.g. "001" UNSPSC / "10". */
export function productStandardScheme(code: string): ProductStandardScheme | undefined {
  return productStandardSchemes.byCode.get(code);
}
/** All product identification schemes. */
export function allProductStandardSchemes(): readonly ProductStandardScheme[] {
  return productStandardSchemes.all;
}
/** `cbc:UUID@schemeName` value: "CUFE-SHA384", "CUDE-SHA384", "CUDS-SHA384". */
export function uuidAlgorithm(code: string): UuidAlgorithm | undefined {
  return uuidAlgorithms.byCode.get(code);
}
/** All UUID algorithms. */
export function allUuidAlgorithms(): readonly UuidAlgorithm[] {
  return uuidAlgorithms.all;
}

// --- Events, environment, trade ---------------------------------------------------------------

/** Event / response code (`cbc:ResponseCode`), e.g. "030" acuse de recibo, "02" validado por la DIAN. */
export function eventCode(code: string): EventCode | undefined {
  return eventCodes.byCode.get(code);
}
/** All event codes. */
export function allEventCodes(): readonly EventCode[] {
  return eventCodes.all;
}
/** Claim concept of event 031 (`cbc:ResponseCode@listID`), "01".."04". */
export function claimConcept(code: string): ClaimConcept | undefined {
  return claimConcepts.byCode.get(code);
}
/** All claim concepts. */
export function allClaimConcepts(): readonly ClaimConcept[] {
  return claimConcepts.all;
}
/** Environment (`cbc:ProfileExecutionID`): "1" producción, "2" pruebas. */
export function environment(code: string): Environment | undefined {
  return environments.byCode.get(code);
}
/** Both environments. */
export function allEnvironments(): readonly Environment[] {
  return environments.all;
}
/** Incoterm (`cbc:LossRiskResponsibilityCode`), e.g. "FOB". */
export function incoterm(code: string): Incoterm | undefined {
  return incoterms.byCode.get(code);
}
/** All incoterms of table 13.3.7. */
export function allIncoterms(): readonly Incoterm[] {
  return incoterms.all;
}

// --- Generic access for validation rules -----------------------------------------------------

const LISTS = {
  claimConcepts,
  countries,
  creditNoteConcepts,
  currencies,
  debitNoteConcepts,
  departments,
  discountCodes,
  environments,
  eventCodes,
  fiscalRegimes,
  identificationTypes,
  incoterms,
  invoiceTypes,
  languages,
  municipalities,
  operationTypes,
  organizationTypes,
  partyTaxSchemes,
  paymentMeans: paymentMeansList,
  paymentMethods,
  postalCodes,
  productStandardSchemes,
  referencePriceCodes,
  taxResponsibilities,
  taxTypes,
  unitsOfMeasure,
  uuidAlgorithms,
} as const satisfies Record<string, Table<{ readonly code: string }>>;

/** Name of a code list, for rules that check "value is in list X" generically. */
export type CodeListName = keyof typeof LISTS;

/** Every {@link CodeListName}. */
export const CODE_LIST_NAMES: readonly CodeListName[] = Object.freeze(Object.keys(LISTS) as CodeListName[]);

/**
 * Whether `code` belongs to a list (exact match). For `operationTypes` any scope counts; use
 * {@link operationType} with a scope to check a specific document.
 */
export function codeListHas(list: CodeListName, code: string): boolean {
  return LISTS[list].byCode.has(code);
}

const codesByList = new Map<CodeListName, readonly string[]>(
  CODE_LIST_NAMES.map((name) => [name, Object.freeze([...LISTS[name].byCode.keys()])] as const),
);

/** The distinct codes of a list, in table order (e.g. to print "use one of …" in a rule message). */
export function codeListCodes(list: CodeListName): readonly string[] {
  return codesByList.get(list) ?? EMPTY;
}
