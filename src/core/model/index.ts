export * from './diagnostic';
export * from './flow';
export * from './trace';
export * from './journey';
export * from './hop-detail';
export * from './frame';
