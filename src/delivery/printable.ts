/**
 * What the representación gráfica shows, as display text: everything is formatted here
 * (Colombian formats: `$ 1.234.567,50`, `24,5`, `dd/mm/aaaa`, `NIT 900.108.281-3`), so the PDF
 * adapter only lays text out. Built from the stored document: its normalized input (the exact
 * data the signed XML was built from) recomputed with the core's `computeDocument`, which gives
 * the same rounded amounts as the XML by construction.
 */
import {
  creditNoteConcept,
  debitNoteConcept,
  identificationType,
  invoiceType,
  municipality,
  paymentMeans,
  paymentMethod,
  taxType,
  unitOfMeasure,
} from '../core/codelists/index.js';
import { computeNitDv, qrText } from '../core/identity/index.js';
import type { DocumentInput, PartyInput } from '../core/input/schema.js';
import type { Decimal } from '../core/money/decimal.js';
import { formatAmount, formatCop, sumMinor, type Minor } from '../core/money/money.js';
import { computeDocument, type ComputedTax, type TaxGroup } from '../core/totals/compute.js';
import type { DocumentRecord } from '../app/records.js';
import { amountInWords } from './amount-in-words.js';

/** What the stored document does not carry and the PDF prints. */
export interface PrintContext {
  /** Date of the numbering resolution, `YYYY-MM-DD` (from the numbering range). */
  resolutionDate?: string | null;
  /** Name of the software (default "Previa"). */
  softwareName?: string;
  /** Software provider's name (proveedor tecnológico); the supplier itself when the NIT is its own. */
  softwareProviderName?: string;
}

/** A party block. */
export interface PrintableParty {
  name: string;
  commercialName: string | null;
  /** e.g. `NIT 900.108.281-3`, `C.C. 1.020.304.050`. */
  identification: string;
  /** e.g. `Persona jurídica · Responsable de IVA · O-13, O-15`. */
  fiscal: string;
  address: string | null;
  contact: string | null;
}

/** One line of the detail table. */
export interface PrintableLine {
  number: string;
  code: string;
  description: string;
  quantity: string;
  unit: string;
  unitPrice: string;
  discount: string;
  taxes: string;
  total: string;
}

/** A row of the tax or withholding summary. */
export interface PrintableTaxRow {
  name: string;
  rate: string;
  base: string;
  amount: string;
}

/** Everything printed, formatted. */
export interface PrintableDocument {
  kind: DocumentRecord['documentKind'];
  /** `FACTURA ELECTRÓNICA DE VENTA`, `NOTA CRÉDITO ELECTRÓNICA`… */
  title: string;
  /** `Representación gráfica de factura electrónica`… */
  legend: string;
  /** DIAN document type code (01–04, 91, 92). */
  typeCode: string;
  number: string;
  issueDate: string;
  issueTime: string;
  dueDate: string | null;
  /** True in habilitación/pruebas (environment 2). */
  testEnvironment: boolean;
  currency: string;
  exchangeRate: string | null;
  supplier: PrintableParty;
  customer: PrintableParty;
  paymentForm: string;
  paymentMeans: string;
  paymentReferences: string | null;
  orderReference: string | null;
  lines: PrintableLine[];
  taxes: PrintableTaxRow[];
  withholdings: PrintableTaxRow[];
  /** Label/value rows of the totals box, the last one is the amount to pay. */
  totals: Array<{ label: string; value: string; strong?: boolean }>;
  amountInWords: string;
  /** Numbering resolution text (invoices). */
  resolution: string | null;
  /** Note: the corrected invoice and the concept. */
  noteReference: string | null;
  noteConcept: string | null;
  notes: string[];
  uuidLabel: 'CUFE' | 'CUDE';
  uuid: string;
  /** Text encoded in the QR (DIAN's printed QR content). */
  qr: string;
  software: string;
}

/** `2026-11-27` → `27/11/2026`. */
export function formatDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

/** Thousands with dots, decimal comma: `1234567.5` → `1.234.567,5`. */
export function formatNumber(text: string): string {
  const [int, frac] = text.split('.') as [string, string | undefined];
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return frac && /[1-9]/.test(frac) ? `${grouped},${frac.replace(/0+$/, '')}` : grouped;
}

function formatDecimal(d: Decimal): string {
  return formatNumber(d.toString());
}

/** `NIT 900.108.281-3` / `C.C. 1.020.304.050`. */
export function formatIdentification(idType: string, id: string, dv?: string): string {
  const label: Record<string, string> = { '31': 'NIT', '13': 'C.C.', '22': 'C.E.', '41': 'Pasaporte', '12': 'T.I.', '11': 'R.C.', '50': 'NIT extranjero', '42': 'Doc. extranjero' };
  const name = label[idType] ?? identificationType(idType)?.name ?? `Doc. ${idType}`;
  const number = /^\d+$/.test(id) ? formatNumber(id) : id;
  if (idType !== '31') return `${name} ${number}`;
  const checkDigit = dv ?? (/^\d+$/.test(id) ? computeNitDv(id) : undefined);
  return `${name} ${number}${checkDigit !== undefined ? `-${checkDigit}` : ''}`;
}

function party(p: PartyInput): PrintableParty {
  const fiscal = [p.personType === '1' ? 'Persona jurídica' : 'Persona natural'];
  if (p.regime === '48') fiscal.push('Responsable de IVA');
  else if (p.regime === '49') fiscal.push('No responsable de IVA');
  if (p.responsibilities.length > 0) fiscal.push(`Resp. fiscales: ${p.responsibilities.join(', ')}`);
  let address: string | null = null;
  if (p.address) {
    const m = p.address.municipalityCode ? municipality(p.address.municipalityCode) : undefined;
    const dept = m?.departmentName.toUpperCase();
    const place = m ? (dept && !m.name.startsWith(dept.replace(/,.*$/, '')) ? `${m.name}, ${dept}` : m.name) : [p.address.cityName, p.address.departmentName].filter(Boolean).join(', ');
    address = [p.address.line, place, p.address.countryCode === 'CO' ? 'Colombia' : p.address.countryCode].filter(Boolean).join(' · ');
  }
  const contact = [p.phone && `Tel. ${p.phone}`, p.email].filter(Boolean).join(' · ') || null;
  return {
    name: p.name,
    commercialName: p.commercialName && p.commercialName !== p.name ? p.commercialName : null,
    identification: formatIdentification(p.idType, p.id, p.dv),
    fiscal: fiscal.join(' · '),
    address,
    contact,
  };
}

function taxName(code: string): string {
  return taxType(code)?.name ?? code;
}

function rateText(t: ComputedTax): string {
  if (t.percent) return `${formatDecimal(t.percent)} ${taxType(t.code)?.amountDivisor === 1000 ? '‰' : '%'}`;
  return `${formatCop(t.perUnitAmount!.roundToUnits(2))}/u`;
}

function taxRows(groups: TaxGroup[]): PrintableTaxRow[] {
  return groups.flatMap((g) =>
    g.subtotals.map((s) => ({
      name: taxName(g.code),
      rate: rateText(s),
      base: s.taxable !== undefined ? formatCop(s.taxable) : s.units ? `${formatDecimal(s.units)} u.` : '',
      amount: formatCop(s.amount),
    })),
  );
}

const TITLES = {
  invoice: 'FACTURA ELECTRÓNICA DE VENTA',
  'credit-note': 'NOTA CRÉDITO ELECTRÓNICA',
  'debit-note': 'NOTA DÉBITO ELECTRÓNICA',
} as const;
const LEGENDS = {
  invoice: 'Representación gráfica de factura electrónica',
  'credit-note': 'Representación gráfica de nota crédito electrónica',
  'debit-note': 'Representación gráfica de nota débito electrónica',
} as const;

/**
 * The printable view of a stored document.
 *
 * @param record the stored document (its `input` is the normalized core input).
 * @param ctx what the record does not carry (resolution date, software names).
 */
export function printableDocument(record: DocumentRecord, ctx: PrintContext = {}): PrintableDocument {
  const input = record.input as DocumentInput;
  const computed = computeDocument(input);
  const t = computed.totals;
  const typeCode = input.kind === 'invoice' ? input.typeCode : input.kind === 'credit-note' ? '91' : '92';
  let title: string = TITLES[input.kind];
  if (input.kind === 'invoice' && input.typeCode === '02') title = 'FACTURA ELECTRÓNICA DE EXPORTACIÓN';
  if (input.kind === 'invoice' && (input.typeCode === '03' || input.typeCode === '04')) title = `FACTURA ELECTRÓNICA DE VENTA · ${invoiceType(input.typeCode)?.name.toUpperCase() ?? 'CONTINGENCIA'}`;

  const lines: PrintableLine[] = computed.lines.map((l) => {
    const discount = sumMinor(l.allowanceCharges.filter((a) => !a.charge).map((a) => a.amount)) - sumMinor(l.allowanceCharges.filter((a) => a.charge).map((a) => a.amount));
    const unit = unitOfMeasure(l.input.unitCode)?.name ?? l.input.unitCode;
    return {
      number: String(l.id),
      code: l.input.code ?? l.input.standardItemId?.id ?? '',
      description: l.input.description + (l.input.freeOfCharge ? ' (muestra gratis)' : ''),
      quantity: formatDecimal(l.quantity),
      unit: unit.length > 14 ? l.input.unitCode : unit,
      unitPrice: formatCop(l.unitPrice.roundToUnits(2)),
      discount: discount === 0n ? '' : formatCop(discount),
      taxes: l.taxes.map((x) => `${taxName(x.code)} ${x.percent ? `${formatDecimal(x.percent)}%` : formatCop(x.perUnitAmount!.roundToUnits(2))}`).join(', '),
      total: formatCop(l.lineExtension),
    };
  });

  const taxTotal = sumMinor(computed.taxTotals.map((g) => g.amount));
  const withholdingTotal = sumMinor(computed.withholdingTotals.map((g) => g.amount));
  const totals: PrintableDocument['totals'] = [{ label: 'Subtotal (valor bruto)', value: formatCop(t.lineExtension) }];
  if (t.taxExclusive !== t.lineExtension) totals.push({ label: 'Base gravable', value: formatCop(t.taxExclusive) });
  for (const g of computed.taxTotals) totals.push({ label: taxName(g.code), value: formatCop(g.amount) });
  if (computed.taxTotals.length > 1) totals.push({ label: 'Total impuestos', value: formatCop(taxTotal) });
  totals.push({ label: 'Total con impuestos', value: formatCop(t.taxInclusive) });
  if (t.allowanceTotal > 0n) totals.push({ label: 'Descuentos', value: `-${formatCop(t.allowanceTotal)}` });
  if (t.chargeTotal > 0n) totals.push({ label: 'Cargos', value: formatCop(t.chargeTotal) });
  if (t.prepaid > 0n) totals.push({ label: 'Anticipos', value: `-${formatCop(t.prepaid)}` });
  totals.push({ label: input.kind === 'invoice' ? 'TOTAL A PAGAR' : 'VALOR TOTAL', value: formatCop(t.payable), strong: true });
  if (withholdingTotal > 0n) {
    totals.push({ label: 'Retenciones (informativo)', value: `-${formatCop(withholdingTotal)}` });
    totals.push({ label: 'Neto después de retenciones', value: formatCop(t.payable - withholdingTotal) });
  }

  let resolution: string | null = null;
  if (input.kind === 'invoice' && input.numberingRange) {
    const r = input.numberingRange;
    resolution =
      `Autorización de numeración de facturación DIAN No. ${r.resolution}` +
      (ctx.resolutionDate ? ` del ${formatDate(ctx.resolutionDate)}` : '') +
      `, prefijo ${r.prefix || '(sin prefijo)'}, rango del ${r.prefix}${r.from} al ${r.prefix}${r.to}, vigencia desde ${formatDate(r.startDate)} hasta ${formatDate(r.endDate)}.`;
  }

  let noteReference: string | null = null;
  let noteConcept: string | null = null;
  if (input.kind !== 'invoice') {
    const concept = input.kind === 'credit-note' ? creditNoteConcept(input.discrepancy.code) : debitNoteConcept(input.discrepancy.code);
    noteConcept = `Concepto de corrección ${input.discrepancy.code}${concept ? ` (${concept.name})` : ''}: ${input.discrepancy.description}`;
    noteReference = input.billingReference
      ? `Factura electrónica referenciada: ${input.billingReference.number} del ${formatDate(input.billingReference.issueDate)} · CUFE ${input.billingReference.cufe}`
      : input.invoicePeriod
        ? `Nota sin referencia a factura · periodo del ${formatDate(input.invoicePeriod.startDate)} al ${formatDate(input.invoicePeriod.endDate)}`
        : 'Nota sin referencia a factura';
  }

  const iva = computed.taxTotals.find((g) => g.code === '01')?.amount ?? 0n;
  const others: Minor = taxTotal - iva;
  const uuidLabel = input.kind === 'invoice' ? 'CUFE' : 'CUDE';
  const qr = qrText({
    number: record.number,
    issueDate: input.issueDate,
    issueTime: input.issueTime,
    supplierNit: input.supplier.id,
    customerId: input.customer.id,
    lineExtensionAmount: formatAmount(t.lineExtension),
    ivaAmount: formatAmount(iva),
    otherTaxesAmount: formatAmount(others),
    payableAmount: formatAmount(t.payable),
    documentKey: record.uuid,
    environment: input.environment,
    keyName: uuidLabel,
  });

  const providerNit = input.software.providerNit ?? input.supplier.id;
  const providerName = ctx.softwareProviderName ?? (providerNit === input.supplier.id ? input.supplier.name : undefined);
  const software =
    `${ctx.softwareName ?? 'Previa'} · Proveedor tecnológico: ${providerName ? `${providerName}, ` : ''}${formatIdentification('31', providerNit)}` +
    (providerNit === input.supplier.id ? ' (software propio)' : '');

  return {
    kind: input.kind,
    title,
    legend: LEGENDS[input.kind],
    typeCode,
    number: record.number,
    issueDate: formatDate(input.issueDate),
    issueTime: input.issueTime.slice(0, 8),
    dueDate: input.payment.dueDate ? formatDate(input.payment.dueDate) : input.dueDate ? formatDate(input.dueDate) : null,
    testEnvironment: input.environment === '2',
    currency: input.currency,
    exchangeRate: input.exchangeRate ? `TRM ${formatNumber(input.exchangeRate.rate)} COP por ${input.currency} (${formatDate(input.exchangeRate.date)})` : null,
    supplier: party(input.supplier),
    customer: party(input.customer),
    paymentForm: paymentMethod(input.payment.form)?.name ?? input.payment.form,
    paymentMeans: paymentMeans(input.payment.means)?.name ?? input.payment.means,
    paymentReferences: input.payment.references.length > 0 ? input.payment.references.join(', ') : null,
    orderReference: input.orderReference ?? null,
    lines,
    taxes: taxRows(computed.taxTotals),
    withholdings: taxRows(computed.withholdingTotals),
    totals,
    amountInWords: amountInWords(t.payable, input.currency),
    resolution,
    noteReference,
    noteConcept,
    notes: input.notes,
    uuidLabel,
    uuid: record.uuid,
    qr,
    software,
  };
}
