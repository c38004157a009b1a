import type { XmlElement } from '../xml/parse.js';

/** DIAN's two outcomes: a rechazo blocks the document, a notificación does not. */
export type Severity = 'rejection' | 'notification';

/** Document types the catalog covers. */
export type DocumentKind = 'invoice' | 'credit-note' | 'debit-note';

/** The layers of a validation report, outermost first. */
export type Layer = 'request' | 'xsd' | 'dian';

/** What a numbering resolution authorizes (from GetNumberingRange or the resolution). */
export interface AuthorizedRange {
  /** Resolution number (`sts:InvoiceAuthorization`). */
  resolution: string;
  prefix: string;
  from: number;
  to: number;
  /** YYYY-MM-DD */
  startDate: string;
  /** YYYY-MM-DD */
  endDate: string;
  technicalKey?: string;
}

/**
 * Everything a rule may look at besides the XML. The document itself never carries its
 * technical key or PIN, so checks that need them run only when the caller supplies them.
 */
export interface RuleContext {
  /** Root element of the document about to be sent. */
  readonly root: XmlElement;
  readonly kind: DocumentKind;
  /** Technical key of the numbering range (invoices): enables CUFE recomputation. */
  readonly technicalKey?: string;
  /** Software PIN: enables CUDE and SoftwareSecurityCode recomputation. */
  readonly softwarePin?: string;
  /** The issuer's authorized numbering ranges: enables the InvoiceControl rules. */
  readonly authorizedRanges?: readonly AuthorizedRange[];
  /** Date the document is sent (YYYY-MM-DD, Colombia): enables the issue-date window rules. */
  readonly receptionDate?: string;
  /** Tolerance for arithmetic checks, in document-currency units (default 2.00 per DIAN's holgura; see docs). */
  readonly tolerance?: number;
  /**
   * True when checking a document before it is signed (the pre-send validation of our own
   * output): the signature slot must then be present and empty instead of holding ds:Signature.
   */
  readonly unsigned?: boolean;
  /** Scratch space shared by rules during one run (parsed amounts, cached lookups). */
  readonly cache: Map<string, unknown>;
}

/** One failure found by a rule. */
export interface Finding {
  /** Location in the document, e.g. `/Invoice/cac:InvoiceLine[2]/cbc:LineExtensionAmount`. */
  path: string;
  /** Extra detail in Spanish appended to DIAN's text (values found, what was expected). */
  detail?: string;
  expected?: string;
  actual?: string;
  /**
   * Overrides the rule's severity for this finding only. Used to accept values DIAN itself
   * published in its toolkit samples but no longer lists (2019-era codes) with a notification,
   * while unknown values stay rejections under the same rule ID.
   */
  severity?: Severity;
}

/** Context requirements that a rule needs to run; without them the rule is reported as skipped. */
export type Requirement = 'technicalKey' | 'softwarePin' | 'authorizedRanges' | 'receptionDate';

/**
 * A DIAN rule as data. `ids` names the rule per document type with DIAN's own IDs
 * (`FAU14` invoice, `CAU14` credit note, `DAU14` debit note); a rule applies only to the
 * document kinds it has an ID for. Message, XPath and severity default to DIAN's table
 * (`generated/dian-rule-table.ts`) and may be overridden.
 */
export interface RuleDefinition {
  readonly ids: Partial<Record<DocumentKind, string>>;
  /** Defaults to the table's outcome (rechazo → rejection). */
  readonly severity?: Severity;
  /** Overrides DIAN's message (Spanish) when the table has none. */
  readonly message?: string;
  /** Short description in English, for docs/rules.md. */
  readonly description: string;
  readonly requires?: readonly Requirement[];
  /** Pure check; returns the failures found (empty when the document passes). */
  check(ctx: RuleContext): Finding[];
}

/** One issue in a report. */
export interface Issue {
  layer: Layer;
  /** DIAN rule ID (`FAD06`), or a Previa code for request/xsd issues. */
  ruleId: string;
  severity: Severity;
  path: string;
  /** Spanish message for people. */
  message: string;
  expected?: string;
  actual?: string;
}

/** The result of a validation run. Rejections are values, never exceptions. */
export interface ValidationReport {
  /** True when no issue is a rejection (notifications do not block). */
  ok: boolean;
  kind?: DocumentKind;
  issues: Issue[];
  /** IDs of rules not run for lack of context (technical key, PIN, ranges, date). */
  skipped: string[];
}
