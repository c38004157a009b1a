import { parseDocumentInput } from '../core/input/parse.js';
import type { DocumentInput } from '../core/input/schema.js';
import { validateXml } from '../core/rules/run.js';
import { buildDocument } from '../core/ubl/build.js';
import { opsPerSecond } from './measure.js';
import { realisticInvoices } from './realistic-invoices.js';

/** One benchmark figure. */
export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
  target?: number;
}

/** Prepared inputs shared by the benchmarks. */
export function benchInputs(count = 64): { inputs: DocumentInput[]; xmls: string[]; avgLines: number; avgBytes: number } {
  const inputs = realisticInvoices(count).map((raw) => {
    const r = parseDocumentInput(raw);
    if (!r.ok) throw new Error(`bench input invalid: ${JSON.stringify(r.issues)}`);
    return r.value;
  });
  const xmls = inputs.map((i) => buildDocument(i).xml);
  const avgLines = inputs.reduce((s, i) => s + i.lines.length, 0) / inputs.length;
  const avgBytes = xmls.reduce((s, x) => s + Buffer.byteLength(x), 0) / xmls.length;
  return { inputs, xmls, avgLines, avgBytes };
}

/** Core figures: build XML (totals + CUFE + UBL) and validate (parse + whole rule catalog) per second, one core. */
export function coreBench(ms = 1500): BenchFigure[] {
  const { inputs, xmls } = benchInputs();
  const ctx = { technicalKey: 'fc8eac422eba16e22ffd8c6f94b3f40a6e38162c', softwarePin: '20191' };
  for (const x of xmls) {
    const r = validateXml(x, ctx);
    if (!r.ok) throw new Error(`bench document rejected: ${r.issues.filter((i) => i.severity === 'rejection').map((i) => i.ruleId + ' ' + i.message).join('; ')}`);
  }
  const build = opsPerSecond((i) => buildDocument(inputs[i % inputs.length]!), ms);
  const validate = opsPerSecond((i) => validateXml(xmls[i % xmls.length]!, ctx), ms);
  return [
    { name: 'build XML (totales + CUFE + UBL)', value: build, unit: 'docs/s', target: 5000 },
    { name: 'validate (parse + catálogo de reglas DIAN)', value: validate, unit: 'docs/s', target: 5000 },
  ];
}
