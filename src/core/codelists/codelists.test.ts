import { describe, expect, it } from 'vitest';
import {
  CODE_LIST_NAMES,
  allMunicipalities,
  allOperationTypes,
  allPostalCodes,
  allTaxTypes,
  claimConcept,
  codeListCodes,
  codeListHas,
  country,
  creditNoteConcept,
  currency,
  debitNoteConcept,
  department,
  discountCode,
  environment,
  eventCode,
  fiscalRegime,
  identificationType,
  incoterm,
  invoiceType,
  language,
  municipalitiesOfDepartment,
  municipality,
  operationType,
  organizationType,
  partyTaxScheme,
  paymentMeans,
  paymentMethod,
  postalCode,
  postalCodesOfMunicipality,
  productStandardScheme,
  referencePriceCode,
  taxRates,
  taxResponsibility,
  taxType,
  unitOfMeasure,
  uuidAlgorithm,
} from './index.js';

describe('places', () => {
  it('finds Bogotá and Medellín by DANE code', () => {
    expect(municipality('11001')).toEqual({ code: '11001', name: 'BOGOTÁ, D.C.', departmentCode: '11', departmentName: 'Bogotá, D.C.' });
    expect(municipality('05001')).toMatchObject({ name: 'MEDELLÍN', departmentCode: '05', departmentName: 'Antioquia' });
    expect(department('11')?.name).toBe('Bogotá');
    expect(department('05')?.name).toBe('Antioquia');
  });

  it('matches codes exactly (no trimming, no lost leading zeros)', () => {
    expect(municipality('5001')).toBeUndefined();
    expect(municipality(' 05001')).toBeUndefined();
    expect(currency('cop')).toBeUndefined();
    expect(municipality('toString')).toBeUndefined();
  });

  it('groups municipalities by department; every one belongs to a known department', () => {
    expect(allMunicipalities()).toHaveLength(1123);
    expect(municipalitiesOfDepartment('11').map((m) => m.code)).toEqual(['11001']);
    expect(municipalitiesOfDepartment('05').length).toBe(125);
    expect(municipalitiesOfDepartment('00')).toEqual([]);
    for (const m of allMunicipalities()) {
      expect(department(m.departmentCode), m.code).toBeDefined();
      expect(m.code.startsWith(m.departmentCode)).toBe(true);
    }
  });

  it('links postal codes to municipalities', () => {
    expect(allPostalCodes()).toHaveLength(3681);
    expect(postalCode('110111')).toEqual({ code: '110111', municipalityCode: '11001', departmentCode: '11', zone: 'urban' });
    expect(postalCode('050001')?.municipalityCode).toBe('05001');
    expect(postalCodesOfMunicipality('05001').length).toBeGreaterThan(10);
    for (const p of allPostalCodes()) expect(municipality(p.municipalityCode), p.code).toBeDefined();
  });

  it('names countries in Spanish', () => {
    expect(country('CO')?.name).toBe('Colombia');
    expect(country('SE')?.name).toBe('Suecia');
    expect(country('co')).toBeUndefined();
  });
});

describe('taxes', () => {
  it('IVA, INC and ICA have CUFE slots; nothing else does', () => {
    expect(allTaxTypes().filter((t) => t.inCufe).map((t) => t.code)).toEqual(['01', '03', '04']);
    expect(taxType('01')).toMatchObject({ name: 'IVA', inCufe: true, withholding: false, rateType: 'percent', amountDivisor: 100 });
  });

  it('per-unit (nominal) taxes: INC bolsas 22, IC 02, ICL 32, INPP 33, IBUA 34', () => {
    expect(taxType('22')).toMatchObject({ name: 'INC Bolsas', rateType: 'per-unit', rateTypeConfirmed: true, inCufe: false, amountDivisor: 1 });
    expect(taxType('02')).toMatchObject({ rateType: 'per-unit', rateTypeBasis: 'description' });
    expect(taxType('32')).toMatchObject({ rateType: 'per-unit', rateTypeBasis: 'tax-rates' });
    expect(taxType('33')?.rateType).toBe('per-unit');
    // IBUA: PerUnitAmount is per 100 mL, so TaxAmount = BaseUnitMeasure × PerUnitAmount / 100.
    expect(taxType('34')).toMatchObject({ rateType: 'per-unit', amountDivisor: 100 });
  });

  it('percentual taxes, including ICUI 35, ADV 36 and IC Porcentual 08; ICA/ReteICA are per-mil', () => {
    for (const code of ['04', '05', '06', '08', '35', '36']) expect(taxType(code)?.rateType, code).toBe('percent');
    expect(taxType('03')).toMatchObject({ rateType: 'percent', amountDivisor: 1000, inCufe: true });
    expect(taxType('07')).toMatchObject({ rateType: 'percent', amountDivisor: 1000, withholding: true });
  });

  it('marks the readings the data does not settle as unconfirmed', () => {
    const unconfirmed = allTaxTypes().filter((t) => !t.rateTypeConfirmed).map((t) => t.code);
    expect(unconfirmed).toEqual(['20', '21', '23', '24', '25', '26', '30', 'ZZ']);
  });

  it('withholdings are 05, 06 and 07', () => {
    expect(allTaxTypes().filter((t) => t.withholding).map((t) => t.code)).toEqual(['05', '06', '07']);
  });

  it('lists informative rates per tax', () => {
    expect(taxRates('01').map((r) => r.percent)).toEqual(['0.00', '5.00', '16.00', '19.00', null]);
    expect(taxRates('34').every((r) => r.percent === null && r.nominalRate !== undefined)).toBe(true);
    expect(taxRates('ZZ')).toEqual([]);
  });
});

describe('parties, payment and documents', () => {
  it('spot checks', () => {
    expect(identificationType('31')).toMatchObject({ name: 'NIT', hasCheckDigit: true });
    expect(identificationType('13')?.hasCheckDigit).toBe(false);
    expect(organizationType('1')?.name).toMatch(/Jurídica/);
    expect(organizationType('2')?.name).toMatch(/Natural/);
    expect(taxResponsibility('R-99-PN')).toBeDefined();
    expect(fiscalRegime('48')).toBeDefined();
    expect(partyTaxScheme('ZZ')?.name).toBe('No aplica');
    expect(partyTaxScheme('ZY')).toBeUndefined();
    expect(paymentMethod('1')?.name).toBe('Contado');
    expect(paymentMethod('2')?.name).toBe('Crédito');
    expect(paymentMeans('10')?.name).toMatch(/^Efectivo/);
    expect(paymentMeans('8')).toBeUndefined();
    expect(currency('COP')).toBeDefined();
    expect(unitOfMeasure('94')).toBeDefined();
    expect(unitOfMeasure('NIU')).toBeDefined();
    expect(language('es')).toBeDefined();
    expect(incoterm('DPU')).toBeDefined();
    expect(incoterm('DAT')).toBeUndefined();
    expect(environment('1')?.name).toBe('Producción');
    expect(environment('2')?.name).toBe('Pruebas');
  });

  it('document types carry root, UUID scheme and file prefix', () => {
    expect(invoiceType('01')).toMatchObject({ root: 'Invoice', typeCodeElement: 'cbc:InvoiceTypeCode', uuidScheme: 'CUFE-SHA384', filePrefix: 'fv' });
    expect(invoiceType('92')).toMatchObject({ root: 'DebitNote', typeCodeElement: null, filePrefix: 'nd' });
    expect(invoiceType('05')?.uuidScheme).toBe('CUDS-SHA384');
    expect(uuidAlgorithm('CUDE-SHA384')).toBeDefined();
  });

  it('operation types: codes 10/11 differ by scope', () => {
    expect(operationType('10')?.name).toBe('Estándar');
    expect(operationType('10', 'invoice')?.name).toBe('Estándar');
    expect(operationType('10', 'support-document')?.name).toMatch(/^Residente/);
    expect(operationType('20', 'credit-note')).toBeDefined();
    expect(operationType('20', 'invoice')).toBeUndefined();
    expect(operationType('SS-CUFE')?.healthSector).toBe(true);
    expect(allOperationTypes('debit-note').map((o) => o.code)).toEqual(['30', '32']);
  });

  it('concepts, discounts, prices, products, events', () => {
    expect(creditNoteConcept('2')?.name).toBe('Anulación de factura electrónica');
    expect(creditNoteConcept('6')).toBeDefined();
    expect(debitNoteConcept('4')?.name).toBe('Otros');
    expect(discountCode('03')?.name).toBe('Recargo condicionado');
    expect(referencePriceCode('01')?.name).toBe('Valor comercial');
    expect(productStandardScheme('001')).toMatchObject({ name: 'UNSPSC', schemeAgencyID: '10' });
    expect(productStandardScheme('999')?.schemeAgencyID).toBeNull();
    expect(eventCode('030')?.name).toMatch(/^Acuse de recibo/);
    expect(eventCode('034')?.responsible).toBe('Emisor de la Factura Electrónica');
    expect(claimConcept('04')?.name).toBe('Servicio no prestado');
  });
});

describe('generic access', () => {
  it('codeListHas / codeListCodes', () => {
    expect(codeListHas('municipalities', '11001')).toBe(true);
    expect(codeListHas('unitsOfMeasure', '4ª')).toBe(true);
    expect(codeListHas('paymentMeans', '8')).toBe(false);
    expect(codeListHas('operationTypes', '11')).toBe(true);
    expect(codeListCodes('environments')).toEqual(['1', '2']);
    expect(codeListCodes('operationTypes').filter((c) => c === '10')).toHaveLength(1);
  });

  it('every list is non-empty and indexed without losing codes', () => {
    for (const name of CODE_LIST_NAMES) expect(codeListCodes(name).length, name).toBeGreaterThan(0);
  });

  it('entries are frozen', () => {
    const bogota = municipality('11001');
    expect(Object.isFrozen(bogota)).toBe(true);
    expect(Object.isFrozen(allMunicipalities())).toBe(true);
  });
});
