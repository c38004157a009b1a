/**
 * CLI commands for DIAN's web services: `send`, `status`, `numbering-ranges` (the client) and
 * `dian-simulator` (the simulator). The lead wires them in with
 * `registerDianCommands(registerCommand)`.
 *
 * Exit codes of the client commands: 0 accepted / OK, 1 rejected (including Regla 90) or a
 * negative answer, 2 no DIAN verdict (transport failure or SOAP fault / request refused).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { loadPkcs12 } from '../signing/pkcs12.js';
import { createDianClient, type DianClient } from '../dian/client/client.js';
import { classifyDianResponse } from '../dian/client/responses.js';
import type { DianFailure, DianResponse, RuleMessage } from '../dian/client/types.js';
import { DEMO, DEMO_CONFIG, parseSimulatorConfig } from '../dian/simulator/config.js';
import { startSimulator } from '../dian/simulator/server.js';
import { zipDocuments } from '../dian/soap/zip.js';

type Register = (name: string, cmd: (args: string[]) => Promise<number>) => void;

const out = (s: string) => process.stdout.write(`${s}\n`);
const err = (s: string) => process.stderr.write(`${s}\n`);

const CONNECTION_OPTIONS = {
  env: { type: 'string' },
  cert: { type: 'string' },
  password: { type: 'string' },
  timeout: { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** Builds the client from --env/--cert/--password (password may come from PREVIA_CERT_PASSWORD). */
function clientFrom(values: { env?: string; cert?: string; password?: string; timeout?: string }): DianClient | string {
  if (!values.env) return 'Falta --env (habilitacion, produccion o la URL del servicio).';
  if (!values.cert) return 'Falta --cert (certificado .p12/.pfx con el que se firma el encabezado WS-Security).';
  const password = values.password ?? process.env.PREVIA_CERT_PASSWORD;
  if (password === undefined) return 'Falta --password (o la variable de entorno PREVIA_CERT_PASSWORD).';
  try {
    const identity = loadPkcs12(readFileSync(values.cert), password);
    return createDianClient({
      environment: values.env,
      identity,
      ...(values.timeout !== undefined && { timeoutMs: Number(values.timeout) }),
    });
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

function printRules(messages: RuleMessage[]): void {
  for (const m of messages) {
    const label = m.severity === 'rejection' ? 'Rechazo' : m.severity === 'notification' ? 'Notificación' : 'Regla';
    out(`  - ${m.ruleId || '?'} [${label}] ${m.message}`);
  }
}

function printResponse(r: DianResponse): void {
  out(`StatusCode: ${r.statusCode || '(vacío)'} — ${r.statusDescription ?? ''}`);
  if (r.statusMessage) out(r.statusMessage);
  if (r.xmlDocumentKey) out(`CUFE/CUDE: ${r.xmlDocumentKey}`);
  if (r.errorMessages.length > 0) {
    out('Reglas:');
    printRules(r.errorMessages);
  }
}

function printFailure(f: DianFailure): void {
  err(f.message);
  if (f.kind === 'transport') {
    err(f.uncertain ? 'La DIAN pudo haber procesado la petición: consulte el estado (previa status <CUFE>) antes de reenviar.' : 'Puede reintentar.');
  }
}

function exitFor(r: DianResponse): number {
  const v = classifyDianResponse(r);
  return v === 'accepted' ? 0 : v === 'unavailable' || v === 'unknown' || v === 'pending' ? 2 : 1;
}

async function pollZip(client: DianClient, zipKey: string, maxMs = 5 * 60_000): Promise<DianResponse[] | DianFailure> {
  const start = Date.now();
  let delay = 1000;
  for (;;) {
    const r = await client.getStatusZip(zipKey);
    if (!r.ok) return r.failure;
    const pending = r.value.length === 1 && r.value[0]!.statusCode === '' && /en proceso/i.test(r.value[0]!.statusDescription ?? '');
    if (!pending) return r.value;
    if (Date.now() - start > maxMs) return r.value;
    await new Promise((res) => setTimeout(res, delay));
    delay = Math.min(delay * 2, 10_000);
  }
}

/** `previa send <signed.xml> --env … --cert … --password … [--test-set-id ID] [--out respuesta.xml]`. */
async function sendCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ...CONNECTION_OPTIONS, 'test-set-id': { type: 'string' }, out: { type: 'string', short: 'o' } },
  });
  const file = positionals[0];
  if (!file) {
    err('Uso: previa send <firmado.xml> --env <habilitacion|produccion|URL> --cert firma.p12 --password clave [--test-set-id ID] [-o respuesta.xml]');
    return 2;
  }
  const client = clientFrom(values);
  if (typeof client === 'string') {
    err(client);
    return 2;
  }
  const xml = readFileSync(file);
  const entry = basename(file).replace(/\.xml$/i, '') + '.xml';
  const zipName = entry.replace(/\.xml$/, '.zip').replace(/^(fv|nc|nd|ar)/, 'z');
  const zip = zipDocuments([{ name: entry, content: new Uint8Array(xml) }]);

  if (values['test-set-id']) {
    const up = await client.sendTestSetAsync(zipName, zip, values['test-set-id']);
    if (!up.ok) {
      printFailure(up.failure);
      return 2;
    }
    if (!up.value.zipKey) {
      err('La DIAN no recibió el archivo:');
      for (const m of up.value.errorMessageList) err(`  - ${m.processedMessage ?? ''}`);
      return 1;
    }
    out(`Set de pruebas: archivo recibido. ZipKey: ${up.value.zipKey}`);
    const results = await pollZip(client, up.value.zipKey);
    if (!Array.isArray(results)) {
      printFailure(results);
      return 2;
    }
    if (values.json) out(JSON.stringify(results, (k, v) => (v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v), 2));
    else results.forEach(printResponse);
    return Math.max(...results.map(exitFor));
  }

  const r = await client.sendBillSync(zipName, zip);
  if (values.json) {
    out(JSON.stringify({ status: r.status, ...('response' in r ? { response: r.response } : { failure: r.failure }) }, (k, v) => (v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v), 2));
  }
  switch (r.status) {
    case 'accepted':
    case 'rejected':
    case 'duplicate':
      if (!values.json) {
        out(r.status === 'accepted' ? 'Documento ACEPTADO por la DIAN.' : r.status === 'duplicate' ? 'Documento procesado anteriormente (Regla 90): consulte su estado con previa status <CUFE>.' : 'Documento RECHAZADO por la DIAN.');
        printResponse(r.response);
      }
      if (values.out && r.response.xmlBase64Bytes) {
        writeFileSync(values.out, r.response.xmlBase64Bytes);
        if (!values.json) out(`ApplicationResponse de la DIAN guardado en ${values.out}`);
      }
      return r.status === 'accepted' ? 0 : 1;
    default:
      printFailure(r.failure);
      return 2;
  }
}

/** `previa status <trackId> --env … --cert … --password … [--zip]`. */
async function statusCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { ...CONNECTION_OPTIONS, zip: { type: 'boolean' } } });
  const trackId = positionals[0];
  if (!trackId) {
    err('Uso: previa status <CUFE/CUDE | ZipKey> --env <habilitacion|produccion|URL> --cert firma.p12 --password clave [--zip]');
    return 2;
  }
  const client = clientFrom(values);
  if (typeof client === 'string') {
    err(client);
    return 2;
  }
  const isZip = values.zip || /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(trackId);
  if (isZip) {
    const r = await client.getStatusZip(trackId);
    if (!r.ok) {
      printFailure(r.failure);
      return 2;
    }
    if (values.json) out(JSON.stringify(r.value, (k, v) => (v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v), 2));
    else r.value.forEach(printResponse);
    return Math.max(0, ...r.value.map(exitFor));
  }
  const r = await client.getStatus(trackId);
  if (!r.ok) {
    printFailure(r.failure);
    return 2;
  }
  if (values.json) out(JSON.stringify(r.value, (k, v) => (v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v), 2));
  else printResponse(r.value);
  return exitFor(r.value);
}

/** `previa numbering-ranges --nit N [--owner-nit N] --software-id ID --env … --cert … --password …`. */
async function numberingRangesCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { ...CONNECTION_OPTIONS, nit: { type: 'string' }, 'owner-nit': { type: 'string' }, 'software-id': { type: 'string' } },
  });
  if (!values.nit || !values['software-id']) {
    err('Uso: previa numbering-ranges --nit <NIT sin DV> [--owner-nit <NIT del dueño del software>] --software-id <ID> --env … --cert … --password …');
    return 2;
  }
  const client = clientFrom(values);
  if (typeof client === 'string') {
    err(client);
    return 2;
  }
  const nit = values.nit.replace(/-\d$/, '');
  const r = await client.getNumberingRange({ accountCode: nit, accountCodeT: (values['owner-nit'] ?? nit).replace(/-\d$/, ''), softwareCode: values['software-id'] });
  if (!r.ok) {
    printFailure(r.failure);
    return 2;
  }
  if (values.json) {
    out(JSON.stringify(r.value, null, 2));
  } else {
    out(`OperationCode: ${r.value.operationCode} — ${r.value.operationDescription ?? ''}`);
    for (const x of r.value.responseList) {
      out(`  Prefijo ${x.prefix || '(sin prefijo)'}: ${x.fromNumber}–${x.toNumber}, resolución ${x.resolutionNumber} del ${x.resolutionDate}, vigente ${x.validDateFrom} a ${x.validDateTo}`);
      out(`    Clave técnica: ${x.technicalKey}`);
    }
  }
  return r.value.operationCode === '100' ? 0 : 1;
}

/** `previa dian-simulator [--port 8043] [--host 127.0.0.1] [--config sim.json] [--state estado.json]`. */
async function simulatorCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { port: { type: 'string' }, host: { type: 'string' }, config: { type: 'string' }, state: { type: 'string' }, quiet: { type: 'boolean' } },
  });
  let config;
  try {
    config = values.config ? parseSimulatorConfig(JSON.parse(readFileSync(values.config, 'utf8'))) : parseSimulatorConfig(DEMO_CONFIG);
  } catch (e) {
    err(e instanceof Error ? e.message : String(e));
    return 2;
  }
  const sim = await startSimulator({
    port: values.port !== undefined ? Number(values.port) : 8043,
    ...(values.host !== undefined && { host: values.host }),
    config,
    ...(values.state !== undefined && { stateFile: values.state }),
    ...(!values.quiet && { onRequest: (i: { operation: string; status: number; durationMs: number }) => out(`${new Date().toISOString()} ${i.operation} → HTTP ${i.status} (${i.durationMs} ms)`) }),
  });
  out(`Simulador DIAN (${config.environment}) escuchando en ${sim.url}`);
  if (!values.config) {
    out(`Configuración de demostración: NIT ${DEMO.nit}, SoftwareID ${DEMO.softwareId}, PIN ${DEMO.pin}, TestSetId ${DEMO.testSetId}, rango SETP 990000000–995000000.`);
  }
  out('Use --env con esa URL en previa send/status/numbering-ranges. Ctrl+C para detener.');
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await sim.close();
  return 0;
}

/** Registers `send`, `status`, `numbering-ranges` and `dian-simulator`. */
export function registerDianCommands(register: Register): void {
  register('send', sendCommand);
  register('status', statusCommand);
  register('numbering-ranges', numberingRangesCommand);
  register('dian-simulator', simulatorCommand);
}
