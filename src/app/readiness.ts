/**
 * The pre-issue check of an organization's configuration (issue #7, guided set-up step 6): what
 * would block an invoice or a note if one were issued now, with DIAN's rule ID where a rule is
 * at stake. The invoice check runs a representative invoice through the same path as issuing
 * (`previewDocument`: catalog expansion, platform fields, input contract, UBL, DIAN's rule
 * catalog) with a known-good buyer and line, so every problem it reports comes from the
 * organization's own data: its RUT data, software, certificate, numbering range, technical key.
 */
import type { AppDeps } from './context.js';
import { AppError, type FieldIssue } from './errors.js';
import { KIND_ES, pickRange } from './numbering.js';
import { colombiaDateTime } from './colombia-time.js';
import { previewDocument } from './preview.js';

/** One verified area: `blocking` stops issuing, `warning` does not. */
export interface ReadinessCheck {
  key: 'invoice' | 'credit-note' | 'debit-note' | 'payment-methods';
  label: string;
  status: 'ok' | 'warning' | 'blocking';
  issues: FieldIssue[];
}

/** The whole check: `ok` when nothing blocks an invoice. */
export interface Readiness {
  ok: boolean;
  /** The number the sample invoice would have taken (nothing is allocated). */
  nextInvoiceNumber: string | null;
  checks: ReadinessCheck[];
}

/**
 * The sample invoice: a company buyer with complete RUT data (DIAN's own habilitación example
 * customer) and one taxed line. Its own data are valid, so what fails is configuration.
 */
const SAMPLE_INVOICE = {
  kind: 'invoice',
  customer: {
    personType: '1',
    idType: '31',
    id: '800199436',
    name: 'Cliente de verificación S.A.S.',
    responsibilities: ['O-13'],
    taxScheme: '01',
    address: { municipalityCode: '76001', postalCode: '760001', line: 'Calle 5 # 38-25', countryCode: 'CO' },
    email: 'verificacion@cliente.example',
  },
  payment: { form: '1', means: '10' },
  lines: [{ description: 'Verificación de la configuración', code: 'VERIF-1', quantity: '1', unitCode: '94', unitPrice: '10000', taxes: [{ code: '01', percent: '19' }] }],
};

function status(issues: FieldIssue[]): ReadinessCheck['status'] {
  if (issues.some((i) => i.severity !== 'notification')) return 'blocking';
  return issues.length > 0 ? 'warning' : 'ok';
}

/** Runs the pre-issue check. Reads only: no number is allocated, nothing is signed or stored. */
export async function checkReadiness(deps: AppDeps, organizationId: string): Promise<Readiness> {
  const checks: ReadinessCheck[] = [];
  const preview = await previewDocument(deps, organizationId, SAMPLE_INVOICE);
  checks.push({ key: 'invoice', label: 'Factura electrónica de venta', status: status(preview.issues), issues: preview.issues });

  const today = colombiaDateTime(deps.clock.now()).date;
  for (const kind of ['credit-note', 'debit-note'] as const) {
    const issues: FieldIssue[] = [];
    try {
      await pickRange(deps, organizationId, kind, today);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      issues.push({ path: 'numberingRangeId', message: `${e.message}: registre o consulte en la DIAN la numeración de ${KIND_ES[kind]}`, severity: 'rejection' });
    }
    checks.push({ key: kind, label: kind === 'credit-note' ? 'Nota crédito' : 'Nota débito', status: status(issues), issues });
  }

  const methods = await deps.store.listPaymentMethods(organizationId);
  const paymentIssues: FieldIssue[] =
    methods.length === 0 ? [{ path: 'paymentMethods', severity: 'notification', message: 'No hay medios de pago registrados: cada documento deberá indicar la forma y el medio de pago de la DIAN' }] : [];
  checks.push({ key: 'payment-methods', label: 'Medios de pago', status: status(paymentIssues), issues: paymentIssues });

  return { ok: checks[0]!.status !== 'blocking', nextInvoiceNumber: preview.number, checks };
}
