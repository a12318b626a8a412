// Pure layout for the UI's drawings: topology schematic, hop places, waterfall, bar charts.
export * from './schematic';
export * from './topology-layout';
export * from './hop-places';
export * from './waterfall';
export * from './bars';
export * from './infer';
export * from './from-topology';
