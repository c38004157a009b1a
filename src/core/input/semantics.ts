import { country, currency, discountCode, identificationType, municipality, paymentMeans, taxResponsibility, taxType, unitOfMeasure } from '../codelists/index.js';
import { isValidNitDv } from '../identity/index.js';
import type { InputIssue } from './parse.js';
import type { DocumentInput, PartyInput } from './schema.js';

/**
 * Checks of the input that need DIAN's code lists, reported against the JSON field (with the
 * DIAN rule that would reject the XML) so people can fix the field they typed.
 */
export function checkInputSemantics(doc: DocumentInput): InputIssue[] {
  const issues: InputIssue[] = [];
  const add = (path: string, message: string, ruleId?: string) => issues.push(ruleId ? { path, message, ruleId } : { path, message });
  const party = (p: PartyInput, path: string, supplier: boolean) => {
    if (!identificationType(p.idType)) add(`${path}.idType`, `Tipo de documento de identificación desconocido: ${p.idType}`, supplier ? 'FAJ25' : 'FAK63');
    p.responsibilities.forEach((r, k) => {
      if (!taxResponsibility(r)) add(`${path}.responsibilities[${k}]`, `Responsabilidad fiscal desconocida: ${r} (tabla 13.2.6.1, p. ej. O-13, O-15, O-23, O-47, R-99-PN)`, supplier ? 'FAJ26' : 'FAK26');
    });
    if (p.idType === '31') {
      if (!/^\d+$/.test(p.id)) add(`${path}.id`, 'El NIT debe tener solo dígitos, sin puntos ni dígito de verificación');
      else if (p.dv !== undefined && !isValidNitDv(p.id, p.dv)) add(`${path}.dv`, `El dígito de verificación ${p.dv} no corresponde al NIT ${p.id}`, supplier ? 'FAJ24' : 'FAK24');
    }
    const a = p.address;
    if (a) {
      if (a.countryCode === 'CO') {
        if (!a.municipalityCode) add(`${path}.address.municipalityCode`, 'Indique el código DANE del municipio para direcciones en Colombia');
        else if (!municipality(a.municipalityCode)) add(`${path}.address.municipalityCode`, `Código DANE de municipio desconocido: ${a.municipalityCode}`);
      } else if (!country(a.countryCode)) {
        add(`${path}.address.countryCode`, `Código de país desconocido: ${a.countryCode}`);
      }
    }
  };
  party(doc.supplier, 'supplier', true);
  party(doc.customer, 'customer', false);
  if (!currency(doc.currency)) add('currency', `Moneda desconocida: ${doc.currency}`, 'FAD15a');
  if (doc.currency !== 'COP' && !doc.exchangeRate) add('exchangeRate', 'Para documentos en moneda extranjera indique la tasa de cambio (exchangeRate)', 'FAR01');
  if (!paymentMeans(doc.payment.means)) add('payment.means', `Medio de pago desconocido: ${doc.payment.means}`, 'FAN03');
  if (doc.payment.form === '2' && !doc.payment.dueDate && !doc.dueDate) add('payment.dueDate', 'La forma de pago crédito ("2") requiere fecha de vencimiento', 'FAN04');
  if (doc.kind === 'invoice' && !doc.numberingRange) add('numberingRange', 'Las facturas requieren el rango de numeración autorizado (resolución, prefijo, rango, vigencia y clave técnica)', 'FAB05a');
  if (doc.kind !== 'invoice') {
    const withRef = doc.operationType === '20' || doc.operationType === '30';
    if (withRef && !doc.billingReference) add('billingReference', 'Una nota con referencia a factura requiere billingReference (número, CUFE y fecha de la factura)', doc.kind === 'credit-note' ? 'CBG02' : 'DBG02');
    if (!withRef && !doc.invoicePeriod) add('invoicePeriod', 'Una nota sin referencia a factura requiere invoicePeriod (periodo que ajusta)');
  }
  doc.allowanceCharges.forEach((a, i) => {
    if (!a.charge && !a.reasonCode) add(`allowanceCharges[${i}].reasonCode`, 'Indique el código del descuento (tabla 13.3.8, p. ej. 01 descuento no condicionado)', 'FAQ04');
    else if (!a.charge && a.reasonCode && !discountCode(a.reasonCode)) add(`allowanceCharges[${i}].reasonCode`, `Código de descuento desconocido: ${a.reasonCode}`, 'FAQ04');
  });
  doc.lines.forEach((l, i) => {
    const p = `lines[${i}]`;
    if (!unitOfMeasure(l.unitCode)) add(`${p}.unitCode`, `Unidad de medida desconocida: ${l.unitCode}`, 'FAV05');
    l.taxes.forEach((t, j) => {
      const tt = taxType(t.code);
      if (!tt || tt.withholding) add(`${p}.taxes[${j}].code`, `Código de tributo desconocido o de retención: ${t.code}`, 'FAX16');
      else if (tt.rateType === 'per-unit' && t.perUnitAmount === undefined) add(`${p}.taxes[${j}]`, `El tributo ${t.code} (${tt.name}) es por unidad: indique perUnitAmount`, 'FAX09');
      else if (tt.rateType === 'percent' && t.percent === undefined) add(`${p}.taxes[${j}]`, `El tributo ${t.code} (${tt.name}) es porcentual: indique percent`, 'FAX07');
    });
    if (doc.kind !== 'invoice' && l.withholdings.length > 0) add(`${p}.withholdings`, 'Las notas crédito y débito no llevan retenciones (WithholdingTaxTotal no existe en su esquema UBL)');
    const codes = new Set<string>();
    l.taxes.forEach((t, j) => {
      if (codes.has(t.code)) add(`${p}.taxes[${j}].code`, `Tributo ${t.code} repetido en la línea`, 'FAX01');
      codes.add(t.code);
    });
  });
  return issues;
}
