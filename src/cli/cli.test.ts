/**
 * The CLI as users run it: `node dist/cli/main.js build|validate …` in a child process.
 * `npm test` builds first; when dist/ is missing or older than src/, beforeAll rebuilds it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES_DIR, ROOT, goldenPath, loadExample, replaceOnce } from '../../test/support/fixtures.js';

const MAIN = join(ROOT, 'dist', 'cli', 'main.js');
const TECHNICAL_KEY = 'fc8eac422eba16e22ffd8c6f94b3f40a6e38162c';
let dir = '';

/** Newest modification time of the non-test TypeScript sources under src/. */
function newestSource(path: string): number {
  let newest = 0;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const p = join(path, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

beforeAll(() => {
  if (!existsSync(MAIN) || statSync(MAIN).mtimeMs < newestSource(join(ROOT, 'src'))) {
    // tsc emits even with type errors elsewhere; the tests below judge the CLI that results.
    try {
      execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'pipe' });
    } catch {
      /* reported by `npm run typecheck`; go on if dist/cli/main.js exists */
    }
  }
  expect(existsSync(MAIN), `${MAIN} missing: run npm run build`).toBe(true);
  dir = mkdtempSync(join(tmpdir(), 'previa-cli-'));
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [MAIN, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tmp(name: string, content: string): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

const example = (name: string) => join(EXAMPLES_DIR, `${name}.json`);
const golden = (name: string) => readFileSync(goldenPath(name), 'utf8');

function invalidInvoice(): string {
  const json = loadExample('invoice') as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  json.lines[1].taxes[0].percent = 'diecinueve';
  return tmp('invalid.json', JSON.stringify(json));
}

describe('previa build', () => {
  it('writes the XML to stdout and exits 0', () => {
    const r = cli('build', example('invoice'));
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(golden('invoice') + '\n');
    expect(r.stderr).toBe('');
  });

  it('-o writes the exact bytes to a file', () => {
    const out = join(dir, 'out.xml');
    const r = cli('build', example('credit-note'), '-o', out);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toBe(golden('credit-note'));
  });

  it('exits 1 with the Spanish report on invalid input', () => {
    const r = cli('build', invalidInvoice());
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Error en lines[1].taxes[0].percent: Debe ser un número decimal');
    expect(r.stderr).toContain('Resultado: ENTRADA INVÁLIDA (1 error)');
  });

  it('semantic issues name their DIAN rule', () => {
    const json = loadExample('invoice') as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    json.supplier.dv = '0';
    const r = cli('build', tmp('dv.json', JSON.stringify(json)));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Error en supplier.dv (regla FAJ24)');
  });

  it('exits 1 on malformed JSON', () => {
    const r = cli('build', tmp('broken.json', '{"kind": "invoice",'));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/Error en \(documento\): JSON inválido/);
  });

  it('exits 2 without a file', () => {
    const r = cli('build');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/Uso: previa build/);
  });
});

describe('previa validate (JSON)', () => {
  it('exits 0 with no rejection and prints the Spanish summary', () => {
    const r = cli('validate', example('invoice'));
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Resultado: SIN RECHAZOS/);
  });

  it('--json prints the report with number and uuid', () => {
    const r = cli('validate', example('invoice'), '--json');
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({ ok: true, kind: 'invoice', number: 'SETP990000001' });
    expect(report.uuid).toMatch(/^[0-9a-f]{96}$/);
    expect(Array.isArray(report.issues)).toBe(true);
    expect(Array.isArray(report.skipped)).toBe(true);
    for (const i of report.issues as Array<Record<string, unknown>>) {
      expect(Object.keys(i)).toEqual(expect.arrayContaining(['layer', 'ruleId', 'severity', 'path', 'message']));
    }
  });

  it('--reception-date enables the date-window rules (late sending → FAD09c, exit 1)', () => {
    const r = cli('validate', example('invoice'), '--json', '--reception-date', '2026-12-20');
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout) as { ok: boolean; issues: Array<{ ruleId: string }> };
    expect(report.ok).toBe(false);
    expect(report.issues.map((i) => i.ruleId)).toContain('FAD09c');
  });

  it('invalid input: exit 1, --json gives stage "input" and the issues', () => {
    const r = cli('validate', invalidInvoice(), '--json');
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({
      ok: false,
      stage: 'input',
      issues: [{ path: 'lines[1].taxes[0].percent', message: expect.stringMatching(/número decimal/) }],
    });
  });
});

describe('previa validate (XML)', () => {
  it('a golden invoice: exit 0; the CUFE check is skipped without the technical key', () => {
    const r = cli('validate', goldenPath('invoice'), '--json');
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as { ok: boolean; skipped: string[] };
    expect(report.ok).toBe(true);
    expect(report.skipped).toContain('FAD06');
  });

  it('with --technical-key the CUFE is checked and passes', () => {
    const r = cli('validate', goldenPath('invoice'), '--json', '--technical-key', TECHNICAL_KEY);
    expect(r.status).toBe(0);
    expect((JSON.parse(r.stdout) as { skipped: string[] }).skipped).not.toContain('FAD06');
  });

  it('a wrong PayableAmount is a rejection (FAD06: the CUFE no longer matches), exit 1', () => {
    const xml = golden('invoice');
    const mutated = replaceOnce(xml, '<cbc:PayableAmount currencyID="COP">5643188.00</cbc:PayableAmount>', '<cbc:PayableAmount currencyID="COP">5643189.00</cbc:PayableAmount>');
    const r = cli('validate', tmp('wrong-payable.xml', mutated), '--json', '--technical-key', TECHNICAL_KEY);
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout) as { ok: boolean; issues: Array<{ ruleId: string; severity: string; path: string }> };
    expect(report.ok).toBe(false);
    expect(report.issues).toContainEqual(expect.objectContaining({ ruleId: 'FAD06', severity: 'rejection', path: '/Invoice/cbc:UUID' }));
  });

  it('a wrong UBLVersionID is a rejection without any context (FAD01), human output', () => {
    const mutated = replaceOnce(golden('invoice'), '<cbc:UBLVersionID>UBL 2.1</cbc:UBLVersionID>', '<cbc:UBLVersionID>UBL 2.0</cbc:UBLVersionID>');
    const r = cli('validate', tmp('ubl20.xml', mutated));
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/Rechazo FAD01 \/Invoice\/cbc:UBLVersionID/);
    expect(r.stdout).toMatch(/Resultado: RECHAZADO/);
  });

  it('malformed XML: ZB01, exit 1', () => {
    const r = cli('validate', tmp('broken.xml', golden('invoice').slice(0, 500)), '--json');
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout) as { issues: Array<{ ruleId: string; layer: string }> };
    expect(report.issues).toEqual([expect.objectContaining({ ruleId: 'ZB01', layer: 'xsd' })]);
  });

  it('an unknown root: ZB05, exit 1', () => {
    const r = cli('validate', tmp('other.xml', '<?xml version="1.0"?><Order xmlns="urn:x"/>'), '--json');
    expect(r.status).toBe(1);
    expect((JSON.parse(r.stdout) as { issues: Array<{ ruleId: string }> }).issues.map((i) => i.ruleId)).toEqual(['ZB05']);
  });
});

describe('usage', () => {
  it('unknown command: exit 2 with help on stderr', () => {
    const r = cli('facturar');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/Comando desconocido: facturar/);
  });

  it('help: exit 0', () => {
    const r = cli('help');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/previa build/);
  });
});
