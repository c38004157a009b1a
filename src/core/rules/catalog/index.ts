import type { RuleDefinition } from '../types.js';
import { extensionsRules } from './extensions.js';
import { headerRules } from './header.js';
import { linesRules } from './lines.js';
import { partiesRules } from './parties.js';
import { paymentDeliveryRules } from './payment-delivery.js';
import { referencesRules } from './references.js';
import { taxesRules } from './taxes.js';
import { totalsRules } from './totals.js';

/** The whole DIAN rule catalog, in the order DIAN's groups appear in the Anexo. */
export const CATALOG: readonly RuleDefinition[] = [
  ...extensionsRules,
  ...headerRules,
  ...partiesRules,
  ...paymentDeliveryRules,
  ...referencesRules,
  ...taxesRules,
  ...totalsRules,
  ...linesRules,
];
