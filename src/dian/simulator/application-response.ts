/**
 * DIAN's validation result as a UBL ApplicationResponse (spec/02-services.md §7), built in
 * canonical form with the core's XmlWriter and signed (XAdES-EPES) with the simulator's own
 * throwaway certificate.
 */
import { createHash } from 'node:crypto';
import { rootNamespaceAttrs } from '../../core/xml/namespaces.js';
import { XmlWriter } from '../../core/xml/writer.js';
import { signXml, XML_PROLOG } from '../../signing/xades.js';
import type { SigningIdentity } from '../../signing/pkcs12.js';

const DIAN_NIT = '800197268';
const DIAN_DV = '4';
const DIAN_NAME = 'Unidad Especial Dirección de Impuestos y Aduanas Nacionales';
const AGENCY = { schemeAgencyID: '195', schemeAgencyName: 'CO, DIAN (Dirección de Impuestos y Aduanas Nacionales)' };

/** One LineResponse after the first (NSU) one: `0` + "ha sido autorizada", or a rule code + text. */
export interface ResponseLine {
  code: string;
  description: string;
}

/** What the ApplicationResponse states. */
export interface ApplicationResponseInput {
  /** `1` production, `2` habilitación. */
  profileExecutionId: '1' | '2';
  /** DIAN's own number for the response. */
  id: string;
  /** yyyy-MM-dd and HH:mm:ss-05:00 (Colombia). */
  issueDate: string;
  issueTime: string;
  /** The issuer of the validated document (receiver of this response). */
  receiver: { name: string; companyId: string; dv?: string; schemeName: string };
  /** `02` validated, `04` rejected. */
  responseCode: '02' | '04';
  document: { id: string; uuid: string; uuidScheme: string };
  lines: ResponseLine[];
  /** Instant of the XAdES SigningTime. */
  signingTime: Date;
}

function taxScheme(w: XmlWriter): void {
  w.open('cac:TaxScheme').leaf('cbc:ID', '01').leaf('cbc:Name', 'IVA').close('cac:TaxScheme');
}

/** Builds and signs the ApplicationResponse; returns the XML with its prolog. */
export function buildApplicationResponse(input: ApplicationResponseInput, identity: SigningIdentity): string {
  const uuid = createHash('sha384')
    .update(`${input.id}${input.issueDate}${input.issueTime}${DIAN_NIT}${input.receiver.companyId}${input.responseCode}${input.document.id}${input.document.uuid}`)
    .digest('hex');
  const w = new XmlWriter();
  w.open('ApplicationResponse', rootNamespaceAttrs('ApplicationResponse', false));
  w.open('ext:UBLExtensions');
  w.open('ext:UBLExtension').open('ext:ExtensionContent').open('sts:DianExtensions');
  w.open('sts:InvoiceSource')
    .leaf('cbc:IdentificationCode', 'CO', {
      listAgencyID: '6',
      listAgencyName: 'United Nations Economic Commission for Europe',
      listSchemeURI: 'urn:oasis:names:specification:ubl:codelist:gc:CountryIdentificationCode-2.1',
    })
    .close('sts:InvoiceSource');
  w.open('sts:SoftwareProvider')
    .leaf('sts:ProviderID', DIAN_NIT, { ...AGENCY, schemeID: DIAN_DV, schemeName: '31' })
    .leaf('sts:SoftwareID', '00000000-0000-0000-0000-000000000000', AGENCY)
    .close('sts:SoftwareProvider');
  w.leaf('sts:SoftwareSecurityCode', createHash('sha384').update(`previa-simulador${input.id}`).digest('hex'), AGENCY);
  w.open('sts:AuthorizationProvider')
    .leaf('sts:AuthorizationProviderID', DIAN_NIT, { ...AGENCY, schemeID: DIAN_DV, schemeName: '31' })
    .close('sts:AuthorizationProvider');
  w.close('sts:DianExtensions').close('ext:ExtensionContent').close('ext:UBLExtension');
  w.open('ext:UBLExtension').leaf('ext:ExtensionContent', '').close('ext:UBLExtension');
  w.close('ext:UBLExtensions');
  w.leaf('cbc:UBLVersionID', 'UBL 2.1')
    .leaf('cbc:CustomizationID', '1')
    .leaf('cbc:ProfileID', 'DIAN 2.1')
    .leaf('cbc:ProfileExecutionID', input.profileExecutionId)
    .leaf('cbc:ID', input.id)
    .leaf('cbc:UUID', uuid, { schemeName: 'CUDE-SHA384' })
    .leaf('cbc:IssueDate', input.issueDate)
    .leaf('cbc:IssueTime', input.issueTime);
  w.open('cac:SenderParty').open('cac:PartyTaxScheme').leaf('cbc:RegistrationName', DIAN_NAME);
  w.leaf('cbc:CompanyID', DIAN_NIT, { ...AGENCY, schemeID: DIAN_DV, schemeName: '31' });
  taxScheme(w);
  w.close('cac:PartyTaxScheme').close('cac:SenderParty');
  w.open('cac:ReceiverParty').open('cac:PartyTaxScheme').leaf('cbc:RegistrationName', input.receiver.name);
  w.leaf('cbc:CompanyID', input.receiver.companyId, { ...AGENCY, schemeID: input.receiver.dv, schemeName: input.receiver.schemeName });
  taxScheme(w);
  w.close('cac:PartyTaxScheme').close('cac:ReceiverParty');
  w.open('cac:DocumentResponse');
  w.open('cac:Response')
    .leaf('cbc:ResponseCode', input.responseCode)
    .leaf('cbc:Description', input.responseCode === '02' ? 'Documento validado por la DIAN' : 'Documento rechazado por la DIAN')
    .close('cac:Response');
  w.open('cac:DocumentReference')
    .leaf('cbc:ID', input.document.id)
    .leaf('cbc:UUID', input.document.uuid, { schemeName: input.document.uuidScheme })
    .close('cac:DocumentReference');
  const lines: ResponseLine[] = [{ code: '0000', description: '0' }, ...input.lines];
  for (const line of lines) {
    w.open('cac:LineResponse')
      .open('cac:LineReference')
      .leaf('cbc:LineID', '1')
      .close('cac:LineReference')
      .open('cac:Response')
      .leaf('cbc:ResponseCode', line.code)
      .leaf('cbc:Description', line.description)
      .close('cac:Response')
      .close('cac:LineResponse');
  }
  w.close('cac:DocumentResponse');
  w.close('ApplicationResponse');
  return signXml(XML_PROLOG + w.toString(), identity, { signingTime: input.signingTime, checkValidity: false });
}
