/**
 * Fault injection for reliability tests: what the simulator does to requests instead of (or
 * before) answering them. Settable at start-up and per run with `setFaults`.
 */
import type { DianOperation } from '../soap/namespaces.js';
import type { SoapFault } from '../soap/message.js';

/** Faults to inject. All optional; several may combine (latency + another). */
export interface FaultSettings {
  /** Delay before answering, milliseconds. */
  latencyMs?: number;
  /** Never answer (the client's timeout fires); the connection is dropped on close(). */
  timeout?: boolean;
  /** Answer this HTTP status with a non-SOAP body (e.g. 500, 502, 503). */
  httpStatus?: number;
  /** Answer with this SOAP fault (HTTP 500). `receiver` / `sender` are shorthands. */
  soapFault?: SoapFault | 'receiver' | 'sender';
  /** Answer HTTP 200 with a body that is not a SOAP envelope. */
  malformed?: boolean;
  /** Drop the connection without any answer. */
  reset?: boolean;
  /** Answer a DianResponse with StatusCode 500 "Ha ocurrido un error…" (DIAN's own internal error). */
  dianInternalError?: boolean;
  /** Be "down" (HTTP 503) for this many seconds from when the setting is applied. */
  downForSeconds?: number;
  /** Only these operations are affected (default: all). */
  operations?: DianOperation[];
  /** Apply to this many requests, then clear (default: unlimited). */
  times?: number;
}

/** Shorthand faults, expanded. */
export const SHORTHAND_FAULTS: Record<'receiver' | 'sender', SoapFault> = {
  receiver: { code: 's:Receiver', subcode: 'a:InternalServiceFault', reason: 'El servicio no pudo procesar la solicitud debido a un error interno.' },
  sender: { code: 's:Sender', subcode: 'o:InvalidSecurity', reason: 'An error occurred when verifying security for the message.' },
};
