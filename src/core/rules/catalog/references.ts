/**
 * DIAN rules of document references: the correction concept of credit/debit notes
 * (cac:DiscrepancyResponse, groups CBF/DBF), the referenced invoice (cac:BillingReference,
 * CBG/DBG), the note operation types 20/22 and 30/32, and the references an invoice may carry
 * (AdditionalDocumentReference FAI for type 03, related notes FBH/FBI).
 *
 * A note "with reference" is any note whose CustomizationID is not 22 (credit) or 32 (debit):
 * 20/30, the legacy 23/33, and the 2019 codes DIAN's samples use (its CreditNote.xml, code 11,
 * references an invoice). Whether the referenced invoice exists at DIAN and belongs to the same
 * issuer (CBG04a/b) needs DIAN; its date is checked against the IssueDate the note itself gives.
 */
import { codeListHas, creditNoteConcept, debitNoteConcept } from '../../codelists/index.js';
import type { XmlElement } from '../../xml/parse.js';
import { children } from '../../xml/query.js';
import { at, cached, child, first, missing, text, rootChild, each, NONE } from '../helpers.js';
import type { DocumentKind, Finding, RuleContext, RuleDefinition } from '../types.js';
import { customizationId, invoiceTypeCode, issueDate } from './header.js';

type Ids = Partial<Record<DocumentKind, string>>;

/** Operation types of notes without reference to an invoice. */
const WITHOUT_REFERENCE = new Set(['22', '32']);
/** Algorithms a referenced document's UUID may use: the current three plus CUFE-SHA1 of Decreto 2242 invoices. */
const LEGACY_ALGORITHMS = new Set(['CUFE-SHA1']);

const isNote = (ctx: RuleContext) => ctx.kind !== 'invoice';
const withReference = (ctx: RuleContext) => isNote(ctx) && !WITHOUT_REFERENCE.has(customizationId(ctx) ?? '');
const discrepancy = (ctx: RuleContext) => rootChild(ctx, 'cac:DiscrepancyResponse');
const invoiceRefs = (ctx: RuleContext) =>
  cached(ctx, 'r:invoiceRefs', () => children(ctx.root, 'cac:BillingReference').flatMap((b) => children(b, 'cac:InvoiceDocumentReference')));

function conceptOf(ctx: RuleContext): string | undefined {
  return text(discrepancy(ctx), 'cbc:ResponseCode');
}

/** Presence of `path` under each element a selector yields. */
function needEach(ids: Ids, description: string, select: (ctx: RuleContext) => XmlElement[], path: string, detail: string, extra: Partial<RuleDefinition> = {}): RuleDefinition {
  return {
    ids,
    description,
    ...extra,
    check: (ctx) =>
      each(select(ctx), ctx, (el) => {
        const target = first(el, path);
        if (target && target.text.trim() !== '') return NONE;
        return [target ? at(target, ctx, detail) : missing(el, ctx, path, detail)];
      }),
  };
}

/** A referenced document dated after the referencing one (dates from the XML itself). */
function laterReference(select: (ctx: RuleContext) => XmlElement[]) {
  return (ctx: RuleContext): Finding[] => {
    const own = issueDate(ctx);
    if (!own) return NONE;
    const out: Finding[] = [];
    for (const ref of select(ctx)) {
      const el = child(ref, 'cbc:IssueDate');
      const d = text(el);
      if (d && d > own) out.push(at(el, ctx, `documento referenciado del ${d}; este documento del ${own}`, own, d));
    }
    return out;
  };
}

/** DIAN rules of this group (see docs/rules.md). */
export const referencesRules: RuleDefinition[] = [
  {
    ids: { 'credit-note': 'CAD02a' },
    description: 'A credit note with concept 2 (anulación de factura) must have CustomizationID 20 (with reference to the invoice).',
    check(ctx) {
      if (conceptOf(ctx) !== '2' || customizationId(ctx) === '20') return NONE;
      const el = rootChild(ctx, 'cbc:CustomizationID');
      return [at(el, ctx, `concepto 2 con CustomizationID "${customizationId(ctx) ?? ''}"`, '20', customizationId(ctx))];
    },
  },
  {
    ids: { 'credit-note': 'CBF01', 'debit-note': 'DBF01' },
    description: 'cac:DiscrepancyResponse (correction concept) must be present.',
    check: (ctx) => (discrepancy(ctx) ? NONE : [missing(ctx.root, ctx, 'cac:DiscrepancyResponse', 'grupo DiscrepancyResponse no informado')]),
  },
  needEach({ 'credit-note': 'CBF02', 'debit-note': 'DBF02' }, 'A note with reference (CustomizationID other than 22/32) must give DiscrepancyResponse/ReferenceID (number of the corrected invoice).', (ctx) => {
    const d = discrepancy(ctx);
    return d && withReference(ctx) ? [d] : [];
  }, 'cbc:ReferenceID', 'número de la factura referenciada no informado'),
  {
    ids: { 'credit-note': 'CBF03', 'debit-note': 'DBF03' },
    description: 'DiscrepancyResponse/ResponseCode must be a concept of table 13.2.4 (credit) or 13.2.5 (debit).',
    check(ctx) {
      const d = discrepancy(ctx);
      if (!d) return NONE;
      const el = child(d, 'cbc:ResponseCode');
      const v = text(el);
      const ok = v !== undefined && (ctx.kind === 'credit-note' ? creditNoteConcept(v) : debitNoteConcept(v)) !== undefined;
      if (ok) return NONE;
      return [el ? at(el, ctx, `concepto informado: "${v}"`, undefined, v) : missing(d, ctx, 'cbc:ResponseCode', 'concepto no informado')];
    },
  },
  {
    ids: { 'credit-note': 'CBF03a' },
    description: 'A credit note without reference (CustomizationID 22) may not use concept 2 (anulación de factura).',
    check(ctx) {
      if (customizationId(ctx) !== '22' || conceptOf(ctx) !== '2') return NONE;
      return [at(first(ctx.root, 'cac:DiscrepancyResponse/cbc:ResponseCode'), ctx, 'concepto 2 en nota sin referencia a factura')];
    },
  },
  {
    ids: { 'credit-note': 'CBG02', 'debit-note': 'DBG02' },
    description: 'A note with reference (CustomizationID other than 22/32) must carry cac:BillingReference/cac:InvoiceDocumentReference.',
    check(ctx) {
      if (!withReference(ctx) || invoiceRefs(ctx).length > 0) return NONE;
      return [missing(ctx.root, ctx, 'cac:BillingReference/cac:InvoiceDocumentReference', `CustomizationID "${customizationId(ctx) ?? ''}" exige referencia a la factura`)];
    },
  },
  needEach({ 'credit-note': 'CBG03', 'debit-note': 'DBG03' }, 'InvoiceDocumentReference/cbc:ID (number of the referenced invoice) must be present.', (ctx) => (isNote(ctx) ? invoiceRefs(ctx) : []), 'cbc:ID', 'número de la factura referenciada no informado'),
  needEach({ 'credit-note': 'CBG04', 'debit-note': 'DBG04' }, 'InvoiceDocumentReference/cbc:UUID (CUFE of the referenced invoice) must be present (its existence at DIAN is CBG04a).', (ctx) => (isNote(ctx) ? invoiceRefs(ctx) : []), 'cbc:UUID', 'CUFE de la factura referenciada no informado'),
  {
    ids: { 'credit-note': 'CBG05' },
    description: 'InvoiceDocumentReference/UUID@schemeName must be a DIAN algorithm (CUFE-SHA384, CUDE-SHA384, CUDS-SHA384; CUFE-SHA1 for Decreto 2242 invoices).',
    check(ctx) {
      const out: Finding[] = [];
      for (const ref of invoiceRefs(ctx)) {
        const uuid = child(ref, 'cbc:UUID');
        if (!uuid) continue;
        const v = uuid.attrs.schemeName;
        if (v !== undefined && (codeListHas('uuidAlgorithms', v) || LEGACY_ALGORITHMS.has(v))) continue;
        out.push({ path: `${at(uuid, ctx).path}/@schemeName`, detail: `algoritmo informado: "${v ?? ''}"`, expected: 'CUFE-SHA384', actual: v });
      }
      return out;
    },
  },
  {
    ids: { 'credit-note': 'CBG06', 'debit-note': 'DBG06' },
    description: 'The note may not be dated before the referenced invoice (InvoiceDocumentReference/IssueDate given in the note).',
    check: laterReference(invoiceRefs),
  },

  // Invoice references
  {
    ids: { invoice: 'FAI01' },
    description: 'A type 03 invoice (contingency) must carry cac:AdditionalDocumentReference.',
    check(ctx) {
      if (invoiceTypeCode(ctx) !== '03' || rootChild(ctx, 'cac:AdditionalDocumentReference')) return NONE;
      return [missing(ctx.root, ctx, 'cac:AdditionalDocumentReference', 'documento tipo 03 sin referencia')];
    },
  },
  needEach({ invoice: 'FAI02' }, 'On a type 03 invoice, AdditionalDocumentReference/cbc:ID must be present.', (ctx) => (invoiceTypeCode(ctx) === '03' ? children(ctx.root, 'cac:AdditionalDocumentReference') : []), 'cbc:ID', 'número del documento referenciado no informado'),
  needEach({ invoice: 'FAI03' }, 'On a type 03 invoice, AdditionalDocumentReference/cbc:UUID (CUFE/CUDE of the referenced document) must be present.', (ctx) => (invoiceTypeCode(ctx) === '03' ? children(ctx.root, 'cac:AdditionalDocumentReference') : []), 'cbc:UUID', 'CUFE o CUDE del documento referenciado no informado'),
  needEach({ invoice: 'FBH04' }, 'BillingReference/CreditNoteDocumentReference must give cbc:UUID (the CUDE; its existence at DIAN is not checked locally).', (ctx) => children(ctx.root, 'cac:BillingReference').flatMap((b) => children(b, 'cac:CreditNoteDocumentReference')), 'cbc:UUID', 'CUDE de la nota crédito referenciada no informado'),
  needEach({ invoice: 'FBI03' }, 'BillingReference/DebitNoteDocumentReference must give cbc:ID.', (ctx) => children(ctx.root, 'cac:BillingReference').flatMap((b) => children(b, 'cac:DebitNoteDocumentReference')), 'cbc:ID', 'número de la nota débito referenciada no informado'),
  needEach({ invoice: 'FBI04' }, 'BillingReference/DebitNoteDocumentReference must give cbc:UUID (the CUDE; its existence at DIAN is not checked locally).', (ctx) => children(ctx.root, 'cac:BillingReference').flatMap((b) => children(b, 'cac:DebitNoteDocumentReference')), 'cbc:UUID', 'CUDE de la nota débito referenciada no informado'),
  {
    ids: { invoice: 'FBI06' },
    description: 'A related debit note (DebitNoteDocumentReference/IssueDate) may not be dated after the invoice.',
    check: laterReference((ctx) => children(ctx.root, 'cac:BillingReference').flatMap((b) => children(b, 'cac:DebitNoteDocumentReference'))),
  },
];

/** Reference-group rules DIAN defines that are not checked locally, with the reason. */
export const notImplementedReferences: Record<string, string> = {
  CBG01: 'Same condition as CBG02 (DIAN\'s engine code for a note with reference and no BillingReference); reported once, as CBG02.',
  CBG04a: 'Needs DIAN\'s records (the referenced invoice exists).',
  DBG04a: 'Needs DIAN\'s records (the referenced invoice exists).',
  CBG04b: 'Needs DIAN\'s records (the referenced invoice belongs to the same issuer).',
  DBG04b: 'Needs DIAN\'s records (the referenced invoice belongs to the same issuer).',
  CBF04: 'Unclear match rule: DIAN\'s own CreditNote.xml sample carries free text ("Factura anterior") for concept 1; table row UNCONFIRMED.',
  DBF04: 'Unclear match rule (see CBF04); table row UNCONFIRMED.',
  FBI02: 'When the DebitNoteDocumentReference group is required is not stated by any source.',
  CTG01: 'Needs DIAN\'s declared contingency windows.',
};
