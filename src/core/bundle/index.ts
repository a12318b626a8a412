// Export bundles: in-memory tar, classification of every file to its node and kind, parsed state on demand.
export * from './types';
export * from './kinds';
export * from './tar';
export * from './sniff';
export * from './open';
export * from './state';
