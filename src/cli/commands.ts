import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseDocumentJson } from '../core/input/parse.js';
import { prepareDocument } from '../core/pipeline.js';
import { validateXml, type ValidateOptions } from '../core/rules/run.js';
import { formatInputIssues, formatReport } from './report.js';
import { benchCommand } from './bench-command.js';

/** A CLI command: gets its arguments, returns the process exit code. */
export type Command = (args: string[]) => Promise<number> | number;

const HELP = `previa — facturación electrónica DIAN (UBL 2.1, Anexo Técnico 1.9)

Uso:
  previa build <doc.json> [-o out.xml] [--cert firma.p12 --password clave]
      Construye el XML UBL (sin firmar, o firmado con --cert). Sale con 1 si la entrada es inválida.
  previa validate <archivo.xml|doc.json> [--json] [--technical-key K] [--pin P] [--reception-date AAAA-MM-DD]
      Aplica las reglas de validación DIAN. Sale con 0 sin rechazos, 1 con rechazos.
  previa bench [--ms 1500]
      Mide el rendimiento (documentos por segundo) en un núcleo de esta máquina.
  previa help
      Muestra esta ayuda.
`;

const commands: Record<string, Command> = {
  build: buildCommand,
  validate: validateCommand,
  bench: benchCommand,
  help: () => {
    process.stdout.write(HELP);
    return 0;
  },
};

/** Registers an additional command (signing, DIAN client, server…). */
export function registerCommand(name: string, command: Command): void {
  commands[name] = command;
}

/** Runs the CLI with argv (without node and script). */
export async function run(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    process.stdout.write(HELP);
    return name ? 0 : 1;
  }
  await loadExtensions();
  const cmd = commands[name];
  if (!cmd) {
    process.stderr.write(`Comando desconocido: ${name}\n\n${HELP}`);
    return 2;
  }
  return cmd(rest);
}

/** Commands living outside the core register themselves here (kept lazy so `build` stays fast). */
async function loadExtensions(): Promise<void> {
  for (const mod of EXTENSIONS) await mod();
}

/** Loaders of optional command modules. */
export const EXTENSIONS: Array<() => Promise<unknown>> = [];

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
    if (!signHook) {
      process.stderr.write('La firma no está disponible en esta instalación\n');
      return 2;
    }
    xml = await signHook(xml, values.cert, values.password ?? '');
  }
  if (values.output) writeFileSync(values.output, xml);
  else process.stdout.write(xml + '\n');
  if (!prepared.report.ok) {
    process.stderr.write('Advertencia: el documento tiene rechazos según las reglas DIAN:\n' + formatReport(prepared.report) + '\n');
  }
  return 0;
}

/** Signing hook installed by the signing module (keeps the CLI core free of key handling). */
export let signHook: ((xml: string, certPath: string, password: string) => Promise<string>) | undefined;

/** Installs the signing hook. */
export function setSignHook(hook: typeof signHook): void {
  signHook = hook;
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
