/** Colombian (es-CO) formats for the web UI: COP amounts, dates dd/mm/aaaa, Spanish labels. */

/**
 * A decimal string amount ("1234567.5", "-20.00") as COP: "$ 1.234.567,50".
 * Works on the string (never through `number`) so large amounts keep every digit.
 */
export function formatCop(amount: string | null | undefined): string {
  if (amount === null || amount === undefined || amount === '') return '—';
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(amount.trim());
  if (!m) return amount;
  const [, sign, int, frac = ''] = m;
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${sign ? '-' : ''}$ ${grouped},${(frac + '00').slice(0, Math.max(2, frac.length))}`;
}

/** A whole count with es-CO thousands separators: "5000001" → "5.000.001". */
export function formatCount(n: string | number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

/** "2026-11-28" (or an ISO date-time) → "28/11/2026". */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : value;
}

/** An ISO instant shown at Colombia's time (UTC−5, no daylight saving): "28/11/2026 09:15". */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const d = new Date(t - 5 * 3_600_000).toISOString();
  return `${formatDate(d)} ${d.slice(11, 16)}`;
}

/** Spanish names of the document kinds. */
export const KIND_LABEL: Record<string, string> = {
  invoice: 'Factura electrónica',
  'credit-note': 'Nota crédito',
  'debit-note': 'Nota débito',
};

/** Spanish names of the document states. */
export const STATUS_LABEL: Record<string, string> = {
  queued: 'En cola',
  accepted: 'Aceptado por la DIAN',
  rejected: 'Rechazado por la DIAN',
  failed: 'Fallido (sin respuesta)',
};

/** Spanish names of the habilitación states. */
export const HABILITACION_LABEL: Record<string, string> = {
  not_started: 'Sin iniciar',
  in_progress: 'En curso',
  habilitado: 'Habilitado',
  rechazado: 'Rechazado',
};
