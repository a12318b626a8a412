// The scenario simulator: consistent VPP outputs (`show trace`, `show interface`) with their ground
// truth, for named situations of a Calico VPP v3.31 / VPP 25.10 cluster.
import { SCENARIO_SPECS } from './catalog';
import type { Scenario } from './model';
import { buildScenario } from './scenario';

export type * from './model';
export { SIMULATED_CALICO_VERSION, SIMULATED_VPP_VERSION } from './model';
export { buildScenario } from './scenario';
export { generateBenchTrace, type BenchTraceOptions } from './bench';

/** Every named scenario; `sample` is the app's embedded sample. */
export const scenarios: Scenario[] = SCENARIO_SPECS.map(buildScenario);

export function getScenario(name: string): Scenario | undefined {
  return scenarios.find((s) => s.name === name);
}
