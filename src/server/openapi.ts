import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import getAbsoluteFSPath from 'swagger-ui-dist/absolute-path.js';
import { z } from 'zod';
import { documentInputSchema } from '../core/input/schema.js';

/**
 * The OpenAPI 3.1 document and the offline Swagger UI.
 *
 * Routes declare their request schemas with zod (they validate with them); this module adds
 * what route-level zod cannot say well: the document body (the core input contract, as JSON
 * Schema from `z.toJSONSchema`, without the fields the platform fills, plus catalog
 * references), the shapes of the main responses, and the error responses every route shares.
 */

type Json = Record<string, unknown>;

/** Fields of the core input the platform fills (see PLATFORM_FIELDS in app/documents.ts). */
const PLATFORM_FIELDS = ['supplier', 'software', 'numberingRange', 'environment', 'number', 'consecutive', 'issueDate', 'issueTime'];

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const str = (description?: string) => ({ type: 'string', ...(description && { description }) });
const nullable = (s: Json) => ({ anyOf: [s, { type: 'null' }] });
const obj = (properties: Json, required: string[] = [], extra: Json = {}) => ({ type: 'object', properties, required, ...extra });

/** One document variant of the core contract, as the API takes it. */
function requestVariant(core: Json, title: string): Json {
  const properties = { ...(core.properties as Json) };
  for (const f of PLATFORM_FIELDS) delete properties[f];
  const coreLine = (properties.lines as { items?: Json } | undefined)?.items ?? {};
  Object.assign(properties, {
    numberingRangeId: str('Rango de numeración (por omisión, el primero vigente del tipo de documento)'),
    customerId: str('Cliente del catálogo (en vez de `customer`)'),
    paymentMethodId: str('Medio de pago del catálogo (en vez de `payment`)'),
    referencedDocumentId: str('Notas: factura que se corrige (referencia y CUFE se completan)'),
    lines: {
      type: 'array',
      minItems: 1,
      maxItems: 1000,
      description: 'Líneas: por producto del catálogo (`itemId` + `quantity`, con valores del producto que la línea puede reemplazar) o completas',
      items: { anyOf: [obj({ itemId: str('Producto del catálogo'), quantity: { type: ['string', 'number'] } }, ['itemId', 'quantity'], { additionalProperties: true }), coreLine] },
    },
  });
  const required = ((core.required as string[] | undefined) ?? []).filter((f) => !PLATFORM_FIELDS.includes(f) && f !== 'customer' && f !== 'lines');
  return { title, type: 'object', properties, required, description: 'Indique `customer` o `customerId`, y `lines` (en notas con `referencedDocumentId`, por omisión las de la factura).' };
}

/** Component schemas: the document request (from the core contract) and the main responses. */
export function componentSchemas(): Record<string, Json> {
  const core = z.toJSONSchema(documentInputSchema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as { oneOf: Json[] };
  const [invoice, creditNote, debitNote] = core.oneOf;
  const issue = obj({ path: str('Campo (p. ej. `lines[0].taxes[0].percent`)'), message: str('Mensaje en español'), ruleId: str('Regla DIAN (p. ej. FAU14)'), severity: { type: 'string', enum: ['rejection', 'notification'] } }, ['path', 'message']);
  const dianMessage = obj({ ruleId: str(), outcome: { type: 'string', enum: ['rejection', 'notification'] }, text: str() });
  return {
    InvoiceRequest: requestVariant(invoice!, 'Factura'),
    CreditNoteRequest: requestVariant(creditNote!, 'Nota crédito'),
    DebitNoteRequest: requestVariant(debitNote!, 'Nota débito'),
    DocumentRequest: { oneOf: [ref('InvoiceRequest'), ref('CreditNoteRequest'), ref('DebitNoteRequest')], discriminator: { propertyName: 'kind' } },
    Issue: issue,
    Error: obj({ error: obj({ kind: { type: 'string', enum: ['invalid_data', 'not_found', 'conflict', 'unexpected_state', 'dian_unavailable', 'unauthorized', 'internal'] }, message: str('Mensaje en español'), issues: { type: 'array', items: ref('Issue') } }, ['kind', 'message', 'issues'], { additionalProperties: true }) }, ['error']),
    Document: obj(
      {
        id: str(),
        kind: { type: 'string', enum: ['invoice', 'credit-note', 'debit-note'] },
        number: str('Prefijo + consecutivo'),
        uuid: nullable(str('CUFE/CUDE; null hasta que el documento se firma (milisegundos después de crearlo)')),
        status: { type: 'string', enum: ['queued', 'accepted', 'rejected', 'failed'] },
        environment: { type: 'string', enum: ['1', '2'] },
        issueDate: str('AAAA-MM-DD (hora de Colombia)'),
        issueTime: str('HH:MM:SS-05:00'),
        customer: obj({ id: str(), name: str() }),
        currency: str(),
        totals: obj({ lineExtension: str(), taxExclusive: str(), taxInclusive: str(), payable: str() }),
        referencedDocumentId: nullable(str()),
        dian: obj({ statusCode: nullable(str()), statusDescription: nullable(str()), rejections: { type: 'array', items: dianMessage }, notifications: { type: 'array', items: dianMessage }, hasApplicationResponse: { type: 'boolean' } }),
        sendAttempts: { type: 'integer' },
        lastError: nullable(str()),
        createdAt: str(),
        finalAt: nullable(str()),
        notifications: { type: 'array', items: ref('Issue'), description: 'Solo al crear: notificaciones DIAN (no bloquean)' },
      },
      ['id', 'kind', 'number', 'uuid', 'status'],
    ),
    DocumentList: obj({ data: { type: 'array', items: ref('Document') } }, ['data']),
    NumberingRange: obj({ id: str(), documentKind: str(), resolution: nullable(str()), prefix: str(), fromNumber: str(), toNumber: str(), nextNumber: str(), remaining: str(), validFrom: nullable(str()), validTo: nullable(str()), hasTechnicalKey: { type: 'boolean' }, source: { type: 'string', enum: ['manual', 'dian'] }, active: { type: 'boolean' }, warnings: { type: 'array', items: str() } }),
    HabilitacionProgress: obj({ state: { type: 'string', enum: ['not_started', 'in_progress', 'habilitado', 'rechazado'] }, run: nullable({ type: 'object', additionalProperties: true, description: 'Corrida: estado, composición, progreso y documentos' }) }, ['state']),
    Organization: { type: 'object', additionalProperties: true, properties: { id: str(), nit: str(), dv: str(), legalName: str(), environment: str(), habilitacionState: str(), einvoicingEnabled: { type: 'boolean' }, hasSoftwarePin: { type: 'boolean' } } },
  };
}

const ERROR_RESPONSES: Record<string, string> = {
  '400': 'Cuerpo o parámetros inválidos (JSON mal formado, tipos)',
  '401': 'Falta la credencial o no es válida',
  '404': 'No existe (o es de otra organización)',
  '409': 'Conflicto o estado que no lo permite',
  '413': 'Cuerpo demasiado grande',
  '422': 'Datos inválidos o reglas DIAN que rechazarían el documento',
};

/** Response schemas of the main operations (`METHOD path` → status → component). */
const RESPONSES: Record<string, Record<string, string>> = {
  'post /v1/documents': { '201': 'Document', '200': 'Document' },
  'post /v1/documents/{id}/credit-notes': { '201': 'Document', '200': 'Document' },
  'post /v1/documents/{id}/debit-notes': { '201': 'Document', '200': 'Document' },
  'get /v1/documents': { '200': 'DocumentList' },
  'get /v1/documents/{id}': { '200': 'Document' },
  'post /v1/documents/{id}/retry': { '200': 'Document' },
  'get /v1/numbering-ranges': { '200': 'NumberingRangeList' },
  'post /v1/numbering-ranges': { '201': 'NumberingRange' },
  'post /v1/numbering-ranges/sync': { '200': 'NumberingRangeList' },
  'get /v1/habilitacion': { '200': 'HabilitacionProgress' },
  'get /v1/organization': { '200': 'Organization' },
  'patch /v1/organization': { '200': 'Organization' },
  'post /v1/organization/einvoicing': { '200': 'Organization' },
};

/** Completes the generated document: component schemas, the document body, typed responses, shared errors. */
export function describeApi(doc: Json): Json {
  const components = (doc.components ??= {}) as Json;
  const schemas = { ...(components.schemas as Json | undefined), ...componentSchemas(), NumberingRangeList: obj({ data: { type: 'array', items: ref('NumberingRange') } }, ['data']) };
  components.schemas = schemas;
  components.responses = { ...(components.responses as Json | undefined), ...Object.fromEntries(Object.entries(ERROR_RESPONSES).map(([code, description]) => [`E${code}`, { description, content: { 'application/json': { schema: ref('Error') } } }])) };
  const paths = (doc.paths ?? {}) as Record<string, Record<string, Json>>;
  for (const [path, ops] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(ops)) {
      if (typeof op !== 'object' || op === null || !('responses' in op)) continue;
      const responses = op.responses as Record<string, Json>;
      for (const [status, name] of Object.entries(RESPONSES[`${method} ${path}`] ?? {})) {
        const r = (responses[status] ??= { description: name });
        r.content = { 'application/json': { schema: ref(name) } };
      }
      // Errors a route declares itself keep their description and get the one error body.
      for (const [status, r] of Object.entries(responses)) if (Number(status) >= 400 && !('$ref' in r)) r.content = { 'application/json': { schema: ref('Error') } };
      if (path.startsWith('/v1/')) {
        for (const code of ['400', '401', '404', '409', '422']) responses[code] ??= { $ref: `#/components/responses/E${code}` };
        if (method === 'post' || method === 'put' || method === 'patch') responses['413'] ??= { $ref: '#/components/responses/E413' };
      }
      if (method === 'post' && (path === '/v1/documents' || /^\/v1\/documents\/\{id\}\/(credit|debit)-notes$/.test(path))) {
        op.requestBody = {
          required: path === '/v1/documents',
          content: { 'application/json': { schema: path === '/v1/documents' ? ref('DocumentRequest') : { type: 'object', additionalProperties: true, description: 'Opcional: campos de la nota (líneas, concepto `discrepancy`…); por omisión anula/ajusta la factura completa' } } },
        };
        op.parameters = [
          ...((op.parameters as Json[] | undefined) ?? []).filter((p) => (p as { name?: string }).name !== 'idempotency-key'),
          { name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', minLength: 1, maxLength: 200 }, description: 'Misma clave y mismo cuerpo → el mismo documento (200); misma clave y otro cuerpo → 409' },
        ];
      }
    }
  }
  return doc;
}

/** Swagger UI files served from the installed `swagger-ui-dist` (no CDN: /docs works offline). */
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
  'favicon-16x16.png': 'image/png',
};

const assetCache = new Map<string, Uint8Array>();

/** A Swagger UI asset (read once, then from memory), or undefined when not one of ours. */
export function swaggerAsset(name: string): { body: Uint8Array; contentType: string } | undefined {
  const contentType = ASSETS[name];
  if (!contentType) return undefined;
  let body = assetCache.get(name);
  if (!body) {
    body = readFileSync(join(getAbsoluteFSPath(), name));
    assetCache.set(name, body);
  }
  return { body, contentType };
}

/** The /docs page: local assets only; no validator badge (it would call validator.swagger.io). */
export const DOCS_HTML = `<!doctype html>
<html lang="es">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Previa — API</title>
<link rel="icon" type="image/png" href="/docs/favicon-32x32.png">
<link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
<div id="ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script>
window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#ui', validatorUrl: null, deepLinking: true, persistAuthorization: true });
</script>
<noscript>Especificación OpenAPI: <a href="/openapi.json">/openapi.json</a></noscript>
</body>
</html>
`;
