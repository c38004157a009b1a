import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { benchInputs, type BenchFigure } from '../bench/core-bench.js';
import { buildDocument } from '../core/ubl/build.js';
import {
  colombiaDateAndTime,
  compareWithRsa,
  createAttachedDocument,
  createThrowawayIdentity,
  loadPkcs12,
  measureVerifyRate,
  signXml,
  SigningError,
  verifyXml,
  type SigningIdentity,
} from '../signing/index.js';
import { BENCH_SECTIONS } from './bench-command.js';
import { setSignHook, type Command } from './registry.js';

function loadIdentity(certPath: string, password: string, at: Date): SigningIdentity {
  return loadPkcs12(readFileSync(certPath), password, { at });
}

function reportSigningError(e: unknown): number {
  if (e instanceof SigningError) {
    process.stderr.write(`Error de firma: ${e.message}\n`);
    return 1;
  }
  throw e;
}

/** `previa verify <file.xml> [--technical-key K | --pin P] [--json]`: exit 0 valid, 1 invalid. */
const verifyCommand: Command = (args) => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { 'technical-key': { type: 'string' }, pin: { type: 'string' }, json: { type: 'boolean' } },
  });
  const file = positionals[0];
  if (!file) {
    process.stderr.write('Uso: previa verify <archivo.xml> [--technical-key K | --pin P] [--json]\n');
    return 2;
  }
  const result = verifyXml(readFileSync(file), {
    ...(values['technical-key'] && { technicalKey: values['technical-key'] }),
    ...(values.pin && { softwarePin: values.pin }),
  });
  if (values.json) {
    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  } else {
    for (const c of result.checks) process.stdout.write(`${c.ok ? 'OK   ' : 'FALLA'} ${c.message}\n`);
    if (result.certificate) process.stdout.write(`Certificado: ${result.certificate.subject} (emisor ${result.certificate.issuer})\n`);
    if (result.signingTime) process.stdout.write(`Fecha de firma: ${result.signingTime}\n`);
    process.stdout.write(result.valid ? 'Resultado: FIRMA VÁLIDA\n' : `Resultado: FIRMA INVÁLIDA — ${result.reason ?? ''}\n`);
  }
  return result.valid ? 0 : 1;
};

/** `previa attach <signed.xml> <dian-application-response.xml> --cert … --password … [-o out.xml]`. */
const attachCommand: Command = (args) => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { cert: { type: 'string' }, password: { type: 'string' }, output: { type: 'string', short: 'o' } },
  });
  const [signedPath, responsePath] = positionals;
  if (!signedPath || !responsePath || !values.cert) {
    process.stderr.write('Uso: previa attach <firmado.xml> <respuesta-dian.xml> --cert firma.p12 --password clave [-o salida.xml]\n');
    return 2;
  }
  const now = new Date();
  try {
    const identity = loadIdentity(values.cert, values.password ?? process.env.PREVIA_CERT_PASSWORD ?? '', now);
    const { date, time } = colombiaDateAndTime(now);
    const xml = createAttachedDocument(
      { signedDocumentXml: readFileSync(signedPath, 'utf8'), applicationResponseXml: readFileSync(responsePath, 'utf8'), issueDate: date, issueTime: time },
      identity,
      { signingTime: now },
    );
    if (values.output) writeFileSync(values.output, xml);
    else process.stdout.write(xml + '\n');
    return 0;
  } catch (e) {
    return reportSigningError(e);
  }
};

/** Signing throughput figures for `previa bench`. */
function signingBench(ms: number): BenchFigure[] {
  const identity = createThrowawayIdentity();
  const { inputs } = benchInputs();
  const signingTime = new Date('2026-11-27T15:15:00Z');
  let i = 0;
  const comparison = compareWithRsa(() => {
    const built = buildDocument(inputs[i++ % inputs.length]!);
    signXml(built.xml, identity, { signingTime, input: 'trusted', checkValidity: false });
  }, ms);
  const signed = signXml(buildDocument(inputs[0]!).xml, identity, { signingTime, input: 'trusted', checkValidity: false });
  const verify = measureVerifyRate(signed, ms);
  return [
    { name: 'firmadas (build + CUFE + XAdES-EPES)', value: comparison.rate, unit: 'docs/s', target: 1500 },
    { name: 'firmas RSA-2048 de esta máquina (misma corrida)', value: comparison.rsaRate, unit: 'firmas/s' },
    { name: 'razón firmadas / RSA-2048', value: comparison.ratio, unit: 'ratio', target: 0.6 },
    { name: 'verificaciones (verify, C14N general)', value: verify, unit: 'docs/s' },
  ];
}

/** Registers verify, attach, the signing hook of `build --cert` and the signing bench section. */
export function registerSigningCommands(register: (name: string, cmd: Command) => void): void {
  register('verify', verifyCommand);
  register('attach', attachCommand);
  setSignHook(async (xml, certPath, password) => {
    const now = new Date();
    const identity = loadIdentity(certPath, password || process.env.PREVIA_CERT_PASSWORD || '', now);
    return signXml(xml, identity, { signingTime: now, input: 'trusted' });
  });
  BENCH_SECTIONS.push({ title: 'Firma y verificación (un núcleo)', run: signingBench });
}
