export * from './types.js';
export * from './run.js';
export * from './dian-table.js';
export { CATALOG } from './catalog/index.js';
export { kindOfRoot } from './helpers.js';
