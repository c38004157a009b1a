import type { RuleDefinition } from '../types.js';

/** DIAN rules of this group (see docs/rules.md). */
export const headerRules: RuleDefinition[] = [];
