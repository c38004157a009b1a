/**
 * A signed event ApplicationResponse (030–034) for tests (spec/02-services.md §8.2), built with
 * the core's event builder: the buyer (800199436) tells the issuer (900108281) about an invoice.
 */
import { buildEvent, type EventCode } from '../../core/ubl/event.js';
import { getTestPki } from '../../signing/test-support/test-pki.js';
import { signXml } from '../../signing/xades.js';
import { DEMO } from '../simulator/config.js';
import { EXAMPLE_DAY, type SignedDocument } from './documents.js';

/** Builds and signs event `code` about `invoice`, numbered `number`. */
export function signedEvent(code: EventCode, number: string, invoice: SignedDocument, pin: string = DEMO.pin): SignedDocument {
  const built = buildEvent({
    code,
    number,
    issueDate: EXAMPLE_DAY,
    issueTime: '11:00:00-05:00',
    environment: '2',
    software: { id: DEMO.softwareId, pin, providerNit: '800199436' },
    sender: { name: 'Distribuidora del Valle Ltda.', id: '800199436', responsibilities: ['O-13'] },
    receiver: { name: 'Comercializadora Andina de Prueba S.A.S.', id: DEMO.nit, responsibilities: ['O-13'] },
    invoice: { number: invoice.number, cufe: invoice.uuid },
    ...(code === '031' && { claimConcept: '01' }),
  });
  const xml = signXml(built.xml, getTestPki().identity, { signingTime: new Date(`${EXAMPLE_DAY}T16:00:00.000Z`) });
  return { xml, number, uuid: built.cude, kind: 'event' };
}
