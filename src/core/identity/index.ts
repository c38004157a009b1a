/**
 * Identity of DIAN documents and parties: NIT check digit, CUFE/CUDE/CUDS, SoftwareSecurityCode,
 * file names and QR content. Pure functions (hashing through node:crypto only).
 */
export { computeNitDv, isValidNitDv } from './nit.js';
export {
  computeCude,
  computeCufe,
  computeCuds,
  computeEventCude,
  computeSoftwareSecurityCode,
  cudeInput,
  cudsInput,
  cufeInput,
  eventCudeInput,
} from './unique-codes.js';
export type { CudsFields, CufeFields, EventCudeFields } from './unique-codes.js';
export { dianFileName, dianZipName } from './file-names.js';
export type { DianFilePrefix } from './file-names.js';
export { qrText, qrUrl } from './qr.js';
export type { QrTextFields } from './qr.js';
