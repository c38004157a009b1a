/**
 * `previa receive` and `previa event` (issue #8): thin shells over the REST API of a running
 * Previa (`--url`, default `PREVIA_URL` or http://localhost:3000; `--api-key`, default
 * `PREVIA_API_KEY` or `<PREVIA_DATA_DIR>/demo-api-key.txt`). `receive --offline --nit N` checks a
 * file locally without a server.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { analyzeReceived } from '../app/reception-analysis.js';
import { DEFAULT_RECEPTION_CONFIG } from '../app/reception-deps.js';

type Command = (args: string[]) => Promise<number> | number;
type Json = Record<string, unknown>;

interface Api {
  url: string;
  key: string | undefined;
}

function apiFrom(values: { url?: string; 'api-key'?: string }): Api {
  const url = (values.url ?? process.env.PREVIA_URL ?? 'http://localhost:3000').replace(/\/+$/, '');
  const keyFile = join(resolve(process.env.PREVIA_DATA_DIR ?? './data'), 'demo-api-key.txt');
  const key = values['api-key'] ?? process.env.PREVIA_API_KEY ?? (existsSync(keyFile) ? readFileSync(keyFile, 'utf8').trim() : undefined);
  return { url, key };
}

async function request(api: Api, method: string, path: string, body?: Uint8Array | Json): Promise<{ ok: true; status: number; json: Json } | { ok: false; error: string }> {
  if (!api.key) return { ok: false, error: 'Falta la API key: use --api-key, PREVIA_API_KEY o data/demo-api-key.txt' };
  try {
    const bytes = body instanceof Uint8Array;
    const res = await fetch(`${api.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${api.key}`, 'content-type': bytes ? 'application/octet-stream' : 'application/json' },
      ...(body !== undefined && { body: bytes ? (body as never) : JSON.stringify(body) }),
    });
    const text = await res.text();
    let json: Json;
    try {
      json = JSON.parse(text) as Json;
    } catch {
      json = { raw: text };
    }
    return { ok: true, status: res.status, json };
  } catch (e) {
    return { ok: false, error: `No se pudo conectar con ${api.url}: ${e instanceof Error ? e.message : String(e)}` };
  }
}

const OUTCOME: Record<string, string> = { ok: 'OK     ', failed: 'FALLA  ', skipped: 'OMITIDO' };

function printChecks(checks: Array<{ check: string; outcome: string; message: string }>): void {
  for (const c of checks) process.stdout.write(`  ${OUTCOME[c.outcome] ?? c.outcome} ${c.check}: ${c.message}\n`);
}

function printError(r: { status: number; json: Json }): void {
  const e = r.json.error as { message?: string; issues?: Array<{ ruleId?: string; message: string }> } | undefined;
  process.stderr.write(`Error ${r.status}: ${e?.message ?? JSON.stringify(r.json)}\n`);
  for (const i of e?.issues ?? []) process.stderr.write(`  ${i.ruleId ? `Regla ${i.ruleId}: ` : ''}${i.message}\n`);
}

/** Calls the API; on a connection failure or an error answer prints it and gives the exit code (2 unreachable/server, 1 refused). */
async function callApi(api: Api, method: string, path: string, body?: Uint8Array | Json): Promise<{ status: number; json: Json } | number> {
  const r = await request(api, method, path, body);
  if (!r.ok) {
    process.stderr.write(`${r.error}\n`);
    return 2;
  }
  if (r.status >= 400) {
    printError(r);
    return r.status >= 500 ? 2 : 1;
  }
  return r;
}

const receiveCommand: Command = async (args) => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { url: { type: 'string' }, 'api-key': { type: 'string' }, cufe: { type: 'string' }, offline: { type: 'boolean' }, nit: { type: 'string' }, json: { type: 'boolean' } },
  });
  const file = positionals[0];
  if (!file && !values.cufe) {
    process.stderr.write('Uso: previa receive <archivo.xml|archivo.zip> [--url URL --api-key KEY] | --cufe CUFE | <archivo> --offline --nit NIT\n');
    return 2;
  }
  if (values.offline) {
    if (!file || !values.nit) {
      process.stderr.write('Con --offline indique el archivo y --nit (NIT de su organización, el adquiriente)\n');
      return 2;
    }
    const a = analyzeReceived(readFileSync(file), values.nit, DEFAULT_RECEPTION_CONFIG);
    const failed = a.checks.some((c) => c.outcome === 'failed');
    if (values.json) process.stdout.write(JSON.stringify({ valid: !failed, fields: a.fields, checks: a.checks }, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2) + '\n');
    else {
      process.stdout.write(`${a.fields.number ?? '(sin número)'} de ${a.fields.supplierName ?? '?'} (NIT ${a.fields.supplierNit ?? '?'}), CUFE ${a.fields.cufe ?? '?'}\n`);
      printChecks(a.checks);
      if (a.needsDianConfirmation) process.stdout.write('  (sin respuesta de la DIAN en el archivo: la plataforma la consulta por CUFE al recibirlo)\n');
      process.stdout.write(failed ? 'Resultado: INVÁLIDO\n' : 'Resultado: VÁLIDO\n');
    }
    return failed ? 1 : 0;
  }
  const api = apiFrom(values);
  const r = values.cufe
    ? await callApi(api, 'POST', '/v1/received-documents/fetch', { cufe: values.cufe })
    : await callApi(api, 'POST', `/v1/received-documents?fileName=${encodeURIComponent(basename(file!))}`, readFileSync(file!));
  if (typeof r === 'number') return r;
  if (values.json) {
    process.stdout.write(JSON.stringify(r.json, null, 2) + '\n');
  } else {
    const d = r.json.document as { id: string; status: string; reason: string | null; number: string | null; cufe: string | null; supplier: { name: string | null; nit: string | null }; checks: Array<{ check: string; outcome: string; message: string }> };
    process.stdout.write(`${r.json.outcome === 'duplicate' ? 'Ya recibido antes' : 'Recibido'}: ${d.number ?? '(sin número)'} de ${d.supplier.name ?? '?'} (NIT ${d.supplier.nit ?? '?'}) — id ${d.id}\n`);
    printChecks(d.checks);
    for (const e of (r.json.autoEvents as Array<{ code: string; status: string; message?: string }>) ?? []) process.stdout.write(`  Evento automático ${e.code}: ${e.status}${e.message ? ` (${e.message})` : ''}\n`);
    process.stdout.write(d.status === 'valid' ? 'Resultado: VÁLIDO\n' : `Resultado: INVÁLIDO — ${d.reason ?? ''}\n`);
  }
  return (r.json.document as { status: string }).status === 'valid' ? 0 : 1;
};

const eventCommand: Command = async (args) => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      'api-key': { type: 'string' },
      concept: { type: 'string' },
      note: { type: 'string' },
      'person-id': { type: 'string' },
      'first-name': { type: 'string' },
      'family-name': { type: 'string' },
      'job-title': { type: 'string' },
      department: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const [cufe, code] = positionals;
  if (!cufe || !code || !['030', '031', '032', '033', '034'].includes(code)) {
    process.stderr.write('Uso: previa event <cufe> <030|031|032|033|034> [--concept 01..04] [--note texto] [--person-id ID --first-name N --family-name A --job-title C]\n');
    return 2;
  }
  const person =
    values['person-id'] && values['first-name'] && values['family-name']
      ? { id: values['person-id'], firstName: values['first-name'], familyName: values['family-name'], ...(values['job-title'] && { jobTitle: values['job-title'] }), ...(values.department && { department: values.department }) }
      : undefined;
  const r = await callApi(apiFrom(values), 'POST', '/v1/events', { cufe, code, ...(values.concept && { claimConcept: values.concept }), ...(values.note && { note: values.note }), ...(person && { person }) });
  if (typeof r === 'number') return r;
  const e = r.json as { code: string; number: string; status: string; cude: string | null; error: string | null; dianMessages: Array<{ ruleId: string; text: string }> };
  if (values.json) process.stdout.write(JSON.stringify(e, null, 2) + '\n');
  else {
    process.stdout.write(`Evento ${e.code} ${e.number}: ${e.status === 'accepted' ? 'registrado por la DIAN' : e.status === 'rejected' ? 'RECHAZADO por la DIAN' : 'NO ENVIADO'}\n`);
    if (e.cude) process.stdout.write(`  CUDE ${e.cude}\n`);
    for (const m of e.dianMessages) process.stdout.write(`  Regla ${m.ruleId}: ${m.text}\n`);
    if (e.error && e.status !== 'rejected') process.stdout.write(`  ${e.error}\n`);
  }
  return e.status === 'accepted' ? 0 : e.status === 'rejected' ? 1 : 2;
};

/** Registers `receive` and `event`. */
export function registerReceptionCommands(register: (name: string, command: Command) => void): void {
  register('receive', receiveCommand);
  register('event', eventCommand);
}
