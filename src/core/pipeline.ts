import { parseDocumentInput, type InputIssue } from './input/parse.js';
import type { DocumentInput } from './input/schema.js';
import { checkInputSemantics } from './input/semantics.js';
import { runRules, type ValidateOptions } from './rules/run.js';
import type { ValidationReport } from './rules/types.js';
import { buildDocument, BuildError, type BuiltDocument } from './ubl/build.js';
import { parseXml } from './xml/parse.js';
import { kindOfRoot } from './rules/helpers.js';

/** The outcome of preparing a JSON document: input problems, or the built XML and its rule report. */
export type PreparedDocument =
  | { ok: false; stage: 'input'; issues: InputIssue[] }
  | { ok: true; input: DocumentInput; built: BuiltDocument; report: ValidationReport };

/** Options for preparing a document (context the input does not carry). */
export interface PrepareOptions {
  /** Date the document will be sent (YYYY-MM-DD, Colombia) to enable the issue-date window rules. */
  receptionDate?: string;
}

/**
 * Input JSON → validated input → unsigned XML → DIAN rule report over that exact XML.
 * The technical key, PIN and numbering range in the input feed the CUFE/CUDE, security-code
 * and numbering rules. `report.ok` false means DIAN would reject the document.
 */
export function prepareDocument(json: unknown, options: PrepareOptions = {}): PreparedDocument {
  const parsed = parseDocumentInput(json);
  if (!parsed.ok) return { ok: false, stage: 'input', issues: parsed.issues };
  const semantic = checkInputSemantics(parsed.value);
  if (semantic.length > 0) return { ok: false, stage: 'input', issues: semantic };
  let built: BuiltDocument;
  try {
    built = buildDocument(parsed.value);
  } catch (e) {
    if (e instanceof BuildError) return { ok: false, stage: 'input', issues: [{ path: e.field, message: e.message }] };
    throw e;
  }
  const input = parsed.value;
  const opts: ValidateOptions = { softwarePin: input.software.pin, unsigned: true };
  if (input.numberingRange?.technicalKey) opts.technicalKey = input.numberingRange.technicalKey;
  if (input.numberingRange) {
    const r = input.numberingRange;
    opts.authorizedRanges = [{ resolution: r.resolution, prefix: r.prefix, from: r.from, to: r.to, startDate: r.startDate, endDate: r.endDate, ...(r.technicalKey && { technicalKey: r.technicalKey }) }];
  }
  if (options.receptionDate) opts.receptionDate = options.receptionDate;
  const root = parseXml(built.xml);
  const report = runRules(root, kindOfRoot(root)!, opts);
  return { ok: true, input, built, report };
}
