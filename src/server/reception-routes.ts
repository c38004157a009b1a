import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { eventXml, issueEvent, ownInvoiceEvents, receivedDocumentEvents } from '../app/events.js';
import { AppError, notFound } from '../app/errors.js';
import { fetchFromDian, getReceived, receptionSummary, recheckReceived, getReceptionSettings, ingestReceived, listReceived, requireReceived, saveReceptionSettings, viewEvent } from '../app/reception.js';
import type { ReceptionDeps } from '../app/reception-deps.js';

type Env = { Variables: { organizationId: string } };

const T = [{ apiKey: [] }];
const ANY = z.any();
const idParam = z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' } }) });
const ok = (description: string) => ({ 200: { description, content: { 'application/json': { schema: ANY } } } });
const created = (description: string) => ({ 201: { description, content: { 'application/json': { schema: ANY } } } });
const xmlOk = { 200: { description: 'XML', content: { 'application/xml': { schema: z.string() } } } };

const personSchema = z.object({
  id: z.string().min(1).max(20),
  idType: z.string().max(3).optional(),
  firstName: z.string().min(1).max(100),
  familyName: z.string().min(1).max(100),
  jobTitle: z.string().max(100).optional(),
  department: z.string().max(100).optional(),
});
const eventBody = z.object({
  code: z.enum(['030', '031', '032', '033', '034']).openapi({ description: '030 acuse, 031 reclamo, 032 recibo del bien/servicio, 033 aceptación expresa, 034 aceptación tácita (emisor)' }),
  claimConcept: z.enum(['01', '02', '03', '04']).optional().openapi({ description: 'Concepto de reclamo (031): 01 inconsistencias, 02 mercancía no entregada, 03 entregada parcialmente, 04 servicio no prestado' }),
  person: personSchema.optional(),
  note: z.string().max(1000).optional(),
});
const listQuery = z.object({
  status: z.enum(['valid', 'invalid']).optional(),
  supplierNit: z.string().max(20).optional(),
  number: z.string().max(40).optional(),
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  deadline: z.enum(['none', 'open', 'due_soon', 'expired', 'closed']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
const uploadJson = z.object({ fileName: z.string().max(200).optional(), contentBase64: z.string().min(1) });
const settingsBody = z.object({ autoAcknowledge: z.boolean(), autoReceipt: z.boolean(), person: personSchema.nullable().default(null) });

/** Received documents and RADIAN events (issue #8). */
export function registerReceptionRoutes(app: OpenAPIHono<Env>, d: ReceptionDeps): void {
  const tags = ['Documentos recibidos'];
  const eventTags = ['Eventos RADIAN'];
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/received-documents',
      tags,
      summary: 'Recibir un documento de un proveedor: XML (factura/nota o AttachedDocument) o el ZIP recibido por correo (AttachedDocument + PDF). Cuerpo: los bytes del archivo',
      security: T,
      request: {
        query: z.object({ fileName: z.string().max(200).optional() }),
        body: { content: { 'application/octet-stream': { schema: z.string() }, 'application/xml': { schema: z.string() }, 'application/zip': { schema: z.string() }, 'application/json': { schema: uploadJson } }, required: false },
      },
      responses: { ...created('Documento recibido (válido o inválido, con el motivo)'), ...ok('Documento ya recibido antes (duplicado)') },
    }),
    async (c) => {
      // Raw bytes, or JSON `{ fileName, contentBase64 }` (what the web application sends).
      let bytes: Uint8Array;
      let fileName = c.req.valid('query').fileName ?? null;
      if ((c.req.header('content-type') ?? '').startsWith('application/json')) {
        const parsed = uploadJson.safeParse(await c.req.json().catch(() => undefined));
        if (!parsed.success) throw new AppError('invalid_data', 'Cuerpo JSON inválido: se espera { fileName, contentBase64 }', { issues: [{ path: 'contentBase64', message: 'Contenido del archivo en base64' }] });
        bytes = new Uint8Array(Buffer.from(parsed.data.contentBase64, 'base64'));
        fileName = parsed.data.fileName ?? fileName;
      } else bytes = new Uint8Array(await c.req.arrayBuffer());
      const r = await ingestReceived(d, c.get('organizationId'), { bytes, source: 'upload', fileName });
      const body = { outcome: r.outcome, autoEvents: r.autoEvents, document: await getReceived(d, c.get('organizationId'), r.document.id) };
      return c.json(body, r.outcome === 'created' ? 201 : 200) as never;
    },
  );
  app.openapi(
    createRoute({ method: 'post', path: '/v1/received-documents/fetch', tags, summary: 'Traer de la DIAN un documento recibido por su CUFE (GetXmlByDocumentKey)', security: T, request: { body: { content: { 'application/json': { schema: z.object({ cufe: z.string().min(1).max(200) }) } }, required: true } }, responses: { ...created('Documento recibido'), ...ok('Ya estaba recibido') } }),
    async (c) => {
      const r = await fetchFromDian(d, c.get('organizationId'), c.req.valid('json').cufe);
      const body = { outcome: r.outcome, autoEvents: r.autoEvents, document: await getReceived(d, c.get('organizationId'), r.document.id) };
      return c.json(body, r.outcome === 'created' ? 201 : 200) as never;
    },
  );
  app.openapi(
    createRoute({ method: 'get', path: '/v1/received-documents', tags, summary: 'Listar documentos recibidos (filtros: estado, NIT del proveedor, número, fechas, plazo de aceptación)', security: T, request: { query: listQuery }, responses: ok('Documentos recibidos') }),
    async (c) => {
      const q = c.req.valid('query');
      return c.json({ data: await listReceived(d, c.get('organizationId'), q) }, 200);
    },
  );
  app.openapi(
    createRoute({ method: 'get', path: '/v1/received-documents/summary', tags, summary: 'Resumen: recibidos en 30 días por estado y facturas con el plazo de aceptación por vencer o vencido', security: T, responses: ok('Resumen') }),
    async (c) => c.json(await receptionSummary(d, c.get('organizationId')), 200),
  );
  app.openapi(
    createRoute({ method: 'get', path: '/v1/received-documents/{id}', tags, summary: 'Detalle: verificaciones, datos, eventos y plazo de aceptación', security: T, request: { params: idParam }, responses: ok('Documento recibido') }),
    async (c) => c.json(await getReceived(d, c.get('organizationId'), c.req.valid('param').id), 200),
  );
  app.openapi(
    createRoute({ method: 'post', path: '/v1/received-documents/{id}/recheck', tags, summary: 'Volver a verificar el documento desde el archivo original (p. ej. si la DIAN no respondía al recibirlo)', security: T, request: { params: idParam }, responses: ok('Documento recibido') }),
    async (c) => {
      const r = await recheckReceived(d, c.get('organizationId'), c.req.valid('param').id);
      return c.json(await getReceived(d, c.get('organizationId'), r.id), 200);
    },
  );
  const download = (path: string, summary: string, pick: (r: Awaited<ReturnType<typeof requireReceived>>) => { body: Uint8Array | string | null; type: string; name: string }) =>
    app.openapi(
      createRoute({ method: 'get', path: `/v1/received-documents/{id}/${path}`, tags, summary, security: T, request: { params: idParam }, responses: { 200: { description: summary, content: { 'application/octet-stream': { schema: z.string() } } } } }),
      async (c) => {
        const r = await requireReceived(d, c.get('organizationId'), c.req.valid('param').id);
        const f = pick(r);
        if (f.body === null) throw notFound(summary);
        const body = typeof f.body === 'string' ? f.body : new Uint8Array(f.body);
        return c.body(body as never, 200, { 'content-type': f.type, 'content-disposition': `attachment; filename="${f.name}"` }) as never;
      },
    );
  download('xml', 'XML firmado del documento', (r) => ({ body: r.xml, type: 'application/xml; charset=utf-8', name: `${r.number ?? r.id}.xml` }));
  download('original', 'Archivo original recibido', (r) => ({ body: r.original, type: 'application/octet-stream', name: r.originalName ?? `${r.id}.bin` }));
  download('pdf', 'Representación gráfica (PDF) recibida', (r) => ({ body: r.pdf, type: 'application/pdf', name: `${r.number ?? r.id}.pdf` }));
  download('application-response', 'Respuesta de validación de la DIAN', (r) => ({ body: r.applicationResponse, type: 'application/xml; charset=utf-8', name: `${r.number ?? r.id}-dian.xml` }));

  app.openapi(
    createRoute({ method: 'get', path: '/v1/received-documents/{id}/events', tags: eventTags, summary: 'Historial de eventos de un documento recibido (refresh=1 consulta también GetStatusEvent en la DIAN)', security: T, request: { params: idParam, query: z.object({ refresh: z.enum(['0', '1']).optional() }) }, responses: ok('Eventos') }),
    async (c) => c.json({ data: (await receivedDocumentEvents(d, c.get('organizationId'), c.req.valid('param').id, c.req.valid('query').refresh === '1')).map(viewEvent) }, 200),
  );
  app.openapi(
    createRoute({ method: 'post', path: '/v1/received-documents/{id}/events', tags: eventTags, summary: 'Emitir un evento (030, 031, 032, 033) sobre una factura recibida; 409 con la regla DIAN si el orden no lo permite', security: T, request: { params: idParam, body: { content: { 'application/json': { schema: eventBody } }, required: true } }, responses: created('Evento (accepted, rejected con las reglas de la DIAN, o failed)') }),
    async (c) => {
      const b = c.req.valid('json');
      const e = await issueEvent(d, c.get('organizationId'), { receivedDocumentId: c.req.valid('param').id, code: b.code, ...(b.claimConcept && { claimConcept: b.claimConcept }), ...(b.person && { person: b.person }), ...(b.note && { note: b.note }) });
      return c.json(viewEvent(e), 201);
    },
  );
  app.openapi(
    createRoute({ method: 'post', path: '/v1/events', tags: eventTags, summary: 'Emitir un evento por CUFE: 030–033 sobre una factura recibida, 034 sobre una factura propia', security: T, request: { body: { content: { 'application/json': { schema: eventBody.extend({ cufe: z.string().min(1).max(200) }) } }, required: true } }, responses: created('Evento') }),
    async (c) => {
      const b = c.req.valid('json');
      const e = await issueEvent(d, c.get('organizationId'), { cufe: b.cufe, code: b.code, ...(b.claimConcept && { claimConcept: b.claimConcept }), ...(b.person && { person: b.person }), ...(b.note && { note: b.note }) });
      return c.json(viewEvent(e), 201);
    },
  );
  app.openapi(
    createRoute({ method: 'get', path: '/v1/events/{id}/xml', tags: eventTags, summary: 'XML firmado del evento', security: T, request: { params: idParam }, responses: xmlOk }),
    async (c) => c.body(await eventXml(d, c.get('organizationId'), c.req.valid('param').id, 'event'), 200, { 'content-type': 'application/xml; charset=utf-8' }) as never,
  );
  app.openapi(
    createRoute({ method: 'get', path: '/v1/events/{id}/application-response', tags: eventTags, summary: 'Respuesta de la DIAN al evento', security: T, request: { params: idParam }, responses: xmlOk }),
    async (c) => c.body(await eventXml(d, c.get('organizationId'), c.req.valid('param').id, 'application-response'), 200, { 'content-type': 'application/xml; charset=utf-8' }) as never,
  );
  app.openapi(
    createRoute({ method: 'get', path: '/v1/documents/{id}/events', tags: eventTags, summary: 'Eventos registrados sobre una factura propia (refresh=1 consulta GetStatusEvent en la DIAN)', security: T, request: { params: idParam, query: z.object({ refresh: z.enum(['0', '1']).optional() }) }, responses: ok('Eventos') }),
    async (c) => {
      const r = await ownInvoiceEvents(d, c.get('organizationId'), c.req.valid('param').id, c.req.valid('query').refresh === '1');
      return c.json({ cufe: r.cufe, data: r.events.map(viewEvent), ...(r.refreshError && { refreshError: r.refreshError }) }, 200);
    },
  );
  app.openapi(
    createRoute({ method: 'get', path: '/v1/reception/settings', tags, summary: 'Ajustes de recepción: eventos automáticos 030/032 y persona que firma 032/033', security: T, responses: ok('Ajustes') }),
    async (c) => c.json(await getReceptionSettings(d, c.get('organizationId')), 200),
  );
  app.openapi(
    createRoute({ method: 'put', path: '/v1/reception/settings', tags, summary: 'Guardar ajustes de recepción', security: T, request: { body: { content: { 'application/json': { schema: settingsBody } }, required: true } }, responses: ok('Ajustes') }),
    async (c) => c.json(await saveReceptionSettings(d, c.get('organizationId'), c.req.valid('json')), 200),
  );
}
