// Turning VPP cores on in Calico VPP: CALICOVPP_CORE_PATTERN on the vpp container plus a hostPath
// volume where the cores land, as a strategic-merge patch of the calico-vpp-node DaemonSet.
import type { CoreEnableSnippet } from './guide-types';
import { CALICO_VPP } from './guide';
import { shellJoin } from './shell';
import { yamlQuote } from './yaml';

/** The kernel keeps core_pattern in 128 bytes (CORENAME_MAX_SIZE), including the NUL. */
export const MAX_CORE_PATTERN_BYTES = 127;
export const DEFAULT_CONTAINER_CORE_DIR = '/home/hostuser';
export const CORE_VOLUME_NAME = 'vpp-cores';

export interface CoreEnableInput {
  /** Directory on every node where cores are kept (hostPath). */
  hostDir: string;
  /** Where it is mounted in the vpp container (default /home/hostuser, as in the Calico VPP docs). */
  containerDir?: string;
  namespace?: string;
  daemonSet?: string;
}

export type DirCheck = { ok: true; dir: string } | { ok: false; error: string };

function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

/** An absolute directory fit for a hostPath or a mountPath; normalised (no doubled or trailing slash). */
export function checkDirectory(dir: string, what: string): DirCheck {
  if (dir.trim() === '') return { ok: false, error: `the ${what} is empty` };
  if (!dir.startsWith('/')) return { ok: false, error: `the ${what} '${dir}' is not absolute (it must start with /)` };
  if (/[\u0000-\u001f\u007f]/.test(dir)) return { ok: false, error: `the ${what} contains a control character (a newline or a tab?)` };
  const norm = dir.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
  if (norm === '/') return { ok: false, error: `the ${what} cannot be / (the whole host file system)` };
  if (norm.split('/').some((c) => c === '..' || c === '.')) return { ok: false, error: `the ${what} '${dir}' contains '.' or '..' (Kubernetes rejects '..' in hostPath and mountPath)` };
  if (utf8Length(norm) > 4000) return { ok: false, error: `the ${what} is too long` };
  return { ok: true, dir: norm };
}

export type EnableResult = { ok: true; snippet: CoreEnableSnippet } | { ok: false; error: string };

export function buildCoreEnableSnippet(input: CoreEnableInput): EnableResult {
  const host = checkDirectory(input.hostDir, 'host directory');
  if (!host.ok) return host;
  const cont = checkDirectory(input.containerDir ?? DEFAULT_CONTAINER_CORE_DIR, 'container directory');
  if (!cont.ok) return cont;
  const ns = input.namespace ?? CALICO_VPP.namespace;
  const ds = input.daemonSet ?? CALICO_VPP.daemonSet;
  // In core_pattern '%' starts a specifier: a literal one is '%%'.
  const corePattern = `${cont.dir.replace(/%/g, '%%')}/vppcore.%e.%p`;
  if (utf8Length(corePattern) > MAX_CORE_PATTERN_BYTES) {
    return { ok: false, error: `the core pattern ${corePattern} is ${utf8Length(corePattern)} bytes; the kernel takes at most ${MAX_CORE_PATTERN_BYTES}: choose a shorter container directory` };
  }
  const patchFileName = 'vpp-cores-patch.yaml';
  const patchYaml = [
    `# Strategic-merge patch for the ${ds} DaemonSet (namespace ${ns}): VPP writes cores to`,
    '# the hostPath below on each node. Apply with:',
    `#   kubectl -n ${ns} patch daemonset ${ds} --type strategic --patch-file ${patchFileName}`,
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    `        - name: ${CALICO_VPP.container}`,
    '          env:',
    '            - name: CALICOVPP_CORE_PATTERN',
    `              value: ${yamlQuote(corePattern)}`,
    '          volumeMounts:',
    `            - name: ${CORE_VOLUME_NAME}`,
    `              mountPath: ${yamlQuote(cont.dir)}`,
    '      volumes:',
    `        - name: ${CORE_VOLUME_NAME}`,
    '          hostPath:',
    `            path: ${yamlQuote(host.dir)}`,
    '            type: DirectoryOrCreate',
    '',
  ].join('\n');
  const commands = [
    `cat > ${patchFileName} <<'EOF'\n${patchYaml}EOF`,
    shellJoin(['kubectl', '-n', ns, 'patch', 'daemonset', ds, '--type', 'strategic', '--patch-file', patchFileName]),
    shellJoin(['kubectl', '-n', ns, 'rollout', 'status', 'daemonset', ds]),
  ];
  const notes = [
    `Applying it restarts the ${ds} pods node by node: VPP restarts, and each node's pod networking blips while it does.`,
    `Cores then appear on each node as ${host.dir}/vppcore.vpp_main.<pid> (%e is the crashing thread's name, e.g. vpp_wk_0 for a worker). vpp-manager keeps only the 2 most recent.`,
    'vpp-manager writes the pattern to the node\'s kernel.core_pattern, which is host-wide: other processes on that node that crash also try to write their cores to that path.',
    'A VPP core is about as large as VPP\'s memory (VPP runs with full-coredump): keep room on that disk.',
  ];
  return { ok: true, snippet: { hostDir: host.dir, containerDir: cont.dir, corePattern, patchYaml, patchFileName, commands, notes } };
}
