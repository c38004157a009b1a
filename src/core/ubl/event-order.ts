/**
 * The order and timing rules DIAN enforces on events 030–034 of one invoice
 * (spec/02-services.md §8.4, rule IDs from data/validation-rules.csv), as one pure function
 * shared by the app (checked *before* signing and sending) and the simulator (checked on
 * reception, like DIAN).
 *
 * Order: 032 needs 030 (LGC09); 031 needs 030 and 032 (LGC03) and no prior acceptance (LGC02);
 * 033 needs 030 (LGC13) and 032 (LGC12); 034 needs 032 (LGC14) and no express acceptance
 * (LGC05); the same event twice is LGC01. A claim (031) is final as well: acceptance after a
 * claim is refused under LGC04 and an express acceptance after a tacit one under LGC07 (those
 * two IDs exist in DIAN's engine with their messages in runtime configuration: the mapping is
 * UNCONFIRMED, docs/decisions.md "RADIAN events").
 *
 * Timing (when the caller gives the instant): 031 and 033 within the business-day limit after
 * 032 (DC24z, DC24c); 034 only after it (DC24e); 030 not before the invoice (DC24a), 032 not
 * before 030 (DC24b).
 */
import { addBusinessDays } from '../calendar/business-days.js';
import type { EventCode } from './event.js';

/** An event already registered for the invoice. */
export interface PriorEvent {
  code: string;
  /** When it was issued (signing time or issue date/time); needed for the timing rules. */
  at?: Date;
}

/** A rule the new event would break, with DIAN's ID and message (Spanish). */
export interface EventOrderIssue {
  ruleId: string;
  message: string;
}

/** Timing context: the new event's instant, the invoice's, and the limit in business days. */
export interface EventTiming {
  at: Date;
  invoiceAt?: Date;
  /** Business days after 032 for claim/express acceptance (law: 3). */
  businessDaysLimit: number;
}

const MESSAGES: Record<string, string> = {
  LGC01: 'Evento registrado previamente',
  LGC02: 'No se puede reclamar un documento que ha sido aceptado (expresa o tácitamente) previamente.',
  LGC03: 'No se puede recibir un reclamo si previamente no se han recibido los eventos Acuse de recibo de la factura electrónica y un recibo de bien y prestación de servicio',
  LGC04: 'No se puede aceptar una factura que tiene un reclamo (031) registrado.',
  LGC05: 'No se puede generar una aceptación tácita sobre un documento que haya sido aceptada expresamente previamente.',
  LGC07: 'No se puede aceptar expresamente una factura aceptada tácitamente (034).',
  LGC09: 'No puede generar una recepción de bienes y prestación de servicios sobre un documento que no cuente con un evento de acuse de recibo',
  LGC12: 'Solo se pueda transmitir el evento (033) Aceptación Expresa de la factura, después de haber transmitido el evento (032) Recibo del bien o prestación del servicio',
  LGC13: 'Solo se pueda transmitir el evento (033) después de haber transmitido el evento (030) de Acuse de recibo de la factura electrónica de venta',
  LGC14: 'Solo se pueda transmitir el evento (034) Aceptación Tácita de la factura, pasados 3 días hábiles, después de la transmisión del evento (032) recibo del bien o aceptación de la prestación del servicio',
  DC24a: 'El acuse de recibo (030) no puede ser anterior a la factura.',
  DC24b: 'No se puede generar el evento recibo de bien prestación de servicio antes de la fecha de generación del evento acuse de recibo de la factura electrónica de venta.',
  DC24c: 'No se puede generar la aceptación expresa (033) pasados los días hábiles de la fecha de generación del evento Recibo del bien y prestación del servicio.',
  DC24e: 'Solo se puede generar la aceptación tácita (034) pasados los días hábiles desde el evento Recibo del bien y prestación del servicio (032).',
  DC24z: 'No se puede generar el evento de Reclamo  pasado los 3 dias hábiles de la fecha de generación del evento Recibo del bien y prestación del servicio.',
};

/** DIAN's message for a rule of this module. */
export function eventRuleMessage(ruleId: string): string {
  return MESSAGES[ruleId] ?? ruleId;
}

/** Colombia civil date of an instant (UTC-05:00, no daylight saving). */
function colombiaDate(at: Date): string {
  return new Date(at.getTime() - 5 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * End of the acceptance window: the last instant (23:59:59 Colombia) of the `limit`-th business
 * day after the day of the 032. Claims and express acceptance are allowed up to it; tacit
 * acceptance (034) only after it. Example: 032 on Friday 2025-08-01 → deadline
 * 2025-08-06T23:59:59-05:00 (Mon 4, Tue 5, Wed 6; 7 Aug is a holiday but falls after).
 *
 * @param receiptAt when the 032 was issued.
 * @param limit business days (3 by law).
 */
export function acceptanceDeadline(receiptAt: Date, limit: number): Date {
  return new Date(`${addBusinessDays(colombiaDate(receiptAt), limit)}T23:59:59.999-05:00`);
}

/**
 * Which rules event `code` would break given the invoice's registered events.
 *
 * @param code the new event.
 * @param prior events already registered (accepted by DIAN) for the same invoice.
 * @param timing optional instants for the timing rules.
 * @returns the broken rules (empty = allowed).
 */
export function checkEventOrder(code: EventCode | string, prior: readonly PriorEvent[], timing?: EventTiming): EventOrderIssue[] {
  const has = (c: string) => prior.some((p) => p.code === c);
  const at = (c: string) => prior.find((p) => p.code === c)?.at;
  const issues: EventOrderIssue[] = [];
  const fail = (cond: boolean, ruleId: string) => {
    if (cond) issues.push({ ruleId, message: MESSAGES[ruleId]! });
  };
  fail(has(code), 'LGC01');
  switch (code) {
    case '032':
      fail(!has('030'), 'LGC09');
      break;
    case '031':
      fail(!(has('030') && has('032')), 'LGC03');
      fail(has('033') || has('034'), 'LGC02');
      break;
    case '033':
      fail(!has('030'), 'LGC13');
      fail(!has('032'), 'LGC12');
      fail(has('031'), 'LGC04');
      fail(has('034'), 'LGC07');
      break;
    case '034':
      fail(!has('032'), 'LGC14');
      fail(has('033'), 'LGC05');
      fail(has('031'), 'LGC04');
      break;
  }
  if (timing) {
    const receipt = at('032');
    const deadline = receipt ? acceptanceDeadline(receipt, timing.businessDaysLimit) : undefined;
    const t = timing.at.getTime();
    if (code === '030' && timing.invoiceAt) fail(t < timing.invoiceAt.getTime(), 'DC24a');
    if (code === '032') {
      const ack = at('030');
      fail(ack !== undefined && t < ack.getTime(), 'DC24b');
    }
    if (deadline) {
      if (code === '031') fail(t > deadline.getTime(), 'DC24z');
      if (code === '033') fail(t > deadline.getTime(), 'DC24c');
      if (code === '034' && !issues.some((i) => i.ruleId === 'LGC14')) fail(t <= deadline.getTime(), 'DC24e');
    }
  }
  return issues;
}

/**
 * Who may send event `code` about an invoice (AAF01: the sender; AAG01: the receiver): the
 * invoice's buyer to its issuer for 030–033, the issuer to the buyer for 034.
 *
 * @param parties the event's SenderParty and ReceiverParty NITs.
 * @param invoice the invoice's issuer (supplier) and buyer (customer) NITs.
 */
export function checkEventParties(code: string, parties: { senderNit: string; receiverNit: string }, invoice: { issuerNit: string; buyerNit: string | undefined }): EventOrderIssue[] {
  const bySeller = code === '034';
  const expectedSender = bySeller ? invoice.issuerNit : invoice.buyerNit;
  const expectedReceiver = bySeller ? invoice.buyerNit : invoice.issuerNit;
  const issues: EventOrderIssue[] = [];
  if (expectedSender !== undefined && parties.senderNit !== expectedSender) {
    issues.push({ ruleId: 'AAF01', message: bySeller ? 'No corresponde a la información del Emisor/Facturador electrónico' : 'No fue informado el Adquirente/Deudor/Aceptante' });
  }
  if (expectedReceiver !== undefined && parties.receiverNit !== expectedReceiver) {
    issues.push({ ruleId: 'AAG01', message: bySeller ? 'El receptor del evento debe ser el adquiriente de la factura' : 'El receptor del evento debe ser el emisor de la factura' });
  }
  return issues;
}
