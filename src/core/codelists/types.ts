/**
 * Shapes of the DIAN code lists (Anexo Técnico 1.9, section 13 tables). The data lives in
 * `generated/` (written by scripts/gen-codelists.ts from ../shared/data); the lookups are in
 * `index.ts`. Code values are DIAN's, verbatim, always strings ("05001", "01", "ZZ", "4ª").
 * Names are DIAN's Spanish text, typos included ("Consiganción bancaria", "Notariios").
 * `note` fields are English remarks by whoever compiled the source list.
 */

/** The common shape: a DIAN code and its Spanish name. */
export interface CodeEntry {
  /** The DIAN code, verbatim. */
  readonly code: string;
  /** Spanish name as in the Anexo table. */
  readonly name: string;
  /** Compiler's remark on the entry (English), when there is one. */
  readonly note?: string;
}

/** Municipality (DANE code, table 13.4.3) — `cac:Address/cbc:ID` and `cbc:CityName`. */
export interface Municipality {
  /** 5-digit DANE code, e.g. "05001". */
  readonly code: string;
  /** Official upper-case name, e.g. "MEDELLÍN", "BOGOTÁ, D.C.". */
  readonly name: string;
  /** 2-digit department code (the first two digits of `code`). */
  readonly departmentCode: string;
  /** Department name as table 13.4.3 writes it (e.g. "Bogotá, D.C."; table 13.4.2 says "Bogotá"). */
  readonly departmentName: string;
}

/** Department (table 13.4.2) — `cbc:CountrySubentityCode` / `cbc:CountrySubentity`. */
export type Department = CodeEntry;
/** Country (ISO 3166-1 alpha-2 with Spanish name, table 13.4.1) — `cac:Country/cbc:IdentificationCode`. */
export type Country = CodeEntry;
/** Currency (ISO 4217, table 13.3.3) — `@currencyID`, `cbc:DocumentCurrencyCode`. */
export type Currency = CodeEntry;
/** Unit of measure (UN/ECE Rec 20 subset, table 13.3.6) — `@unitCode`. */
export type UnitOfMeasure = CodeEntry;
/** Language (ISO 639-1, lower case, table 13.3.2) — `@languageID`. */
export type Language = CodeEntry;
/** Legal organization type (table 13.2.3) — `cbc:AdditionalAccountID`: 1 jurídica, 2 natural. */
export type OrganizationType = CodeEntry;
/** Fiscal responsibility (table 13.2.6.1) — `cbc:TaxLevelCode`, e.g. "O-13", "R-99-PN". */
export type TaxResponsibility = CodeEntry;
/** Fiscal regime — `cbc:TaxLevelCode@listName`: 48 responsable de IVA, 49 no responsable. */
export type FiscalRegime = CodeEntry;
/** Forma de pago (table 13.3.4.1) — `cac:PaymentMeans/cbc:ID`: 1 contado, 2 crédito. */
export type PaymentMethod = CodeEntry;
/** Medio de pago (table 13.3.4.2) — `cac:PaymentMeans/cbc:PaymentMeansCode`, e.g. 10 efectivo. */
export type PaymentMeans = CodeEntry;
/** Credit-note correction concept (table 13.2.4) — `cac:DiscrepancyResponse/cbc:ResponseCode`. */
export type CreditNoteConcept = CodeEntry;
/** Debit-note correction concept (table 13.2.5) — `cac:DiscrepancyResponse/cbc:ResponseCode`. */
export type DebitNoteConcept = CodeEntry;
/** Discount/charge reason (table 13.3.8) — `cac:AllowanceCharge/cbc:AllowanceChargeReasonCode`. */
export type DiscountCode = CodeEntry;
/** Reference-price code (table 13.3.10) — `cac:AlternativeConditionPrice/cbc:PriceTypeCode` (free samples). */
export type ReferencePriceCode = CodeEntry;
/** Claim concept for event 031 (table 13.3.12) — `cbc:ResponseCode@listID`. */
export type ClaimConcept = CodeEntry;
/** Environment (table 13.1.1) — `cbc:ProfileExecutionID`, `cbc:UUID@schemeID`: 1 producción, 2 pruebas. */
export type Environment = CodeEntry;
/** Delivery terms (Incoterms 2020, table 13.3.7) — `cbc:LossRiskResponsibilityCode`. */
export type Incoterm = CodeEntry;

/** Identification document type (table 13.2.1) — `@schemeName` of CompanyID / PartyIdentification ID. */
export interface IdentificationType extends CodeEntry {
  /** Whether the number carries a DIAN check digit in `@schemeID` (only 31, NIT). */
  readonly hasCheckDigit: boolean;
  /** Where the code is listed (Anexo 1.9 table and/or the 2019 genericode). */
  readonly status: string;
}

/**
 * How a tax's amount is expressed in `cac:TaxSubtotal`:
 * - `percent`: `cbc:TaxableAmount` + `cac:TaxCategory/cbc:Percent`;
 * - `per-unit` (DIAN's "nominal"): `cbc:BaseUnitMeasure` + `cbc:PerUnitAmount`, no TaxableAmount/Percent.
 */
export type TaxRateType = 'percent' | 'per-unit';

/**
 * What the {@link TaxType.rateType} was read from, strongest first:
 * - `tax-rates`: table 13.3.11 lists the tax with percentages only, or with nominal values only;
 * - `description`: table 13.2.2's description says "Nominal" or "Porcentual" (02, 08);
 * - `hint`: the list compiler's `amount_type_hint` (per-unit taxes seen in certified software);
 * - `note`: a table 13.2.2 footnote defines TaxAmount from a Percent (03 ICA, 07 ReteICA);
 * - `default`: nothing in the data decides; assumed percent (DIAN's general case). UNCONFIRMED.
 */
export type TaxRateTypeBasis = 'tax-rates' | 'description' | 'hint' | 'note' | 'default';

/** Tax / tributo (table 13.2.2) — `cac:TaxScheme/cbc:ID` inside TaxTotal / WithholdingTaxTotal. */
export interface TaxType {
  /** DIAN code, e.g. "01" IVA, "22" INC Bolsas, "ZZ" other. */
  readonly code: string;
  /** Short name written in `cac:TaxScheme/cbc:Name`, e.g. "IVA", "INC Bolsas". */
  readonly name: string;
  /** Long Spanish description from table 13.2.2 (verbatim, "Impuesto sobre la Ventas" sic). */
  readonly description: string;
  /** True for withholdings (05 ReteIVA, 06 ReteRenta, 07 ReteICA), reported in `cac:WithholdingTaxTotal`. */
  readonly withholding: boolean;
  /** True for the three taxes with a CUFE/CUDE slot: 01, 04, 03. */
  readonly inCufe: boolean;
  /** Percentual or per-unit (nominal); see {@link TaxRateType}. */
  readonly rateType: TaxRateType;
  /** What `rateType` was read from; see {@link TaxRateTypeBasis}. */
  readonly rateTypeBasis: TaxRateTypeBasis;
  /** False when `rateType` is a hypothesis (hint marked UNCONFIRMED, or `default`). */
  readonly rateTypeConfirmed: boolean;
  /**
   * Divisor that turns the product of the two subtotal figures into `cbc:TaxAmount`:
   * percent: TaxableAmount × Percent / divisor — 100, but 1000 for ICA 03 and ReteICA 07 (per-mil
   * rates, table 13.2.2 note ***); per-unit: BaseUnitMeasure × PerUnitAmount / divisor — 1, but 100
   * for IBUA 34 (PerUnitAmount is per 100 mL, note ****).
   */
  readonly amountDivisor: number;
  /** The 2019 genericode label where it differs (08 was ReteCREE). */
  readonly nameIn2019Genericode?: string;
  /** Compiler's hint on how the amount is encoded, verbatim (English). */
  readonly amountTypeHint?: string;
  /** Table footnotes and remarks (English). */
  readonly note?: string;
}

/** One row of table 13.3.11 (informative rates; DIAN validates arithmetic, not this list). */
export interface TaxRate {
  /** Tax code from table 13.2.2. */
  readonly taxCode: string;
  /** Tax name as table 13.3.11 writes it (ReteRenta, not ReteFuente). */
  readonly taxName: string;
  /** Rate as a 2-decimal string ("19.00"), or null for nominal taxes and for "IVA Excluido". */
  readonly percent: string | null;
  /** What the rate applies to (Spanish, may be empty). */
  readonly description: string;
  /** Nominal value, verbatim ("$ 18", "295 pesos", "0.00005 UVT", "tarifa diferencial"). */
  readonly nominalRate?: string;
  /** Calendar year the rate applies to (IBUA and ICUI), e.g. "2024". */
  readonly year?: string;
  /** The table's observation (Spanish). */
  readonly note?: string;
}

/** Party tax scheme (table 13.2.6.2) — `cac:PartyTaxScheme/cac:TaxScheme/cbc:ID`. */
export interface PartyTaxScheme extends CodeEntry {
  /** When to use it (English). */
  readonly usage: string;
}

/** Which document an operation type (`cbc:CustomizationID`) belongs to. */
export type OperationScope = 'invoice' | 'credit-note' | 'debit-note' | 'support-document';

/** Operation type (tables 13.1.5.x) — `cbc:CustomizationID`. Codes 10 and 11 exist twice (invoice, documento soporte). */
export interface OperationType extends CodeEntry {
  /** The document it applies to. */
  readonly scope: OperationScope;
  /** True for the sector-salud codes of table 13.1.5.1.1 (SS-…). */
  readonly healthSector: boolean;
  /** The source's own wording of where it applies, verbatim (e.g. "Invoice (sector salud)"). */
  readonly appliesTo: string;
  /** Where the entry comes from when not an Anexo table. */
  readonly source?: string;
}

/** Root element of a DIAN document. */
export type DocumentRoot = 'Invoice' | 'CreditNote' | 'DebitNote' | 'ApplicationResponse';

/** Document type (table 13.1.3 plus documento soporte 05/95) — `cbc:InvoiceTypeCode`, `cbc:CreditNoteTypeCode`, DocumentTypeCode. */
export interface InvoiceType extends CodeEntry {
  /** Root element of the document. */
  readonly root: DocumentRoot;
  /** Element that carries the code in the document itself; null when none (DebitNote, ApplicationResponse). */
  readonly typeCodeElement: 'cbc:InvoiceTypeCode' | 'cbc:CreditNoteTypeCode' | null;
  /** `cbc:UUID@schemeName`: "CUFE-SHA384", "CUDE-SHA384" or "CUDS-SHA384". */
  readonly uuidScheme: string;
  /** Two-letter file-name prefix (see core/identity `dianFileName`). */
  readonly filePrefix: 'fv' | 'nc' | 'nd' | 'ar' | 'ds' | 'na';
}

/** Product identification scheme (table 13.3.5) — `cac:StandardItemIdentification/cbc:ID@schemeID`. */
export interface ProductStandardScheme extends CodeEntry {
  /** `@schemeAgencyID` to write ("10" UNSPSC, "9" GTIN, "195" partida arancelaria); null for 999 (must not be used). */
  readonly schemeAgencyID: string | null;
}

/** Event / ApplicationResponse code (tables 13.1.6, 13.3.1; RADIAN 035–051) — `cbc:ResponseCode`. */
export interface EventCode extends CodeEntry {
  /** Who registers the event (Spanish, as in table 13.3.1), when known. */
  readonly responsible?: string;
}

/** Postal code (table 13.4.4) — `cbc:PostalZone`. */
export interface PostalCode {
  /** 6-digit code, e.g. "110111". */
  readonly code: string;
  /** DANE code of its municipality. */
  readonly municipalityCode: string;
  /** 2-digit department code. */
  readonly departmentCode: string;
  /** Urban or rural zone. */
  readonly zone: 'urban' | 'rural';
}

/** `cbc:UUID@schemeName` value. */
export interface UuidAlgorithm {
  /** e.g. "CUFE-SHA384". */
  readonly code: string;
  /** Documents that use it (English). */
  readonly appliesTo: string;
}
