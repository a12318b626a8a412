// The renderer ↔ host contract: types, validators, derived channels, transports' building blocks.
export * from './contract';
export * from './errors';
export * from './validate';
export * from './api';
export * from './client';
export * from './dispatcher';
export * from './wire';
export * from './memory';
export * from './csp';
export * from './host-services';
export * from './host-fs';
