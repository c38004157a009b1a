/**
 * What the simulated DIAN does with an event ApplicationResponse (SendEventUpdateStatus,
 * spec/02-services.md §8): signature (ZE02/ZD07), CUDE with the PIN of the software in the event
 * (AAD06), the referenced invoice exists and was accepted (AAH07), and the order rules of events
 * 030–034 and who may send them (AAF01/AAG01), shared with the app (core/ubl/event-order.ts).
 * The RADIAN endorsement chains and the business-day timing rules (DC24*) are not simulated.
 */
import { messageOf } from '../../core/rules/dian-table.js';
import { checkEventOrder, checkEventParties } from '../../core/ubl/event-order.js';
import { parseXml, type XmlElement } from '../../core/xml/parse.js';
import { text } from '../../core/xml/query.js';
import { verifyXml } from '../../signing/verify.js';
import { buildApplicationResponse } from './application-response.js';
import { colombiaDate, colombiaTime, entryStem, rejectedResponse, ruleLine, softwareFor, type ValidationContext } from './validate-document.js';
import type { SimDianResponse, StoredDocument } from './state.js';

const EXT = 'ext:UBLExtensions/ext:UBLExtension/ext:ExtensionContent/sts:DianExtensions';

/** Names of events 030–034 for the StatusMessage. */
const EVENT_NAMES: Record<string, string> = {
  '030': 'Acuse de recibo',
  '031': 'Reclamo',
  '032': 'Recibo del bien y/o prestación del servicio',
  '033': 'Aceptación expresa',
  '034': 'Aceptación tácita',
};

/** Runs the event pipeline; returns DIAN's answer (stored when it has a key). */
export function validateEvent(xml: string, ctx: ValidationContext): SimDianResponse {
  const fileName = entryStem(ctx.entryName);
  const fail = (lines: string[], key?: string): SimDianResponse => rejectedResponse(fileName, lines, key);
  let root: XmlElement;
  try {
    root = parseXml(xml);
  } catch (e) {
    return fail([ruleLine('ZB01', 'rejection', `Fallo en el esquema XML del archivo - ${e instanceof Error ? e.message : String(e)}`)]);
  }
  if (root.qname !== 'ApplicationResponse') {
    return fail([ruleLine('ZB05', 'rejection', messageOf('ZB05') ?? 'XML informado no corresponde a un tipo de documento valido')]);
  }
  const key = text(root, 'cbc:UUID') ?? '';
  const code = text(root, 'cac:DocumentResponse/cac:Response/cbc:ResponseCode') ?? '';
  const refKey = text(root, 'cac:DocumentResponse/cac:DocumentReference/cbc:UUID') ?? '';
  const number = text(root, 'cbc:ID') ?? '';
  const senderNit = text(root, 'cac:SenderParty/cac:PartyTaxScheme/cbc:CompanyID') ?? '';
  const receiverNit = text(root, 'cac:ReceiverParty/cac:PartyTaxScheme/cbc:CompanyID') ?? '';
  const software = softwareFor(ctx.config, text(root, `${EXT}/sts:SoftwareProvider/sts:SoftwareID`));

  const lines: string[] = [];
  const result = verifyXml(xml, software ? { softwarePin: software.pin } : {});
  for (const c of result.checks) {
    if (c.ok) continue;
    if (c.check === 'unique-code') lines.push(ruleLine('AAD06', 'rejection', messageOf('AAD06') ?? 'Valor del CUDE no está calculado correctamente.'));
    else if (c.check === 'certificate-validity') lines.push(ruleLine('ZD07', 'rejection', c.message));
    else lines.push(ruleLine('ZE02', 'rejection', `Valor de la firma inválido. ${c.message}`));
  }
  if (!software) lines.push(ruleLine('AAB24b', 'rejection', messageOf('AAB24b') ?? 'El identificador del software no corresponde a un software autorizado.'));

  const invoice = ctx.state.document(refKey);
  if (!invoice || !invoice.accepted || invoice.kind !== 'invoice') {
    lines.push(ruleLine('AAH07', 'rejection', messageOf('AAH07') ?? 'Esta UUID no existe en la base de datos de la DIAN'));
  } else {
    // The same order rules the app checks before sending (core/ubl/event-order.ts); the
    // business-day timing rules (DC24*) are not simulated.
    const prior = ctx.state.eventsOf(refKey).map((e) => ({ code: e.eventCode ?? '' }));
    const parties = checkEventParties(code, { senderNit, receiverNit }, { issuerNit: invoice.issuerNit, buyerNit: invoice.receiverNit });
    for (const issue of [...parties, ...checkEventOrder(code, prior)]) lines.push(ruleLine(issue.ruleId, 'rejection', issue.message));
  }
  if (lines.length > 0) return fail(lines, key || undefined);

  const ar = buildApplicationResponse(
    {
      profileExecutionId: ctx.config.environment === 'habilitacion' ? '2' : '1',
      id: String(ctx.state.nextResponseNumber()).padStart(9, '0'),
      issueDate: colombiaDate(ctx.now),
      issueTime: colombiaTime(ctx.now),
      receiver: { name: text(root, 'cac:SenderParty/cac:PartyTaxScheme/cbc:RegistrationName') ?? '', companyId: senderNit, schemeName: '31' },
      responseCode: '02',
      document: { id: number, uuid: key, uuidScheme: 'CUDE-SHA384' },
      lines: [{ code: '0', description: `El evento ${EVENT_NAMES[code] ?? code} ${number}, ha sido registrado.` }],
      signingTime: ctx.now,
    },
    ctx.identity,
  );
  const response: SimDianResponse = {
    errorMessages: [],
    isValid: true,
    statusCode: '00',
    statusDescription: 'Procesado Correctamente.',
    statusMessage: `El evento ${EVENT_NAMES[code] ?? code} ${number}, ha sido registrado.`,
    xmlBase64: Buffer.from(ar, 'utf8').toString('base64'),
    xmlDocumentKey: key,
    xmlFileName: fileName,
  };
  const stored: StoredDocument = {
    documentKey: key,
    kind: 'event',
    typeCode: '96',
    number,
    issuerNit: senderNit,
    receiverNit,
    issueDate: text(root, 'cbc:IssueDate') ?? '',
    fileName,
    accepted: true,
    response,
    xml,
    receivedAt: ctx.now.toISOString(),
    eventCode: code,
    referencedKey: refKey,
  };
  ctx.state.putDocument(stored);
  return response;
}
