import { DIAN_RULE_ROWS } from './generated/dian-rule-table.js';
import type { Severity } from './types.js';

/** A row of DIAN's rule table as gathered in ../shared/data/validation-rules.csv. */
export interface DianRuleRow {
  id: string;
  document: string;
  xpath: string;
  checks: string;
  outcome: string;
  message: string;
  status: string;
}

const byId = new Map<string, DianRuleRow>();
for (const [id, document, xpath, checks, outcome, message, status] of DIAN_RULE_ROWS) {
  byId.set(id, { id, document, xpath, checks, outcome, message, status });
}

/** DIAN's table row for a rule ID, if known. */
export function dianRule(id: string): DianRuleRow | undefined {
  return byId.get(id);
}

/** Every row of DIAN's table, in file order. */
export function allDianRules(): DianRuleRow[] {
  return [...byId.values()];
}

/** Severity from the table's outcome text ("notificación…" → notification, anything else → rejection). */
export function severityOf(id: string): Severity {
  const row = byId.get(id);
  return row && row.outcome.startsWith('notificación') ? 'notification' : 'rejection';
}

/** DIAN's Spanish message without the older wordings appended after " | (". */
export function messageOf(id: string): string | undefined {
  const row = byId.get(id);
  if (!row || row.message.startsWith('UNCONFIRMED')) return undefined;
  const cut = row.message.indexOf(' | (');
  return cut === -1 ? row.message : row.message.slice(0, cut);
}
