import { parseXml, XmlParseError } from '../xml/parse.js';
import type { XmlElement } from '../xml/parse.js';
import { CATALOG } from './catalog/index.js';
import { messageOf, severityOf } from './dian-table.js';
import { releaseIndex } from './document-index.js';
import { kindOfRoot } from './helpers.js';
import type { AuthorizedRange, DocumentKind, Issue, Requirement, RuleContext, RuleDefinition, ValidationReport } from './types.js';

/** Optional context for a validation run (see RuleContext). */
export interface ValidateOptions {
  technicalKey?: string;
  softwarePin?: string;
  authorizedRanges?: readonly AuthorizedRange[];
  receptionDate?: string;
  tolerance?: number;
  /** The document is about to be signed: expect an empty signature slot instead of ds:Signature. */
  unsigned?: boolean;
  /** Rules to run instead of the whole catalog (tests). */
  rules?: readonly RuleDefinition[];
}

/** A rule that applies to a document kind, with its ID for that kind. */
interface PlannedRule {
  readonly id: string;
  readonly rule: RuleDefinition;
  readonly requires: readonly Requirement[] | undefined;
}

/** The catalog's applicable rules per kind, in order (computed once; CATALOG is a module constant). */
const catalogPlans: Partial<Record<DocumentKind, readonly PlannedRule[]>> = {};

function planOf(rules: readonly RuleDefinition[], kind: DocumentKind): readonly PlannedRule[] {
  if (rules === CATALOG) return (catalogPlans[kind] ??= buildPlan(rules, kind));
  return buildPlan(rules, kind);
}

function buildPlan(rules: readonly RuleDefinition[], kind: DocumentKind): PlannedRule[] {
  const out: PlannedRule[] = [];
  for (const rule of rules) {
    const id = rule.ids[kind];
    if (id) out.push({ id, rule, requires: rule.requires && rule.requires.length > 0 ? rule.requires : undefined });
  }
  return out;
}

/** True when the context carries every requirement. */
function hasAll(ctx: RuleContext, requires: readonly Requirement[]): boolean {
  for (const r of requires) if (ctx[r] === undefined) return false;
  return true;
}

/**
 * Runs the DIAN rule catalog over an already parsed document. Rules that need context the
 * caller did not give (technical key, PIN, ranges, reception date) are listed as skipped.
 */
export function runRules(root: XmlElement, kind: DocumentKind, options: ValidateOptions = {}): ValidationReport {
  const ctx: RuleContext = {
    root,
    kind,
    cache: new Map(),
    ...(options.technicalKey !== undefined && { technicalKey: options.technicalKey }),
    ...(options.softwarePin !== undefined && { softwarePin: options.softwarePin }),
    ...(options.authorizedRanges !== undefined && { authorizedRanges: options.authorizedRanges }),
    ...(options.receptionDate !== undefined && { receptionDate: options.receptionDate }),
    ...(options.tolerance !== undefined && { tolerance: options.tolerance }),
    ...(options.unsigned !== undefined && { unsigned: options.unsigned }),
  };
  const issues: Issue[] = [];
  const skipped: string[] = [];
  for (const { id, rule, requires } of planOf(options.rules ?? CATALOG, kind)) {
    if (requires !== undefined && !hasAll(ctx, requires)) {
      skipped.push(id);
      continue;
    }
    const findings = rule.check(ctx);
    if (findings.length === 0) continue;
    const severity = rule.severity ?? severityOf(id);
    const base = rule.message ?? messageOf(id) ?? rule.description;
    for (const f of findings) {
      const issue: Issue = {
        layer: 'dian',
        ruleId: id,
        severity: f.severity ?? severity,
        path: f.path,
        message: f.detail ? `${base} (${f.detail})` : base,
      };
      if (f.expected !== undefined) issue.expected = f.expected;
      if (f.actual !== undefined) issue.actual = f.actual;
      issues.push(issue);
    }
  }
  releaseIndex(ctx);
  return { ok: !issues.some((i) => i.severity === 'rejection'), kind, issues, skipped };
}

/**
 * Validates an XML document as DIAN would before accepting it: well-formedness (ZB01), a
 * known root (ZB05), then the rule catalog. Never throws for bad input.
 */
export function validateXml(xml: string, options: ValidateOptions = {}): ValidationReport {
  let root: XmlElement;
  try {
    root = parseXml(xml);
  } catch (e) {
    const message = e instanceof XmlParseError ? e.message : String(e);
    return {
      ok: false,
      issues: [{ layer: 'xsd', ruleId: 'ZB01', severity: 'rejection', path: '/', message: `${messageOf('ZB01') ?? 'XML mal formado'} (${message})` }],
      skipped: [],
    };
  }
  const kind = kindOfRoot(root);
  if (!kind) {
    return {
      ok: false,
      issues: [{ layer: 'xsd', ruleId: 'ZB05', severity: 'rejection', path: `/${root.qname}`, message: messageOf('ZB05') ?? `Elemento raíz no admitido: ${root.qname}` }],
      skipped: [],
    };
  }
  return runRules(root, kind, options);
}
