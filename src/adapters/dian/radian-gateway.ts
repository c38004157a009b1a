import type { Store } from '../../app/ports.js';
import type { DianEventsResult, DianXmlResult, RadianGateway } from '../../app/reception-ports.js';
import { zipDocuments, type SendOutcome } from '../../dian/index.js';
import { auditedClients, documentResult } from './dian-gateway.js';

/** Where each DIAN environment is, as for the document gateway. */
export interface RadianGatewayOptions {
  endpoints: { '1': string; '2': string };
  timeoutMs: number;
  /** Records every exchange (request/response bytes) in the audit log. */
  store: Pick<Store, 'audit'>;
}

/**
 * The buyer's-side DIAN operations (issue #8) over the SOAP client: SendEventUpdateStatus,
 * GetXmlByDocumentKey, GetStatusEvent and GetStatus by CUFE; every exchange audited.
 */
export function createRadianGateway(options: RadianGatewayOptions): RadianGateway {
  const clientFor = auditedClients(options);

  const sendResult = (o: SendOutcome) => {
    switch (o.status) {
      case 'accepted':
      case 'rejected':
      case 'duplicate':
        return documentResult(o.response);
      case 'transport_failure':
        return { kind: 'failure' as const, retryable: true, message: o.failure.message };
      case 'fault':
        return { kind: 'failure' as const, retryable: false, message: o.failure.message };
    }
  };

  return {
    async sendEvent(s, file) {
      const zip = zipDocuments([{ name: `${file.fileName}.xml`, content: file.xml }]);
      return sendResult(await clientFor(s).sendEventUpdateStatus(zip));
    },
    async getXmlByDocumentKey(s, cufe): Promise<DianXmlResult> {
      const r = await clientFor(s).getXmlByDocumentKey(cufe);
      if (!r.ok) return { kind: 'failure', retryable: r.failure.retryable, message: r.failure.message };
      if (r.value.code === '100' && r.value.xmlBytes) return { kind: 'found', xml: r.value.xmlBytes };
      return { kind: 'not_found', code: r.value.code, message: r.value.message ?? '' };
    },
    async getStatusEvent(s, cufe): Promise<DianEventsResult> {
      const r = await clientFor(s).getStatusEvent(cufe);
      if (!r.ok) return { kind: 'failure', retryable: r.failure.retryable, message: r.failure.message };
      const v = r.value;
      if (v.statusCode === '00' && v.xmlBase64Bytes) return { kind: 'events', xml: Buffer.from(v.xmlBase64Bytes).toString('utf8') };
      return { kind: 'none', code: v.statusCode, message: v.statusDescription ?? v.statusMessage ?? '' };
    },
    async getStatus(s, cufe) {
      const r = await clientFor(s).getStatus(cufe);
      if (!r.ok) return { kind: 'failure', retryable: r.failure.retryable, message: r.failure.message };
      return documentResult(r.value);
    },
  };
}
