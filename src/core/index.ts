/**
 * Previa's pure core: everything needed to turn a business document (JSON) into the exact
 * UBL 2.1 XML DIAN accepts, and to check DIAN's rules locally. No I/O, no clock, no
 * environment: integrators can import it as a library (`import { prepareDocument } from 'previa'`).
 */
export * from './money/index.js';
export * as codelists from './codelists/index.js';
export * from './identity/index.js';
export * from './input/schema.js';
export * from './input/parse.js';
export { checkInputSemantics } from './input/semantics.js';
export * from './totals/compute.js';
export * from './ubl/build.js';
export * from './rules/index.js';
export * from './xml/index.js';
export * from './pipeline.js';
