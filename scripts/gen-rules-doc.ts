/**
 * Generates docs/rules.md from the rule catalog: every DIAN rule of the shared CSV, marked as
 * implemented (with the document kinds it runs for) or not (with the reason), plus coverage.
 *
 * Run: npx tsx scripts/gen-rules-doc.ts  (`--check` exits 1 when docs/rules.md is stale)
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CATALOG } from '../src/core/rules/catalog/index.js';
import { allDianRules, severityOf } from '../src/core/rules/dian-table.js';

const root = join(import.meta.dirname, '..');
const catalogDir = join(root, 'src/core/rules/catalog');

/** Reasons for rules not implemented locally, collected from every catalog module's `notImplemented*` exports. */
async function notImplementedReasons(): Promise<Map<string, string>> {
  const reasons = new Map<string, string>();
  for (const f of readdirSync(catalogDir).filter((n) => n.endsWith('.ts') && !n.endsWith('.test.ts'))) {
    const mod = (await import(pathToFileURL(join(catalogDir, f)).href)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) {
      if (!name.startsWith('notImplemented') || typeof value !== 'object' || value === null) continue;
      for (const [id, why] of Object.entries(value as Record<string, string>)) reasons.set(id, why);
    }
  }
  return reasons;
}

const DOC_LABEL: Record<string, string> = { invoice: 'FE', 'credit-note': 'NC', 'debit-note': 'ND' };

/** Rules checked outside the catalog (before it runs, or by the signing verifier and the simulator). */
const CHECKED_ELSEWHERE: Record<string, string> = {
  ZB01: 'validateXml: the XML must parse (hardened parser); the XSD layer is xmllint in the conformance tests',
  ZB05: 'validateXml: the root must be Invoice, CreditNote or DebitNote',
  ZE02: 'signing verifier (verifyXml): reference digests and SignatureValue; the DIAN simulator answers ZE02',
  ZD07: 'signing verifier (verifyXml): certificate validity at the document\'s SigningTime; the simulator answers ZD07',
  ZD04: 'signing verifier (verifyXml): X509Certificate present and parsable in ds:KeyInfo',
  ZD06: 'signing verifier (verifyXml): SigningCertificate digest and IssuerSerial match the KeyInfo certificate',
  '90': 'DIAN simulator and platform: duplicate documents answer Regla 90; the client reports it as its own outcome',
  '92': 'DIAN simulator: issuer without an enabled software answers 92',
  '500': 'DIAN client: an HTTP service error, classified as a retryable transport failure (not a document rule)',
  '503': 'DIAN client: an HTTP service error, classified as a retryable transport failure (not a document rule)',
  '507': 'DIAN client: an HTTP service error, classified as a retryable transport failure (not a document rule)',
  '508': 'DIAN client: an HTTP service error, classified as a retryable transport failure (not a document rule)',
  '403': 'DIAN client: an HTTP service error, classified as a final failure (not a document rule)',
};

/** Not implemented, with the reason, for IDs no catalog module explains. */
const EXTRA_REASONS: Record<string, string> = {
  AC38b: 'Legacy code printed in an Anexo example for the environment check; the current engine reports it as FAD04 (implemented).',
  ZD05: 'Needs the ONAC trust roots and revocation data; the verifier checks the chain it is given but, like xmlsec1 --insecure, does not judge trust.',
};

/** A not-implemented reason that says the same check is reported under another, implemented ID. */
function coveredBy(reason: string | undefined): string | undefined {
  if (!reason) return undefined;
  if (reason.includes('under FAD15b')) return 'FAD15b';
  const m = /^Same (?:check|condition|content checks) as ([A-Z]{3}\d\d[a-z]?)/.exec(reason) ?? /reports? (?:it|the same check) (?:once, )?as ([A-Z]{3}\d\d[a-z]?)/.exec(reason);
  return m?.[1];
}

async function main(): Promise<void> {
  const implemented = new Map<string, { kinds: string[]; description: string }>();
  for (const rule of CATALOG) {
    for (const [kind, id] of Object.entries(rule.ids)) {
      if (!id) continue;
      const e = implemented.get(id) ?? { kinds: [], description: rule.description };
      e.kinds.push(DOC_LABEL[kind] ?? kind);
      implemented.set(id, e);
    }
  }
  const reasons = await notImplementedReasons();
  const rows = allDianRules();
  const scope = rows.filter((r) => ['invoice', 'credit', 'debit', 'all', 'document'].includes(r.document));
  const others = rows.filter((r) => !scope.includes(r));
  const inCatalog = scope.filter((r) => implemented.has(r.id)).length;
  const elsewhereCount = scope.filter((r) => !implemented.has(r.id) && CHECKED_ELSEWHERE[r.id]).length;
  const covered = scope.filter((r) => !implemented.has(r.id) && !CHECKED_ELSEWHERE[r.id] && coveredBy(reasons.get(r.id) ?? EXTRA_REASONS[r.id]));
  const inScopeDone = inCatalog + elsewhereCount + covered.length;
  const extra = [...implemented.keys()].filter((id) => !rows.some((r) => r.id === id));
  const lines: string[] = [];
  lines.push('# DIAN rules: what Previa checks locally');
  lines.push('');
  lines.push('Generated by `scripts/gen-rules-doc.ts` from the rule catalog (`src/core/rules/catalog/`) and DIAN\'s rule table');
  lines.push('(`../shared/data/validation-rules.csv`, copied into `src/core/rules/generated/dian-rule-table.ts`). Do not edit by hand.');
  lines.push('');
  lines.push(`- Invoice, credit-note, debit-note and general rules in the table: **${scope.length}**; checked: **${inScopeDone}** — ${inCatalog} by their own catalog rule, ${covered.length} reported under another ID as DIAN's engine does (e.g. every @currencyID under FAD15b), ${elsewhereCount} by the parser, the signature verifier, the DIAN client or the simulator; not implemented: ${scope.length - inScopeDone}, each with its reason below.`);
  lines.push(`- Event (RADIAN) rules in the table: ${others.length} (ApplicationResponse; covered by the events issue).`);
  if (extra.length) lines.push(`- Catalog rules with IDs not in the table (DIAN IDs from the spec): ${extra.join(', ')}.`);
  lines.push('');
  lines.push('Severity is DIAN\'s: **R** rechazo (blocks the document), **N** notificación (reported, does not block).');
  lines.push('Rules needing data that the XML does not carry run only when it is given: technical key (CUFE), software PIN (CUDE,');
  lines.push('SoftwareSecurityCode), the authorized numbering ranges, and the reception date (issue-date window).');
  lines.push('');
  lines.push('| Rule | Doc | Sev. | Element | Status | What / why not |');
  lines.push('|---|---|---|---|---|---|');
  const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  for (const r of scope) {
    const impl = implemented.get(r.id);
    const sev = severityOf(r.id) === 'rejection' ? 'R' : 'N';
    const elsewhere = CHECKED_ELSEWHERE[r.id];
    const reason = reasons.get(r.id) ?? EXTRA_REASONS[r.id];
    const cover = !impl && !elsewhere ? coveredBy(reason) : undefined;
    const status = impl ? `implemented (${impl.kinds.join(', ')})` : elsewhere ? 'implemented (outside the catalog)' : cover ? `checked as ${cover}` : 'not implemented';
    const what = impl ? impl.description : (elsewhere ?? reason ?? 'Not implemented yet.');
    lines.push(`| ${r.id} | ${r.document} | ${sev} | \`${esc(r.xpath)}\` | ${status} | ${esc(what)} |`);
  }
  lines.push('');
  const out = lines.join('\n');
  const target = join(root, 'docs/rules.md');
  if (process.argv.includes('--check')) {
    const current = readFileSync(target, 'utf8');
    if (current !== out) {
      console.error('docs/rules.md is stale: run npm run gen:rules-doc');
      process.exit(1);
    }
    return;
  }
  writeFileSync(target, out);
  console.log(`docs/rules.md: ${inScopeDone}/${scope.length} rules implemented`);
}

await main();
