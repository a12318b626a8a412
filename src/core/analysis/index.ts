// Joins over parsed inputs: journeys (ingress, egress, verdict, drop reason, flow, NAT), paths, flows.
import type { Diagnostic, Journey, PathGroup } from '../model';
import { parseTrace } from '../trace';
import { buildJourneys, type BuildOptions } from './journeys';
import { groupPaths } from './groups';

export { buildJourneys, type BuildOptions } from './journeys';
export { groupPaths, groupFlows, pathId } from './groups';
export { pathVerdict, isDropNode, isPuntNode, isLocalNode, isInputNode, isInterfaceOutput, isInterfaceTx } from './roles';
export { readInterfaceNames, type InterfaceNames } from './show-int';
export { journeyHopsJson, journeyNodes, hasLazyHops } from './lazy-hop';

export interface TraceAnalysis {
  journeys: Journey[];
  paths: PathGroup[];
  warnings: Diagnostic[];
}

/** Parses one `show trace` text and builds its journeys and paths. Never throws. */
export function analyzeTraceText(input: string, text: string, opts: BuildOptions = {}): TraceAnalysis {
  const parsed = parseTrace(input, text);
  const journeys = buildJourneys([parsed], opts);
  return { journeys, paths: groupPaths(journeys), warnings: parsed.warnings };
}
