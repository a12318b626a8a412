// Parsed state of a bundle's files, on demand and cached per file (the bundle itself stays plain data).
import type { Inflate } from '../bytes/gzip';
import { decodeUtf8 } from '../text/utf8';
import { detectFailure } from '../vpp-state/failure';
import { parseState, type StateData, type StateKind } from '../vpp-state/index';
import type { CommandFailure, Parsed } from '../vpp-state/types';
import { PARSER_OF, type FileKind } from './kinds';
import type { Bundle, BundleFile } from './types';

const textCache = new WeakMap<BundleFile, string>();
const parseCache = new WeakMap<BundleFile, Parsed<unknown>>();

/** Maximum inflated size of a gzipped file inside a bundle when its text is asked for. */
const DEFAULT_MAX_FILE_BYTES = 1024 ** 3;

/** A file's bytes, inflated when it is gzip (needs an inflater then). */
export function fileBytes(file: BundleFile, inflate?: Inflate, maxBytes = DEFAULT_MAX_FILE_BYTES): Uint8Array {
  if (!file.gzip) return file.bytes;
  if (!inflate) throw new Error(`${file.path}: gzip-compressed, and no inflater was given`);
  return inflate(file.bytes, { maxOutputBytes: maxBytes });
}

/** A file's text (UTF-8, lossy: text that is not UTF-8 survives as U+FFFD, never an exception). */
export function fileText(file: BundleFile, inflate?: Inflate): string {
  let t = textCache.get(file);
  if (t === undefined) {
    t = decodeUtf8(fileBytes(file, inflate));
    textCache.set(file, t);
  }
  return t;
}

/** The error a file holds instead of output, if it does (cheap: only the head and tail are read). */
export function fileFailure(file: BundleFile): CommandFailure | null {
  if (file.gzip || PARSER_OF[file.kind] === undefined) return null;
  const logs: FileKind[] = ['vpp-log', 'agent-log', 'calico-node-log', 'operator-log'];
  const b = file.bytes;
  if (b.length <= 8192) return detectFailure(decodeUtf8(b), { shortErrors: !logs.includes(file.kind) });
  // Long files: only the calicovppctl marker at the end can turn them into a failure.
  const tail = decodeUtf8(b.subarray(b.length - 2048));
  const f = detectFailure(tail, { shortErrors: false });
  return f ? { message: f.message, line: -1 } : null;
}

/** Parses a file with the parser of its kind (cached). Null for kinds that are not parsed text. */
export function parseFile<K extends StateKind>(file: BundleFile, inflate?: Inflate): Parsed<StateData[K]> | null {
  const kind = PARSER_OF[file.kind];
  if (!kind) return null;
  const hit = parseCache.get(file);
  if (hit) return hit as Parsed<StateData[K]>;
  const p = parseState(kind, fileText(file, inflate), file.path) as Parsed<StateData[K]>;
  parseCache.set(file, p as Parsed<unknown>);
  return p;
}

export interface StateView<K extends StateKind> {
  file: BundleFile;
  parsed: Parsed<StateData[K]>;
}

/** Per-node state: each accessor parses on first use. */
export class NodeState {
  constructor(
    readonly bundle: Bundle,
    readonly name: string,
    readonly files: BundleFile[],
    private readonly inflate?: Inflate,
  ) {}

  /** Files of one kind for this node. */
  filesOf(kind: FileKind): BundleFile[] {
    return this.files.filter((f) => f.kind === kind);
  }

  /** The first file of a kind, parsed (or null when the bundle has none). */
  get<K extends StateKind>(kind: FileKind): StateView<K> | null {
    const file = this.files.find((f) => f.kind === kind);
    if (!file) return null;
    const parsed = parseFile<K>(file, this.inflate);
    return parsed ? { file, parsed } : null;
  }

  /** Every file of a kind, parsed. */
  all<K extends StateKind>(kind: FileKind): Array<StateView<K>> {
    const out: Array<StateView<K>> = [];
    for (const file of this.filesOf(kind)) {
      const parsed = parseFile<K>(file, this.inflate);
      if (parsed) out.push({ file, parsed });
    }
    return out;
  }

  interfaces() {
    return this.get<'show-int'>('show-int');
  }
  interfaceAddresses() {
    return this.get<'show-int-addr'>('show-int-addr');
  }
  rxPlacement() {
    return this.get<'show-int-rx'>('show-int-rx');
  }
  hardware() {
    return this.get<'show-hardware'>('show-hardware');
  }
  runtime() {
    return this.get<'show-run'>('show-run');
  }
  errors() {
    return this.get<'show-err'>('show-err');
  }
  buffers() {
    return this.get<'show-buffers'>('show-buffers');
  }
  tun() {
    return this.get<'show-tun'>('show-tun');
  }
  fib() {
    return this.all<'show-ip-fib'>('show-ip-fib');
  }
  puntRedirect() {
    return this.get<'show-punt-redirect'>('show-punt-redirect');
  }
  cnatClients() {
    return this.get<'cnat-client'>('cnat-client');
  }
  translations() {
    return this.get<'cnat-translation'>('cnat-translation');
  }
  sessions() {
    return this.get<'cnat-session'>('cnat-session');
  }
  snat() {
    return this.get<'cnat-snat'>('cnat-snat');
  }
  npolInterfaces() {
    return this.get<'npol-interfaces'>('npol-interfaces');
  }
  npolPolicies() {
    return this.get<'npol-policies'>('npol-policies');
  }
  npolRules() {
    return this.get<'npol-rules'>('npol-rules');
  }
  npolIpsets() {
    return this.get<'npol-ipsets'>('npol-ipsets');
  }
  ipipTunnels() {
    return this.get<'ipip-tunnel'>('ipip-tunnel');
  }
  vxlanTunnels() {
    return this.get<'vxlan-tunnel'>('vxlan-tunnel');
  }
  showLog() {
    return this.get<'show-log'>('show-log');
  }
  vppLog() {
    return this.get<'vpp-log'>('vpp-log');
  }
  agentLog() {
    return this.get<'agent-log'>('agent-log');
  }
  calicoNodeLog() {
    return this.get<'calico-node-log'>('calico-node-log');
  }
  describeVppPod() {
    return this.get<'describe-pod'>('describe-vpp-pod');
  }
  describeCalicoNodePod() {
    return this.get<'describe-pod'>('describe-calico-node-pod');
  }
}

/** Cluster-wide state (kubectl tables, manifests). */
export class ClusterState {
  constructor(
    readonly bundle: Bundle,
    private readonly inflate?: Inflate,
  ) {}

  get<K extends StateKind>(kind: FileKind): StateView<K> | null {
    const file = this.bundle.cluster.find((f) => f.kind === kind);
    if (!file) return null;
    const parsed = parseFile<K>(file, this.inflate);
    return parsed ? { file, parsed } : null;
  }
  pods() {
    return this.get<'get-pods'>('get-pods');
  }
  services() {
    return this.get<'get-services'>('get-services');
  }
  nodes() {
    return this.get<'get-nodes'>('get-nodes');
  }
  daemonset() {
    return this.get<'daemonset'>('daemonset');
  }
  vppConfig() {
    return this.get<'configmap'>('vpp-configmap');
  }
  installation() {
    return this.get<'installation'>('installation');
  }
  kubeletJournal() {
    return this.get<'kubelet-journal'>('kubelet-journal');
  }
  operatorLog() {
    return this.get<'operator-log'>('operator-log');
  }
}

/** The state of one node of a bundle (null when the bundle has no such node). */
export function nodeState(bundle: Bundle, node: string, inflate?: Inflate): NodeState | null {
  const n = bundle.nodes.find((x) => x.name === node);
  return n ? new NodeState(bundle, n.name, n.files, inflate) : null;
}

export function clusterState(bundle: Bundle, inflate?: Inflate): ClusterState {
  return new ClusterState(bundle, inflate);
}
