export * from './namespaces.js';
export * from './parse.js';
export * from './query.js';
export * from './writer.js';
