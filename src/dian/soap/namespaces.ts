/**
 * Names of DIAN's SOAP contract (`WcfDianCustomerServices`, spec/02-services.md §1–§4):
 * namespaces, endpoints, actions and the request fields of each operation, in WSDL order.
 */

/** Namespace URIs used in the SOAP envelopes, keyed by the prefixes DIAN's documentation uses. */
export const SOAP_NS = {
  soap: 'http://www.w3.org/2003/05/soap-envelope',
  wcf: 'http://wcf.dian.colombia',
  wsa: 'http://www.w3.org/2005/08/addressing',
  wsse: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd',
  wsu: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd',
  ds: 'http://www.w3.org/2000/09/xmldsig#',
  ec: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
  arrays: 'http://schemas.microsoft.com/2003/10/Serialization/Arrays',
  dianResponse: 'http://schemas.datacontract.org/2004/07/DianResponse',
  uploadDocumentResponse: 'http://schemas.datacontract.org/2004/07/UploadDocumentResponse',
  xmlParamsResponseTrackId: 'http://schemas.datacontract.org/2004/07/XmlParamsResponseTrackId',
  numberRangeResponseList: 'http://schemas.datacontract.org/2004/07/NumberRangeResponseList',
  numberRangeResponse: 'http://schemas.datacontract.org/2004/07/NumberRangeResponse',
  eventResponse: 'http://schemas.datacontract.org/2004/07/EventResponse',
  acquirerResponse: 'http://schemas.datacontract.org/2004/07/Gosocket.Dian.Services.Utils.Common',
  exchangeEmailResponse: 'http://schemas.datacontract.org/2004/07/ExchangeEmailResponse',
} as const;

/** WS-Security token and encoding type URIs. */
export const WSS = {
  base64Binary: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary',
  x509v3: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3',
} as const;

/** XML-DSig algorithm URIs of the WS-Security signature (AlgorithmSuite Basic256Sha256Rsa15). */
export const WSS_ALGORITHMS = {
  excC14n: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  rsaSha256: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  sha256: 'http://www.w3.org/2001/04/xmlenc#sha256',
} as const;

/** The service path, the same in every environment. */
export const SERVICE_PATH = '/WcfDianCustomerServices.svc';

/** DIAN's environments and their endpoints (spec/02-services.md §1). */
export const DIAN_ENDPOINTS = {
  habilitacion: 'https://vpfe-hab.dian.gov.co/WcfDianCustomerServices.svc',
  produccion: 'https://vpfe.dian.gov.co/WcfDianCustomerServices.svc',
} as const;

/** A named DIAN environment. */
export type DianEnvironmentName = keyof typeof DIAN_ENDPOINTS;

/** Operations of `IWcfDianCustomerServices` that Previa speaks. */
export type DianOperation =
  | 'SendBillSync'
  | 'SendBillAsync'
  | 'SendTestSetAsync'
  | 'SendEventUpdateStatus'
  | 'GetStatus'
  | 'GetStatusZip'
  | 'GetStatusEvent'
  | 'GetNumberingRange'
  | 'GetXmlByDocumentKey'
  | 'GetAcquirer'
  | 'GetExchangeEmails';

/**
 * Request children of each operation, in the order of `xsd0.xsd` (order matters: the body is a
 * sequence). `contentFile` is the only `xs:base64Binary` field.
 */
export const OPERATION_FIELDS: Readonly<Record<DianOperation, readonly string[]>> = {
  SendBillSync: ['fileName', 'contentFile'],
  SendBillAsync: ['fileName', 'contentFile'],
  SendTestSetAsync: ['fileName', 'contentFile', 'testSetId'],
  SendEventUpdateStatus: ['contentFile'],
  GetStatus: ['trackId'],
  GetStatusZip: ['trackId'],
  GetStatusEvent: ['trackId'],
  GetNumberingRange: ['accountCode', 'accountCodeT', 'softwareCode'],
  GetXmlByDocumentKey: ['trackId'],
  GetAcquirer: ['identificationType', 'identificationNumber'],
  GetExchangeEmails: [],
};

/** All operations Previa speaks. */
export const DIAN_OPERATIONS = Object.keys(OPERATION_FIELDS) as DianOperation[];

/** The WS-Addressing action of an operation's request. */
export function actionOf(operation: string): string {
  return `http://wcf.dian.colombia/IWcfDianCustomerServices/${operation}`;
}

/** The WS-Addressing action of an operation's response. */
export function responseActionOf(operation: string): string {
  return `${actionOf(operation)}Response`;
}

/** WS-Addressing action DIAN (WCF) puts on SOAP faults. */
export const FAULT_ACTION = 'http://www.w3.org/2005/08/addressing/soap/fault';
