/**
 * Independent checkers for tests: xmlsec1 for the WS-Security signature and xmllint for the
 * request/response bodies against DIAN's WSDL schemas (`../shared/schemas/dian-wsdl/`).
 * Each returns undefined when the tool or the schemas are absent, so tests can skip.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const WSDL_DIR = fileURLToPath(new URL('../../../../shared/schemas/dian-wsdl/', import.meta.url));

function hasTool(name: string): boolean {
  return spawnSync(name, ['--version'], { stdio: 'ignore' }).status === 0;
}

/** Whether xmlsec1 is installed. */
export const HAS_XMLSEC = hasTool('xmlsec1');
/** Whether xmllint is installed and the WSDL schemas are present. */
export const HAS_WSDL_SCHEMAS = hasTool('xmllint') && existsSync(join(WSDL_DIR, 'xsd0.xsd'));

let localSchemas: string | undefined;

/** A copy of the WSDL schemas with the imports pointing at local files. */
function schemaDir(): string {
  if (localSchemas) return localSchemas;
  const dir = mkdtempSync(join(tmpdir(), 'previa-wsdl-'));
  cpSync(WSDL_DIR, dir, { recursive: true });
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.xsd'))) {
    const p = join(dir, f);
    writeFileSync(p, readFileSync(p, 'utf8').replace(/https:\/\/vpfe(?:-hab)?\.dian\.gov\.co\/WcfDianCustomerServices\.svc\?xsd=(xsd\d+)/g, '$1.xsd'));
  }
  // xsd11 (GetDocumentInfo) imports sub-schemas that were not copied (schemas/README.md): replace
  // it with a stub declaring its one type, unused by Previa.
  writeFileSync(
    join(dir, 'xsd11.xsd'),
    '<?xml version="1.0" encoding="utf-8"?><xs:schema elementFormDefault="qualified" targetNamespace="http://schemas.datacontract.org/2004/07/DocumentInfoResponse" xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:complexType name="DocumentInfoResponse"><xs:sequence><xs:any minOccurs="0" maxOccurs="unbounded" processContents="skip"/></xs:sequence></xs:complexType></xs:schema>',
  );
  localSchemas = dir;
  return dir;
}

/** Verifies the envelope's signature with `xmlsec1 --verify`; returns xmlsec1's output on failure. */
export function xmlsecVerifyEnvelope(envelope: string, certificatePem: string): { ok: boolean; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'previa-xmlsec-'));
  writeFileSync(join(dir, 'env.xml'), envelope);
  writeFileSync(join(dir, 'cert.pem'), certificatePem);
  const r = spawnSync(
    'xmlsec1',
    ['--verify', '--id-attr:Id', 'http://www.w3.org/2005/08/addressing:To', '--pubkey-cert-pem', join(dir, 'cert.pem'), join(dir, 'env.xml')],
    { encoding: 'utf8' },
  );
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}

/**
 * Validates the first element of the SOAP body against `xsd0.xsd` (the operation request or
 * response element), declaring the service namespace on it so it stands alone.
 */
export function validateBodyAgainstWsdl(envelope: string): { ok: boolean; output: string } {
  const m = /<([\w-]+:)?Body>([\s\S]*)<\/([\w-]+:)?Body>/.exec(envelope);
  if (!m) return { ok: false, output: 'sin soap:Body' };
  let payload = m[2]!;
  // Our requests use the wcf prefix declared on the Envelope: declare it on the payload.
  payload = payload.replace(/^<wcf:([A-Za-z]+)/, '<wcf:$1 xmlns:wcf="http://wcf.dian.colombia"');
  const dir = schemaDir();
  const file = join(dir, `body-${process.pid}-${Date.now()}.xml`);
  writeFileSync(file, payload);
  try {
    const out = execFileSync('xmllint', ['--noout', '--nonet', '--schema', join(dir, 'xsd0.xsd'), file], { encoding: 'utf8', stdio: 'pipe' });
    return { ok: true, output: out };
  } catch (e) {
    const err = e as { stderr?: string; stdout?: string };
    return { ok: false, output: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}
