import type { DocumentInputRaw } from '../core/input/schema.js';

/** Small deterministic PRNG (mulberry32) so benchmark inputs are the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ITEMS = [
  ['Arroz blanco 1 kg', '94'],
  ['Aceite de girasol 900 ml', '94'],
  ['Servicio de mantenimiento preventivo', '94'],
  ['Cable UTP categoría 6', 'MTR'],
  ['Café molido 500 g', '94'],
  ['Hora de consultoría', 'HUR'],
  ['Resma de papel carta', '94'],
  ['Azúcar refinada', 'KGM'],
] as const;

/**
 * Realistic invoices for benchmarks: 5–20 lines with mixed taxes (IVA 0/5/19, INC 8, INC
 * bolsas per unit, excluded lines), some line discounts and withholdings, habilitación numbering.
 */
export function realisticInvoices(count: number, seed = 42): DocumentInputRaw[] {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const out: DocumentInputRaw[] = [];
  for (let n = 0; n < count; n++) {
    const lineCount = 5 + Math.floor(rnd() * 16);
    const lines = [];
    for (let i = 0; i < lineCount; i++) {
      const [description, unitCode] = pick(ITEMS);
      const kind = rnd();
      const taxes =
        kind < 0.45 ? [{ code: '01', percent: '19' }] : kind < 0.6 ? [{ code: '01', percent: '5' }] : kind < 0.7 ? [{ code: '01', percent: '0' }] : kind < 0.8 ? [{ code: '04', percent: '8' }] : kind < 0.9 ? [{ code: '01', percent: '19' }, { code: '22', perUnitAmount: '66', unitCode: '94' }] : [];
      lines.push({
        description,
        code: `ITEM-${i}`,
        quantity: (1 + Math.floor(rnd() * 40)).toString(),
        unitCode,
        unitPrice: (1000 + Math.floor(rnd() * 2_000_000) / 100).toFixed(2),
        taxes,
        allowanceCharges: rnd() < 0.2 ? [{ charge: false, reasonCode: '01', reason: 'Descuento comercial', percent: '5' }] : [],
        withholdings: rnd() < 0.15 ? [{ code: '06' as const, percent: '2.5' }] : [],
      });
    }
    out.push({
      kind: 'invoice',
      environment: '2',
      typeCode: '01',
      operationType: '10',
      consecutive: 990000001 + n,
      issueDate: '2026-11-27',
      issueTime: '10:15:00-05:00',
      software: { id: '56f2ae4e-9812-4fad-9255-08fcfcd5ccb0', pin: '20191', providerNit: '900108281' },
      numberingRange: {
        resolution: '18760000001',
        prefix: 'SETP',
        from: 990000000,
        to: 995000000,
        startDate: '2019-01-19',
        endDate: '2030-01-19',
        technicalKey: 'fc8eac422eba16e22ffd8c6f94b3f40a6e38162c',
      },
      supplier: {
        personType: '1',
        idType: '31',
        id: '900108281',
        name: 'Comercializadora Andina de Prueba S.A.S.',
        responsibilities: ['O-13', 'O-15'],
        industryCodes: ['4711'],
        address: { municipalityCode: '11001', line: 'Carrera 7 # 32-16', countryCode: 'CO' },
        email: 'facturacion@andina-prueba.example',
      },
      customer: {
        personType: '1',
        idType: '31',
        id: '800199436',
        name: 'Distribuidora del Valle Ltda.',
        responsibilities: ['O-13'],
        address: { municipalityCode: '76001', line: 'Calle 5 # 38-25', countryCode: 'CO' },
        email: 'recepcion@distvalle.example',
      },
      payment: { form: '1', means: '10' },
      lines,
    });
  }
  return out;
}
