import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { deliveryStatus, documentPackage, documentPdf, requestDelivery, type DeliveryDeps } from '../delivery/service.js';

type Env = { Variables: { organizationId: string } };

const T = [{ apiKey: [] }];
const idParam = z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' } }) });
const ANY = z.any();
const sendBody = z.object({
  to: z.array(z.string().max(320)).max(20).optional().openapi({ description: 'Otros destinatarios; por omisión, los correos de recepción del cliente' }),
});

/** Delivery endpoints (issue #6): PDF, ZIP, e-mail (re)send and delivery status of a document. */
export function registerDeliveryRoutes(app: OpenAPIHono<Env>, d: DeliveryDeps): void {
  app.openapi(
    createRoute({ method: 'get', path: '/v1/documents/{id}/pdf', tags: ['Entrega'], summary: 'Representación gráfica (PDF con QR)', security: T, request: { params: idParam }, responses: { 200: { description: 'PDF', content: { 'application/pdf': { schema: z.string() } } } } }),
    async (c) => {
      const r = await documentPdf(d, c.get('organizationId'), c.req.valid('param').id);
      return c.body(new Uint8Array(r.pdf), 200, { 'content-type': 'application/pdf', 'content-disposition': `inline; filename="${r.fileName}"` }) as never;
    },
  );
  app.openapi(
    createRoute({ method: 'get', path: '/v1/documents/{id}/zip', tags: ['Entrega'], summary: 'ZIP de entrega al adquiriente: AttachedDocument firmado + PDF (documentos aceptados)', security: T, request: { params: idParam }, responses: { 200: { description: 'ZIP', content: { 'application/zip': { schema: z.string() } } } } }),
    async (c) => {
      const r = await documentPackage(d, c.get('organizationId'), c.req.valid('param').id);
      return c.body(new Uint8Array(r.zip), 200, { 'content-type': 'application/zip', 'content-disposition': `attachment; filename="${r.names.zip}"` }) as never;
    },
  );
  app.openapi(
    createRoute({ method: 'post', path: '/v1/documents/{id}/send-email', tags: ['Entrega'], summary: 'Enviar (o reenviar) el documento por correo, a los correos del cliente o a otros', security: T, request: { params: idParam, body: { content: { 'application/json': { schema: sendBody } }, required: false } }, responses: { 202: { description: 'Entrega en cola', content: { 'application/json': { schema: ANY } } } } }),
    async (c) => {
      const body = (c.req.valid('json') ?? {}) as z.infer<typeof sendBody>;
      const r = await requestDelivery(d, c.get('organizationId'), c.req.valid('param').id, body.to);
      return c.json(r, 202);
    },
  );
  app.openapi(
    createRoute({ method: 'get', path: '/v1/documents/{id}/delivery', tags: ['Entrega'], summary: 'Estado de entrega: envíos, intentos y respuesta del servidor de correo', security: T, request: { params: idParam }, responses: { 200: { description: 'Estado de entrega', content: { 'application/json': { schema: ANY } } } } }),
    async (c) => c.json(await deliveryStatus(d, c.get('organizationId'), c.req.valid('param').id), 200),
  );
}
