/**
 * DIAN rules of delivery (FAM), payment means (FAN), document-level allowances and charges (FAQ),
 * exchange rate (FAR) and prepayments (FBD), with the credit/debit twins the sources name.
 *
 * Phase-in: ActualDeliveryDate became mandatory on 2020-08-01 ("Información Anexo 1.7" slides), so
 * FAM02a/FAM02b judge documents issued from that date (DIAN's 2019 samples omit it).
 */
import { codeListHas, paymentMeans } from '../../codelists/index.js';
import { parseDecimal } from '../../money/decimal.js';
import type { Decimal } from '../../money/decimal.js';
import type { XmlElement } from '../../xml/parse.js';
import { children } from '../../xml/query.js';
import { at, cached, child, fastDecimal, first, missing, monetaryTotal, text, rootChild, each, NONE } from '../helpers.js';
import type { DocumentKind, Finding, RuleContext, RuleDefinition } from '../types.js';
import { dayNumber, documentCurrency, inForce, invoiceTypeCode, issueDate, legacy } from './header.js';
import { addressRules, atAttr, idTypeFindings, taxLevelFindings } from './parties.js';

type Ids = Partial<Record<DocumentKind, string>>;

const ONE = parseDecimal('1')!;
const HUNDRED = parseDecimal('100')!;
/** UN/CEFACT 4461 numeric payment-means codes; DIAN's table 13.3.4.2 is a subset of that list. */
const UNCL4461_NUMERIC = /^\d{1,2}$/;

const deliveries = (ctx: RuleContext) => cached(ctx, 'pd:deliveries', () => children(ctx.root, 'cac:Delivery'));
const deliveryParties = (ctx: RuleContext) =>
  cached(ctx, 'pd:deliveryParties', () => deliveries(ctx).map((d) => child(d, 'cac:DeliveryParty')).filter((x): x is XmlElement => x !== undefined));

/** Rules over every element a selector yields (several Delivery, PaymentMeans … groups). */
function forEach(ids: Ids, description: string, select: (ctx: RuleContext) => XmlElement[], check: (el: XmlElement, ctx: RuleContext) => Finding[], extra: Partial<RuleDefinition> = {}): RuleDefinition {
  return { ids, description, ...extra, check: (ctx) => each(select(ctx), ctx, check) };
}

/** Presence of `path` under each selected element. */
function needEach(ids: Ids, description: string, select: (ctx: RuleContext) => XmlElement[], path: string, detail: string, extra: Partial<RuleDefinition> = {}): RuleDefinition {
  return forEach(ids, description, select, (el, ctx) => {
    const target = first(el, path);
    if (target && (target.text.trim() !== '' || target.children.length > 0)) return NONE;
    return [target ? at(target, ctx, detail) : missing(el, ctx, path, detail)];
  }, extra);
}

function amountOf(el: XmlElement | undefined, path: string): Decimal | undefined {
  const t = text(el, path);
  return t === undefined ? undefined : fastDecimal(t);
}

function exchangeRates(ctx: RuleContext): XmlElement[] {
  return cached(ctx, 'pd:exchangeRates', () => children(ctx.root, 'cac:PaymentExchangeRate'));
}

function baseRateIsOne(path: string) {
  return (er: XmlElement, ctx: RuleContext): Finding[] => {
    const el = child(er, path);
    const v = text(el);
    if (!el || v === undefined) return NONE;
    const d = fastDecimal(v);
    return d && d.compare(ONE) === 0 ? NONE : [at(el, ctx, `valor informado: "${v}"; se espera 1.00`, '1.00', v)];
  };
}

/** Gross invoice total before prepayments: TaxInclusive − AllowanceTotal + ChargeTotal. */
function grossTotal(ctx: RuleContext): Decimal | undefined {
  return cached(ctx, 'pd:grossTotal', () => computeGrossTotal(ctx));
}

function computeGrossTotal(ctx: RuleContext): Decimal | undefined {
  const mt = monetaryTotal(ctx);
  const inclusive = amountOf(mt, 'cbc:TaxInclusiveAmount');
  if (!inclusive) return undefined;
  const allowance = amountOf(mt, 'cbc:AllowanceTotalAmount');
  const charge = amountOf(mt, 'cbc:ChargeTotalAmount');
  let total = inclusive;
  if (allowance) total = total.sub(allowance);
  if (charge) total = total.add(charge);
  return total;
}

/** Prepayments that are real advances (a non-zero PaidAmount); DIAN's 2022–2023 samples carry an empty placeholder group. */
function prepaidPayments(ctx: RuleContext): XmlElement[] {
  return cached(ctx, 'pd:prepaid', () =>
    children(ctx.root, 'cac:PrepaidPayment').filter((pp) => {
      const d = amountOf(pp, 'cbc:PaidAmount');
      return d !== undefined && !d.isZero();
    }),
  );
}

function dueDateCheck(pm: XmlElement, ctx: RuleContext): Finding[] {
  if (text(pm, 'cbc:ID') !== '2' || text(pm, 'cbc:PaymentDueDate')) return NONE;
  return [missing(pm, ctx, 'cbc:PaymentDueDate', 'venta a crédito sin fecha de vencimiento')];
}

const allowanceCharges = (ctx: RuleContext) => cached(ctx, 'pd:allowanceCharges', () => children(ctx.root, 'cac:AllowanceCharge'));
const paymentMeansGroups = (ctx: RuleContext) => cached(ctx, 'pd:paymentMeans', () => children(ctx.root, 'cac:PaymentMeans'));
const isDiscount = (ac: XmlElement) => text(ac, 'cbc:ChargeIndicator') === 'false';

/** DIAN rules of this group (see docs/rules.md). */
export const paymentDeliveryRules: RuleDefinition[] = [
  // Delivery
  forEach(
    { invoice: 'FAM02a' },
    'When cac:Delivery is informed, ActualDeliveryDate is expected (documents issued from 2020-08-01). Reported as a notification: the source is only DIAN\'s 2020 slides (no rule text) and DIAN\'s 2024 samples "Exento de IVA"/"Excluido de IVA" (CUFE verified) omit it.',
    (ctx) => (inForce(ctx, '2020-08-01') ? deliveries(ctx) : []),
    (d, ctx) => (text(d, 'cbc:ActualDeliveryDate') ? NONE : [missing(d, ctx, 'cbc:ActualDeliveryDate', 'fecha de entrega no informada')]),
    { message: 'Fecha de entrega (cbc:ActualDeliveryDate) no informada; DIAN la exige cuando se informa el grupo cac:Delivery', severity: 'notification' },
  ),
  forEach(
    { invoice: 'FAM02b' },
    'ActualDeliveryDate may not be more than 10 days after IssueDate (documents issued from 2020-08-01; reference date UNCONFIRMED).',
    (ctx) => (inForce(ctx, '2020-08-01') ? deliveries(ctx) : []),
    (d, ctx) => {
      const el = child(d, 'cbc:ActualDeliveryDate');
      const delivered = dayNumber(text(el));
      const issued = dayNumber(issueDate(ctx));
      if (delivered === undefined || issued === undefined || delivered - issued <= 10) return NONE;
      return [at(el, ctx, `fecha de entrega ${text(el)}; fecha de emisión ${issueDate(ctx)}`, undefined, text(el))];
    },
    { message: 'La fecha de entrega (cbc:ActualDeliveryDate) no puede superar en más de 10 días la fecha de emisión' },
  ),
  ...addressRules('Delivery/DeliveryAddress', (ctx) => deliveries(ctx).flatMap((d) => children(d, 'cac:DeliveryAddress')), {
    municipality: { invoice: 'FAM05' },
    department: { invoice: 'FAM08' },
    countryGroup: { invoice: 'FAM11' },
    countryList: { invoice: 'FAM12' },
  }),
  needEach({ invoice: 'FAM09' }, 'DeliveryAddress must carry cac:AddressLine.', (ctx) => deliveries(ctx).flatMap((d) => children(d, 'cac:DeliveryAddress')), 'cac:AddressLine', 'grupo AddressLine no informado'),
  needEach({ invoice: 'FAM10' }, 'DeliveryAddress/AddressLine must carry cbc:Line.', (ctx) => deliveries(ctx).flatMap((d) => children(d, 'cac:DeliveryAddress')).flatMap((a) => children(a, 'cac:AddressLine')), 'cbc:Line', 'dirección no informada'),
  forEach(
    { invoice: 'FAM19' },
    'A carrier (DeliveryParty) Colombian address must give at least ID, CityName, CountrySubentity and CountrySubentityCode.',
    (ctx) => deliveryParties(ctx).flatMap((p) => children(child(p, 'cac:PhysicalLocation'), 'cac:Address')),
    (a, ctx) => {
      if ((text(a, 'cac:Country/cbc:IdentificationCode') ?? 'CO') !== 'CO') return NONE;
      const absent = ['cbc:ID', 'cbc:CityName', 'cbc:CountrySubentity', 'cbc:CountrySubentityCode'].filter((p) => !text(a, p));
      return absent.length === 0 ? NONE : [at(a, ctx, `faltan: ${absent.join(', ')}`)];
    },
  ),
  ...addressRules('DeliveryParty PhysicalLocation/Address', (ctx) => deliveryParties(ctx).flatMap((p) => children(child(p, 'cac:PhysicalLocation'), 'cac:Address')), {
    municipality: { invoice: 'FAM20' },
    department: { invoice: 'FAM23' },
    countryGroup: { invoice: 'FAM26' },
    countryList: { invoice: 'FAM27' },
  }),
  needEach({ invoice: 'FAM30' }, 'A carrier (DeliveryParty) must carry cac:PartyTaxScheme.', deliveryParties, 'cac:PartyTaxScheme', 'grupo PartyTaxScheme del transportador no informado'),
  needEach({ invoice: 'FAM32' }, 'Carrier PartyTaxScheme/CompanyID must be present.', (ctx) => deliveryParties(ctx).flatMap((p) => children(p, 'cac:PartyTaxScheme')), 'cbc:CompanyID', 'identificación del transportador no informada'),
  forEach({ invoice: 'FAM35' }, 'Carrier PartyTaxScheme/CompanyID identified by NIT must give its DV in @schemeID.', deliveryParties, (p, ctx) => {
    const el = first(p, 'cac:PartyTaxScheme/cbc:CompanyID');
    return el && el.attrs.schemeName === '31' && (el.attrs.schemeID ?? '') === '' ? [atAttr(el, ctx, 'schemeID', 'DV no informado')] : NONE;
  }),
  forEach({ invoice: 'FAM36' }, 'Carrier PartyTaxScheme/CompanyID@schemeName must be in table 13.2.1.', deliveryParties, (p, ctx) => idTypeFindings(first(p, 'cac:PartyTaxScheme/cbc:CompanyID'), ctx)),
  forEach({ invoice: 'FAM37' }, 'Carrier TaxLevelCode values should be in table 13.2.6.1.', deliveryParties, (p, ctx) => taxLevelFindings(first(p, 'cac:PartyTaxScheme/cbc:TaxLevelCode'), ctx)),
  forEach({ invoice: 'FAM38' }, 'Carrier TaxLevelCode must carry @listName (fiscal regime).', deliveryParties, (p, ctx) => {
    const el = first(p, 'cac:PartyTaxScheme/cbc:TaxLevelCode');
    return el && (el.attrs.listName ?? '') === '' ? [atAttr(el, ctx, 'listName', 'régimen no informado')] : NONE;
  }),
  ...addressRules('DeliveryParty RegistrationAddress', (ctx) => deliveryParties(ctx).flatMap((p) => children(child(p, 'cac:PartyTaxScheme'), 'cac:RegistrationAddress')), {
    municipality: { invoice: 'FAM40' },
    department: { invoice: 'FAM43' },
    countryGroup: { invoice: 'FAM46' },
    countryList: { invoice: 'FAM47' },
  }),
  needEach({ invoice: 'FAM54' }, 'Carrier PartyLegalEntity/RegistrationName must be present.', (ctx) => deliveryParties(ctx).flatMap((p) => children(p, 'cac:PartyLegalEntity')), 'cbc:RegistrationName', 'nombre del transportador no informado', {
    message: 'Nombre o razón social del transportador (PartyLegalEntity/RegistrationName) no informado',
  }),
  needEach({ invoice: 'FAM55' }, 'Carrier PartyLegalEntity/CompanyID must be present.', (ctx) => deliveryParties(ctx).flatMap((p) => children(p, 'cac:PartyLegalEntity')), 'cbc:CompanyID', 'NIT del transportador no informado'),
  forEach({ invoice: 'FAM58' }, 'Carrier PartyLegalEntity/CompanyID identified by NIT must give its DV in @schemeID.', deliveryParties, (p, ctx) => {
    const el = first(p, 'cac:PartyLegalEntity/cbc:CompanyID');
    return el && el.attrs.schemeName === '31' && (el.attrs.schemeID ?? '') === '' ? [atAttr(el, ctx, 'schemeID', 'DV no informado')] : NONE;
  }),
  forEach({ invoice: 'FAM59' }, 'Carrier PartyLegalEntity/CompanyID@schemeName must be in table 13.2.1.', deliveryParties, (p, ctx) => idTypeFindings(first(p, 'cac:PartyLegalEntity/cbc:CompanyID'), ctx)),

  // Payment means
  {
    ids: { invoice: 'FAN01', 'credit-note': 'CAN01', 'debit-note': 'DAN01' },
    description: 'At least one cac:PaymentMeans must be present.',
    check: (ctx) => (rootChild(ctx, 'cac:PaymentMeans') ? NONE : [missing(ctx.root, ctx, 'cac:PaymentMeans', 'grupo de medios de pago no informado')]),
  },
  forEach({ invoice: 'FAN02' }, 'PaymentMeans/ID (forma de pago) must be 1 (contado) or 2 (crédito), table 13.3.4.1.', paymentMeansGroups, (pm, ctx) => {
    const el = child(pm, 'cbc:ID');
    const v = text(el);
    if (v !== undefined && codeListHas('paymentMethods', v)) return NONE;
    return [el ? at(el, ctx, `forma de pago informada: "${v}"`, '1|2', v) : missing(pm, ctx, 'cbc:ID', 'forma de pago no informada')];
  }),
  forEach({ invoice: 'FAN03', 'credit-note': 'CAN03a' }, 'PaymentMeansCode must be a code of table 13.3.4.2 (other UN/CEFACT 4461 codes, as in DIAN\'s 2019 samples, are notified).', paymentMeansGroups, (pm, ctx) => {
    const el = child(pm, 'cbc:PaymentMeansCode');
    const v = text(el);
    if (ctx.kind === 'credit-note' && !v) return NONE; // CAN03b
    if (v !== undefined && paymentMeans(v)) return NONE;
    if (!el || !v) return [missing(pm, ctx, 'cbc:PaymentMeansCode', 'medio de pago no informado')];
    if (UNCL4461_NUMERIC.test(v)) return [legacy(at(el, ctx, `"${v}" es un código UN/CEFACT 4461 que no figura en la tabla 13.3.4.2 del Anexo 1.9`, undefined, v))];
    return [at(el, ctx, `medio de pago informado: "${v}"`, undefined, v)];
  }),
  needEach({ 'credit-note': 'CAN03b' }, 'PaymentMeansCode must be informed (credit notes).', paymentMeansGroups, 'cbc:PaymentMeansCode', 'medio de pago no informado'),
  forEach({ invoice: 'FAN04' }, 'A credit sale (PaymentMeans/ID 2) must give PaymentDueDate.', paymentMeansGroups, dueDateCheck),
  forEach({ 'debit-note': 'DAN04' }, 'A credit sale (PaymentMeans/ID 2) must give PaymentDueDate (debit notes).', paymentMeansGroups, dueDateCheck, {
    message: 'Venta a crédito sin información de fecha en la cual se comprometió el pago',
  }),

  // Document-level allowances and charges
  {
    ids: { invoice: 'FAQ02' },
    description: 'Document-level AllowanceCharge/cbc:ID values must be consecutive from 1.',
    check(ctx) {
      const out: Finding[] = [];
      allowanceCharges(ctx).forEach((ac, i) => {
        const el = child(ac, 'cbc:ID');
        const v = text(el);
        if (v !== String(i + 1)) out.push(el ? at(el, ctx, `se esperaba ${i + 1}, se informó "${v}"`, String(i + 1), v) : missing(ac, ctx, 'cbc:ID', `se esperaba ${i + 1}`));
      });
      return out;
    },
  },
  forEach({ invoice: 'FAQ03', 'credit-note': 'CAQ03', 'debit-note': 'DAQ03' }, 'AllowanceCharge/ChargeIndicator must be "true" or "false".', allowanceCharges, (ac, ctx) => {
    const el = child(ac, 'cbc:ChargeIndicator');
    const v = text(el);
    if (v === 'true' || v === 'false') return NONE;
    return [el ? at(el, ctx, `valor informado: "${v}"`, 'true|false', v) : missing(ac, ctx, 'cbc:ChargeIndicator')];
  }),
  forEach({ invoice: 'FAQ04' }, 'A document-level discount (ChargeIndicator false) must give AllowanceChargeReasonCode.', allowanceCharges, (ac, ctx) =>
    isDiscount(ac) && !text(ac, 'cbc:AllowanceChargeReasonCode') ? [missing(ac, ctx, 'cbc:AllowanceChargeReasonCode', 'código de descuento no informado')] : NONE,
  ),
  forEach({ invoice: 'FAQ05' }, 'On an export invoice (type 02) every AllowanceCharge must give AllowanceChargeReason.', (ctx) => (invoiceTypeCode(ctx) === '02' ? allowanceCharges(ctx) : []), (ac, ctx) =>
    text(ac, 'cbc:AllowanceChargeReason') ? NONE : [missing(ac, ctx, 'cbc:AllowanceChargeReason', 'razón del cargo o descuento no informada')],
  ),
  forEach({ invoice: 'FAQ06', 'credit-note': 'CAQ06', 'debit-note': 'DAQ06' }, 'AllowanceCharge/MultiplierFactorNumeric (percentage) may not exceed 100.', allowanceCharges, (ac, ctx) => {
    const el = child(ac, 'cbc:MultiplierFactorNumeric');
    const d = amountOf(el, '');
    return d && d.compare(HUNDRED) > 0 ? [at(el, ctx, `porcentaje informado: ${text(el)}`, '≤ 100', text(el))] : NONE;
  }),
  forEach({ invoice: 'FAQ07' }, 'A document-level discount Amount may not exceed its BaseAmount.', allowanceCharges, (ac, ctx) => {
    const amount = amountOf(ac, 'cbc:Amount');
    const base = amountOf(ac, 'cbc:BaseAmount');
    if (!isDiscount(ac) || !amount || !base || amount.compare(base) <= 0) return NONE;
    return [at(child(ac, 'cbc:Amount'), ctx, `descuento ${text(ac, 'cbc:Amount')} mayor que la base ${text(ac, 'cbc:BaseAmount')}`)];
  }),
  forEach({ invoice: 'FAQ09' }, 'AllowanceCharge/BaseAmount should not exceed the invoice total (TaxInclusive − allowances + charges).', allowanceCharges, (ac, ctx) => {
    const base = amountOf(ac, 'cbc:BaseAmount');
    const total = grossTotal(ctx);
    if (!base || !total || base.compare(total) <= 0) return NONE;
    return [at(child(ac, 'cbc:BaseAmount'), ctx, `base ${text(ac, 'cbc:BaseAmount')} mayor que el total del documento`)];
  }),
  forEach({ 'credit-note': 'CAQ09', 'debit-note': 'DAQ09' }, 'A discount Amount should not exceed its BaseAmount (2019 Schematron reading for notes).', allowanceCharges, (ac, ctx) => {
    const amount = amountOf(ac, 'cbc:Amount');
    const base = amountOf(ac, 'cbc:BaseAmount');
    if (!isDiscount(ac) || !amount || !base || amount.compare(base) <= 0) return NONE;
    return [at(child(ac, 'cbc:BaseAmount'), ctx, `descuento ${text(ac, 'cbc:Amount')} mayor que la base ${text(ac, 'cbc:BaseAmount')}`)];
  }),

  // Exchange rate
  {
    ids: { invoice: 'FAR01' },
    description: 'cac:PaymentExchangeRate must be present when DocumentCurrencyCode is not COP.',
    check(ctx) {
      const dcc = documentCurrency(ctx);
      if (!dcc || dcc === 'COP' || exchangeRates(ctx).length > 0) return NONE;
      return [missing(ctx.root, ctx, 'cac:PaymentExchangeRate', `moneda del documento ${dcc}`)];
    },
  },
  forEach({ invoice: 'FAR02', 'credit-note': 'CAR02', 'debit-note': 'DAR02' }, 'PaymentExchangeRate/SourceCurrencyCode must be present and, on invoices, equal DocumentCurrencyCode (notes: presence only, see DIAN\'s v1.9 credit-note sample).', exchangeRates, (er, ctx) => {
    const el = child(er, 'cbc:SourceCurrencyCode');
    const v = text(el);
    const dcc = documentCurrency(ctx);
    // Notes: presence only — DIAN's v1.9 sample CreditNote_impuestos_salidables (a COP note) carries SourceCurrencyCode USD.
    if (v && (dcc === undefined || v === dcc || ctx.kind !== 'invoice')) return NONE;
    return [el ? at(el, ctx, `moneda origen "${v}"; moneda del documento "${dcc}"`, dcc, v) : missing(er, ctx, 'cbc:SourceCurrencyCode')];
  }, { message: 'La moneda de origen (SourceCurrencyCode) no está informada o no es igual a DocumentCurrencyCode' }),
  forEach({ 'credit-note': 'CAR03', 'debit-note': 'DAR03' }, 'PaymentExchangeRate/SourceCurrencyBaseRate, when given, must be 1.00.', exchangeRates, baseRateIsOne('cbc:SourceCurrencyBaseRate')),
  forEach({ invoice: 'FAR04' }, 'PaymentExchangeRate/TargetCurrencyCode must be a currency of table 13.3.3.', exchangeRates, (er, ctx) => {
    const el = child(er, 'cbc:TargetCurrencyCode');
    const v = text(el);
    if (v !== undefined && codeListHas('currencies', v)) return NONE;
    return [el ? at(el, ctx, `moneda destino "${v}"`, undefined, v) : missing(er, ctx, 'cbc:TargetCurrencyCode')];
  }),
  forEach({ 'credit-note': 'CAR04', 'debit-note': 'DAR04' }, 'TargetCurrencyCode must be COP when the document currency is not COP.', exchangeRates, (er, ctx) => {
    const el = child(er, 'cbc:TargetCurrencyCode');
    const v = text(el);
    if (documentCurrency(ctx) === 'COP' || v === 'COP') return NONE;
    return [el ? at(el, ctx, `moneda destino "${v}"`, 'COP', v) : missing(er, ctx, 'cbc:TargetCurrencyCode', 'se espera COP')];
  }),
  forEach({ invoice: 'FAR05', 'credit-note': 'CAR05', 'debit-note': 'DAR05' }, 'PaymentExchangeRate/TargetCurrencyBaseRate, when given, must be 1.00.', exchangeRates, baseRateIsOne('cbc:TargetCurrencyBaseRate')),
  needEach({ invoice: 'FAR06', 'credit-note': 'CAR06', 'debit-note': 'DAR06' }, 'PaymentExchangeRate/CalculationRate must be present.', exchangeRates, 'cbc:CalculationRate', 'tasa de cambio no informada'),
  needEach({ invoice: 'FAR07', 'credit-note': 'CAR07', 'debit-note': 'DAR07' }, 'PaymentExchangeRate/Date must be present.', exchangeRates, 'cbc:Date', 'fecha de la tasa de cambio no informada'),

  // Prepayments
  needEach({ invoice: 'FBD02' }, 'An advance payment (PrepaidPayment with a non-zero PaidAmount) must give cbc:ID.', prepaidPayments, 'cbc:ID', 'identificador del anticipo no informado'),
  forEach({ invoice: 'FBD03', 'credit-note': 'CBD03', 'debit-note': 'DBD03' }, 'An advance payment should not exceed the document total (TaxInclusive − allowances + charges).', prepaidPayments, (pp, ctx) => {
    const paid = amountOf(pp, 'cbc:PaidAmount');
    const total = grossTotal(ctx);
    if (!paid || !total || paid.compare(total) <= 0) return NONE;
    return [at(child(pp, 'cbc:PaidAmount'), ctx, `anticipo ${text(pp, 'cbc:PaidAmount')} mayor que el total del documento`)];
  }),
  needEach({ invoice: 'FBD05' }, 'An advance payment (non-zero PaidAmount) must give ReceivedDate.', prepaidPayments, 'cbc:ReceivedDate', 'fecha de recepción del anticipo no informada'),
];

/** Payment/delivery rules DIAN defines that are not checked locally, with the reason. */
export const notImplementedPaymentDelivery: Record<string, string> = {
  FAR03:
    'Sources conflict: the Anexo 1.9 invoice field table rejects SourceCurrencyBaseRate = 1.00 while the rule table requires 1.00, and DIAN\'s v1.9 sample "Ejemplificacion_cambio_otra_Moneda" carries 5000.00. Omit the optional element.',
};
