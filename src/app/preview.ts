import { taxType } from '../core/codelists/index.js';
import { formatPath } from '../core/input/parse.js';
import { formatAmount } from '../core/money/money.js';
import { prepareDocument } from '../core/pipeline.js';
import type { ComputedDocument, TaxGroup } from '../core/totals/compute.js';
import { colombiaDateTime } from './colombia-time.js';
import type { AppDeps } from './context.js';
import { coreInput, documentRequestSchema, expandRequest, issueContext } from './documents.js';
import { AppError, type FieldIssue } from './errors.js';

/** A tax or withholding total of the preview, by DIAN tax code. */
export interface PreviewTaxTotal {
  code: string;
  name: string;
  amount: string;
}

/** What a draft would become if issued now: totals from the core, and what DIAN would say. */
export interface DocumentPreview {
  /** True when the document would be accepted locally (no rejection, nothing blocking). */
  ok: boolean;
  /** Where the draft stopped: the request (catalog, configuration), the input contract, or DIAN's rules over the XML. */
  stage: 'request' | 'input' | 'dian';
  /** The number the document would take now (another document may take it first). */
  number: string | null;
  /** Decimal strings, as in the document view; null when the draft could not be computed. */
  totals: null | { lineExtension: string; allowanceTotal: string; chargeTotal: string; taxExclusive: string; taxInclusive: string; prepaid: string; payable: string; withholdings: string };
  taxes: PreviewTaxTotal[];
  withholdings: PreviewTaxTotal[];
  /** Per line: value after discounts/charges, taxes and withholdings. */
  lines: Array<{ lineExtension: string; taxes: string; withholdings: string }>;
  /** Rejections first, then notifications; DIAN rule ID where one applies, Spanish messages. */
  issues: FieldIssue[];
}

function taxTotals(groups: TaxGroup[]): PreviewTaxTotal[] {
  return groups.map((g) => ({ code: g.code, name: taxType(g.code)?.name ?? g.code, amount: formatAmount(g.amount) }));
}

function summarize(computed: ComputedDocument): Pick<DocumentPreview, 'totals' | 'taxes' | 'withholdings' | 'lines'> {
  const t = computed.totals;
  const withheld = computed.withholdingTotals.reduce((sum, g) => sum + g.amount, 0n);
  return {
    totals: {
      lineExtension: formatAmount(t.lineExtension),
      allowanceTotal: formatAmount(t.allowanceTotal),
      chargeTotal: formatAmount(t.chargeTotal),
      taxExclusive: formatAmount(t.taxExclusive),
      taxInclusive: formatAmount(t.taxInclusive),
      prepaid: formatAmount(t.prepaid),
      payable: formatAmount(t.payable),
      withholdings: formatAmount(withheld),
    },
    taxes: taxTotals(computed.taxTotals),
    withholdings: taxTotals(computed.withholdingTotals),
    lines: computed.lines.map((l) => ({
      lineExtension: formatAmount(l.lineExtension),
      taxes: formatAmount(l.taxes.reduce((sum, x) => sum + x.amount, 0n)),
      withholdings: formatAmount(l.withholdings.reduce((sum, x) => sum + x.amount, 0n)),
    })),
  };
}

const EMPTY = (): Pick<DocumentPreview, 'number' | 'totals' | 'taxes' | 'withholdings' | 'lines'> => ({ number: null, totals: null, taxes: [], withholdings: [], lines: [] });

function blocked(issues: FieldIssue[]): DocumentPreview {
  return { ok: false, stage: 'request', ...EMPTY(), issues: issues.map((i) => ({ severity: 'rejection' as const, ...i })) };
}

/**
 * Previews a draft exactly as "create a document" would issue it now — same catalog expansion,
 * same platform fields, same core pipeline (input contract → UBL → DIAN rule catalog over the
 * XML) for the range's next number — without allocating a number, signing or storing anything.
 * Invalid drafts are answered, never thrown: a form validating as the user types needs the
 * problems as data. Errors that are not about the draft (not found, DIAN down…) still throw.
 */
export async function previewDocument(deps: AppDeps, organizationId: string, body: unknown): Promise<DocumentPreview> {
  const parsed = documentRequestSchema.safeParse(body);
  if (!parsed.success) {
    return blocked(parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })));
  }
  const extra: FieldIssue[] = [];
  let raw: Record<string, unknown>;
  try {
    // Preview works before e-invoicing is enabled (the editor shows totals); issuing would not.
    const ctx = await issueContext(deps, organizationId, parsed.data.kind, parsed.data.numberingRangeId, { habilitacion: true });
    if (!ctx.org.einvoicingEnabled) {
      extra.push({ path: '', severity: 'rejection', message: 'La organización aún no factura electrónicamente: complete la habilitación y active la facturación electrónica en Configuración' });
    }
    const { body: expanded } = await expandRequest(deps, organizationId, parsed.data, ctx.now);
    const next = ctx.range.nextNumber <= ctx.range.toNumber ? ctx.range.nextNumber : ctx.range.toNumber;
    raw = coreInput(ctx, expanded, next);
  } catch (e) {
    if (e instanceof AppError && (e.kind === 'invalid_data' || e.kind === 'unexpected_state' || e.kind === 'conflict')) {
      return blocked(e.issues.length > 0 ? e.issues : [{ path: '', message: e.message }]);
    }
    throw e;
  }
  const prepared = prepareDocument(raw, { receptionDate: colombiaDateTime(deps.clock.now()).date });
  if (!prepared.ok) {
    const issues = prepared.issues.map((i) => ({ path: i.path, message: i.message, severity: 'rejection' as const, ...(i.ruleId && { ruleId: i.ruleId }) }));
    return { ok: false, stage: 'input', ...EMPTY(), issues: [...extra, ...issues] };
  }
  const ruleIssues: FieldIssue[] = prepared.report.issues
    .map((i) => ({ path: i.path, message: i.message, ruleId: i.ruleId, severity: i.severity }))
    .sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'rejection' ? -1 : 1));
  return {
    ok: prepared.report.ok && extra.length === 0,
    stage: 'dian',
    number: prepared.built.number,
    ...summarize(prepared.built.computed),
    issues: [...extra, ...ruleIssues],
  };
}
