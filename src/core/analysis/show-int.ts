// `show interface` → sw_if_index ↔ name, for `analyze --interfaces`. The table itself is parsed by
// core/vpp-state (parseShowInterfaces); this keeps only what journeys need.
import type { Diagnostic } from '../model';
import { parseShowInterfaces } from '../vpp-state/interfaces';

export interface InterfaceNames {
  /** sw_if_index → name. */
  byIndex: Map<number, string>;
  /** Set when the text is a CLI error message instead of the table. */
  failure: string | null;
  diagnostics: Diagnostic[];
}

export function readInterfaceNames(text: string, input = 'show-int'): InterfaceNames {
  const r = parseShowInterfaces(text, input);
  const byIndex = new Map<number, string>();
  for (const row of r.data.interfaces) if (!byIndex.has(row.swIfIndex)) byIndex.set(row.swIfIndex, row.name);
  return { byIndex, failure: r.failure ? r.failure.message : null, diagnostics: r.diagnostics };
}
