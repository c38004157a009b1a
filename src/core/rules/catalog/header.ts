/**
 * DIAN rules of the document header (groups FAA/FAD and their credit/debit twins CAD/DAD, plus
 * VLR01): UBL version, operation type, profile, environment, number, CUFE/CUDE, dates and times,
 * type code, currency and line count.
 *
 * Samples: DIAN's toolkit documents carry 2019-era values (CustomizationID 01–06, ProfileID
 * "DIAN 2.1", CustomizationID 11 on a credit note). Those values are accepted with a
 * notification under the same rule ID (see `legacy` below); anything else outside the Anexo 1.9
 * tables is a rejection. Date rules that came into force on a known date only apply to documents
 * issued on or after it (DIAN's own date-phased activation), so the 2019 samples are judged by the
 * rules of their time.
 */
import { codeListHas, operationType } from '../../codelists/index.js';
import { computeCude, computeCufe } from '../../identity/index.js';
import type { CufeFields } from '../../identity/index.js';
import type { Decimal } from '../../money/decimal.js';
import type { XmlElement } from '../../xml/parse.js';
import { docIndex } from '../document-index.js';
import { children } from '../../xml/query.js';
import { at, cached, child, fastDecimal, first, lines, missing, text, rootChild, NONE } from '../helpers.js';
import type { AuthorizedRange, DocumentKind, Finding, RuleContext, RuleDefinition } from '../types.js';

// --- Shared reads (exported for the other catalog groups) -----------------------------------

/** The document's `cbc:IssueDate` text (trimmed), if any. */
export function issueDate(ctx: RuleContext): string | undefined {
  return docIndex(ctx).header.issueDate;
}

/** The document's `cbc:CustomizationID` (operation type), if any. */
export function customizationId(ctx: RuleContext): string | undefined {
  return docIndex(ctx).header.customizationId;
}

/** `cbc:InvoiceTypeCode` of an invoice (undefined for notes). */
export function invoiceTypeCode(ctx: RuleContext): string | undefined {
  return ctx.kind === 'invoice' ? docIndex(ctx).header.invoiceTypeCode : undefined;
}

/** `cbc:DocumentCurrencyCode` text, if any. */
export function documentCurrency(ctx: RuleContext): string | undefined {
  return docIndex(ctx).header.documentCurrency;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a `YYYY-MM-DD` date, or undefined when it is not a valid calendar date. */
export function dayNumber(date: string | undefined): number | undefined {
  if (date === undefined) return undefined;
  const m = ISO_DATE.exec(date);
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return undefined;
  return ms / 86_400_000;
}

/**
 * True when a rule that DIAN switched on at `since` (YYYY-MM-DD) applies to this document:
 * its IssueDate is on or after that date, or it has no readable IssueDate (then FAD09-style
 * rules report the date itself and the phased rule is applied, the safe side).
 */
export function inForce(ctx: RuleContext, since: string): boolean {
  const d = issueDate(ctx);
  return d === undefined || !ISO_DATE.test(d) || d >= since;
}

/** A finding reported as a notification although its rule rejects (legacy values DIAN published). */
export function legacy(finding: Finding): Finding {
  return { ...finding, severity: 'notification' };
}

/** `sts:DianExtensions` of the document (the first one), if any. */
export function dianExtensions(ctx: RuleContext): XmlElement | undefined {
  return docIndex(ctx).dianExtensions;
}

/** Every `sts:DianExtensions` under `ext:UBLExtensions`. */
export function dianExtensionsAll(ctx: RuleContext): readonly XmlElement[] {
  return docIndex(ctx).dianExtensionsAll;
}

/** `sts:InvoiceControl` (numbering range data), if any. */
export function invoiceControl(ctx: RuleContext): XmlElement | undefined {
  return child(dianExtensions(ctx), 'sts:InvoiceControl');
}

/**
 * The authorized range the document claims (resolution + prefix of its InvoiceControl), looked up
 * in the ranges the caller supplied. Falls back to the resolution alone, then to the prefix alone
 * (a document without InvoiceControl is matched by its number's prefix).
 */
export function matchedRange(ctx: RuleContext): AuthorizedRange | undefined {
  return cached(ctx, 'h:range', () => {
    const ranges = ctx.authorizedRanges ?? [];
    const ic = invoiceControl(ctx);
    const resolution = text(ic, 'sts:InvoiceAuthorization');
    const prefix = text(ic, 'sts:AuthorizedInvoices/sts:Prefix') ?? '';
    return (
      ranges.find((r) => r.resolution === resolution && r.prefix === prefix) ??
      ranges.find((r) => r.resolution === resolution) ??
      (ic ? undefined : ranges.find((r) => r.prefix !== '' && (text(rootChild(ctx, 'cbc:ID')) ?? '').startsWith(r.prefix)))
    );
  });
}

// --- Literals and lists -----------------------------------------------------------------------

const PROFILE_ID: Record<DocumentKind, string> = {
  invoice: 'DIAN 2.1: Factura Electrónica de Venta',
  'credit-note': 'DIAN 2.1: Nota Crédito de Factura Electrónica de Venta',
  'debit-note': 'DIAN 2.1: Nota Débito de Factura Electrónica de Venta',
};

/** The 2019 ProfileID, still in most of DIAN's toolkit samples (including the 2024 debit note). */
const LEGACY_PROFILE_ID = 'DIAN 2.1';

/** CustomizationID scope of each kind in the operation-type table. */
const OPERATION_SCOPE = { invoice: 'invoice', 'credit-note': 'credit-note', 'debit-note': 'debit-note' } as const;

/**
 * Operation types DIAN published before Anexo 1.9 and still uses in its toolkit samples:
 * 01–08 of the 2019 invoice table (05 genérica, 06 con pago anticipado, 04 exportación …), 13
 * cambiario (2019 genericode), 23/33 notes for Decreto 2242 invoices; DIAN's 2019 credit-note
 * sample carries 11.
 */
const LEGACY_OPERATION: Record<DocumentKind, ReadonlySet<string>> = {
  invoice: new Set(['01', '02', '03', '04', '05', '06', '07', '08', '13']),
  'credit-note': new Set(['23', '01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12']),
  'debit-note': new Set(['33', '01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12']),
};

const ALPHANUMERIC = /^[A-Za-z0-9]+$/;
const ISSUE_TIME = /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d-05:00$/;
const INVOICE_TYPES = new Set(['01', '02', '03', '04']);
const UUID_SCHEME: Record<DocumentKind, string> = { invoice: 'CUFE-SHA384', 'credit-note': 'CUDE-SHA384', 'debit-note': 'CUDE-SHA384' };
const ENVIRONMENTS = new Set(['1', '2']);
const DIGITS = /^\d+$/;

/** Presence of a non-empty header element. */
function present(ctx: RuleContext, qname: string, detail: string): Finding[] {
  const el = rootChild(ctx, qname);
  if (el && el.text.trim() !== '') return NONE;
  return [el ? at(el, ctx, detail) : missing(ctx.root, ctx, qname, detail)];
}

// --- CUFE / CUDE --------------------------------------------------------------------------------

/**
 * DIAN's formatting of an amount for the CUFE/CUDE chain: dot decimal separator and exactly two
 * decimals, **truncated** (Anexo §11.2 as quoted by two implementations; e.g. 1190.005 → "1190.00",
 * 825000 → "825000.00"). For the 2-decimal amounts Previa writes, this is the XML text itself.
 */
export function cufeAmount(raw: string | undefined): string {
  const d = raw === undefined ? undefined : fastDecimal(raw);
  if (!d) return '0.00';
  let units = d.units;
  let scale = d.scale;
  if (scale > 2) {
    units = units / 10n ** BigInt(scale - 2); // bigint division truncates toward zero
    scale = 2;
  }
  while (scale < 2) {
    units *= 10n;
    scale++;
  }
  const neg = units < 0n;
  const s = (neg ? -units : units).toString().padStart(3, '0');
  return `${neg ? '-' : ''}${s.slice(0, -2)}.${s.slice(-2)}`;
}

/**
 * Document TaxTotal amounts per tax code (the code is the block's first
 * TaxSubtotal/TaxCategory/TaxScheme/ID), summed in document order.
 */
function taxSlotTotals(ctx: RuleContext): Map<string, Decimal> {
  const totals = new Map<string, Decimal>();
  for (const t of docIndex(ctx).taxes.header) {
    const code = text(t.el, 'cac:TaxSubtotal/cac:TaxCategory/cac:TaxScheme/cbc:ID');
    if (code === undefined || t.amount === undefined) continue;
    const prev = totals.get(code);
    totals.set(code, prev ? prev.add(t.amount) : t.amount);
  }
  return totals;
}

/** Document TaxTotal amount of one tax code (0.00 when absent), as DIAN puts it in the chain. */
function taxSlot(totals: ReadonlyMap<string, Decimal>, code: string): string {
  const total = totals.get(code);
  return total ? cufeAmount(`${total.units < 0n ? '-' : ''}${formatDecimal(total)}`) : '0.00';
}

function formatDecimal(d: Decimal): string {
  const abs = d.units < 0n ? -d.units : d.units;
  if (d.scale === 0) return abs.toString();
  const s = abs.toString().padStart(d.scale + 1, '0');
  return `${s.slice(0, -d.scale)}.${s.slice(-d.scale)}`;
}

/** The CUFE/CUDE fields read from the document (missing values as empty strings). */
export function uniqueCodeFields(ctx: RuleContext): CufeFields {
  const ix = docIndex(ctx);
  const mt = ix.monetary?.el;
  const supplier = ix.supplierParty;
  const customer = ix.customerParty;
  const slots = taxSlotTotals(ctx);
  return {
    number: ix.header.id ?? '',
    issueDate: ix.header.issueDate ?? '',
    issueTime: ix.header.issueTime ?? '',
    lineExtensionAmount: cufeAmount(text(mt, 'cbc:LineExtensionAmount')),
    ivaAmount: taxSlot(slots, '01'),
    incAmount: taxSlot(slots, '04'),
    icaAmount: taxSlot(slots, '03'),
    payableAmount: cufeAmount(text(mt, 'cbc:PayableAmount')),
    supplierId: text(supplier, 'cac:PartyTaxScheme/cbc:CompanyID') ?? '',
    customerId: text(customer, 'cac:PartyTaxScheme/cbc:CompanyID') ?? text(customer, 'cac:PartyIdentification/cbc:ID') ?? '',
    environment: ix.header.profileExecutionId ?? '',
  };
}

function uniqueCodeCheck(ctx: RuleContext, secret: string, compute: (f: CufeFields, s: string) => string): Finding[] {
  const uuid = rootChild(ctx, 'cbc:UUID');
  const fields = uniqueCodeFields(ctx);
  for (const name in fields) {
    if (fields[name as keyof CufeFields] === '') return [at(uuid, ctx, `no se puede recalcular: falta el dato "${name}" en el documento`)];
  }
  const expected = compute(fields, secret);
  const actual = text(uuid) ?? '';
  if (actual.toLowerCase() === expected) return NONE;
  return [at(uuid, ctx, `calculado: ${expected}; informado: ${actual || '(vacío)'}`, expected, actual)];
}

// --- Signing time (FAD09e) ----------------------------------------------------------------------

const SIGNING_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/;

/** Calendar date in Colombia (UTC−5, no daylight saving) of an xs:dateTime; local if it has no zone. */
export function colombianDate(dateTime: string): string | undefined {
  const m = SIGNING_TIME.exec(dateTime.trim());
  if (!m) return undefined;
  const day = dayNumber(m[1]);
  if (day === undefined) return undefined;
  const zone = m[4];
  if (zone === undefined) return m[1];
  const offset = zone === 'Z' ? 0 : (zone.startsWith('-') ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  const minutes = Number(m[2]) * 60 + Number(m[3]) - offset - 300; // to UTC, then to UTC−5
  const shifted = day + Math.floor(minutes / 1440);
  return new Date(shifted * 86_400_000).toISOString().slice(0, 10);
}

function signingTime(ctx: RuleContext): XmlElement | undefined {
  for (const ext of children(rootChild(ctx, 'ext:UBLExtensions'), 'ext:UBLExtension')) {
    const st = first(ext, 'ext:ExtensionContent/ds:Signature/ds:Object/xades:QualifyingProperties/xades:SignedProperties/xades:SignedSignatureProperties/xades:SigningTime');
    if (st) return st;
  }
  return undefined;
}

/** Start of the issue-date = signing-date rule (AT 1.9; spec 04 §7). */
const FAD09E_SINCE = '2024-05-01';
/** Start of the VLR01 rule (AT 1.7 phase, "Información Anexo 1.7" slides). */
const VLR01_SINCE = '2020-08-01';

// --- Rules ----------------------------------------------------------------------------------------

/** DIAN rules of this group (see docs/rules.md). */
export const headerRules: RuleDefinition[] = [
  {
    ids: { invoice: 'FAD01', 'credit-note': 'CAD01', 'debit-note': 'DAD01' },
    description: 'UBLVersionID must be the literal "UBL 2.1".',
    check(ctx) {
      const el = rootChild(ctx, 'cbc:UBLVersionID');
      const v = text(el);
      if (v === 'UBL 2.1') return NONE;
      return [el ? at(el, ctx, `valor informado: "${v}"; se espera "UBL 2.1"`, 'UBL 2.1', v) : missing(ctx.root, ctx, 'cbc:UBLVersionID', 'elemento ausente')];
    },
  },
  {
    ids: { invoice: 'FAD02', 'credit-note': 'CAD02', 'debit-note': 'DAD02' },
    description: 'CustomizationID must be an operation type of the document\'s own table (Anexo 1.9 13.1.5); 2019-era codes seen in DIAN samples are notified.',
    check(ctx) {
      const el = rootChild(ctx, 'cbc:CustomizationID');
      const v = text(el);
      if (!el || !v) return [missing(ctx.root, ctx, 'cbc:CustomizationID', 'tipo de operación no informado')];
      const op = operationType(v, OPERATION_SCOPE[ctx.kind]);
      if (op) return NONE;
      if (LEGACY_OPERATION[ctx.kind].has(v)) {
        return [legacy(at(el, ctx, `"${v}" es un código de tipo de operación anterior al Anexo 1.9 (tabla 13.1.5); DIAN puede rechazarlo hoy`, undefined, v))];
      }
      return [at(el, ctx, `valor informado: "${v}"`, undefined, v)];
    },
  },
  {
    ids: { invoice: 'FAD03', 'credit-note': 'CAD03', 'debit-note': 'DAD03' },
    description: 'ProfileID must be the Anexo 1.9 literal for the document type; the 2019 literal "DIAN 2.1" is notified.',
    check(ctx) {
      const el = rootChild(ctx, 'cbc:ProfileID');
      const v = text(el);
      const expected = PROFILE_ID[ctx.kind];
      if (v === expected) return NONE;
      if (v === LEGACY_PROFILE_ID) return [legacy(at(el, ctx, `"${v}" es el literal de 2019; se espera "${expected}"`, expected, v))];
      return [el ? at(el, ctx, `valor informado: "${v}"; se espera "${expected}"`, expected, v) : missing(ctx.root, ctx, 'cbc:ProfileID', `se espera "${expected}"`)];
    },
  },
  {
    ids: { invoice: 'FAD04' },
    description: 'ProfileExecutionID must be 1 (production) or 2 (test).',
    check(ctx) {
      const el = rootChild(ctx, 'cbc:ProfileExecutionID');
      const v = text(el);
      if (v !== undefined && ENVIRONMENTS.has(v)) return NONE;
      return [el ? at(el, ctx, `valor informado: "${v}"`, '1|2', v) : missing(ctx.root, ctx, 'cbc:ProfileExecutionID')];
    },
  },
  {
    ids: { invoice: 'FAD05' },
    description: 'The document number (cbc:ID) must be present.',
    check: (ctx) => present(ctx, 'cbc:ID', 'número del documento no informado'),
  },
  {
    ids: { invoice: 'FAD05a', 'credit-note': 'CAD05', 'debit-note': 'DAD05' },
    description: 'The document number may contain only letters and digits (no spaces, hyphens or other separators).',
    check(ctx) {
      const el = rootChild(ctx, 'cbc:ID');
      const v = el?.text ?? '';
      if (v === '' || ALPHANUMERIC.test(v)) return NONE;
      return [at(el, ctx, `número informado: "${v}"`, undefined, v)];
    },
  },
  ...numberInRangeRules(),
  {
    ids: { invoice: 'FAD05e' },
    description: 'The invoice number must exist in an authorized numbering range of the issuer (resolution + prefix; not for type 03).',
    requires: ['authorizedRanges'],
    check(ctx) {
      if (invoiceTypeCode(ctx) === '03') return NONE;
      const el = rootChild(ctx, 'cbc:ID');
      const id = text(el) ?? '';
      const range = matchedRange(ctx);
      if (range && id.startsWith(range.prefix)) {
        const rest = id.slice(range.prefix.length);
        if (DIGITS.test(rest)) {
          const n = Number(rest);
          if (n >= range.from && n <= range.to) return NONE;
        }
      }
      const resolution = text(invoiceControl(ctx), 'sts:InvoiceAuthorization') ?? '(sin resolución)';
      return [at(el, ctx, `número "${id}" no está en ningún rango autorizado para la resolución ${resolution}`, undefined, id)];
    },
  },
  {
    ids: { invoice: 'FAD06' },
    description: 'CUFE recomputed (SHA-384 over the Anexo chain with the range\'s technical key) must equal cbc:UUID.',
    requires: ['technicalKey'],
    // Contingency type 03 hashes the software PIN instead of the technical key (docs/decisions.md #8).
    check: (ctx) => {
      if (docIndex(ctx).header.invoiceTypeCode === '03') return ctx.softwarePin ? uniqueCodeCheck(ctx, ctx.softwarePin, computeCufe) : [];
      return uniqueCodeCheck(ctx, ctx.technicalKey!, computeCufe);
    },
  },
  {
    ids: { 'credit-note': 'CAD06', 'debit-note': 'DAD06' },
    description: 'CUDE recomputed (the CUFE chain with the software PIN) must equal cbc:UUID.',
    requires: ['softwarePin'],
    check: (ctx) => uniqueCodeCheck(ctx, ctx.softwarePin!, computeCude),
  },
  {
    ids: { invoice: 'FAD07' },
    description: 'UUID@schemeID must be a valid environment (1/2) equal to ProfileExecutionID.',
    check(ctx) {
      const uuid = rootChild(ctx, 'cbc:UUID');
      if (!uuid) return [missing(ctx.root, ctx, 'cbc:UUID')];
      const v = uuid.attrs.schemeID;
      const env = text(rootChild(ctx, 'cbc:ProfileExecutionID'));
      if (v !== undefined && ENVIRONMENTS.has(v) && (env === undefined || !ENVIRONMENTS.has(env) || env === v)) return NONE;
      return [{ path: `${at(uuid, ctx).path}/@schemeID`, detail: `@schemeID informado: "${v ?? ''}"; ProfileExecutionID: "${env ?? ''}"`, expected: env, actual: v }];
    },
  },
  {
    ids: { invoice: 'FAD08' },
    description: 'UUID@schemeName must be the CUFE algorithm CUFE-SHA384.',
    check(ctx) {
      const uuid = rootChild(ctx, 'cbc:UUID');
      if (!uuid) return NONE;
      const v = uuid.attrs.schemeName;
      if (v === UUID_SCHEME[ctx.kind]) return NONE;
      return [{ path: `${at(uuid, ctx).path}/@schemeName`, detail: `algoritmo informado: "${v ?? ''}"; se espera "${UUID_SCHEME[ctx.kind]}"`, expected: UUID_SCHEME[ctx.kind], actual: v }];
    },
  },
  {
    ids: { invoice: 'FAD09a' },
    description: 'IssueDate must not be before the StartDate of the authorized numbering range.',
    requires: ['authorizedRanges'],
    check(ctx) {
      const range = matchedRange(ctx);
      const d = issueDate(ctx);
      if (!range || d === undefined || d >= range.startDate) return NONE;
      return [at(rootChild(ctx, 'cbc:IssueDate'), ctx, `fecha de emisión ${d}; inicio de la autorización ${range.startDate}`, range.startDate, d)];
    },
  },
  {
    ids: { invoice: 'FAD09b' },
    description: 'IssueDate must not be after the EndDate of the authorized numbering range.',
    requires: ['authorizedRanges'],
    check(ctx) {
      const range = matchedRange(ctx);
      const d = issueDate(ctx);
      if (!range || d === undefined || d <= range.endDate) return NONE;
      return [at(rootChild(ctx, 'cbc:IssueDate'), ctx, `fecha de emisión ${d}; fin de la autorización ${range.endDate}`, range.endDate, d)];
    },
  },
  {
    ids: { invoice: 'FAD09c', 'credit-note': 'CAD09c', 'debit-note': 'DAD09c' },
    description: 'IssueDate may not be more than 10 calendar days before the reception (sending) date.',
    requires: ['receptionDate'],
    check(ctx) {
      const el = rootChild(ctx, 'cbc:IssueDate');
      const issued = dayNumber(issueDate(ctx));
      const received = dayNumber(ctx.receptionDate);
      if (issued === undefined || received === undefined || received - issued <= 10) return NONE;
      return [at(el, ctx, `fecha de emisión ${issueDate(ctx)}; fecha de recepción ${ctx.receptionDate} (más de 10 días)`, undefined, issueDate(ctx))];
    },
  },
  {
    ids: { invoice: 'FAD09d', 'credit-note': 'CAD09d', 'debit-note': 'DAD09d' },
    description: 'IssueDate may not be more than 10 calendar days after the reception (sending) date; also reports an IssueDate that is not a valid YYYY-MM-DD date.',
    requires: ['receptionDate'],
    check(ctx) {
      const el = rootChild(ctx, 'cbc:IssueDate');
      const issued = dayNumber(issueDate(ctx));
      const received = dayNumber(ctx.receptionDate);
      if (received === undefined) return NONE;
      if (issued === undefined) return [el ? at(el, ctx, `fecha de emisión inválida: "${issueDate(ctx)}"`) : missing(ctx.root, ctx, 'cbc:IssueDate')];
      if (issued - received <= 10) return NONE;
      return [at(el, ctx, `fecha de emisión ${issueDate(ctx)}; fecha de recepción ${ctx.receptionDate}`, undefined, issueDate(ctx))];
    },
  },
  {
    ids: { invoice: 'FAD09e', 'credit-note': 'CAD09e', 'debit-note': 'DAD09e' },
    description: 'IssueDate must equal the date (Colombia time) of xades:SigningTime; in force for documents issued from 2024-05-01.',
    check(ctx) {
      if (!inForce(ctx, FAD09E_SINCE)) return NONE;
      const st = signingTime(ctx);
      if (!st) return NONE;
      const signed = colombianDate(st.text);
      const d = issueDate(ctx);
      if (signed === undefined || d === undefined || signed === d) return NONE;
      return [at(rootChild(ctx, 'cbc:IssueDate'), ctx, `fecha de emisión ${d}; fecha de firma ${signed}`, signed, d)];
    },
  },
  {
    ids: { invoice: 'FAD10', 'credit-note': 'CAD10', 'debit-note': 'DAD10' },
    description: 'IssueTime must be HH:MM:SS-05:00 (valid hour, minute, second; Colombian offset; no fractions).',
    check(ctx) {
      const el = rootChild(ctx, 'cbc:IssueTime');
      const v = text(el);
      if (v !== undefined && ISSUE_TIME.test(v)) return NONE;
      return [el ? at(el, ctx, `hora informada: "${v}"; formato esperado HH:MM:SS-05:00`, 'HH:MM:SS-05:00', v) : missing(ctx.root, ctx, 'cbc:IssueTime')];
    },
  },
  {
    ids: { invoice: 'FAD12a' },
    description: 'InvoiceTypeCode must be a document type of table 13.1.3.',
    check(ctx) {
      const el = rootChild(ctx, 'cbc:InvoiceTypeCode');
      const v = text(el);
      if (v !== undefined && codeListHas('invoiceTypes', v)) return NONE;
      return [el ? at(el, ctx, `valor informado: "${v}"`, undefined, v) : missing(ctx.root, ctx, 'cbc:InvoiceTypeCode')];
    },
  },
  {
    ids: { invoice: 'FAD12b' },
    description: 'InvoiceTypeCode must be an invoice type (01, 02, 03, 04), not the code of another document.',
    check(ctx) {
      const el = rootChild(ctx, 'cbc:InvoiceTypeCode');
      const v = text(el);
      if (v === undefined || !codeListHas('invoiceTypes', v) || INVOICE_TYPES.has(v)) return NONE;
      return [at(el, ctx, `"${v}" no es un tipo de factura (01, 02, 03, 04)`, undefined, v)];
    },
  },
  {
    ids: { invoice: 'FAD15a', 'credit-note': 'CAD15a', 'debit-note': 'DAD15a' },
    description: 'DocumentCurrencyCode must be an ISO 4217 code of table 13.3.3.',
    check(ctx) {
      const el = rootChild(ctx, 'cbc:DocumentCurrencyCode');
      const v = documentCurrency(ctx);
      if (v !== undefined && codeListHas('currencies', v)) return NONE;
      return [el ? at(el, ctx, `moneda informada: "${v}"`, undefined, v) : missing(ctx.root, ctx, 'cbc:DocumentCurrencyCode')];
    },
  },
  {
    ids: { invoice: 'FAD15b' },
    description:
      'Every @currencyID must equal DocumentCurrencyCode (the ~30 Anexo rows "remítase a FAD15b": FAS03, FAU03, FAX08 …). Not checked inside ext:UBLExtensions (DIAN does not validate custom extensions) nor on cac:ItemPriceExtension/cbc:Amount (foreign-currency item price in DIAN\'s v1.9 samples).',
    check(ctx) {
      const dcc = documentCurrency(ctx);
      if (!dcc) return NONE;
      const { amounts, currencies } = docIndex(ctx);
      let out: Finding[] | undefined;
      for (let i = 0; i < amounts.length; i++) {
        const c = currencies[i]!;
        if (c === dcc) continue;
        const el = amounts[i]!;
        if (el.qname === 'cbc:Amount' && el.parent?.qname === 'cac:ItemPriceExtension') continue;
        (out ??= []).push({ path: `${at(el, ctx).path}/@currencyID`, detail: `@currencyID "${c}" distinto de DocumentCurrencyCode "${dcc}"`, expected: dcc, actual: c });
      }
      return out ?? NONE;
    },
  },
  {
    ids: { invoice: 'FAD16', 'credit-note': 'CAD16', 'debit-note': 'DAD16' },
    description: 'LineCountNumeric must equal the number of document lines.',
    check(ctx) {
      const el = rootChild(ctx, 'cbc:LineCountNumeric');
      const n = lines(ctx).length;
      const v = text(el);
      if (v !== undefined && DIGITS.test(v) && Number(v) === n) return NONE;
      return [el ? at(el, ctx, `informado: "${v}"; líneas en el documento: ${n}`, String(n), v) : missing(ctx.root, ctx, 'cbc:LineCountNumeric', `líneas en el documento: ${n}`)];
    },
  },
  {
    ids: { invoice: 'VLR01', 'credit-note': 'VLR01', 'debit-note': 'VLR01' },
    description: 'No monetary amount or percentage may be negative, except PayableRoundingAmount (in force from 2020-08-01).',
    check(ctx) {
      if (!inForce(ctx, VLR01_SINCE)) return NONE;
      const ix = docIndex(ctx);
      if (ix.negativeAmounts.length === 0 && ix.negativeRates.length === 0) return NONE;
      const out: Finding[] = [];
      for (const el of ix.negativeAmounts) {
        if (el.qname === 'cbc:PayableRoundingAmount') continue;
        out.push(at(el, ctx, `valor negativo: ${el.text.trim()}`, undefined, el.text.trim()));
      }
      for (const el of ix.negativeRates) out.push(at(el, ctx, `porcentaje negativo: ${el.text.trim()}`, undefined, el.text.trim()));
      return out;
    },
  },
];

/**
 * FAD05b/c/d: the number after the prefix must lie in the range the document itself declares in
 * sts:InvoiceControl (From/To). The equality of that range with DIAN's authorization is checked by
 * FAB10b/FAB11b/FAB12b, and the number against DIAN's ranges by FAD05e. Not for type 03
 * (contingency documents have their own numbering).
 */
function numberInRangeRules(): RuleDefinition[] {
  const parse = (ctx: RuleContext) =>
    cached(ctx, 'h:numberInRange', () => {
      if (ctx.kind !== 'invoice' || invoiceTypeCode(ctx) === '03') return undefined;
      const ic = invoiceControl(ctx);
      const from = text(ic, 'sts:AuthorizedInvoices/sts:From');
      const to = text(ic, 'sts:AuthorizedInvoices/sts:To');
      const el = rootChild(ctx, 'cbc:ID');
      const id = text(el);
      if (!ic || !id || !from || !DIGITS.test(from) || !to || !DIGITS.test(to)) return undefined;
      const prefix = text(ic, 'sts:AuthorizedInvoices/sts:Prefix') ?? '';
      const rest = id.startsWith(prefix) ? id.slice(prefix.length) : undefined;
      const n = rest !== undefined && DIGITS.test(rest) ? BigInt(rest) : undefined;
      return { el, id, prefix, n, from: BigInt(from), to: BigInt(to) };
    });
  return [
    {
      ids: { invoice: 'FAD05b' },
      description: 'The number after the prefix must not be below sts:From of the declared range (not for type 03).',
      check(ctx) {
        const r = parse(ctx);
        if (!r || r.n === undefined || r.n >= r.from) return NONE;
        return [at(r.el, ctx, `número ${r.n}; inicio del rango ${r.from}`, String(r.from), String(r.n))];
      },
    },
    {
      ids: { invoice: 'FAD05c' },
      description: 'The number after the prefix must not exceed sts:To of the declared range (not for type 03).',
      check(ctx) {
        const r = parse(ctx);
        if (!r || r.n === undefined || r.n <= r.to) return NONE;
        return [at(r.el, ctx, `número ${r.n}; fin del rango ${r.to}`, String(r.to), String(r.n))];
      },
    },
    {
      ids: { invoice: 'FAD05d' },
      description: 'The document number must be the declared prefix followed by digits (a number of the declared range).',
      check(ctx) {
        const r = parse(ctx);
        if (!r || r.n !== undefined) return NONE;
        return [at(r.el, ctx, `"${r.id}" no es el prefijo "${r.prefix}" seguido de un consecutivo numérico`, undefined, r.id)];
      },
    },
  ];
}

/** Header-group rules DIAN defines that are not checked locally, with the reason. */
export const notImplementedHeader: Record<string, string> = {
  AA08d: 'Legacy code printed in an Anexo example; the current engine reports the same check as FAD05b/c/d/e.',
  AA09: 'Legacy code printed in an Anexo example; the current engine reports the same check as FAD06.',
  ...Object.fromEntries(
    ['FBD04', 'FAQ08', 'FAQ10', 'FAS03', 'FAS06', 'FAS08', 'FAS12', 'FAT03', 'FAT06', 'FAT08', 'FAU03', 'FAU05', 'FAU07', 'FAU09', 'FAU11', 'FAU13', 'FAU15', 'FAV07', 'FAW04', 'FBE07', 'FBE09', 'FAX03', 'FAX06', 'FAX08', 'FAX12', 'FAX19', 'FAY03', 'FAY06', 'FAY08', 'FBB03'].map(
      (id) => [id, 'DIAN reports this element\'s @currencyID under FAD15b ("Remítase a regla FAD15b"); checked there.'],
    ),
  ),
};

