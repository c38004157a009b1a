import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateXml } from './run.js';
import { HAVE_SHARED, OLD_SAMPLES_DIR, SAMPLES_DIR } from './test-support/fixtures.js';

/**
 * DIAN's own toolkit documents must pass the whole catalog: a rule that rejects one is wrong or
 * misread. The only expected rejections are the inconsistencies documented in
 * ../shared/samples/README.md and ../shared/spec/01-documents.md §13.1. Checks needing the samples'
 * unpublished technical keys and PINs do not run (no key is given), and no reception date is given.
 */
/** samples/README "Compared with dian-toolkit/": a third party changed these @schemeID DVs to 11. */
const EDITED_PROVIDER_DV = ['FAB22b', 'FAB34'];
const EXPECTED_REJECTIONS: Record<string, string[]> = {
  // samples/README "Inconsistent samples" (its "X-HeaderLineTax" is our FAS01a header/line tax match).
  'dian-toolkit-1.9/Ejemplificacion_Licores.xml': ['FAS01a', 'FAS01b', 'FAX01'],
  'dian-toolkit-1.9/ejemplificacionIBUA-1.xml': ['FAX02', 'FAS01a'],
  'dian-toolkit-1.9/EmisorAutoretenedor.xml': ['FAY07'],
  'dian-toolkit-1.9/Generica_ingresos_terceros.xml': ['FAU02', 'FAU04', 'FAV06', 'FAS01a'],
  // spec 01 §13.1: DIAN's examples carry wrong DVs (860003456 is shown with 2; the DV is 9).
  'dian-toolkit-1.9/Ejemplificacion_nota_credito_sin_referencia_a_factura.xml': ['CAJ24'],
  'dian-toolkit/EmisorAutoretenedor.xml': ['FAY07', ...EDITED_PROVIDER_DV],
  'dian-toolkit/Consumidor_Final.xml': EDITED_PROVIDER_DV,
  'dian-toolkit/ExcluidosExentos.xml': EDITED_PROVIDER_DV,
  'dian-toolkit/Exportacion.xml': EDITED_PROVIDER_DV,
  'dian-toolkit/Generica.xml': EDITED_PROVIDER_DV,
  'dian-toolkit/GenericaPagoAnticipado.xml': EDITED_PROVIDER_DV,
};

describe.skipIf(!HAVE_SHARED)('DIAN toolkit samples against the whole catalog (needs ../shared)', () => {
  const files = HAVE_SHARED
    ? [
        ...readdirSync(SAMPLES_DIR).filter((f) => f.endsWith('.xml')).map((f) => ['dian-toolkit-1.9', f, join(SAMPLES_DIR, f)] as const),
        ...readdirSync(OLD_SAMPLES_DIR).filter((f) => f.endsWith('.xml')).map((f) => ['dian-toolkit', f, join(OLD_SAMPLES_DIR, f)] as const),
      ]
    : [];
  it.each(files)('%s/%s raises only its documented rejections', (folder, name, path) => {
    const report = validateXml(readFileSync(path, 'utf8'));
    const rejected = [...new Set(report.issues.filter((i) => i.severity === 'rejection').map((i) => i.ruleId))].sort();
    const expected = EXPECTED_REJECTIONS[`${folder}/${name}`] ?? [];
    const unexpected = rejected.filter((id) => !expected.includes(id));
    expect(unexpected, report.issues.filter((i) => unexpected.includes(i.ruleId)).map((i) => `${i.ruleId} ${i.path}: ${i.message}`).join('\n')).toEqual([]);
  });
});
