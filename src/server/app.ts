import { createHash, timingSafeEqual } from 'node:crypto';
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { ZodType } from 'zod';
import { createCustomer, createItem, createPaymentMethod, customerInputSchema, itemInputSchema, paymentMethodInputSchema, updateCustomer, updateItem } from '../app/catalog.js';
import { uploadCertificate, viewCertificate } from '../app/certificates.js';
import type { AppDeps } from '../app/context.js';
import { createDocument, dashboard, documentRequestSchema, ensureSigned, getDocument, listDocuments, retryDocument, viewDocument } from '../app/documents.js';
import { AppError, notFound } from '../app/errors.js';
import { previewDocument } from '../app/preview.js';
import { checkReadiness } from '../app/readiness.js';
import { habilitacionProgress, habilitacionRequestSchema, startHabilitacion } from '../app/habilitacion.js';
import { createNumberingRange, numberingRangeInputSchema, syncNumberingRanges, viewRange } from '../app/numbering.js';
import { authenticateApiKey, createApiKey, createOrganization, organizationInputSchema, organizationSettingsSchema, requireOrganization, setEInvoicing, updateOrganizationSettings } from '../app/organizations.js';
import type { OrganizationRecord } from '../app/records.js';
import type { DeliveryDeps } from '../delivery/service.js';
import { registerDeliveryRoutes } from './delivery-routes.js';
import type { ReceptionDeps } from '../app/reception-deps.js';
import { receptionSummary } from '../app/reception.js';
import { registerReceptionRoutes } from './reception-routes.js';
import { errorBody, handleError } from './errors.js';
import { describeApi, DOCS_HTML, swaggerAsset } from './openapi.js';
import { createWebUi } from '../web/routes.js';
import type { UserRole, UserStore } from '../app/ports.js';
import { authenticateUserToken, isUserToken, roleAllows } from '../app/users.js';
import { organizationDataSchema, updateOrganizationData } from '../app/organization-data.js';
import { registerUserRoutes } from './user-routes.js';

/** Server options. */
export interface ServerOptions {
  /** Provider-level admin key (header `X-Admin-Key`). */
  adminKey: string;
  /** Maximum request body, bytes (default 1 MiB; certificates travel base64 in JSON). */
  maxBodyBytes?: number;
  /** Delivery to the buyer (PDF, ZIP, e-mail); its routes are registered when given. */
  delivery?: DeliveryDeps;
  /** Received documents and RADIAN events (issue #8); its routes are registered when given. */
  reception?: ReceptionDeps;
  /** Organization users (password sign-in, roles); without it only API keys authenticate. */
  users?: UserStore;
}

type Env = { Variables: { organizationId: string } };

const ANY = z.any().openapi({ description: 'Ver el esquema de la respuesta en la descripción' });
const idParam = z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' } }) });
const paging = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

function json<T extends ZodType>(schema: T) {
  return { content: { 'application/json': { schema } }, required: true };
}

const ok = (description: string) => ({ 200: { description, content: { 'application/json': { schema: ANY } } } });
const created = (description: string) => ({ 201: { description, content: { 'application/json': { schema: ANY } } } });

/** Spanish field-naming validation failures (400 for wrong shape/types). */
function validationHook(result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } }, c: Context) {
  if (!result.success && result.error) {
    const issues = result.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message }));
    return c.json(errorBody('invalid_data', `Datos inválidos: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues), 400);
  }
  return undefined;
}

function formatPath(path: PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? String(p) : `.${String(p)}`;
  return out || '(cuerpo)';
}

function sameSecret(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

function viewOrganization(o: OrganizationRecord) {
  const { softwarePinEnc, ...rest } = o;
  return { ...rest, hasSoftwarePin: softwarePinEnc !== null };
}

/** Builds the HTTP API (tests call `app.request()` in process). */
export function createApp(deps: AppDeps, options: ServerOptions) {
  const app = new OpenAPIHono<Env>({ defaultHook: validationHook as never });
  const log = (m: string, e: unknown) => deps.log(m, e);
  app.onError((err, c) => handleError(err, c, log));
  app.notFound((c) => c.json(errorBody('not_found', `Ruta no encontrada: ${c.req.method} ${c.req.path}`), 404));
  app.use('*', bodyLimit({ maxSize: options.maxBodyBytes ?? 1024 * 1024, onError: () => { throw new HTTPException(413); } }));

  const admin: MiddlewareHandler<Env> = async (c, next) => {
    const key = c.req.header('x-admin-key');
    if (!key || !sameSecret(key, options.adminKey)) return c.json(errorBody('unauthorized', 'Clave de administrador inválida o ausente (encabezado X-Admin-Key)'), 401);
    await next();
  };
  const tenant: MiddlewareHandler<Env> = async (c, next) => {
    const auth = c.req.header('authorization') ?? '';
    const m = /^Bearer\s+(\S+)$/i.exec(auth);
    // A user session token carries the user's role; an API key acts as admin.
    let role: UserRole = 'admin';
    let orgId: string | undefined;
    if (m && isUserToken(m[1]!)) {
      const user = options.users ? await authenticateUserToken({ app: deps, users: options.users }, m[1]!) : undefined;
      orgId = user?.organizationId;
      if (user) role = user.role;
    } else orgId = m ? await authenticateApiKey(deps, m[1]!) : undefined;
    if (!orgId) return c.json(errorBody('unauthorized', 'API key inválida o ausente (encabezado Authorization: Bearer <clave>)'), 401);
    if (!roleAllows(role, c.req.method, c.req.path)) return c.json(errorBody('forbidden', 'Su rol no permite esta operación'), 403);
    c.set('organizationId', orgId);
    await next();
  };
  app.use('/v1/admin/*', admin);
  app.use('/v1/*', async (c, next) => (c.req.path.startsWith('/v1/admin/') || c.req.path === '/v1/auth/login' ? next() : tenant(c, next)));

  app.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', { type: 'http', scheme: 'bearer', description: 'API key de la organización (actúa como administrador), o token de sesión de un usuario (POST /v1/auth/login), limitado por su rol' });
  app.openAPIRegistry.registerComponent('securitySchemes', 'adminKey', { type: 'apiKey', in: 'header', name: 'X-Admin-Key' });
  const T = [{ apiKey: [] }];
  const A = [{ adminKey: [] }];

  // ---- Provider administration
  app.openapi(createRoute({ method: 'post', path: '/v1/admin/organizations', tags: ['Administración'], summary: 'Crear organización (y su primera API key)', security: A, request: { body: json(organizationInputSchema) }, responses: created('Organización creada; la API key se muestra una sola vez') }), async (c) => {
    const r = await createOrganization(deps, c.req.valid('json'));
    return c.json({ organization: viewOrganization(r.organization), apiKey: r.apiKey.key }, 201);
  });
  app.openapi(createRoute({ method: 'get', path: '/v1/admin/organizations', tags: ['Administración'], summary: 'Listar organizaciones', security: A, responses: ok('Organizaciones') }), async (c) => {
    return c.json({ data: (await deps.store.listOrganizations()).map(viewOrganization) }, 200);
  });
  app.openapi(createRoute({ method: 'post', path: '/v1/admin/organizations/{id}/api-keys', tags: ['Administración'], summary: 'Emitir otra API key', security: A, request: { params: idParam, body: json(z.object({ label: z.string().min(1).max(100).default('adicional') })) }, responses: created('API key (se muestra una sola vez)') }), async (c) => {
    const org = await requireOrganization(deps, c.req.valid('param').id);
    const k = await createApiKey(deps, org.id, c.req.valid('json').label);
    return c.json({ id: k.record.id, apiKey: k.key }, 201);
  });

  // ---- Organization
  app.openapi(createRoute({ method: 'get', path: '/v1/organization', tags: ['Organización'], summary: 'Datos de la organización', security: T, responses: ok('Organización') }), async (c) => {
    return c.json(viewOrganization(await requireOrganization(deps, c.get('organizationId'))), 200);
  });
  app.openapi(createRoute({ method: 'patch', path: '/v1/organization', tags: ['Organización'], summary: 'Configurar software (SoftwareID, PIN), TestSetId, ambiente y contacto', security: T, request: { body: json(organizationSettingsSchema) }, responses: ok('Organización') }), async (c) => {
    return c.json(viewOrganization(await updateOrganizationSettings(deps, c.get('organizationId'), c.req.valid('json'))), 200);
  });
  app.openapi(createRoute({ method: 'post', path: '/v1/organization/einvoicing', tags: ['Organización'], summary: 'Marcar como facturador electrónico (requiere habilitación)', security: T, request: { body: json(z.object({ enabled: z.boolean() })) }, responses: ok('Organización') }), async (c) => {
    return c.json(viewOrganization(await setEInvoicing(deps, c.get('organizationId'), c.req.valid('json').enabled)), 200);
  });

  app.openapi(createRoute({ method: 'put', path: '/v1/organization/data', tags: ['Organización'], summary: 'Reemplazar los datos del RUT (NIT + DV, régimen, responsabilidades, dirección DANE, CIIU, contacto)', security: T, request: { body: json(organizationDataSchema) }, responses: ok('Organización') }), async (c) => {
    return c.json(viewOrganization(await updateOrganizationData(deps, c.get('organizationId'), c.req.valid('json'))), 200);
  });

  // ---- Certificates
  const certificateBody = z.object({ p12Base64: z.string().min(1, 'Archivo .p12 en base64').max(700_000), password: z.string().max(200) });
  app.openapi(createRoute({ method: 'post', path: '/v1/certificates', tags: ['Certificado'], summary: 'Subir certificado .p12 (cifrado en reposo)', security: T, request: { body: json(certificateBody) }, responses: created('Certificado: sujeto, emisor, vigencia, advertencias') }), async (c) => {
    const body = c.req.valid('json');
    const bytes = Buffer.from(body.p12Base64, 'base64');
    if (bytes.length === 0) throw new AppError('invalid_data', 'p12Base64 no es base64 válido', { issues: [{ path: 'p12Base64', message: 'Base64 inválido' }] });
    return c.json(await uploadCertificate(deps, c.get('organizationId'), bytes, body.password), 201);
  });
  app.openapi(createRoute({ method: 'get', path: '/v1/certificates', tags: ['Certificado'], summary: 'Certificados', security: T, responses: ok('Certificados') }), async (c) => {
    return c.json({ data: (await deps.store.listCertificates(c.get('organizationId'))).map((x) => viewCertificate(deps, x)) }, 200);
  });

  // ---- Habilitación
  app.openapi(createRoute({ method: 'post', path: '/v1/habilitacion', tags: ['Habilitación'], summary: 'Ejecutar la habilitación (set de pruebas)', security: T, request: { body: { content: { 'application/json': { schema: habilitacionRequestSchema as never } }, required: false } }, responses: { 202: { description: 'Habilitación en curso', content: { 'application/json': { schema: ANY } } } } }), async (c) => {
    const body = (c.req.valid('json') ?? {}) as z.infer<typeof habilitacionRequestSchema>;
    const run = await startHabilitacion(deps, c.get('organizationId'), body.composition);
    return c.json({ id: run.id, state: run.state, composition: run.composition }, 202);
  });
  app.openapi(createRoute({ method: 'get', path: '/v1/habilitacion', tags: ['Habilitación'], summary: 'Estado y progreso por documento', security: T, responses: ok('Progreso') }), async (c) => {
    return c.json(await habilitacionProgress(deps, c.get('organizationId')), 200);
  });

  // ---- Numbering
  app.openapi(createRoute({ method: 'get', path: '/v1/numbering-ranges', tags: ['Numeración'], summary: 'Rangos con advertencias de agotamiento y vencimiento', security: T, responses: ok('Rangos') }), async (c) => {
    return c.json({ data: (await deps.store.listNumberingRanges(c.get('organizationId'))).map((r) => viewRange(deps, r)) }, 200);
  });
  app.openapi(createRoute({ method: 'post', path: '/v1/numbering-ranges', tags: ['Numeración'], summary: 'Registrar un rango (resolución) a mano', security: T, request: { body: json(numberingRangeInputSchema) }, responses: created('Rango') }), async (c) => {
    return c.json(viewRange(deps, await createNumberingRange(deps, c.get('organizationId'), c.req.valid('json'))), 201);
  });
  app.openapi(createRoute({ method: 'post', path: '/v1/numbering-ranges/sync', tags: ['Numeración'], summary: 'Sincronizar con la DIAN (GetNumberingRange, con clave técnica)', security: T, responses: ok('Rangos sincronizados') }), async (c) => {
    return c.json({ data: (await syncNumberingRanges(deps, c.get('organizationId'))).map((r) => viewRange(deps, r)) }, 200);
  });

  // ---- Payment methods
  app.openapi(createRoute({ method: 'get', path: '/v1/payment-methods', tags: ['Catálogo'], summary: 'Medios de pago', security: T, responses: ok('Medios de pago') }), async (c) => c.json({ data: await deps.store.listPaymentMethods(c.get('organizationId')) }, 200));
  app.openapi(createRoute({ method: 'post', path: '/v1/payment-methods', tags: ['Catálogo'], summary: 'Crear medio de pago (forma + medio DIAN)', security: T, request: { body: json(paymentMethodInputSchema) }, responses: created('Medio de pago') }), async (c) => c.json(await createPaymentMethod(deps, c.get('organizationId'), c.req.valid('json')), 201));
  app.openapi(createRoute({ method: 'delete', path: '/v1/payment-methods/{id}', tags: ['Catálogo'], summary: 'Eliminar medio de pago', security: T, request: { params: idParam }, responses: { 204: { description: 'Eliminado' } } }), async (c) => {
    if (!(await deps.store.deletePaymentMethod(c.get('organizationId'), c.req.valid('param').id))) throw notFound('Medio de pago');
    return c.body(null, 204);
  });

  // ---- Customers
  app.openapi(createRoute({ method: 'get', path: '/v1/customers', tags: ['Catálogo'], summary: 'Clientes', security: T, request: { query: paging.extend({ search: z.string().max(100).optional() }) }, responses: ok('Clientes') }), async (c) => {
    const q = c.req.valid('query');
    return c.json({ data: await deps.store.listCustomers(c.get('organizationId'), { limit: q.limit, offset: q.offset, ...(q.search && { search: q.search }) }) }, 200);
  });
  app.openapi(createRoute({ method: 'post', path: '/v1/customers', tags: ['Catálogo'], summary: 'Crear cliente (adquiriente)', security: T, request: { body: json(customerInputSchema) }, responses: created('Cliente') }), async (c) => c.json(await createCustomer(deps, c.get('organizationId'), c.req.valid('json')), 201));
  app.openapi(createRoute({ method: 'get', path: '/v1/customers/{id}', tags: ['Catálogo'], summary: 'Cliente', security: T, request: { params: idParam }, responses: ok('Cliente') }), async (c) => {
    const x = await deps.store.getCustomer(c.get('organizationId'), c.req.valid('param').id);
    if (!x) throw notFound('Cliente');
    return c.json(x, 200);
  });
  app.openapi(createRoute({ method: 'put', path: '/v1/customers/{id}', tags: ['Catálogo'], summary: 'Reemplazar cliente', security: T, request: { params: idParam, body: json(customerInputSchema) }, responses: ok('Cliente') }), async (c) => c.json(await updateCustomer(deps, c.get('organizationId'), c.req.valid('param').id, c.req.valid('json')), 200));
  app.openapi(createRoute({ method: 'delete', path: '/v1/customers/{id}', tags: ['Catálogo'], summary: 'Eliminar cliente', security: T, request: { params: idParam }, responses: { 204: { description: 'Eliminado' } } }), async (c) => {
    if (!(await deps.store.deleteCustomer(c.get('organizationId'), c.req.valid('param').id))) throw notFound('Cliente');
    return c.body(null, 204);
  });

  // ---- Items
  app.openapi(createRoute({ method: 'get', path: '/v1/items', tags: ['Catálogo'], summary: 'Productos y servicios', security: T, request: { query: paging }, responses: ok('Productos') }), async (c) => c.json({ data: await deps.store.listItems(c.get('organizationId'), c.req.valid('query')) }, 200));
  app.openapi(createRoute({ method: 'post', path: '/v1/items', tags: ['Catálogo'], summary: 'Crear producto', security: T, request: { body: json(itemInputSchema) }, responses: created('Producto') }), async (c) => c.json(await createItem(deps, c.get('organizationId'), c.req.valid('json')), 201));
  app.openapi(createRoute({ method: 'get', path: '/v1/items/{id}', tags: ['Catálogo'], summary: 'Producto', security: T, request: { params: idParam }, responses: ok('Producto') }), async (c) => {
    const x = await deps.store.getItem(c.get('organizationId'), c.req.valid('param').id);
    if (!x) throw notFound('Producto');
    return c.json(x, 200);
  });
  app.openapi(createRoute({ method: 'put', path: '/v1/items/{id}', tags: ['Catálogo'], summary: 'Reemplazar producto', security: T, request: { params: idParam, body: json(itemInputSchema) }, responses: ok('Producto') }), async (c) => c.json(await updateItem(deps, c.get('organizationId'), c.req.valid('param').id, c.req.valid('json')), 200));
  app.openapi(createRoute({ method: 'delete', path: '/v1/items/{id}', tags: ['Catálogo'], summary: 'Eliminar producto', security: T, request: { params: idParam }, responses: { 204: { description: 'Eliminado' } } }), async (c) => {
    if (!(await deps.store.deleteItem(c.get('organizationId'), c.req.valid('param').id))) throw notFound('Producto');
    return c.body(null, 204);
  });

  // ---- Documents
  const createDoc = async (c: Context<Env>, body: Record<string, unknown>) => {
    const key = c.req.header('idempotency-key') ?? null;
    if (key !== null && (key.length === 0 || key.length > 200)) throw new AppError('invalid_data', 'Idempotency-Key debe tener entre 1 y 200 caracteres', { issues: [{ path: 'Idempotency-Key', message: 'Longitud inválida' }] });
    const parsed = documentRequestSchema.safeParse(body);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message }));
      return c.json(errorBody('invalid_data', 'Datos inválidos', issues), 400);
    }
    const r = await createDocument(deps, c.get('organizationId'), parsed.data, body, key);
    return c.json({ ...viewDocument(r.document), notifications: r.notifications }, r.replayed ? 200 : 201);
  };
  const docBody = z.looseObject({ kind: z.enum(['invoice', 'credit-note', 'debit-note']) }).openapi({ description: 'Documento: customerId o customer, líneas por itemId o completas, y los campos del contrato de entrada de Previa (ver examples/*.json)' });
  app.openapi(createRoute({ method: 'post', path: '/v1/documents', tags: ['Documentos'], summary: 'Crear factura, nota crédito o nota débito (validación previa; Idempotency-Key)', security: T, request: { body: json(docBody), headers: z.object({ 'idempotency-key': z.string().optional() }) }, responses: { ...created('Documento numerado, firmado y en cola de envío'), 200: { description: 'Repetición idempotente: el documento ya creado', content: { 'application/json': { schema: ANY } } }, 422: { description: 'Rechazos DIAN (reporte de reglas); no consume número', content: { 'application/json': { schema: ANY } } } } }), async (c) => createDoc(c, c.req.valid('json') as Record<string, unknown>) as never);
  app.openapi(createRoute({ method: 'post', path: '/v1/documents/preview', tags: ['Documentos'], summary: 'Vista previa de un borrador: totales y reglas DIAN, sin numerar, firmar ni guardar', security: T, request: { body: json(docBody) }, responses: ok('Vista previa: ok, totales, impuestos, retenciones, líneas y problemas con el ID de la regla DIAN') }), async (c) => c.json(await previewDocument(deps, c.get('organizationId'), c.req.valid('json')), 200));
  for (const kind of ['credit-note', 'debit-note'] as const) {
    app.openapi(createRoute({ method: 'post', path: `/v1/documents/{id}/${kind}s`, tags: ['Documentos'], summary: `Crear ${kind === 'credit-note' ? 'nota crédito' : 'nota débito'} de una factura (referencia y CUFE incluidos)`, security: T, request: { params: idParam, body: { content: { 'application/json': { schema: z.looseObject({}) as never } }, required: false } }, responses: created('Nota') }), async (c) => {
      const body = { ...((c.req.valid('json') ?? {}) as Record<string, unknown>), kind, referencedDocumentId: c.req.valid('param').id };
      return createDoc(c, body) as never;
    });
  }
  const docFilter = paging.extend({
    status: z.enum(['queued', 'accepted', 'rejected', 'failed']).optional(),
    kind: z.enum(['invoice', 'credit-note', 'debit-note']).optional(),
    from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Fecha AAAA-MM-DD').optional(),
    to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Fecha AAAA-MM-DD').optional(),
    customer: z.string().max(20).optional(),
    number: z.string().max(30).optional(),
    q: z.string().trim().max(120).optional().openapi({ description: 'Buscar por número (p. ej. SETP990000002) o CUFE/CUDE' }),
  });
  app.openapi(createRoute({ method: 'get', path: '/v1/documents', tags: ['Documentos'], summary: 'Listar documentos con filtros', security: T, request: { query: docFilter }, responses: ok('Documentos') }), async (c) => {
    const q = c.req.valid('query');
    const docs = await listDocuments(deps, c.get('organizationId'), { limit: q.limit, offset: q.offset, ...(q.status && { status: q.status }), ...(q.kind && { kind: q.kind }), ...(q.from && { from: q.from }), ...(q.to && { to: q.to }), ...(q.customer && { customerIdNumber: q.customer }), ...(q.number && { number: q.number }), ...(q.q && { search: q.q }) });
    return c.json({ data: docs.map(viewDocument) }, 200);
  });
  app.openapi(createRoute({ method: 'get', path: '/v1/documents/{id}', tags: ['Documentos'], summary: 'Detalle con estado y mensajes DIAN', security: T, request: { params: idParam }, responses: ok('Documento') }), async (c) => c.json(viewDocument(await getDocument(deps, c.get('organizationId'), c.req.valid('param').id)), 200));
  app.openapi(createRoute({ method: 'get', path: '/v1/documents/{id}/xml', tags: ['Documentos'], summary: 'XML firmado', security: T, request: { params: idParam }, responses: { 200: { description: 'XML UBL firmado', content: { 'application/xml': { schema: z.string() } } } } }), async (c) => {
    const d = await ensureSigned(deps, await getDocument(deps, c.get('organizationId'), c.req.valid('param').id));
    return c.body(d.signedXml, 200, { 'content-type': 'application/xml; charset=utf-8', 'content-disposition': `attachment; filename="${d.fileName}.xml"` });
  });
  app.openapi(createRoute({ method: 'get', path: '/v1/documents/{id}/application-response', tags: ['Documentos'], summary: 'ApplicationResponse de la DIAN', security: T, request: { params: idParam }, responses: { 200: { description: 'XML de la DIAN', content: { 'application/xml': { schema: z.string() } } } } }), async (c) => {
    const d = await getDocument(deps, c.get('organizationId'), c.req.valid('param').id);
    if (!d.applicationResponse) throw new AppError('not_found', 'La DIAN aún no ha entregado ApplicationResponse para este documento');
    return c.body(Buffer.from(d.applicationResponse, 'base64').toString('utf8'), 200, { 'content-type': 'application/xml; charset=utf-8' });
  });
  app.openapi(createRoute({ method: 'post', path: '/v1/documents/{id}/retry', tags: ['Documentos'], summary: 'Reintentar un documento fallido', security: T, request: { params: idParam }, responses: ok('Documento en cola') }), async (c) => c.json(viewDocument(await retryDocument(deps, c.get('organizationId'), c.req.valid('param').id)), 200));
  app.openapi(
    createRoute({ method: 'get', path: '/v1/organization/readiness', tags: ['Organización'], summary: 'Verificación previa a la emisión: qué impediría emitir una factura o una nota ahora, con el ID de la regla DIAN (no numera, no firma, no guarda)', security: T, responses: ok('Resultado por área: ok, warning o blocking, con los problemas') }),
    async (c) => c.json(await checkReadiness(deps, c.get('organizationId')), 200),
  );
  app.openapi(
    createRoute({ method: 'get', path: '/v1/dashboard', tags: ['Tablero'], summary: 'Documentos enviados y recibidos en los últimos 30 días por estado, y facturas recibidas con el plazo de aceptación por vencer o vencido', security: T, responses: ok('Cifras') }),
    async (c) => {
      const organizationId = c.get('organizationId');
      const figures = await dashboard(deps, organizationId);
      if (!options.reception) return c.json({ ...figures, acceptanceAttention: [] }, 200);
      const reception = await receptionSummary(options.reception, organizationId);
      return c.json({ ...figures, received: reception.received, acceptanceAttention: reception.attention }, 200);
    },
  );
  app.openapi(createRoute({ method: 'get', path: '/v1/audit', tags: ['Auditoría'], summary: 'Bitácora: intercambios DIAN y cambios de estado', security: T, request: { query: z.object({ entityId: z.string().max(100).optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }) }, responses: ok('Entradas') }), async (c) => {
    const q = c.req.valid('query');
    return c.json({ data: await deps.store.listAudit(c.get('organizationId'), { limit: q.limit, ...(q.entityId && { entityId: q.entityId }) }) }, 200);
  });

  app.openapi(createRoute({ method: 'get', path: '/v1/documents/{id}/lines', tags: ['Documentos'], summary: 'Líneas del documento tal como se emitieron (para preparar notas)', security: T, request: { params: idParam }, responses: ok('Líneas') }), async (c) => {
    const d = await getDocument(deps, c.get('organizationId'), c.req.valid('param').id);
    return c.json({ data: ((d.input as { lines?: unknown[] }).lines ?? []) }, 200);
  });

  registerUserRoutes(app, deps, options.users);
  if (options.delivery) registerDeliveryRoutes(app, options.delivery);
  if (options.reception) registerReceptionRoutes(app, options.reception);
  // The Spanish web application (/app): server-rendered pages over this same API, in process.
  app.route('/', createWebUi({ api: (path, init) => app.request(path, init), sealer: deps.secrets, log }));
  app.get('/health', (c) => c.json({ ok: true }));
  // Generated once, at the first request (every route is registered by then).
  let openapi: Record<string, unknown> | undefined;
  app.get('/openapi.json', (c) => {
    openapi ??= describeApi(app.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 'Previa — API de facturación electrónica DIAN', version: '0.1.0', description: 'Factura Electrónica de Venta con Validación Previa (UBL 2.1, Anexo Técnico 1.9). Autenticación: `Authorization: Bearer <API key>` (organización) o `X-Admin-Key` (proveedor). Errores: `{ error: { kind, message, issues[] } }`.' } }) as unknown as Record<string, unknown>);
    return c.json(openapi);
  });
  app.get('/docs', (c) => c.html(DOCS_HTML));
  app.get('/docs/:file', (c) => {
    const asset = swaggerAsset(c.req.param('file'));
    if (!asset) return c.json(errorBody('not_found', `Ruta no encontrada: ${c.req.method} ${c.req.path}`), 404);
    return c.body(asset.body as Uint8Array<ArrayBuffer>, 200, { 'content-type': asset.contentType, 'cache-control': 'public, max-age=86400' });
  });
  return app;
}
