/**
 * A minimal signed event ApplicationResponse (030–034) for tests (spec/02-services.md §8.2):
 * the buyer (800199436) tells the issuer (900108281) about an invoice.
 */
import { computeEventCude, computeSoftwareSecurityCode } from '../../core/identity/index.js';
import { rootNamespaceAttrs } from '../../core/xml/namespaces.js';
import { XmlWriter } from '../../core/xml/writer.js';
import { getTestPki } from '../../signing/test-support/test-pki.js';
import { signXml, XML_PROLOG } from '../../signing/xades.js';
import { DEMO } from '../simulator/config.js';
import { EXAMPLE_DAY, type SignedDocument } from './documents.js';

const AGENCY = { schemeAgencyID: '195', schemeAgencyName: 'CO, DIAN (Dirección de Impuestos y Aduanas Nacionales)' };

/** Builds and signs event `code` about `invoice`, numbered `number`. */
export function signedEvent(code: '030' | '031' | '032' | '033' | '034', number: string, invoice: SignedDocument, pin: string = DEMO.pin): SignedDocument {
  const issueTime = '11:00:00-05:00';
  const sender = '800199436';
  const receiver = DEMO.nit;
  const cude = computeEventCude(
    { number, issueDate: EXAMPLE_DAY, issueTime, senderId: sender, receiverId: receiver, responseCode: code, documentId: invoice.number, documentTypeCode: '01' },
    pin,
  );
  const party = (w: XmlWriter, tag: string, name: string, nit: string, dv: string) => {
    w.open(tag).open('cac:PartyTaxScheme').leaf('cbc:RegistrationName', name);
    w.leaf('cbc:CompanyID', nit, { ...AGENCY, schemeID: dv, schemeName: '31' });
    w.leaf('cbc:TaxLevelCode', 'O-13');
    w.open('cac:TaxScheme').leaf('cbc:ID', '01').leaf('cbc:Name', 'IVA').close('cac:TaxScheme');
    w.close('cac:PartyTaxScheme').close(tag);
  };
  const w = new XmlWriter();
  w.open('ApplicationResponse', rootNamespaceAttrs('ApplicationResponse', false));
  w.open('ext:UBLExtensions').open('ext:UBLExtension').open('ext:ExtensionContent').open('sts:DianExtensions');
  w.open('sts:SoftwareProvider')
    .leaf('sts:ProviderID', sender, { ...AGENCY, schemeID: '8', schemeName: '31' })
    .leaf('sts:SoftwareID', DEMO.softwareId, AGENCY)
    .close('sts:SoftwareProvider');
  w.leaf('sts:SoftwareSecurityCode', computeSoftwareSecurityCode(DEMO.softwareId, pin, number), AGENCY);
  w.open('sts:AuthorizationProvider').leaf('sts:AuthorizationProviderID', '800197268', { ...AGENCY, schemeID: '4', schemeName: '31' }).close('sts:AuthorizationProvider');
  w.close('sts:DianExtensions').close('ext:ExtensionContent').close('ext:UBLExtension');
  w.open('ext:UBLExtension').leaf('ext:ExtensionContent', '').close('ext:UBLExtension').close('ext:UBLExtensions');
  w.leaf('cbc:UBLVersionID', 'UBL 2.1').leaf('cbc:CustomizationID', code).leaf('cbc:ProfileID', 'DIAN 2.1: ApplicationResponse de la Factura Electrónica de Venta');
  w.leaf('cbc:ProfileExecutionID', '2').leaf('cbc:ID', number).leaf('cbc:UUID', cude, { schemeID: '2', schemeName: 'CUDE-SHA384' });
  w.leaf('cbc:IssueDate', EXAMPLE_DAY).leaf('cbc:IssueTime', issueTime);
  party(w, 'cac:SenderParty', 'Distribuidora del Valle Ltda.', sender, '8');
  party(w, 'cac:ReceiverParty', 'Comercializadora Andina de Prueba S.A.S.', receiver, '3');
  w.open('cac:DocumentResponse');
  w.open('cac:Response').leaf('cbc:ResponseCode', code).leaf('cbc:Description', `Evento ${code}`).close('cac:Response');
  w.open('cac:DocumentReference')
    .leaf('cbc:ID', invoice.number)
    .leaf('cbc:UUID', invoice.uuid, { schemeName: 'CUFE-SHA384' })
    .leaf('cbc:DocumentTypeCode', '01')
    .close('cac:DocumentReference');
  w.close('cac:DocumentResponse').close('ApplicationResponse');
  const xml = signXml(XML_PROLOG + w.toString(), getTestPki().identity, { signingTime: new Date(`${EXAMPLE_DAY}T16:00:00.000Z`) });
  return { xml, number, uuid: cude, kind: 'event' };
}
