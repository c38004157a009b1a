/**
 * Generates `src/core/codelists/generated/*.ts` from the DIAN code lists in `../shared/data/*.json`
 * (plus two official Anexo 1.9 tables in `../shared/data/anexo-1.9/`, see below).
 *
 *   npx tsx scripts/gen-codelists.ts            write the files (and delete stale ones)
 *   npx tsx scripts/gen-codelists.ts --check    exit 1 if the committed files are not up to date
 *   npx tsx scripts/gen-codelists.ts --data DIR read the JSON lists from DIR instead
 *
 * The generated files are committed, so the project builds and runs without ../shared.
 *
 * Decisions taken here (documented once, applied to every run):
 * - Code values are copied verbatim as strings; rows keep the source order.
 * - JSON keys become camelCase; every key of every row must be known to this script, so a new
 *   column in the data fails the run instead of being dropped silently.
 * - `payment_means.json` / `payment_methods.json`: the `element` column is the same on every row
 *   (the XPath of the code) and is documented on the type instead of being repeated.
 * - `invoice_types.json`: `element` becomes `typeCodeElement`, null where the source says "none…"/"n/a".
 * - `operation_types.json`: `applies_to` is kept verbatim and also mapped to a `scope` + `healthSector`.
 * - `municipalities.json` is written as tuples [code, name, departmentCode] plus one department-name
 *   map (the name is the same on every row of a department; checked), to keep the file small.
 * - `postal_codes.json` only has codes; each is joined to its municipality and urban/rural zone from
 *   the official table `anexo-1.9/13.4.4_Codigos_Postales.csv` (SOURCES.md points to it); written
 *   as tuples. The run fails if a JSON code is missing from the table.
 * - `tax_types.json`: `rateType` (percent vs per-unit "nominal"), `rateTypeBasis`,
 *   `rateTypeConfirmed` and `amountDivisor` are derived from the data; see {@link deriveTaxRate}.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Repository root (this file lives in `<root>/scripts/`). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Where the shared reference data lives by default: `../shared/data` relative to the repo root. */
export const DEFAULT_DATA_DIR = path.resolve(REPO_ROOT, '../shared/data');
/** Output folder of the generated modules. */
export const GENERATED_DIR = path.join(REPO_ROOT, 'src/core/codelists/generated');

type Raw = Record<string, unknown>;
type Value = string | number | boolean | null | undefined;

/** Reads JSON lists and CSV tables from the data folder. */
interface DataReader {
  json(file: string): Raw[];
  csv(file: string): string[][];
}

/** One generated module. */
interface ListSpec {
  /** Source JSON file in the data folder. */
  json: string;
  /** Other files the module is built from (for the header). */
  extraSources?: string[];
  /** Body of the module (imports and exports), from the rows of `json`. */
  render(rows: Raw[], data: DataReader): string;
}

// ---------------------------------------------------------------------------------------------
// Reading

function fail(message: string): never {
  throw new Error(`gen-codelists: ${message}`);
}

function str(row: Raw, key: string, where: string): string {
  const v = row[key];
  if (typeof v !== 'string') fail(`${where}: "${key}" must be a string, got ${JSON.stringify(v)}`);
  return v;
}

function optStr(row: Raw, key: string, where: string): string | undefined {
  return row[key] === undefined ? undefined : str(row, key, where);
}

function nullableStr(row: Raw, key: string, where: string): string | null {
  return row[key] === null ? null : str(row, key, where);
}

function bool(row: Raw, key: string, where: string): boolean {
  const v = row[key];
  if (typeof v !== 'boolean') fail(`${where}: "${key}" must be a boolean, got ${JSON.stringify(v)}`);
  return v;
}

/** Fails when a row has a key this script does not know (new data must be looked at, not dropped). */
function onlyKeys(row: Raw, known: readonly string[], where: string): void {
  const extra = Object.keys(row).filter((k) => !known.includes(k));
  if (extra.length > 0) fail(`${where}: unknown key(s) ${extra.join(', ')} — teach scripts/gen-codelists.ts about them`);
}

/** Minimal RFC 4180 reader: quoted fields, doubled quotes, commas and newlines inside quotes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const input = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (quoted) {
      if (c === '"' && input[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && input[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += c;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

function dataReader(dataDir: string): DataReader {
  return {
    json(file) {
      const parsed: unknown = JSON.parse(readFileSync(path.join(dataDir, file), 'utf8'));
      if (!Array.isArray(parsed) || !parsed.every((r) => typeof r === 'object' && r !== null && !Array.isArray(r))) {
        fail(`${file}: expected an array of objects`);
      }
      return parsed as Raw[];
    },
    csv(file) {
      return parseCsv(readFileSync(path.join(dataDir, file), 'utf8'));
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Writing

/** A TypeScript literal for a value (single-quoted strings). */
function lit(v: Value): string {
  if (v === null) return 'null';
  if (typeof v === 'string') {
    const escaped = v
      .replace(/\\/g, '\\\\')
      .replace(/'/g, "\\'")
      .replace(/\n/g, '\\n')
      .replace(/\r/g, '\\r')
      .replace(/\u2028/g, '\\u2028')
      .replace(/\u2029/g, '\\u2029');
    return `'${escaped}'`;
  }
  return String(v);
}

/** `{ key: value, … }` on one line; undefined values are omitted. */
function objectLiteral(fields: ReadonlyArray<readonly [string, Value]>): string {
  const parts = fields.filter(([, v]) => v !== undefined).map(([k, v]) => `${k}: ${lit(v)}`);
  return `{ ${parts.join(', ')} }`;
}

/** An exported readonly array, one element per line. */
function arrayExport(doc: string, name: string, type: string, elements: readonly string[]): string {
  return [`/** ${doc} */`, `export const ${name}: readonly ${type}[] = [`, ...elements.map((e) => `  ${e},`), '];', ''].join('\n');
}

/** A list of plain objects typed with a type from `../types.js`. */
function objectList(
  typeName: string,
  constName: string,
  doc: string,
  columns: ReadonlyArray<readonly [jsonKey: string, tsKey: string, kind: 'string' | 'optional' | 'nullable' | 'boolean']>,
  dropped: readonly string[] = [],
): ListSpec['render'] {
  return (rows) => {
    const lines = rows.map((row, i) => {
      const where = `${constName}[${i}]`;
      onlyKeys(row, [...columns.map(([k]) => k), ...dropped], where);
      return objectLiteral(
        columns.map(([jsonKey, tsKey, kind]): readonly [string, Value] => {
          switch (kind) {
            case 'string':
              return [tsKey, str(row, jsonKey, where)];
            case 'optional':
              return [tsKey, optStr(row, jsonKey, where)];
            case 'nullable':
              return [tsKey, nullableStr(row, jsonKey, where)];
            case 'boolean':
              return [tsKey, bool(row, jsonKey, where)];
          }
        }),
      );
    });
    return `import type { ${typeName} } from '../types.js';\n\n${arrayExport(doc, constName, typeName, lines)}`;
  };
}

/** The usual columns: code, name and an optional note. */
const CODE_NAME_NOTE = [
  ['code', 'code', 'string'],
  ['name', 'name', 'string'],
  ['note', 'note', 'optional'],
] as const;

// ---------------------------------------------------------------------------------------------
// Special lists

/**
 * Reads percent vs per-unit ("nominal") for a tax from the data, strongest evidence first:
 * 1. table 13.3.11 (tax_rates.json): rows with `nominal_rate` → per-unit; rows with a non-null
 *    `percent` → percent (both at once fails the run). 01 IVA has a null-percent "Excluido" row,
 *    which is the absence of the tax, not a nominal rate. Decides 01, 04, 05, 06, 32 ICL, 33 INPP,
 *    34 IBUA, 35 ICUI, 36 ADV.
 * 2. table 13.2.2's description: "Nominal" → per-unit (02 IC), "Porcentual" → percent (08).
 * 3. the compiler's `amount_type_hint`: "BaseUnitMeasure/PerUnitAmount" (seen in certified
 *    software) → per-unit, confirmed (22 INC Bolsas); "nominal per unit (UNCONFIRMED)" → per-unit,
 *    unconfirmed (23, 24, 25).
 * 4. a table footnote that defines TaxAmount from a Percent → percent (03 ICA, 07 ReteICA).
 * 5. otherwise percent, unconfirmed — DIAN's general case: 20 and 21 (hint "may be nominal"; both
 *    are percentages by law, but DIAN's encoding is unverified), 26, 30 and ZZ.
 * The divisor comes from the footnotes: "/ 100 / 10" (ICA, ReteICA) → 1000; a per-unit tax whose
 * note divides "BaseUnitMeasure … / 100" (IBUA, PerUnitAmount per 100 mL) → 100; else 100 for
 * percent and 1 for per-unit.
 */
function deriveTaxRate(
  tax: { code: string; description: string; hint: string | undefined; note: string | undefined },
  rates: Raw[],
): { rateType: 'percent' | 'per-unit'; rateTypeBasis: string; rateTypeConfirmed: boolean; amountDivisor: number } {
  const own = rates.filter((r) => r['tax_code'] === tax.code);
  const nominal = own.some((r) => r['nominal_rate'] !== undefined);
  const percentual = own.some((r) => r['percent'] !== null && r['percent'] !== undefined);
  if (nominal && percentual) fail(`tax ${tax.code}: tax_rates.json has both percent and nominal rows; decide by hand`);
  let rateType: 'percent' | 'per-unit';
  let rateTypeBasis: string;
  let rateTypeConfirmed = true;
  if (nominal || percentual) {
    rateType = nominal ? 'per-unit' : 'percent';
    rateTypeBasis = 'tax-rates';
  } else if (/\bnominal\b/i.test(tax.description) || /\bporcentual\b/i.test(tax.description)) {
    rateType = /\bnominal\b/i.test(tax.description) ? 'per-unit' : 'percent';
    rateTypeBasis = 'description';
  } else if (tax.hint !== undefined && /^BaseUnitMeasure\/PerUnitAmount\b/.test(tax.hint)) {
    rateType = 'per-unit';
    rateTypeBasis = 'hint';
  } else if (tax.hint !== undefined && /^nominal per unit\b/.test(tax.hint)) {
    rateType = 'per-unit';
    rateTypeBasis = 'hint';
    rateTypeConfirmed = !/UNCONFIRMED/.test(tax.hint);
  } else if (tax.note !== undefined && /TaxAmount = [^;]*\bPercent\b/.test(tax.note)) {
    // A footnote that defines TaxAmount from a Percent settles it (ICA, ReteICA).
    rateType = 'percent';
    rateTypeBasis = 'note';
  } else {
    rateType = 'percent';
    rateTypeBasis = 'default';
    rateTypeConfirmed = false;
  }
  const note = tax.note ?? '';
  let amountDivisor: number;
  if (rateType === 'percent') {
    amountDivisor = /\/ 100 \/ 10\b/.test(note) ? 1000 : 100;
  } else {
    amountDivisor = /BaseUnitMeasure[^/]*\/ 100\b/.test(note) ? 100 : 1;
  }
  return { rateType, rateTypeBasis, rateTypeConfirmed, amountDivisor };
}

const renderTaxTypes: ListSpec['render'] = (rows, data) => {
  const rates = data.json('tax_rates.json');
  const known = ['code', 'name', 'description', 'withholding', 'in_cufe', 'name_in_2019_genericode', 'amount_type_hint', 'note'];
  const lines = rows.map((row, i) => {
    const where = `TAX_TYPES[${i}]`;
    onlyKeys(row, known, where);
    const code = str(row, 'code', where);
    const description = str(row, 'description', where);
    const hint = optStr(row, 'amount_type_hint', where);
    const note = optStr(row, 'note', where);
    const derived = deriveTaxRate({ code, description, hint, note }, rates);
    return objectLiteral([
      ['code', code],
      ['name', str(row, 'name', where)],
      ['description', description],
      ['withholding', bool(row, 'withholding', where)],
      ['inCufe', bool(row, 'in_cufe', where)],
      ['rateType', derived.rateType],
      ['rateTypeBasis', derived.rateTypeBasis],
      ['rateTypeConfirmed', derived.rateTypeConfirmed],
      ['amountDivisor', derived.amountDivisor],
      ['nameIn2019Genericode', optStr(row, 'name_in_2019_genericode', where)],
      ['amountTypeHint', hint],
      ['note', note],
    ]);
  });
  return `import type { TaxType } from '../types.js';\n\n${arrayExport(
    'Taxes (Anexo 1.9 table 13.2.2); rate type and divisor derived by scripts/gen-codelists.ts (deriveTaxRate).',
    'TAX_TYPES',
    'TaxType',
    lines,
  )}`;
};

const renderMunicipalities: ListSpec['render'] = (rows) => {
  const departmentNames = new Map<string, string>();
  const lines = rows.map((row, i) => {
    const where = `MUNICIPALITIES[${i}]`;
    onlyKeys(row, ['code', 'name', 'department_code', 'department_name'], where);
    const code = str(row, 'code', where);
    const departmentCode = str(row, 'department_code', where);
    const departmentName = str(row, 'department_name', where);
    if (!/^[0-9]{5}$/.test(code) || !code.startsWith(departmentCode)) fail(`${where}: code ${code} vs department ${departmentCode}`);
    const seen = departmentNames.get(departmentCode);
    if (seen !== undefined && seen !== departmentName) fail(`${where}: department ${departmentCode} named "${seen}" and "${departmentName}"`);
    departmentNames.set(departmentCode, departmentName);
    return `[${lit(code)}, ${lit(str(row, 'name', where))}, ${lit(departmentCode)}]`;
  });
  const names = [...departmentNames].map(([code, name]) => `  ${lit(code)}: ${lit(name)},`);
  return [
    '/** Municipalities (Anexo 1.9 table 13.4.3) as [DANE code, official name, department code], in source order. */',
    'export const MUNICIPALITY_ROWS: readonly (readonly [code: string, name: string, departmentCode: string])[] = [',
    ...lines.map((l) => `  ${l},`),
    '];',
    '',
    '/** Department names as table 13.4.3 writes them, by department code. */',
    'export const MUNICIPALITY_DEPARTMENT_NAMES: Readonly<Record<string, string>> = {',
    ...names,
    '};',
    '',
  ].join('\n');
};

const POSTAL_TABLE = 'anexo-1.9/13.4.4_Codigos_Postales.csv';

const renderPostalCodes: ListSpec['render'] = (rows, data) => {
  const [header, ...table] = data.csv(POSTAL_TABLE);
  const column = (name: string): number => {
    const i = (header ?? []).indexOf(name);
    if (i < 0) fail(`${POSTAL_TABLE}: no column ${name}`);
    return i;
  };
  const [cCode, cMunicipality, cZone] = [column('codigo_postal'), column('codigo_municipio'), column('tipo')];
  const byCode = new Map<string, { municipality: string; zone: 'U' | 'R' }>();
  for (const r of table) {
    const code = r[cCode] ?? '';
    const zoneText = r[cZone];
    const zone = zoneText === 'Urbano' ? 'U' : zoneText === 'Rural' ? 'R' : fail(`${POSTAL_TABLE}: zone ${String(zoneText)} for ${code}`);
    // Excel drops leading zeros of numeric codes; the 5-digit DANE code is restored with padStart.
    const municipality = (r[cMunicipality] ?? '').padStart(5, '0');
    if (byCode.has(code)) fail(`${POSTAL_TABLE}: postal code ${code} appears twice`);
    byCode.set(code, { municipality, zone });
  }
  const lines = rows.map((row, i) => {
    const where = `POSTAL_CODES[${i}]`;
    onlyKeys(row, ['code'], where);
    const code = str(row, 'code', where);
    const entry = byCode.get(code) ?? fail(`${where}: postal code ${code} is not in ${POSTAL_TABLE}`);
    return `[${lit(code)}, ${lit(entry.municipality)}, ${lit(entry.zone)}]`;
  });
  return [
    '/** Postal codes (Anexo 1.9 table 13.4.4) as [code, municipality DANE code, zone U urbano | R rural], in source order. */',
    "export const POSTAL_CODE_ROWS: readonly (readonly [code: string, municipalityCode: string, zone: 'U' | 'R'])[] = [",
    ...lines.map((l) => `  ${l},`),
    '];',
    '',
  ].join('\n');
};

const OPERATION_SCOPES: Readonly<Record<string, readonly [scope: string, healthSector: boolean]>> = {
  Invoice: ['invoice', false],
  'Invoice (sector salud)': ['invoice', true],
  CreditNote: ['credit-note', false],
  DebitNote: ['debit-note', false],
  'SupportDocument (05)': ['support-document', false],
};

const renderOperationTypes: ListSpec['render'] = (rows) => {
  const lines = rows.map((row, i) => {
    const where = `OPERATION_TYPES[${i}]`;
    onlyKeys(row, ['code', 'name', 'applies_to', 'note', 'source'], where);
    const appliesTo = str(row, 'applies_to', where);
    const scope = OPERATION_SCOPES[appliesTo] ?? fail(`${where}: unknown applies_to "${appliesTo}"`);
    return objectLiteral([
      ['code', str(row, 'code', where)],
      ['name', str(row, 'name', where)],
      ['scope', scope[0]],
      ['healthSector', scope[1]],
      ['appliesTo', appliesTo],
      ['source', optStr(row, 'source', where)],
      ['note', optStr(row, 'note', where)],
    ]);
  });
  return `import type { OperationType } from '../types.js';\n\n${arrayExport(
    'Operation types, cbc:CustomizationID (Anexo 1.9 tables 13.1.5.1, 13.1.5.1.1, 13.1.5.2, 13.1.5.3; documento soporte 10/11).',
    'OPERATION_TYPES',
    'OperationType',
    lines,
  )}`;
};

const renderInvoiceTypes: ListSpec['render'] = (rows) => {
  const lines = rows.map((row, i) => {
    const where = `INVOICE_TYPES[${i}]`;
    onlyKeys(row, ['code', 'name', 'root', 'element', 'uuid_scheme', 'file_prefix', 'note'], where);
    const root = str(row, 'root', where);
    if (!['Invoice', 'CreditNote', 'DebitNote', 'ApplicationResponse'].includes(root)) fail(`${where}: root ${root}`);
    const element = str(row, 'element', where);
    const typeCodeElement = element.startsWith('cbc:') ? element : null;
    if (typeCodeElement !== null && !['cbc:InvoiceTypeCode', 'cbc:CreditNoteTypeCode'].includes(typeCodeElement)) fail(`${where}: element ${element}`);
    const filePrefix = str(row, 'file_prefix', where);
    if (!['fv', 'nc', 'nd', 'ar', 'ds', 'na'].includes(filePrefix)) fail(`${where}: file_prefix ${filePrefix}`);
    return objectLiteral([
      ['code', str(row, 'code', where)],
      ['name', str(row, 'name', where)],
      ['root', root],
      ['typeCodeElement', typeCodeElement],
      ['uuidScheme', str(row, 'uuid_scheme', where)],
      ['filePrefix', filePrefix],
      ['note', optStr(row, 'note', where)],
    ]);
  });
  return `import type { InvoiceType } from '../types.js';\n\n${arrayExport(
    'Document types (Anexo 1.9 table 13.1.3; 05 and 95 from the documento soporte annex).',
    'INVOICE_TYPES',
    'InvoiceType',
    lines,
  )}`;
};

// ---------------------------------------------------------------------------------------------
// The lists

/** Every JSON list of the data folder and how to render it. The output file is the JSON name in kebab-case. */
const LISTS: readonly ListSpec[] = [
  { json: 'claim_concepts.json', render: objectList('ClaimConcept', 'CLAIM_CONCEPTS', 'Claim concepts for event 031 (Anexo 1.9 table 13.3.12).', CODE_NAME_NOTE) },
  { json: 'countries.json', render: objectList('Country', 'COUNTRIES', 'Countries, ISO 3166-1 alpha-2 with Spanish names (Anexo 1.9 table 13.4.1).', CODE_NAME_NOTE) },
  { json: 'credit_note_concepts.json', render: objectList('CreditNoteConcept', 'CREDIT_NOTE_CONCEPTS', 'Credit-note correction concepts (Anexo 1.9 table 13.2.4).', CODE_NAME_NOTE) },
  { json: 'currencies.json', render: objectList('Currency', 'CURRENCIES', 'Currencies, ISO 4217 (Anexo 1.9 table 13.3.3).', CODE_NAME_NOTE) },
  { json: 'debit_note_concepts.json', render: objectList('DebitNoteConcept', 'DEBIT_NOTE_CONCEPTS', 'Debit-note correction concepts (Anexo 1.9 table 13.2.5).', CODE_NAME_NOTE) },
  { json: 'departments.json', render: objectList('Department', 'DEPARTMENTS', 'Departments, 2-digit DANE codes (Anexo 1.9 table 13.4.2).', CODE_NAME_NOTE) },
  { json: 'discount_codes.json', render: objectList('DiscountCode', 'DISCOUNT_CODES', 'Discount and charge reason codes (Anexo 1.9 table 13.3.8).', CODE_NAME_NOTE) },
  { json: 'environments.json', render: objectList('Environment', 'ENVIRONMENTS', 'Environments, cbc:ProfileExecutionID (Anexo 1.9 table 13.1.1).', CODE_NAME_NOTE) },
  {
    json: 'event_codes.json',
    render: objectList('EventCode', 'EVENT_CODES', 'Event codes (Anexo 1.9 tables 13.1.6 and 13.3.1; RADIAN 035–051 from third-party transcriptions).', [
      ...CODE_NAME_NOTE,
      ['responsible', 'responsible', 'optional'],
    ]),
  },
  { json: 'fiscal_regimes.json', render: objectList('FiscalRegime', 'FISCAL_REGIMES', 'Fiscal regimes, TaxLevelCode@listName (2019 genericode RegimenFiscal).', CODE_NAME_NOTE) },
  {
    json: 'identification_document_types.json',
    render: objectList('IdentificationType', 'IDENTIFICATION_TYPES', 'Identification document types (Anexo 1.9 table 13.2.1).', [
      ...CODE_NAME_NOTE,
      ['has_check_digit', 'hasCheckDigit', 'boolean'],
      ['status', 'status', 'string'],
    ]),
  },
  { json: 'incoterms.json', render: objectList('Incoterm', 'INCOTERMS', 'Delivery terms, Incoterms 2020 (Anexo 1.9 table 13.3.7).', CODE_NAME_NOTE) },
  { json: 'invoice_types.json', render: renderInvoiceTypes },
  { json: 'languages.json', render: objectList('Language', 'LANGUAGES', 'Languages, ISO 639-1 lower case (Anexo 1.9 table 13.3.2).', CODE_NAME_NOTE) },
  { json: 'municipalities.json', render: renderMunicipalities },
  { json: 'operation_types.json', render: renderOperationTypes },
  { json: 'organization_types.json', render: objectList('OrganizationType', 'ORGANIZATION_TYPES', 'Organization types, cbc:AdditionalAccountID (Anexo 1.9 table 13.2.3).', CODE_NAME_NOTE) },
  {
    json: 'party_tax_schemes.json',
    render: objectList('PartyTaxScheme', 'PARTY_TAX_SCHEMES', 'Party tax schemes, PartyTaxScheme/TaxScheme/ID (Anexo 1.9 table 13.2.6.2).', [
      ...CODE_NAME_NOTE,
      ['usage', 'usage', 'string'],
    ]),
  },
  { json: 'payment_means.json', render: objectList('PaymentMeans', 'PAYMENT_MEANS', 'Payment means, cbc:PaymentMeansCode (Anexo 1.9 table 13.3.4.2).', CODE_NAME_NOTE, ['element']) },
  { json: 'payment_methods.json', render: objectList('PaymentMethod', 'PAYMENT_METHODS', 'Payment methods (forma de pago), PaymentMeans/cbc:ID (Anexo 1.9 table 13.3.4.1).', CODE_NAME_NOTE, ['element']) },
  { json: 'postal_codes.json', extraSources: [POSTAL_TABLE], render: renderPostalCodes },
  {
    json: 'product_standard_id_schemes.json',
    render: objectList('ProductStandardScheme', 'PRODUCT_STANDARD_SCHEMES', 'Product identification schemes, StandardItemIdentification/ID@schemeID (Anexo 1.9 table 13.3.5).', [
      ...CODE_NAME_NOTE,
      ['schemeAgencyID', 'schemeAgencyID', 'nullable'],
    ]),
  },
  { json: 'reference_price_codes.json', render: objectList('ReferencePriceCode', 'REFERENCE_PRICE_CODES', 'Reference-price codes, PriceTypeCode (Anexo 1.9 table 13.3.10).', CODE_NAME_NOTE) },
  {
    json: 'tax_rates.json',
    render: objectList('TaxRate', 'TAX_RATES', 'Informative tax rates (Anexo 1.9 table 13.3.11), in source order.', [
      ['tax_code', 'taxCode', 'string'],
      ['tax_name', 'taxName', 'string'],
      ['percent', 'percent', 'nullable'],
      ['description', 'description', 'string'],
      ['nominal_rate', 'nominalRate', 'optional'],
      ['year', 'year', 'optional'],
      ['note', 'note', 'optional'],
    ]),
  },
  { json: 'tax_responsibilities.json', render: objectList('TaxResponsibility', 'TAX_RESPONSIBILITIES', 'Fiscal responsibilities, cbc:TaxLevelCode (Anexo 1.9 table 13.2.6.1).', CODE_NAME_NOTE) },
  { json: 'tax_types.json', extraSources: ['tax_rates.json'], render: renderTaxTypes },
  { json: 'units_of_measure.json', render: objectList('UnitOfMeasure', 'UNITS_OF_MEASURE', 'Units of measure, @unitCode (Anexo 1.9 table 13.3.6).', CODE_NAME_NOTE) },
  {
    json: 'uuid_algorithms.json',
    render: objectList('UuidAlgorithm', 'UUID_ALGORITHMS', 'UUID@schemeName values (2019 genericode AlgoritmoCUFE/AlgoritmoCUDE; CUDS from the documento soporte annex).', [
      ['code', 'code', 'string'],
      ['applies_to', 'appliesTo', 'string'],
    ]),
  },
];

/** Output file name of a JSON list: `tax_types.json` → `tax-types.ts`. */
function outputName(json: string): string {
  return `${json.replace(/\.json$/, '').replace(/_/g, '-')}.ts`;
}

/**
 * Renders every generated module from the data folder, without touching the disk's output.
 *
 * @returns file name (inside `generated/`) → file content.
 * @throws Error when a JSON file has no spec here, a row has an unknown key, or the data is inconsistent.
 */
export function renderCodelists(dataDir: string = DEFAULT_DATA_DIR): Map<string, string> {
  const data = dataReader(dataDir);
  const present = readdirSync(dataDir).filter((f) => f.endsWith('.json')).sort();
  const handled = new Set(LISTS.map((l) => l.json));
  const unhandled = present.filter((f) => !handled.has(f));
  if (unhandled.length > 0) fail(`no generator for ${unhandled.join(', ')} — add it to LISTS`);
  const out = new Map<string, string>();
  for (const spec of LISTS) {
    const sources = [spec.json, ...(spec.extraSources ?? [])].map((s) => `../shared/data/${s}`).join(', ');
    const header = [
      '// GENERATED FILE — do not edit by hand.',
      `// Generated by scripts/gen-codelists.ts from ${sources}`,
      '// (provenance of the data: ../shared/data/SOURCES.md). Regenerate with `npm run gen:codelists`.',
      '',
    ].join('\n');
    out.set(outputName(spec.json), `${header}${spec.render(data.json(spec.json), data)}`);
  }
  return out;
}

/** Lists generated files that differ from, are missing from, or are extra in `generatedDir`. */
export function staleCodelists(rendered: Map<string, string>, generatedDir: string = GENERATED_DIR): string[] {
  const problems: string[] = [];
  for (const [file, content] of rendered) {
    const target = path.join(generatedDir, file);
    if (!existsSync(target)) problems.push(`missing ${file}`);
    else if (readFileSync(target, 'utf8') !== content) problems.push(`out of date ${file}`);
  }
  if (existsSync(generatedDir)) {
    for (const file of readdirSync(generatedDir)) {
      if (file.endsWith('.ts') && !rendered.has(file)) problems.push(`stale ${file}`);
    }
  }
  return problems;
}

function main(argv: readonly string[]): number {
  const dataIndex = argv.indexOf('--data');
  const dataDir = dataIndex >= 0 && argv[dataIndex + 1] !== undefined ? path.resolve(argv[dataIndex + 1] as string) : DEFAULT_DATA_DIR;
  if (!existsSync(dataDir)) {
    console.error(`gen-codelists: data folder not found: ${dataDir}`);
    return 2;
  }
  const rendered = renderCodelists(dataDir);
  if (argv.includes('--check')) {
    const problems = staleCodelists(rendered);
    for (const p of problems) console.error(`gen-codelists: ${p}`);
    if (problems.length === 0) console.log(`gen-codelists: ${rendered.size} files up to date`);
    return problems.length === 0 ? 0 : 1;
  }
  mkdirSync(GENERATED_DIR, { recursive: true });
  for (const file of readdirSync(GENERATED_DIR)) {
    if (file.endsWith('.ts') && !rendered.has(file)) rmSync(path.join(GENERATED_DIR, file));
  }
  for (const [file, content] of rendered) writeFileSync(path.join(GENERATED_DIR, file), content);
  console.log(`gen-codelists: wrote ${rendered.size} files to ${path.relative(REPO_ROOT, GENERATED_DIR)} from ${dataDir}`);
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2));
}
