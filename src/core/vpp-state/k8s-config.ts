// Kubernetes objects of a bundle: the calico-vpp-node DaemonSet (container images and env), the
// calico-vpp-config ConfigMap (CALICOVPP_INTERFACES → uplink interface and driver,
// CALICOVPP_INITIAL_CONFIG → corePattern), and the operator's Installation (dataplane, encapsulation).
// Note: the bash export writes the ConfigMap over the DaemonSet file (same file name, see
// projectcalico/vpp-dataplane test/scripts/vppdev.sh), so objects are recognised by their `kind`;
// the Go tool writes typed objects without apiVersion / kind, recognised by their shape.
import { diagnostic, type Diagnostic } from '../model/diagnostic';
import { detectFailure } from './failure';
import { parseYaml, yamlLine, type YamlMap, type YamlValue } from './yaml';
import type { Parsed } from './types';

const isMap = (v: YamlValue | undefined): v is YamlMap => !!v && typeof v === 'object' && !Array.isArray(v);
const asList = (v: YamlValue | undefined): YamlValue[] => (Array.isArray(v) ? v : []);
const str = (v: YamlValue | undefined): string | null => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : null);

export interface K8sObjectRef {
  /** The object's `kind`, or the kind its shape shows when it has none (see kindByShape). */
  kind: string | null;
  /** True when `kind` was inferred from the shape (no `kind:` in the YAML). */
  kindInferred: boolean;
  name: string | null;
  namespace: string | null;
  line: number;
  value: YamlMap;
}

/**
 * The kind of an object written without TypeMeta (no apiVersion / kind): the Go export tool
 * (calicovppctl) marshals typed client-go objects, whose TypeMeta is empty after a Get. Only the
 * kinds a bundle holds are recognised, by fields no other of them has: a pod template
 * (spec.template.spec.containers) is a DaemonSet unless it has replicas / a strategy (Deployment)
 * or a serviceName (StatefulSet); a pod spec (spec.containers) is a Pod; spec.calicoNetwork is an
 * Installation; string `data` / `binaryData` without `spec` and `type` is a ConfigMap (a Secret has
 * a `type`). Anything else stays null.
 */
export function kindByShape(v: YamlMap): string | null {
  const spec = isMap(v['spec']) ? v['spec'] : null;
  if (spec) {
    const tmpl = isMap(spec['template']) ? spec['template'] : null;
    const podSpec = tmpl && isMap(tmpl['spec']) ? tmpl['spec'] : null;
    if (podSpec && Array.isArray(podSpec['containers'])) {
      if (spec['serviceName'] !== undefined || spec['volumeClaimTemplates'] !== undefined) return 'StatefulSet';
      if (spec['replicas'] !== undefined || spec['strategy'] !== undefined) return 'Deployment';
      return 'DaemonSet';
    }
    if (Array.isArray(spec['containers'])) return 'Pod';
    if (isMap(spec['calicoNetwork'])) return 'Installation';
    return null;
  }
  const data = v['data'] ?? v['binaryData'];
  if (isMap(data) && v['type'] === undefined && Object.values(data).every((x) => typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean')) return 'ConfigMap';
  return null;
}

/** All objects of a YAML stream (a `kind: List` is flattened into its items). */
export function k8sObjects(text: string, input = 'yaml'): { objects: K8sObjectRef[]; diagnostics: Diagnostic[] } {
  const y = parseYaml(text, input);
  const objects: K8sObjectRef[] = [];
  const add = (v: YamlValue, line: number) => {
    if (!isMap(v)) return;
    const kind = str(v['kind']);
    if (kind === 'List' || (kind?.endsWith('List') && Array.isArray(v['items']))) {
      asList(v['items']).forEach((it, k) => add(it, yamlLine(v['items'], k) ?? line));
      return;
    }
    const meta = isMap(v['metadata']) ? v['metadata'] : {};
    const inferred = kind === null ? kindByShape(v) : null;
    objects.push({ kind: kind ?? inferred, kindInferred: inferred !== null, name: str(meta['name']), namespace: str(meta['namespace']), line, value: v });
  };
  for (const d of y.documents) add(d.value, d.line);
  return { objects, diagnostics: y.diagnostics };
}

export interface ContainerSpec {
  name: string;
  image: string | null;
  /** Tag after the last `:` of the image (null when pinned by digest or untagged). */
  tag: string | null;
  env: Array<{ name: string; value: string | null; line: number | null; fromField: boolean }>;
  envFrom: string[];
  line: number | null;
}

export interface DaemonSetInfo {
  name: string | null;
  namespace: string | null;
  containers: ContainerSpec[];
  initContainers: ContainerSpec[];
  /** Object status counters when present (desiredNumberScheduled, numberReady…). */
  status: Record<string, number>;
}

export function imageTag(image: string | null): string | null {
  if (!image || image.includes('@')) return null;
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  return colon > slash ? image.slice(colon + 1) : null;
}

function containers(list: YamlValue | undefined): ContainerSpec[] {
  return asList(list).map((c, k) => {
    const m = isMap(c) ? c : {};
    const image = str(m['image']);
    const env = asList(m['env']).map((e, j) => {
      const em = isMap(e) ? e : {};
      return { name: str(em['name']) ?? '', value: str(em['value']), line: yamlLine(m['env'], j), fromField: em['valueFrom'] !== undefined };
    });
    const envFrom = asList(m['envFrom'])
      .map((e) => (isMap(e) ? (isMap(e['configMapRef']) ? str(e['configMapRef']['name']) : isMap(e['secretRef']) ? str(e['secretRef']['name']) : null) : null))
      .filter((x): x is string => x !== null);
    return { name: str(m['name']) ?? '', image, tag: imageTag(image), env, envFrom, line: yamlLine(list, k) };
  });
}

/** A DaemonSet manifest (`kubectl get daemonset -o yaml`). */
export function parseDaemonSet(text: string, input = 'daemonset'): Parsed<DaemonSetInfo | null> {
  const failure = detectFailure(text, { shortErrors: true });
  if (failure) return { input, data: null, failure, diagnostics: [] };
  const { objects, diagnostics } = k8sObjects(text, input);
  const ds = objects.find((o) => o.kind === 'DaemonSet');
  if (!ds) {
    diagnostics.push(diagnostic(input, 'no DaemonSet object in this file', {}));
    return { input, data: null, failure: null, diagnostics };
  }
  const spec = isMap(ds.value['spec']) ? ds.value['spec'] : {};
  const tmpl = isMap(spec['template']) ? spec['template'] : {};
  const pod = isMap(tmpl['spec']) ? tmpl['spec'] : {};
  const status: Record<string, number> = {};
  if (isMap(ds.value['status'])) for (const [k, v] of Object.entries(ds.value['status'])) if (typeof v === 'number') status[k] = v;
  return {
    input,
    data: { name: ds.name, namespace: ds.namespace, containers: containers(pod['containers']), initContainers: containers(pod['initContainers']), status },
    failure: null,
    diagnostics,
  };
}

export interface UplinkSpec {
  interfaceName: string | null;
  vppDriver: string | null;
  isMain: boolean | null;
}

export interface ConfigMapInfo {
  name: string | null;
  namespace: string | null;
  data: Record<string, string>;
  /** Line of each data key. */
  lines: Record<string, number>;
  /** From CALICOVPP_INTERFACES (JSON) — or the older CALICOVPP_INTERFACE / CALICOVPP_NATIVE_DRIVER keys. */
  uplinks: UplinkSpec[];
  /** From CALICOVPP_INITIAL_CONFIG.corePattern or CALICOVPP_CORE_PATTERN; null when not set. */
  corePattern: string | null;
  corePatternKey: string | null;
}

function json(s: string | undefined, input: string, line: number | null, diagnostics: Diagnostic[]): unknown {
  if (s === undefined || s.trim() === '') return undefined;
  try {
    return JSON.parse(s);
  } catch (e) {
    diagnostics.push(diagnostic(input, `value is not valid JSON: ${(e as Error).message}`, { line }));
    return undefined;
  }
}

/** A ConfigMap manifest; for calico-vpp-config the uplinks and the core pattern are decoded. */
export function parseConfigMap(text: string, input = 'configmap'): Parsed<ConfigMapInfo | null> {
  const failure = detectFailure(text, { shortErrors: true });
  if (failure) return { input, data: null, failure, diagnostics: [] };
  const { objects, diagnostics } = k8sObjects(text, input);
  const cm = objects.find((o) => o.kind === 'ConfigMap');
  if (!cm) {
    diagnostics.push(diagnostic(input, 'no ConfigMap object in this file', {}));
    return { input, data: null, failure: null, diagnostics };
  }
  const dataMap = isMap(cm.value['data']) ? cm.value['data'] : {};
  const data: Record<string, string> = {};
  const lines: Record<string, number> = {};
  for (const [k, v] of Object.entries(dataMap)) {
    data[k] = str(v) ?? '';
    const l = yamlLine(dataMap, k);
    if (l !== null) lines[k] = l;
  }
  const uplinks: UplinkSpec[] = [];
  const ifs = json(data['CALICOVPP_INTERFACES'], input, lines['CALICOVPP_INTERFACES'] ?? null, diagnostics) as { uplinkInterfaces?: unknown } | undefined;
  if (ifs && Array.isArray(ifs.uplinkInterfaces)) {
    for (const u of ifs.uplinkInterfaces as Array<Record<string, unknown>>) {
      if (!u || typeof u !== 'object') continue;
      uplinks.push({
        interfaceName: typeof u['interfaceName'] === 'string' ? (u['interfaceName'] as string) : null,
        vppDriver: typeof u['vppDriver'] === 'string' && u['vppDriver'] !== '' ? (u['vppDriver'] as string) : null,
        isMain: typeof u['isMain'] === 'boolean' ? (u['isMain'] as boolean) : null,
      });
    }
  } else if (data['CALICOVPP_INTERFACE']) {
    uplinks.push({ interfaceName: data['CALICOVPP_INTERFACE'], vppDriver: data['CALICOVPP_NATIVE_DRIVER'] || null, isMain: true });
  }
  let corePattern: string | null = null;
  let corePatternKey: string | null = null;
  const init = json(data['CALICOVPP_INITIAL_CONFIG'], input, lines['CALICOVPP_INITIAL_CONFIG'] ?? null, diagnostics) as { corePattern?: unknown } | undefined;
  if (init && typeof init.corePattern === 'string' && init.corePattern !== '') {
    corePattern = init.corePattern;
    corePatternKey = 'CALICOVPP_INITIAL_CONFIG';
  } else if (data['CALICOVPP_CORE_PATTERN']) {
    corePattern = data['CALICOVPP_CORE_PATTERN'];
    corePatternKey = 'CALICOVPP_CORE_PATTERN';
  }
  return { input, data: { name: cm.name, namespace: cm.namespace, data, lines, uplinks, corePattern, corePatternKey }, failure: null, diagnostics };
}

export interface InstallationInfo {
  linuxDataplane: string | null;
  ipPools: Array<{ cidr: string | null; encapsulation: string | null; natOutgoing: string | null }>;
}

/** `kubectl get installation -o yaml` (tigera operator). */
export function parseInstallation(text: string, input = 'installation.yaml'): Parsed<InstallationInfo | null> {
  const failure = detectFailure(text, { shortErrors: true });
  if (failure) return { input, data: null, failure, diagnostics: [] };
  const { objects, diagnostics } = k8sObjects(text, input);
  const inst = objects.find((o) => o.kind === 'Installation');
  if (!inst) return { input, data: null, failure: null, diagnostics };
  const spec = isMap(inst.value['spec']) ? inst.value['spec'] : {};
  const net = isMap(spec['calicoNetwork']) ? spec['calicoNetwork'] : {};
  return {
    input,
    data: {
      linuxDataplane: str(net['linuxDataplane']),
      ipPools: asList(net['ipPools']).map((p) => {
        const m = isMap(p) ? p : {};
        return { cidr: str(m['cidr']), encapsulation: str(m['encapsulation']), natOutgoing: str(m['natOutgoing']) };
      }),
    },
    failure: null,
    diagnostics,
  };
}
