export * from './decimal.js';
export * from './money.js';
