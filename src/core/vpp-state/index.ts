// Node-state parsers: one per vppctl / kubectl output kind, all returning Parsed<T> with line numbers.
import { parseShowBuffers, type ShowBuffers } from './buffers';
import { parseCnatClients, parseCnatSessions, parseCnatSnat, parseCnatTranslations, type CnatClientList, type CnatSessions, type CnatSnat, type CnatTranslation } from './cnat';
import { parseDescribePod, type DescribedPod } from './describe';
import { parseShowErrors, type ShowErrors } from './errors';
import { parseShowIpFib, parseShowPuntRedirect, type ShowIpFib, type ShowPuntRedirect } from './fib';
import { parseShowHardware, type ShowHardware } from './hardware';
import { parseShowInterfaceAddresses, parseShowInterfaceRx, parseShowInterfaces, type ShowInterfaceAddresses, type ShowInterfaceRx, type ShowInterfaces } from './interfaces';
import { parseConfigMap, parseDaemonSet, parseInstallation, type ConfigMapInfo, type DaemonSetInfo, type InstallationInfo } from './k8s-config';
import { parseGetNodes, parseGetPods, parseGetServices, type NodeRow, type PodRow, type ServiceRow } from './kubectl';
import { parseContainerLog, parseKubeletJournal, parseShowLog, type LogFile } from './logs';
import { parseNpolInterfaces, parseNpolIpsets, parseNpolPolicies, parseNpolRules, type NpolInterface, type NpolIpset, type NpolPolicy, type NpolRule } from './npol';
import { parseShowRuntime, type ShowRuntime } from './runtime';
import { parseIpipTunnels, parseVxlanTunnels, type ShowTunnels } from './tunnels';
import { parseShowTun, type ShowTun } from './tun';
import type { Parsed } from './types';

export * from './types';
export * from './text';
export * from './failure';
export * from './interfaces';
export * from './hardware';
export * from './runtime';
export * from './errors';
export * from './buffers';
export * from './tun';
export * from './fib';
export * from './cnat';
export * from './npol';
export * from './tunnels';
export * from './logs';
export * from './kubectl';
export * from './yaml';
export * from './k8s-config';
export * from './describe';

/** What each parsed kind holds. */
export interface StateData {
  'show-int': ShowInterfaces;
  'show-int-addr': ShowInterfaceAddresses;
  'show-int-rx': ShowInterfaceRx;
  'show-hardware': ShowHardware;
  'show-run': ShowRuntime;
  'show-err': ShowErrors;
  'show-buffers': ShowBuffers;
  'show-tun': ShowTun;
  'show-ip-fib': ShowIpFib;
  'show-punt-redirect': ShowPuntRedirect;
  'cnat-client': CnatClientList;
  'cnat-translation': { translations: CnatTranslation[] };
  'cnat-session': CnatSessions;
  'cnat-snat': CnatSnat;
  'npol-interfaces': { interfaces: NpolInterface[] };
  'npol-policies': { policies: NpolPolicy[] };
  'npol-rules': { rules: NpolRule[] };
  'npol-ipsets': { ipsets: NpolIpset[] };
  'ipip-tunnel': ShowTunnels;
  'vxlan-tunnel': ShowTunnels;
  'show-log': LogFile;
  'vpp-log': LogFile;
  'agent-log': LogFile;
  'calico-node-log': LogFile;
  'operator-log': LogFile;
  'kubelet-journal': LogFile;
  'get-pods': { pods: PodRow[] };
  'get-services': { services: ServiceRow[] };
  'get-nodes': { nodes: NodeRow[] };
  daemonset: DaemonSetInfo | null;
  configmap: ConfigMapInfo | null;
  installation: InstallationInfo | null;
  'describe-pod': DescribedPod;
}

export type StateKind = keyof StateData;

type ParserTable = { [K in StateKind]: (text: string, input?: string) => Parsed<StateData[K]> };

/** The parser of each kind. */
export const STATE_PARSERS: ParserTable = {
  'show-int': parseShowInterfaces,
  'show-int-addr': parseShowInterfaceAddresses,
  'show-int-rx': parseShowInterfaceRx,
  'show-hardware': parseShowHardware,
  'show-run': parseShowRuntime,
  'show-err': parseShowErrors,
  'show-buffers': parseShowBuffers,
  'show-tun': parseShowTun,
  'show-ip-fib': parseShowIpFib,
  'show-punt-redirect': parseShowPuntRedirect,
  'cnat-client': parseCnatClients,
  'cnat-translation': parseCnatTranslations,
  'cnat-session': parseCnatSessions,
  'cnat-snat': parseCnatSnat,
  'npol-interfaces': parseNpolInterfaces,
  'npol-policies': parseNpolPolicies,
  'npol-rules': parseNpolRules,
  'npol-ipsets': parseNpolIpsets,
  'ipip-tunnel': parseIpipTunnels,
  'vxlan-tunnel': parseVxlanTunnels,
  'show-log': parseShowLog,
  'vpp-log': parseContainerLog,
  'agent-log': parseContainerLog,
  'calico-node-log': parseContainerLog,
  'operator-log': parseContainerLog,
  'kubelet-journal': parseKubeletJournal,
  'get-pods': parseGetPods,
  'get-services': parseGetServices,
  'get-nodes': parseGetNodes,
  daemonset: parseDaemonSet,
  configmap: parseConfigMap,
  installation: parseInstallation,
  'describe-pod': parseDescribePod,
};

export function isStateKind(k: string): k is StateKind {
  return Object.prototype.hasOwnProperty.call(STATE_PARSERS, k);
}

/** Parses text of a known kind. */
export function parseState<K extends StateKind>(kind: K, text: string, input?: string): Parsed<StateData[K]> {
  return (STATE_PARSERS[kind] as (t: string, i?: string) => Parsed<StateData[K]>)(text, input);
}
