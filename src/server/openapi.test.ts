import { describe, expect, it } from 'vitest';
import type { AppDeps } from '../app/context.js';
import { createApp } from './app.js';

// The spec and the docs page touch no dependency: a bare app is enough.
const app = createApp({ log: () => undefined } as unknown as AppDeps, { adminKey: 'clave-admin-de-pruebas' });

type Spec = {
  openapi: string;
  info: { title: string };
  paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: unknown }> }; responses: Record<string, unknown>; parameters?: Array<{ name: string; in: string }> }>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }>; securitySchemes: Record<string, unknown>; responses: Record<string, unknown> };
};

function refs(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) v.forEach((x) => refs(x, out));
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (k === '$ref' && typeof x === 'string') out.push(x);
      else refs(x, out);
    }
  }
  return out;
}

describe('OpenAPI and /docs', () => {
  it('serves an OpenAPI 3.1 document with paths, components, bodies and responses', async () => {
    const res = await app.request('/openapi.json');
    expect(res.status).toBe(200);
    const spec = (await res.json()) as Spec;
    expect(spec.openapi).toMatch(/^3\.1\.\d+$/);
    expect(spec.info.title).toContain('Previa');
    for (const p of ['/v1/admin/organizations', '/v1/organization', '/v1/habilitacion', '/v1/numbering-ranges', '/v1/documents', '/v1/documents/{id}', '/v1/documents/{id}/xml', '/v1/documents/{id}/application-response']) {
      expect(Object.keys(spec.paths)).toContain(p);
    }
    expect(Object.keys(spec.components.securitySchemes).sort()).toEqual(['adminKey', 'apiKey']);
    for (const s of ['DocumentRequest', 'InvoiceRequest', 'CreditNoteRequest', 'DebitNoteRequest', 'Document', 'DocumentList', 'Error', 'Issue']) expect(spec.components.schemas).toHaveProperty(s);

    // Every reference resolves inside the document.
    for (const r of new Set(refs(spec))) {
      const [, section, name] = /^#\/components\/(schemas|responses)\/(.+)$/.exec(r) ?? [];
      expect(section && name && (spec.components as Record<string, Record<string, unknown>>)[section]![name], r).toBeTruthy();
    }

    // The document body is the core contract without the platform's fields, plus catalog references.
    const create = spec.paths['/v1/documents']!.post!;
    expect(create.requestBody!.content['application/json']!.schema).toEqual({ $ref: '#/components/schemas/DocumentRequest' });
    expect(create.parameters?.some((p) => p.name === 'Idempotency-Key' && p.in === 'header')).toBe(true);
    const invoice = spec.components.schemas.InvoiceRequest!;
    expect(Object.keys(invoice.properties!)).toEqual(expect.arrayContaining(['kind', 'customer', 'customerId', 'lines', 'payment', 'paymentMethodId', 'currency', 'notes']));
    for (const f of ['supplier', 'software', 'numberingRange', 'issueDate', 'consecutive']) expect(invoice.properties).not.toHaveProperty(f);
    expect(invoice.required).toContain('kind');
    expect(create.responses['201']).toEqual({ description: expect.any(String), content: { 'application/json': { schema: { $ref: '#/components/schemas/Document' } } } });
    expect(create.responses['422']).toEqual({ description: expect.stringContaining('no consume número'), content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
    expect(spec.paths['/v1/documents/{id}']!.get!.responses['404']).toEqual({ $ref: '#/components/responses/E404' });
    expect(spec.paths['/v1/documents']!.get!.responses['200']).toMatchObject({ content: { 'application/json': { schema: { $ref: '#/components/schemas/DocumentList' } } } });
  });

  it('serves /docs from the installed swagger-ui-dist, without external URLs', async () => {
    const res = await app.request('/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(html).toContain("url: '/openapi.json'");
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets).toEqual(expect.arrayContaining(['/docs/swagger-ui.css', '/docs/swagger-ui-bundle.js']));
    for (const a of assets) {
      const r = await app.request(a);
      expect(r.status, a).toBe(200);
      expect((await r.arrayBuffer()).byteLength, a).toBeGreaterThan(100);
    }
    expect((await app.request('/docs/swagger-ui-bundle.js')).headers.get('content-type')).toContain('javascript');
    expect((await app.request('/docs/../package.json')).status).toBe(404);
    expect((await app.request('/docs/index.html')).status).toBe(404);
  });
});
