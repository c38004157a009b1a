import { z } from 'zod';
import { numberToPlain } from '../money/decimal.js';

/**
 * The JSON input contract for Previa documents: what an integrator sends to build an
 * invoice (01 venta nacional, 02 exportación, 03/04 contingencia), a credit note (91) or a
 * debit note (92). Amounts, quantities, prices and rates are **decimal strings** ("1190.50");
 * JSON numbers are accepted and converted exactly from their shortest text form.
 *
 * This schema checks shape and formats; DIAN's business rules (code lists, DV, arithmetic,
 * numbering) are checked by the rule catalog over the XML that results.
 */

const DECIMAL = /^\d+(\.\d+)?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{2}:\d{2}:\d{2}-05:00$/;

/** Non-negative decimal given as a string (or a JSON number). */
export const decimalString = z
  .union([z.string(), z.number()])
  .transform((v) => (typeof v === 'number' ? numberToPlain(v) : v.trim()))
  .refine((v) => DECIMAL.test(v), { message: 'Debe ser un número decimal no negativo con punto decimal, p. ej. "1190.50"' });



const dateString = z.string().regex(DATE, 'Debe ser una fecha AAAA-MM-DD');
const timeString = z.string().regex(TIME, 'Debe ser una hora HH:MM:SS-05:00 (hora de Colombia)');
const code = (what: string) => z.string().min(1, `Indique ${what}`).max(10);
const text = (max: number) => z.string().trim().min(1, 'No puede estar vacío').max(max);

/** A postal address. `municipalityCode` is the 5-digit DANE code; names are filled from DIAN's lists. */
export const addressSchema = z.object({
  /** DANE municipality code (5 digits) for Colombian addresses. */
  municipalityCode: z.string().regex(/^\d{5}$/, 'Código DANE de municipio de 5 dígitos').optional(),
  /** City name (foreign addresses; for Colombia it is taken from the DANE list). */
  cityName: text(200).optional(),
  /** Department/state name (foreign addresses). */
  departmentName: text(200).optional(),
  /** Department/state code (foreign addresses). */
  departmentCode: z.string().max(10).optional(),
  postalCode: z.string().regex(/^\d{6}$/, 'Código postal de 6 dígitos').optional(),
  /** Street address (no city). */
  line: text(300),
  /** ISO 3166-1 alpha-2, default CO. */
  countryCode: z.string().regex(/^[A-Z]{2}$/, 'Código de país ISO 3166-1 alfa-2').default('CO'),
});

/** A party: issuer (supplier) or acquirer (customer). */
export const partySchema = z.object({
  /** 1 persona jurídica, 2 persona natural (AdditionalAccountID). */
  personType: z.enum(['1', '2'], { message: 'Tipo de persona: "1" jurídica o "2" natural' }),
  /** Identification type (table 13.2.1): 31 NIT, 13 cédula, 22 cédula de extranjería, 41 pasaporte, 50 NIT de otro país… */
  idType: code('el tipo de documento de identificación'),
  /** Number without dots, dashes or check digit. */
  id: z.string().regex(/^[A-Za-z0-9-]{1,20}$/, 'Número de identificación sin puntos ni dígito de verificación'),
  /** Check digit for NIT (idType 31); computed when omitted, verified when given. */
  dv: z.string().regex(/^\d$/, 'Dígito de verificación de un dígito').optional(),
  /** Legal name exactly as in the RUT (RegistrationName). */
  name: text(450),
  /** Commercial name (PartyName); defaults to the legal name. */
  commercialName: text(450).optional(),
  /** Fiscal responsibilities (table 13.2.6.1), e.g. ["O-13", "O-15"]; R-99-PN when none. */
  responsibilities: z.array(code('la responsabilidad fiscal')).min(1).default(['R-99-PN']),
  /** Tax scheme of the party (table 13.2.6.2): 01 IVA, 04 INC, ZA IVA e INC, ZZ No aplica. */
  taxScheme: z.string().default('01'),
  /** Fiscal regime (48 responsable de IVA / 49 no responsable), written as TaxLevelCode@listName when given. */
  regime: z.string().optional(),
  address: addressSchema.optional(),
  /** E-mail that receives electronic documents. */
  email: z.email('Correo electrónico inválido').optional(),
  phone: z.string().max(50).optional(),
  /** CIIU activity codes (supplier). */
  industryCodes: z.array(z.string().regex(/^\d{4}$/, 'Código CIIU de 4 dígitos')).optional(),
  /** Matrícula mercantil (supplier, optional). */
  commercialRegistration: z.string().max(50).optional(),
  /** Natural person's names (optional). */
  person: z
    .object({ firstName: text(100), middleName: text(100).optional(), familyName: text(100) })
    .optional(),
});

/** Line or document discount (charge=false) or charge (charge=true). Give `percent` or `amount`. */
export const allowanceChargeSchema = z
  .object({
    charge: z.boolean().default(false),
    /** Reason code (descuentos: table 13.3.8; cargos: e.g. 03 propina). */
    reasonCode: z.string().max(10).optional(),
    reason: text(500).default('Descuento'),
    /** Percentage of the base (e.g. "10" = 10 %). */
    percent: decimalString.optional(),
    /** Fixed amount. */
    amount: decimalString.optional(),
    /** Base for percent (document level only; line level uses the line's gross value). */
    baseAmount: decimalString.optional(),
  })
  .refine((a) => (a.percent === undefined) !== (a.amount === undefined), {
    message: 'Indique "percent" o "amount" (uno de los dos)',
  });

/** A tax on a line: percentual (`percent`) or per unit (`perUnitAmount` with `units`). */
export const lineTaxSchema = z
  .object({
    /** Tax code (table 13.2.2): 01 IVA, 04 INC, 03 ICA, 22 INC bolsas, 32 ICL, 34 IBUA, 35 ICUI… */
    code: code('el código del tributo'),
    /** Rate in percent ("19", "5", "0" for exento). */
    percent: decimalString.optional(),
    /** Per-unit value (nominal taxes). */
    perUnitAmount: decimalString.optional(),
    /** Taxed units for per-unit taxes (bags, litres, mL…); defaults to the line quantity. */
    units: decimalString.optional(),
    /** Unit code of `units` (default: the line's unit). */
    unitCode: z.string().max(5).optional(),
  })
  .refine((t) => (t.percent === undefined) !== (t.perUnitAmount === undefined), {
    message: 'Un impuesto lleva "percent" (porcentual) o "perUnitAmount" (por unidad), no ambos',
  });

/** A withholding (ReteIVA 05, ReteRenta 06, ReteICA 07) on a line. */
export const withholdingSchema = z.object({
  code: z.enum(['05', '06', '07'], { message: 'Retención: "05" ReteIVA, "06" ReteRenta o "07" ReteICA' }),
  percent: decimalString,
  /** Base; defaults to the line value (ReteIVA: the line's IVA amount). */
  baseAmount: decimalString.optional(),
});

/** One document line. */
export const lineSchema = z.object({
  description: text(1000),
  /** Seller's item code (SellersItemIdentification). */
  code: z.string().max(100).optional(),
  /** Standard item identification: scheme 001 UNSPSC, 010 GTIN, 020 partida arancelaria, 999 estándar del contribuyente. */
  standardItemId: z.object({ id: text(100), scheme: z.string().default('999') }).optional(),
  quantity: decimalString,
  /** Unit code (table 13.3.6), e.g. 94 unidad, NIU, KGM, LTR, HUR. */
  unitCode: z.string().min(1).max(5).default('94'),
  /** Unit price before taxes, in the document currency. */
  unitPrice: decimalString,
  allowanceCharges: z.array(allowanceChargeSchema).default([]),
  taxes: z.array(lineTaxSchema).default([]),
  withholdings: z.array(withholdingSchema).default([]),
  /** Free sample (muestra gratis): commercial reference price per unit and its price type (table 13.3.10). */
  freeOfCharge: z.object({ referencePrice: decimalString, priceTypeCode: z.string().default('01') }).optional(),
  brand: z.string().max(100).optional(),
  model: z.string().max(100).optional(),
  note: z.string().max(5000).optional(),
  /** Mandatos (operation 11): the mandante's identification. */
  mandante: z.object({ idType: z.string(), id: z.string(), dv: z.string().optional() }).optional(),
});

const numberingRangeSchema = z.object({
  /** Resolution number (sts:InvoiceAuthorization). */
  resolution: z.string().regex(/^\d{1,20}$/, 'Número de resolución numérico'),
  prefix: z.string().regex(/^[A-Za-z0-9]{0,4}$/, 'Prefijo alfanumérico de hasta 4 caracteres').default(''),
  from: z.number().int().nonnegative(),
  to: z.number().int().positive(),
  startDate: dateString,
  endDate: dateString,
  /** Technical key (clave técnica) of the range; needed for the CUFE of invoices. */
  technicalKey: z.string().min(1).optional(),
});

const softwareSchema = z.object({
  /** SoftwareID assigned by DIAN. */
  id: z.string().min(1),
  /** Software PIN chosen at registration. */
  pin: z.string().min(1),
  /** NIT of the software provider (the issuer itself for software propio). */
  providerNit: z.string().regex(/^\d{5,15}$/).optional(),
});

const paymentSchema = z.object({
  /** Forma de pago: 1 contado, 2 crédito. */
  form: z.enum(['1', '2'], { message: 'Forma de pago: "1" contado o "2" crédito' }).default('1'),
  /** Medio de pago (table 13.3.4.2), e.g. 10 efectivo, 42 consignación, 47 transferencia, 48 tarjeta crédito, ZZZ otro. */
  means: z.string().min(1).max(3).default('10'),
  dueDate: dateString.optional(),
  /** Payment identifiers (PaymentID). */
  references: z.array(z.string().max(100)).default([]),
});

const prepaidSchema = z.object({
  id: z.string().min(1).max(100),
  amount: decimalString,
  receivedDate: dateString,
});

const exchangeRateSchema = z.object({
  /** Rate: units of COP per one unit of the document currency (e.g. 4000.00 COP per USD). */
  rate: decimalString,
  date: dateString,
});

const referenceSchema = z.object({
  /** Number of the referenced invoice (prefix + consecutive). */
  number: z.string().min(1),
  /** CUFE of the referenced invoice. */
  cufe: z.string().regex(/^[0-9a-f]{96}$/, 'CUFE de 96 caracteres hexadecimales'),
  issueDate: dateString,
});

const common = {
  /** 1 producción, 2 pruebas/habilitación. */
  environment: z.enum(['1', '2'], { message: 'Ambiente: "1" producción o "2" habilitación' }),
  /** Prefix + consecutive; when omitted, built from numberingRange.prefix + consecutive. */
  number: z.string().regex(/^[A-Za-z0-9]{1,20}$/, 'Número sin separadores: prefijo + consecutivo').optional(),
  consecutive: z.number().int().nonnegative().optional(),
  issueDate: dateString,
  issueTime: timeString,
  dueDate: dateString.optional(),
  /** ISO 4217 document currency (default COP). */
  currency: z.string().regex(/^[A-Z]{3}$/).default('COP'),
  /** Required when currency is not COP. */
  exchangeRate: exchangeRateSchema.optional(),
  notes: z.array(z.string().max(5000)).default([]),
  invoicePeriod: z.object({ startDate: dateString, endDate: dateString }).optional(),
  orderReference: z.string().max(100).optional(),
  software: softwareSchema,
  numberingRange: numberingRangeSchema.optional(),
  supplier: partySchema,
  customer: partySchema,
  payment: paymentSchema.default({ form: '1', means: '10', references: [] }),
  allowanceCharges: z.array(allowanceChargeSchema).default([]),
  lines: z.array(lineSchema).min(1, 'El documento debe tener al menos una línea'),
};

/** A reference to another document (cac:AdditionalDocumentReference), e.g. the paper invoice a type-03 transmits. */
const additionalReferenceSchema = z.object({
  id: z.string().min(1).max(100),
  /** CUFE/CUDE of the referenced document. */
  uuid: z.string().regex(/^[0-9a-f]{96}$/, 'CUFE/CUDE de 96 caracteres hexadecimales').optional(),
  uuidScheme: z.enum(['CUFE-SHA384', 'CUDE-SHA384']).default('CUFE-SHA384'),
  issueDate: dateString.optional(),
  /** Document type code of the referenced document (table 13.1.3), e.g. 01. */
  typeCode: z.string().max(10).optional(),
});

/** Invoice (01, 02, 03, 04). */
export const invoiceSchema = z.object({
  kind: z.literal('invoice'),
  /** InvoiceTypeCode: 01 venta nacional, 02 exportación, 03 contingencia facturador, 04 contingencia DIAN. */
  typeCode: z.enum(['01', '02', '03', '04']).default('01'),
  /** Operation type (CustomizationID): 10 estándar, 09 AIU, 11 mandatos, 12 transporte… */
  operationType: z.string().default('10'),
  ...common,
  prepaidPayments: z.array(prepaidSchema).default([]),
  /** Other documents referenced (required for contingency type 03: the paper invoice, FAI01–FAI03). */
  additionalDocumentReferences: z.array(additionalReferenceSchema).default([]),
});

/** Credit note (91). */
export const creditNoteSchema = z.object({
  kind: z.literal('credit-note'),
  /** 20 with reference to an invoice, 22 without reference. */
  operationType: z.enum(['20', '22'], { message: 'Tipo de operación de nota crédito: "20" o "22"' }).default('20'),
  ...common,
  /** Correction concept (table 13.2.4): 1 devolución parcial … 6 descuento por volumen. */
  discrepancy: z.object({ code: z.string().min(1), description: text(500) }),
  billingReference: referenceSchema.optional(),
});

/** Debit note (92). */
export const debitNoteSchema = z.object({
  kind: z.literal('debit-note'),
  /** 30 with reference to an invoice, 32 without reference. */
  operationType: z.enum(['30', '32'], { message: 'Tipo de operación de nota débito: "30" o "32"' }).default('30'),
  ...common,
  /** Correction concept (table 13.2.5): 1 intereses, 2 gastos por cobrar, 3 cambio del valor, 4 otros. */
  discrepancy: z.object({ code: z.string().min(1), description: text(500) }),
  billingReference: referenceSchema.optional(),
  prepaidPayments: z.array(prepaidSchema).default([]),
});

/** Any document Previa builds. */
export const documentInputSchema = z.discriminatedUnion('kind', [invoiceSchema, creditNoteSchema, debitNoteSchema]);

export type DocumentInput = z.output<typeof documentInputSchema>;
export type InvoiceInput = z.output<typeof invoiceSchema>;
export type CreditNoteInput = z.output<typeof creditNoteSchema>;
export type DebitNoteInput = z.output<typeof debitNoteSchema>;
export type PartyInput = z.output<typeof partySchema>;
export type LineInput = z.output<typeof lineSchema>;
export type AddressInput = z.output<typeof addressSchema>;
export type AllowanceChargeInput = z.output<typeof allowanceChargeSchema>;
export type LineTaxInput = z.output<typeof lineTaxSchema>;
export type WithholdingInput = z.output<typeof withholdingSchema>;
/** What callers write (before defaults). */
export type DocumentInputRaw = z.input<typeof documentInputSchema>;
