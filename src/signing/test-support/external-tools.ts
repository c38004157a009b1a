/**
 * The independent checkers the signing tests compare against: Debian's `xmlsec1` (signature)
 * and `xmllint` (relaxed DIAN XSD), plus the reference folder ../shared. Tests that need one of
 * them skip with a clear message when it is absent.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sharedDir } from './fixtures.js';

function available(command: string, arg: string): boolean {
  const r = spawnSync(command, [arg], { encoding: 'utf8' });
  return r.error === undefined;
}

/** True when `xmlsec1` can be run. */
export const HAS_XMLSEC1 = available('xmlsec1', '--version');
/** True when `xmllint` can be run. */
export const HAS_XMLLINT = available('xmllint', '--version');
/** The ../shared folder, when present. */
export const SHARED_DIR = sharedDir();
/** The relaxed DIAN XSD, when ../shared is present. */
export const RELAXED_XSD = SHARED_DIR ? join(SHARED_DIR, 'schemas/ubl21-dian/DIAN-UBL-2.1-relaxed.xsd') : undefined;

/** Why a test group is skipped, for the test title. */
export function skipReason(needs: { xmlsec1?: boolean; xmllint?: boolean; shared?: boolean }): string {
  const missing: string[] = [];
  if (needs.xmlsec1 && !HAS_XMLSEC1) missing.push('xmlsec1 (apt-get install xmlsec1)');
  if (needs.xmllint && !HAS_XMLLINT) missing.push('xmllint (apt-get install libxml2-utils)');
  if (needs.shared && !SHARED_DIR) missing.push('../shared (material de referencia)');
  return missing.length ? ` [OMITIDO: falta ${missing.join(', ')}]` : '';
}

function withTempFile<T>(content: string | Uint8Array, fn: (path: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'previa-signing-'));
  const path = join(dir, 'doc.xml');
  try {
    writeFileSync(path, content);
    return fn(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `xmlsec1 --verify --enabled-key-data x509 --insecure` on a file or on XML text. */
export function xmlsec1Verify(input: { path: string } | { xml: string | Uint8Array }): { ok: boolean; output: string } {
  const run = (path: string) => {
    const r = spawnSync('xmlsec1', ['--verify', '--enabled-key-data', 'x509', '--insecure', path], { encoding: 'utf8' });
    return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
  };
  return 'path' in input ? run(input.path) : withTempFile(input.xml, run);
}

/** Validates XML text against the relaxed DIAN XSD with xmllint. */
export function xmllintValidate(xml: string): { ok: boolean; output: string } {
  return withTempFile(xml, (path) => {
    const r = spawnSync('xmllint', ['--noout', '--nonet', '--schema', RELAXED_XSD!, path], { encoding: 'utf8' });
    return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
  });
}
