export * from './enums.js';
export * from './fields.js';
export * from './types.js';
export * from './model.js';
export * from './validate.js';
