/**
 * The shared index of one validation run: one pass over the document's root children that
 * reads, once, everything several rules look at — the first root child of each name, the
 * header fields, the extensions, the parties, the lines with their quantities, prices,
 * allowances and taxes, the header tax totals, the monetary totals and every amount with
 * `@currencyID`. Rules are then lookups in it.
 *
 * Every view keeps the semantics of the query it replaces (`child` = first child with the
 * name, `first` = first match of a path with backtracking, `text` = trimmed text), so the
 * rules' findings are the same as when each rule walked the tree itself.
 *
 * The index is built on first use by any rule of a run and memoized for the run's context.
 */
import type { Decimal } from '../money/decimal.js';
import type { XmlElement } from '../xml/parse.js';
import { child, first, text } from '../xml/query.js';
import { num } from './read.js';
import type { DocumentKind, RuleContext } from './types.js';

/** Line element per document kind. */
export const LINE_NAME: Record<DocumentKind, string> = {
  invoice: 'cac:InvoiceLine',
  'credit-note': 'cac:CreditNoteLine',
  'debit-note': 'cac:DebitNoteLine',
};

/** Quantity element of a line per document kind. */
export const QUANTITY_NAME: Record<DocumentKind, string> = {
  invoice: 'cbc:InvoicedQuantity',
  'credit-note': 'cbc:CreditedQuantity',
  'debit-note': 'cbc:DebitedQuantity',
};

/** Monetary totals group per document kind (debit notes use RequestedMonetaryTotal). */
export const MONETARY_TOTAL_NAME: Record<DocumentKind, string> = {
  invoice: 'cac:LegalMonetaryTotal',
  'credit-note': 'cac:LegalMonetaryTotal',
  'debit-note': 'cac:RequestedMonetaryTotal',
};

// --- Views --------------------------------------------------------------------------------------

/** One `cac:TaxSubtotal` with its parsed values. */
export interface TaxSubtotalView {
  readonly el: XmlElement;
  readonly categoryEl: XmlElement | undefined;
  readonly schemeEl: XmlElement | undefined;
  readonly schemeIdEl: XmlElement | undefined;
  /** `cac:TaxCategory/cac:TaxScheme/cbc:ID` (trimmed), or undefined when absent. */
  readonly schemeId: string | undefined;
  readonly taxableEl: XmlElement | undefined;
  readonly amountEl: XmlElement | undefined;
  readonly percentEl: XmlElement | undefined;
  readonly baseUnitEl: XmlElement | undefined;
  readonly perUnitEl: XmlElement | undefined;
  readonly taxable: Decimal | undefined;
  readonly amount: Decimal | undefined;
  readonly percent: Decimal | undefined;
  readonly baseUnit: Decimal | undefined;
  readonly perUnit: Decimal | undefined;
  /** True for a nominal (per-unit) subtotal: it carries PerUnitAmount/BaseUnitMeasure and no TaxableAmount. */
  readonly isPerUnit: boolean;
  /** Grouping key "tax|rate": `01|P19` for 19 % IVA, `34|U18` for IBUA at 18.00 per unit. */
  readonly key: string | undefined;
}

/** One `cac:TaxTotal` or `cac:WithholdingTaxTotal`. */
export interface TaxTotalView {
  readonly el: XmlElement;
  readonly amountEl: XmlElement | undefined;
  readonly amount: Decimal | undefined;
  readonly subtotals: readonly TaxSubtotalView[];
  /** Tax code of the block (the first subtotal that names one). */
  readonly schemeId: string | undefined;
}

/** A parsed `cac:AllowanceCharge` (document or line level). */
export interface AllowanceView {
  readonly el: XmlElement;
  readonly indicatorEl: XmlElement | undefined;
  /** true = charge, false = discount, undefined = missing or invalid indicator. */
  readonly isCharge: boolean | undefined;
  readonly multiplierEl: XmlElement | undefined;
  readonly multiplier: Decimal | undefined;
  readonly amountEl: XmlElement | undefined;
  readonly amount: Decimal | undefined;
  readonly baseEl: XmlElement | undefined;
  readonly base: Decimal | undefined;
}

/** One document line: its first child of each kind, parsed amounts, allowances and tax blocks. */
export interface LineView {
  readonly el: XmlElement;
  /** First `cbc:ID`. */
  readonly idEl: XmlElement | undefined;
  readonly quantityEl: XmlElement | undefined;
  readonly quantity: Decimal | undefined;
  readonly extensionEl: XmlElement | undefined;
  readonly extension: Decimal | undefined;
  readonly pricingReferenceEl: XmlElement | undefined;
  readonly priceEl: XmlElement | undefined;
  readonly priceAmountEl: XmlElement | undefined;
  readonly price: Decimal | undefined;
  readonly baseQuantityEl: XmlElement | undefined;
  readonly baseQuantity: Decimal | undefined;
  readonly item: XmlElement | undefined;
  /** `cac:Item/cac:StandardItemIdentification/cbc:ID` elements of the (first) item, in document order. */
  readonly standardIds: readonly XmlElement[];
  /** `cac:Item/cac:InformationContentProviderParty` (first), the mandate principal. */
  readonly principal: XmlElement | undefined;
  readonly allowances: readonly AllowanceView[];
  readonly taxTotals: readonly TaxTotalView[];
  readonly withholdings: readonly TaxTotalView[];
}

/** The line fields the tax rules use (every LineView is one). */
export type LineTaxView = LineView;

/** A value found in a line, with the line. */
export interface LineItem<T> {
  readonly line: LineView;
  readonly item: T;
}

/** The document's tax structure. */
export interface TaxModel {
  readonly header: readonly TaxTotalView[];
  readonly headerWithholdings: readonly TaxTotalView[];
  readonly lines: readonly LineView[];
  /** Every header TaxTotal subtotal, flattened. */
  readonly headerSubtotals: readonly TaxSubtotalView[];
  /** Every header WithholdingTaxTotal subtotal, flattened. */
  readonly headerWithholdingSubtotals: readonly TaxSubtotalView[];
  /** Every line TaxTotal, flattened, with its line. */
  readonly lineTotals: readonly LineItem<TaxTotalView>[];
  /** Every line TaxTotal subtotal, flattened, with its line. */
  readonly lineSubtotals: readonly LineItem<TaxSubtotalView>[];
  /** Every line WithholdingTaxTotal, flattened, with its line. */
  readonly lineWithholdings: readonly LineItem<TaxTotalView>[];
  /** Every line WithholdingTaxTotal subtotal, flattened, with its line. */
  readonly lineWithholdingSubtotals: readonly LineItem<TaxSubtotalView>[];
}

/** Parsed monetary totals of the document (undefined values when absent or not numeric). */
export interface MonetaryTotals {
  readonly el: XmlElement;
  readonly lineExtension: Decimal | undefined;
  readonly taxExclusive: Decimal | undefined;
  readonly taxInclusive: Decimal | undefined;
  readonly allowanceTotal: Decimal | undefined;
  readonly chargeTotal: Decimal | undefined;
  readonly prepaid: Decimal | undefined;
  readonly rounding: Decimal | undefined;
  readonly payable: Decimal | undefined;
}

/** An address (`cac:Address`, `cac:RegistrationAddress`, `cac:DeliveryAddress`) with its first child of each kind. */
export interface AddressView {
  readonly el: XmlElement;
  /** `cbc:ID` (municipality code). */
  readonly idEl: XmlElement | undefined;
  /** Trimmed text of `cbc:ID`, undefined when absent or empty. */
  readonly id: string | undefined;
  readonly cityNameEl: XmlElement | undefined;
  readonly countrySubentityCodeEl: XmlElement | undefined;
  readonly postalZoneEl: XmlElement | undefined;
  readonly countryEl: XmlElement | undefined;
  /** `first(address, 'cac:Country/cbc:IdentificationCode')`. */
  readonly countryCodeEl: XmlElement | undefined;
  /** Trimmed country code, 'CO' when absent or empty (the Anexo's default). */
  readonly country: string;
}

/** Trimmed texts of the header elements most rules read (undefined when the element is absent). */
export interface HeaderFields {
  readonly id: string | undefined;
  readonly issueDate: string | undefined;
  readonly issueTime: string | undefined;
  readonly customizationId: string | undefined;
  readonly profileExecutionId: string | undefined;
  /** `cbc:InvoiceTypeCode`, whatever the kind (see `invoiceTypeCode` in header.ts for the invoice-only reading). */
  readonly invoiceTypeCode: string | undefined;
  readonly documentCurrency: string | undefined;
}

/** Everything the rules share about one document (see the module comment). */
export interface DocumentIndex {
  readonly root: XmlElement;
  readonly kind: DocumentKind;
  /** First direct child of the root per canonical name (same as `child(root, qname)`). */
  readonly rootFirst: ReadonlyMap<string, XmlElement>;
  readonly header: HeaderFields;
  /** Elements outside `ext:UBLExtensions` that carry `@currencyID`, in the FAD15b/VLR01 report order. */
  readonly amounts: readonly XmlElement[];
  /** `@currencyID` of each element of `amounts` (same positions). */
  readonly currencies: readonly string[];
  /** `cbc:Percent` and `cbc:MultiplierFactorNumeric` elements outside `ext:UBLExtensions` without `@currencyID` (same order). */
  readonly rates: readonly XmlElement[];
  /** The elements of `amounts` whose trimmed text starts with '-' (same order). */
  readonly negativeAmounts: readonly XmlElement[];
  /** The elements of `rates` whose trimmed text starts with '-' (same order). */
  readonly negativeRates: readonly XmlElement[];
  /** Every `ext:UBLExtensions/ext:UBLExtension/ext:ExtensionContent/sts:DianExtensions`. */
  readonly dianExtensionsAll: readonly XmlElement[];
  /** The first of them. */
  readonly dianExtensions: XmlElement | undefined;
  /** `cac:AccountingSupplierParty/cac:Party` (first match). */
  readonly supplierParty: XmlElement | undefined;
  /** `cac:AccountingCustomerParty/cac:Party` (first match). */
  readonly customerParty: XmlElement | undefined;
  readonly lines: readonly LineView[];
  /** The line elements themselves. */
  readonly lineElements: readonly XmlElement[];
  readonly taxes: TaxModel;
  /** The monetary totals group, parsed (undefined when absent). */
  readonly monetary: MonetaryTotals | undefined;
  /** `first(dianExtensions, path)`, memoized per path. */
  ext(path: string): XmlElement | undefined;
  /** The view of an address element, memoized per element. */
  address(el: XmlElement): AddressView;
}

// --- Access -------------------------------------------------------------------------------------

const INDEX_KEY = 'index:document';
let lastCtx: RuleContext | undefined;
let lastIndex: DocumentIndex | undefined;

/**
 * Drops the fast-path reference to a run's context once the run is over, so that the last
 * validated document is not kept alive by this module (the index itself stays in `ctx.cache`).
 */
export function releaseIndex(ctx: RuleContext): void {
  if (lastCtx === ctx) {
    lastCtx = undefined;
    lastIndex = undefined;
  }
}

/** The index of the run's document, built by the first rule that asks for it (memoized in `ctx.cache`). */
export function docIndex(ctx: RuleContext): DocumentIndex {
  if (ctx === lastCtx) return lastIndex!;
  let ix = ctx.cache.get(INDEX_KEY) as DocumentIndex | undefined;
  if (ix === undefined) {
    ix = buildIndex(ctx.root, ctx.kind);
    ctx.cache.set(INDEX_KEY, ix);
  }
  lastCtx = ctx;
  lastIndex = ix;
  return ix;
}

// --- Build --------------------------------------------------------------------------------------

/** Canonical text of a decimal without trailing zeros ("19.00" → "19", "2.50" → "2.5"). */
export function canonical(d: Decimal): string {
  const s = d.toString();
  if (d.scale === 0) return s;
  let end = s.length;
  while (s.charCodeAt(end - 1) === 48 /* 0 */) end--;
  if (s.charCodeAt(end - 1) === 46 /* . */) end--;
  return s.slice(0, end);
}

function readSubtotal(el: XmlElement): TaxSubtotalView {
  // One pass over the children (first occurrence of each name, as `child` would find).
  let category: XmlElement | undefined;
  let taxableEl: XmlElement | undefined;
  let amountEl: XmlElement | undefined;
  let baseUnitEl: XmlElement | undefined;
  let perUnitEl: XmlElement | undefined;
  for (const c of el.children) {
    switch (c.qname) {
      case 'cac:TaxCategory':
        category ??= c;
        break;
      case 'cbc:TaxableAmount':
        taxableEl ??= c;
        break;
      case 'cbc:TaxAmount':
        amountEl ??= c;
        break;
      case 'cbc:BaseUnitMeasure':
        baseUnitEl ??= c;
        break;
      case 'cbc:PerUnitAmount':
        perUnitEl ??= c;
        break;
    }
  }
  let schemeEl: XmlElement | undefined;
  let percentEl: XmlElement | undefined;
  if (category) {
    for (const c of category.children) {
      if (c.qname === 'cac:TaxScheme') schemeEl ??= c;
      else if (c.qname === 'cbc:Percent') percentEl ??= c;
    }
  }
  const schemeIdEl = child(schemeEl, 'cbc:ID');
  const schemeId = text(schemeIdEl);
  const percent = num(percentEl);
  const perUnit = num(perUnitEl);
  const isPerUnit = (perUnitEl !== undefined || baseUnitEl !== undefined) && taxableEl === undefined;
  let key: string | undefined;
  if (schemeId !== undefined) {
    if (isPerUnit) key = perUnit ? `${schemeId}|U${canonical(perUnit)}` : undefined;
    else key = percent ? `${schemeId}|P${canonical(percent)}` : undefined;
  }
  return {
    el,
    categoryEl: category,
    schemeEl,
    schemeIdEl,
    schemeId: schemeId === '' ? undefined : schemeId,
    taxableEl,
    amountEl,
    percentEl,
    baseUnitEl,
    perUnitEl,
    taxable: num(taxableEl),
    amount: num(amountEl),
    percent,
    baseUnit: num(baseUnitEl),
    perUnit,
    isPerUnit,
    key,
  };
}

function readTotal(el: XmlElement): TaxTotalView {
  let amountEl: XmlElement | undefined;
  const subtotals: TaxSubtotalView[] = [];
  let schemeId: string | undefined;
  for (const c of el.children) {
    if (c.qname === 'cbc:TaxAmount') amountEl ??= c;
    else if (c.qname === 'cac:TaxSubtotal') {
      const s = readSubtotal(c);
      subtotals.push(s);
      if (schemeId === undefined) schemeId = s.schemeId;
    }
  }
  return { el, amountEl, amount: num(amountEl), subtotals, schemeId };
}

/** A parsed AllowanceCharge (first child of each name). */
export function readAllowance(el: XmlElement): AllowanceView {
  let indicatorEl: XmlElement | undefined;
  let multiplierEl: XmlElement | undefined;
  let amountEl: XmlElement | undefined;
  let baseEl: XmlElement | undefined;
  for (const c of el.children) {
    switch (c.qname) {
      case 'cbc:ChargeIndicator':
        indicatorEl ??= c;
        break;
      case 'cbc:MultiplierFactorNumeric':
        multiplierEl ??= c;
        break;
      case 'cbc:Amount':
        amountEl ??= c;
        break;
      case 'cbc:BaseAmount':
        baseEl ??= c;
        break;
    }
  }
  const indicator = text(indicatorEl);
  return {
    el,
    indicatorEl,
    isCharge: indicator === 'true' ? true : indicator === 'false' ? false : undefined,
    multiplierEl,
    multiplier: num(multiplierEl),
    amountEl,
    amount: num(amountEl),
    baseEl,
    base: num(baseEl),
  };
}

function readLine(el: XmlElement, quantityName: string): LineView {
  let idEl: XmlElement | undefined;
  let quantityEl: XmlElement | undefined;
  let extensionEl: XmlElement | undefined;
  let pricingReferenceEl: XmlElement | undefined;
  let priceEl: XmlElement | undefined;
  let item: XmlElement | undefined;
  const allowances: AllowanceView[] = [];
  const taxTotals: TaxTotalView[] = [];
  const withholdings: TaxTotalView[] = [];
  for (const c of el.children) {
    switch (c.qname) {
      case 'cac:TaxTotal':
        taxTotals.push(readTotal(c));
        break;
      case 'cac:WithholdingTaxTotal':
        withholdings.push(readTotal(c));
        break;
      case 'cac:AllowanceCharge':
        allowances.push(readAllowance(c));
        break;
      case 'cbc:ID':
        idEl ??= c;
        break;
      case 'cbc:LineExtensionAmount':
        extensionEl ??= c;
        break;
      case 'cac:PricingReference':
        pricingReferenceEl ??= c;
        break;
      case 'cac:Price':
        priceEl ??= c;
        break;
      case 'cac:Item':
        item ??= c;
        break;
      default:
        if (c.qname === quantityName) quantityEl ??= c;
    }
  }
  let priceAmountEl: XmlElement | undefined;
  let baseQuantityEl: XmlElement | undefined;
  if (priceEl) {
    for (const c of priceEl.children) {
      if (c.qname === 'cbc:PriceAmount') priceAmountEl ??= c;
      else if (c.qname === 'cbc:BaseQuantity') baseQuantityEl ??= c;
    }
  }
  const standardIds: XmlElement[] = [];
  let principal: XmlElement | undefined;
  if (item) {
    for (const c of item.children) {
      if (c.qname === 'cac:StandardItemIdentification') {
        for (const id of c.children) if (id.qname === 'cbc:ID') standardIds.push(id);
      } else if (c.qname === 'cac:InformationContentProviderParty') principal ??= c;
    }
  }
  return {
    el,
    idEl,
    quantityEl,
    quantity: num(quantityEl),
    extensionEl,
    extension: num(extensionEl),
    pricingReferenceEl,
    priceEl,
    priceAmountEl,
    price: num(priceAmountEl),
    baseQuantityEl,
    baseQuantity: num(baseQuantityEl),
    item,
    standardIds,
    principal,
    allowances,
    taxTotals,
    withholdings,
  };
}

function readMonetary(el: XmlElement): MonetaryTotals {
  const firsts = new Map<string, XmlElement>();
  for (const c of el.children) if (!firsts.has(c.qname)) firsts.set(c.qname, c);
  return {
    el,
    lineExtension: num(firsts.get('cbc:LineExtensionAmount')),
    taxExclusive: num(firsts.get('cbc:TaxExclusiveAmount')),
    taxInclusive: num(firsts.get('cbc:TaxInclusiveAmount')),
    allowanceTotal: num(firsts.get('cbc:AllowanceTotalAmount')),
    chargeTotal: num(firsts.get('cbc:ChargeTotalAmount')),
    prepaid: num(firsts.get('cbc:PrepaidAmount')),
    rounding: num(firsts.get('cbc:PayableRoundingAmount')),
    payable: num(firsts.get('cbc:PayableAmount')),
  };
}

/** What the amount walk collects (see {@link DocumentIndex.amounts}). */
interface AmountScan {
  readonly amounts: XmlElement[];
  /** `@currencyID` of each element of `amounts` (same positions). */
  readonly currencies: string[];
  readonly rates: XmlElement[];
  /** The elements of `amounts` whose trimmed text starts with '-', in the same order. */
  readonly negativeAmounts: XmlElement[];
  /** The elements of `rates` whose trimmed text starts with '-', in the same order. */
  readonly negativeRates: XmlElement[];
}

function visitAmount(el: XmlElement, scan: AmountScan): void {
  const currency = el.attrs.currencyID;
  if (currency !== undefined) {
    scan.amounts.push(el);
    scan.currencies.push(currency);
    if (el.text.trim().startsWith('-')) scan.negativeAmounts.push(el);
  } else if (el.qname === 'cbc:Percent' || el.qname === 'cbc:MultiplierFactorNumeric') {
    scan.rates.push(el);
    if (el.text.trim().startsWith('-')) scan.negativeRates.push(el);
  }
}

/**
 * Collects `@currencyID` elements and percentages of a subtree in document post-order; the
 * reversed lists are the order of the former stack walk (pre-order, last child first).
 */
function scanAmounts(el: XmlElement, scan: AmountScan): void {
  const kids = el.children;
  for (let i = 0; i < kids.length; i++) {
    const c = kids[i]!;
    // Leaves (most elements) are visited here rather than by a call.
    if (c.children.length !== 0) scanAmounts(c, scan);
    else visitAmount(c, scan);
  }
  visitAmount(el, scan);
}

/** Every `ext:UBLExtension/ext:ExtensionContent/sts:DianExtensions` under one `ext:UBLExtensions`. */
function collectDianExtensions(exts: XmlElement, out: XmlElement[]): void {
  for (const e of exts.children) {
    if (e.qname !== 'ext:UBLExtension') continue;
    for (const content of e.children) {
      if (content.qname !== 'ext:ExtensionContent') continue;
      for (const d of content.children) if (d.qname === 'sts:DianExtensions') out.push(d);
    }
  }
}

function readAddress(el: XmlElement): AddressView {
  let idEl: XmlElement | undefined;
  let cityNameEl: XmlElement | undefined;
  let countrySubentityCodeEl: XmlElement | undefined;
  let postalZoneEl: XmlElement | undefined;
  let countryEl: XmlElement | undefined;
  for (const c of el.children) {
    switch (c.qname) {
      case 'cbc:ID':
        idEl ??= c;
        break;
      case 'cbc:CityName':
        cityNameEl ??= c;
        break;
      case 'cbc:CountrySubentityCode':
        countrySubentityCodeEl ??= c;
        break;
      case 'cbc:PostalZone':
        postalZoneEl ??= c;
        break;
      case 'cac:Country':
        countryEl ??= c;
        break;
    }
  }
  const id = text(idEl);
  const countryCodeEl = first(el, 'cac:Country/cbc:IdentificationCode');
  const country = text(countryCodeEl);
  return {
    el,
    idEl,
    id: id === '' ? undefined : id,
    cityNameEl,
    countrySubentityCodeEl,
    postalZoneEl,
    countryEl,
    countryCodeEl,
    country: country === undefined || country === '' ? 'CO' : country,
  };
}

/** Every subtotal of the blocks, flattened in order. */
function subtotalsOf(totals: readonly TaxTotalView[]): TaxSubtotalView[] {
  const out: TaxSubtotalView[] = [];
  for (const t of totals) for (const s of t.subtotals) out.push(s);
  return out;
}

function buildIndex(root: XmlElement, kind: DocumentKind): DocumentIndex {
  const rootFirst = new Map<string, XmlElement>();
  const lineName = LINE_NAME[kind];
  const quantityName = QUANTITY_NAME[kind];
  const monetaryName = MONETARY_TOTAL_NAME[kind];
  const scan: AmountScan = { amounts: [], currencies: [], rates: [], negativeAmounts: [], negativeRates: [] };
  const dianExtensionsAll: XmlElement[] = [];
  const header: TaxTotalView[] = [];
  const headerWithholdings: TaxTotalView[] = [];
  const lines: LineView[] = [];
  for (const c of root.children) {
    const q = c.qname;
    if (!rootFirst.has(q)) rootFirst.set(q, c);
    if (q === 'ext:UBLExtensions') {
      collectDianExtensions(c, dianExtensionsAll);
      continue;
    }
    scanAmounts(c, scan);
    if (q === lineName) lines.push(readLine(c, quantityName));
    else if (q === 'cac:TaxTotal') header.push(readTotal(c));
    else if (q === 'cac:WithholdingTaxTotal') headerWithholdings.push(readTotal(c));
  }
  scan.amounts.reverse();
  scan.currencies.reverse();
  scan.rates.reverse();
  scan.negativeAmounts.reverse();
  scan.negativeRates.reverse();

  const lineTotals: LineItem<TaxTotalView>[] = [];
  const lineSubtotals: LineItem<TaxSubtotalView>[] = [];
  const lineWithholdings: LineItem<TaxTotalView>[] = [];
  const lineWithholdingSubtotals: LineItem<TaxSubtotalView>[] = [];
  for (const line of lines) {
    for (const t of line.taxTotals) {
      lineTotals.push({ line, item: t });
      for (const s of t.subtotals) lineSubtotals.push({ line, item: s });
    }
    for (const t of line.withholdings) {
      lineWithholdings.push({ line, item: t });
      for (const s of t.subtotals) lineWithholdingSubtotals.push({ line, item: s });
    }
  }
  const taxes: TaxModel = {
    header,
    headerWithholdings,
    lines,
    headerSubtotals: subtotalsOf(header),
    headerWithholdingSubtotals: subtotalsOf(headerWithholdings),
    lineTotals,
    lineSubtotals,
    lineWithholdings,
    lineWithholdingSubtotals,
  };

  const rootText = (q: string) => text(rootFirst.get(q));
  const monetaryEl = rootFirst.get(monetaryName);
  const dianExtensions = dianExtensionsAll[0];
  const extPaths = new Map<string, XmlElement | undefined>();
  const addresses = new Map<XmlElement, AddressView>();
  return {
    root,
    kind,
    rootFirst,
    header: {
      id: rootText('cbc:ID'),
      issueDate: rootText('cbc:IssueDate'),
      issueTime: rootText('cbc:IssueTime'),
      customizationId: rootText('cbc:CustomizationID'),
      profileExecutionId: rootText('cbc:ProfileExecutionID'),
      invoiceTypeCode: rootText('cbc:InvoiceTypeCode'),
      documentCurrency: rootText('cbc:DocumentCurrencyCode'),
    },
    amounts: scan.amounts,
    currencies: scan.currencies,
    rates: scan.rates,
    negativeAmounts: scan.negativeAmounts,
    negativeRates: scan.negativeRates,
    dianExtensionsAll,
    dianExtensions,
    supplierParty: first(root, 'cac:AccountingSupplierParty/cac:Party'),
    customerParty: first(root, 'cac:AccountingCustomerParty/cac:Party'),
    lines,
    lineElements: lines.map((l) => l.el),
    taxes,
    monetary: monetaryEl ? readMonetary(monetaryEl) : undefined,
    ext(path) {
      let el = extPaths.get(path);
      if (el === undefined && !extPaths.has(path)) {
        el = first(dianExtensions, path);
        extPaths.set(path, el);
      }
      return el;
    },
    address(el) {
      let view = addresses.get(el);
      if (view === undefined) addresses.set(el, (view = readAddress(el)));
      return view;
    },
  };
}
