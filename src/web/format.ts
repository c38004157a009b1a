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

/**
 * A decimal as people type it in Colombia, to the API's form ("1234.5"): "12.500" → "12500",
 * "12.500,75" → "12500.75", "19,5" → "19.5", "1234.5" → "1234.5" (a dot followed by other than
 * three digits is a decimal point). Anything else is returned trimmed for the API to reject.
 */
export function parseDecimalInput(text: string): string {
  const t = text.trim().replace(/\s|\$/g, '');
  if (t.includes(',')) return t.replace(/\./g, '').replace(',', '.');
  if (/^\d{1,3}(\.\d{3})+$/.test(t)) return t.replace(/\./g, '');
  return t;
}

/** A decimal string with es-CO separators and no currency sign: "12500.5" → "12.500,5". */
export function formatDecimal(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!m) return value;
  const [, sign, int, frac] = m;
  return `${sign}${int!.replace(/\B(?=(\d{3})+(?!\d))/g, '.')}${frac ? `,${frac}` : ''}`;
}

/** A NIT with thousands dots and its DV: ("900108281", "3") → "900.108.281-3". */
export function formatNit(nit: string, dv?: string | null): string {
  const grouped = /^\d+$/.test(nit) ? nit.replace(/\B(?=(\d{3})+(?!\d))/g, '.') : nit;
  return dv ? `${grouped}-${dv}` : grouped;
}

/**
 * A date as people type it in Colombia, dd/mm/aaaa (also d/m/aaaa, with - or .), or already
 * AAAA-MM-DD, to the API's AAAA-MM-DD; undefined when it is not a real calendar date.
 */
export function parseDateInput(text: string | null | undefined): string | undefined {
  const t = (text ?? '').trim();
  let y: number, m: number, d: number;
  const co = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (co) [d, m, y] = [Number(co[1]), Number(co[2]), Number(co[3])];
  else if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else return undefined;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  return date.toISOString().slice(0, 10);
}
