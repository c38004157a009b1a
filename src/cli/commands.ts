import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseDocumentJson } from '../core/input/parse.js';
import { prepareDocument } from '../core/pipeline.js';
import { validateXml, type ValidateOptions } from '../core/rules/run.js';
import { formatInputIssues, formatReport } from './report.js';
import { benchCommand } from './bench-command.js';
import { commandNamed, currentSignHook, registerCommand, type Command } from './registry.js';


const HELP = `previa — facturación electrónica DIAN (UBL 2.1, Anexo Técnico 1.9)

Uso:
  previa build <doc.json> [-o out.xml] [--cert firma.p12 --password clave]
      Construye el XML UBL (sin firmar, o firmado con --cert). Sale con 1 si la entrada es inválida.
  previa verify <archivo.xml> [--technical-key K | --pin P] [--json]
      Verifica la firma XAdES-EPES de cualquier documento DIAN (y el CUFE/CUDE con la clave o el PIN).
  previa attach <firmado.xml> <respuesta-dian.xml> --cert firma.p12 --password clave [-o salida.xml]
      Construye y firma el AttachedDocument para el adquiriente.
  previa validate <archivo.xml|doc.json> [--json] [--technical-key K] [--pin P] [--reception-date AAAA-MM-DD]
      Aplica las reglas de validación DIAN. Sale con 0 sin rechazos, 1 con rechazos.
  previa send <firmado.xml> --env <habilitacion|produccion|URL> --cert firma.p12 --password clave [--test-set-id ID]
      Envía un documento firmado a la DIAN (o al simulador). Sale con 0 aceptado, 1 rechazado, 2 falla de transporte.
  previa status <trackId> --env … --cert … --password …
      Consulta el estado de un documento o de un ZIP (GetStatus / GetStatusZip).
  previa numbering-ranges --nit NIT --software-id ID --env … --cert … --password …
      Consulta los rangos de numeración autorizados (GetNumberingRange).
  previa dian-simulator [--port 8043] [--config sim.json]
      Inicia el simulador local de los servicios web de la DIAN.
  previa serve
      Inicia la plataforma: API REST (PORT, 3000), trabajador de envíos y simulador DIAN embebido.
  previa worker
      Inicia solo un trabajador de envíos (requiere DATABASE_URL).
  previa receive <archivo.xml|archivo.zip> [--url URL --api-key KEY] | --cufe CUFE | <archivo> --offline --nit NIT
      Recibe un documento de un proveedor (verifica firma, CUFE, respuesta DIAN y adquiriente). Sale con 0 válido, 1 inválido.
  previa event <cufe> <030|031|032|033|034> [--concept 01..04] [--note texto] [--person-id … --first-name … --family-name …]
      Emite un evento RADIAN (acuse, reclamo, recibo, aceptación expresa o tácita). Sale con 0 registrado, 1 rechazado.
  previa bench [--ms 1500]
      Mide el rendimiento (documentos por segundo) en un núcleo de esta máquina.
  previa help
      Muestra esta ayuda.
`;

const builtins: Record<string, Command> = {
  build: buildCommand,
  validate: validateCommand,
  bench: benchCommand,
  help: () => {
    process.stdout.write(HELP);
    return 0;
  },
};
for (const [name, cmd] of Object.entries(builtins)) registerCommand(name, cmd);


/** Runs the CLI with argv (without node and script). */
export async function run(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    process.stdout.write(HELP);
    return name ? 0 : 1;
  }
  await loadFor(name, rest);
  const cmd = commandNamed(name);
  if (!cmd) {
    process.stderr.write(`Comando desconocido: ${name}\n\n${HELP}`);
    return 2;
  }
  return cmd(rest);
}

/** Which module registers each command that lives outside the core (loaded on first use). */
const COMMAND_MODULES: Record<string, () => Promise<void>> = {
  signing: async () => (await import('./signing-commands.js')).registerSigningCommands(registerCommand),
  dian: async () => (await import('./dian-commands.js')).registerDianCommands(registerCommand),
  platform: async () => (await import('./platform-commands.js')).registerPlatformCommands(registerCommand),
  reception: async () => (await import('./reception-commands.js')).registerReceptionCommands(registerCommand),
};
const MODULE_OF: Record<string, keyof typeof COMMAND_MODULES> = {
  verify: 'signing',
  attach: 'signing',
  send: 'dian',
  status: 'dian',
  'numbering-ranges': 'dian',
  'dian-simulator': 'dian',
  serve: 'platform',
  worker: 'platform',
  receive: 'reception',
  event: 'reception',
};
const loaded = new Set<string>();

/** Loads the module of a command (and what `build --cert` and `bench` need), so `validate` stays light. */
async function loadFor(name: string, args: string[]): Promise<void> {
  const wanted = new Set<keyof typeof COMMAND_MODULES>();
  const m = MODULE_OF[name];
  if (m) wanted.add(m);
  if (name === 'bench' || (name === 'build' && args.includes('--cert'))) wanted.add('signing');
  for (const w of wanted) {
    if (loaded.has(w)) continue;
    loaded.add(w);
    await COMMAND_MODULES[w]!();
  }
}

function readText(path: string): string {
  return readFileSync(path, 'utf8');
}

async function buildCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { output: { type: 'string', short: 'o' }, cert: { type: 'string' }, password: { type: 'string' }, json: { type: 'boolean' } },
  });
  const file = positionals[0];
  if (!file) {
    process.stderr.write('Uso: previa build <doc.json> [-o out.xml]\n');
    return 2;
  }
  const parsed = parseDocumentJson(readText(file));
  if (!parsed.ok) {
    process.stderr.write(formatInputIssues(parsed.issues) + '\n');
    return 1;
  }
  const prepared = prepareDocument(parsed.value);
  if (!prepared.ok) {
    process.stderr.write(formatInputIssues(prepared.issues) + '\n');
    return 1;
  }
  let xml = prepared.built.xml;
  if (values.cert) {
    const signHook = currentSignHook();
    if (!signHook) {
      process.stderr.write('La firma no está disponible en esta instalación\n');
      return 2;
    }
    try {
      xml = await signHook(xml, values.cert, values.password ?? '');
    } catch (e) {
      if (e instanceof Error && e.name === 'SigningError') {
        process.stderr.write(`Error de firma: ${e.message}\n`);
        return 1;
      }
      throw e;
    }
  }
  if (values.output) writeFileSync(values.output, xml);
  else process.stdout.write(xml + '\n');
  if (!prepared.report.ok) {
    process.stderr.write('Advertencia: el documento tiene rechazos según las reglas DIAN:\n' + formatReport(prepared.report) + '\n');
  }
  return 0;
}


function validateCommand(args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: 'boolean' },
      'technical-key': { type: 'string' },
      pin: { type: 'string' },
      'reception-date': { type: 'string' },
    },
  });
  const file = positionals[0];
  if (!file) {
    process.stderr.write('Uso: previa validate <archivo.xml|doc.json> [--json]\n');
    return 2;
  }
  const text = readText(file);
  const isJson = file.endsWith('.json') || text.trimStart().startsWith('{');
  if (isJson) {
    const parsed = parseDocumentJson(text);
    const prepared = parsed.ok
      ? prepareDocument(parsed.value, values['reception-date'] ? { receptionDate: values['reception-date'] } : {})
      : ({ ok: false, stage: 'input', issues: parsed.issues } as const);
    if (!prepared.ok) {
      if (values.json) process.stdout.write(JSON.stringify({ ok: false, stage: 'input', issues: prepared.issues }, null, 2) + '\n');
      else process.stdout.write(formatInputIssues(prepared.issues) + '\n');
      return 1;
    }
    const r = prepared.report;
    if (values.json) process.stdout.write(JSON.stringify({ ...r, number: prepared.built.number, uuid: prepared.built.uuid }, null, 2) + '\n');
    else process.stdout.write(formatReport(r) + '\n');
    return r.ok ? 0 : 1;
  }
  const opts: ValidateOptions = {};
  if (values['technical-key']) opts.technicalKey = values['technical-key'];
  if (values.pin) opts.softwarePin = values.pin;
  if (values['reception-date']) opts.receptionDate = values['reception-date'];
  const report = validateXml(text, opts);
  if (values.json) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  else process.stdout.write(formatReport(report) + '\n');
  return report.ok ? 0 : 1;
}
