// The guided gdb workflow for a VPP core: which image, how to get the core off the node, the
// container to start with the core mounted, gdb and what to look at. Every command is a complete,
// quoted shell line that survives any path.
import type { CoreGuide, ContainerRuntimeCommand, GdbCheck, GuideStep, VppImage } from './guide-types';
import { IMAGE_PLACEHOLDER, imageWarnings, qualifiedRef } from './image';
import { shellJoin, shellQuote, type WordPart } from './shell';
import { SIGABRT, SIGBUS, SIGFPE, SIGILL, SIGSEGV } from './signals';
import type { CoreSummary } from './types';
import { baseName } from './vpp';

/** Names of the Calico VPP objects (the install manifests' defaults). */
export const CALICO_VPP = {
  namespace: 'calico-vpp-dataplane',
  daemonSet: 'calico-vpp-node',
  container: 'vpp',
  podSelector: 'k8s-app=calico-vpp-node',
  /** The pattern the Calico VPP documentation uses. */
  defaultCorePattern: '/home/hostuser/vppcore.%e.%p',
} as const;

/** Where the core is mounted inside the debug container. */
export const CONTAINER_CORE_PATH = '/root/vppcore';

export interface CoreGuideInput {
  /** The core's path where the operator starts the container (absolute; a relative path is taken from $PWD). */
  corePath: string;
  image?: VppImage | null;
  summary?: CoreSummary | null;
  /** CALICOVPP_CORE_PATTERN in force (from a bundle), to find cores inside the vpp container. */
  corePattern?: string | null;
  /** The hostPath directory the pattern's directory is mounted from, when known. */
  hostDir?: string | null;
  nodeName?: string | null;
  namespace?: string;
  daemonSet?: string;
}

/** The directory part of a core pattern, with `%%` unescaped. */
export function corePatternDir(pattern: string): string {
  const i = pattern.lastIndexOf('/');
  const dir = i <= 0 ? '/' : pattern.slice(0, i);
  return dir.replace(/%%/g, '%');
}

/** The bind-mount arguments that put `corePath` at CONTAINER_CORE_PATH (`-v`, or `--mount` when the path has a colon). */
function mountWords(corePath: string): Array<string | WordPart[]> {
  const abs = corePath.startsWith('/');
  const src: WordPart[] = abs ? [corePath] : [{ env: 'PWD' }, '/' + corePath.replace(/^\.\//, '')];
  if (!corePath.includes(':')) return ['-v', [...src, `:${CONTAINER_CORE_PATH}`]];
  // -v splits on ':'; --mount is CSV: a field holding ',' or '"' is double-quoted with '""' inside.
  const needsCsv = /[",\r\n]/.test(corePath);
  const prefix = `type=bind,target=${CONTAINER_CORE_PATH},`;
  if (!needsCsv) return ['--mount', [prefix + 'source=', ...src]];
  const esc = (p: WordPart): WordPart => (typeof p === 'string' ? p.replace(/"/g, '""') : p);
  return ['--mount', [prefix + '"source=', ...src.map(esc), '"']];
}

function gdbProgram(summary: CoreSummary | null | undefined): string {
  const exe = summary?.executable;
  if (!exe || baseName(exe) === 'vpp') return 'vpp';
  return exe.replace(/ \(deleted\)$/, '');
}

export const GDB_CHECKLIST: readonly GdbCheck[] = [
  {
    command: 'bt',
    what: 'The backtrace of the thread that crashed (gdb selects it when it opens the core).',
    lookFor:
      'Read from frame 0 upwards. Frames in raise/abort/os_panic/unix_signal_handler are the crash handling; the frame just above "<signal handler called>" is where the fault happened. Note the VPP node function (…_node_fn) and the file:line.',
  },
  {
    command: 'bt full',
    what: 'The same backtrace with the local variables of every frame.',
    lookFor: 'NULL or garbage pointers (0x0, 0xdeadbeef-like), buffer indexes (bi0, b0), next indexes and sw_if_index values that look out of range.',
  },
  {
    command: 'info threads',
    what: 'Every thread, with its LWP (thread id) and the function it is in; the current one is marked with *.',
    lookFor: 'Which thread crashed: vpp_main (control plane, CLI, API) or a worker vpp_wk_N (packet processing). The LWP matches the thread ids listed for this core.',
  },
  {
    command: 'thread apply all bt',
    what: 'A backtrace of every thread.',
    lookFor: 'What the other threads were doing: workers waiting in vlib_worker_thread_barrier_* or spinning on a lock point at a barrier timeout or a deadlock rather than a bad packet.',
  },
  {
    command: 'info registers',
    what: 'The registers of the selected frame (rip/pc, rsp/sp, and the argument registers).',
    lookFor: 'The program counter matches the faulting instruction; a register holding a small value such as 0x0 or 0x10 next to a memory access is a NULL pointer dereference.',
  },
  {
    command: 'frame N',
    what: 'Select frame N of the backtrace (then: info locals, p *b0, p node->name, list).',
    lookFor: 'The first frame in VPP or plugin code above the signal handling frames; inspect the packet buffer and the node there.',
  },
  {
    command: 'info sharedlibrary',
    what: 'The libraries and VPP plugins mapped in the process and whether their symbols were found.',
    lookFor: 'Plugins listed with "(*)" have no debugging information; missing or different plugins, or the warning "core file may not match specified executable file", mean the image is not the one that crashed.',
  },
];

export function buildCoreGuide(input: CoreGuideInput): CoreGuide {
  const ns = input.namespace ?? CALICO_VPP.namespace;
  const ds = input.daemonSet ?? CALICO_VPP.daemonSet;
  const summary = input.summary ?? null;
  const image = input.image ?? null;
  const ref = image ? image.ref : IMAGE_PLACEHOLDER;
  const qref = image ? qualifiedRef(image) : `docker.io/${IMAGE_PLACEHOLDER}`;
  const fileName = baseName(input.corePath) || 'vppcore';
  const mount = mountWords(input.corePath);
  const program = gdbProgram(summary);
  const warnings: string[] = [];
  if (!image) warnings.push('No image is known: the commands show calicovpp/vpp:VERSION. Give the exact image of the vpp container that crashed (from the bundle, or --image).');
  else warnings.push(...imageWarnings(image));
  if (!input.corePath.startsWith('/')) warnings.push('The core path is relative: run the commands from the directory it is relative to.');

  const dockerRun = shellJoin(['docker', 'run', '-it', '--rm', '--entrypoint=bash', '-w', '/root', ...mount, ref]);
  const aptInstall = 'apt update && apt install -y gdb';
  const gdbOpen = shellJoin(['gdb', program, './vppcore']);
  const runtimes: ContainerRuntimeCommand[] = [
    { runtime: 'docker', command: dockerRun, note: 'Docker (the Calico VPP guide\'s command).' },
    {
      runtime: 'podman',
      command: shellJoin(['podman', 'run', '-it', '--rm', '--entrypoint=bash', '--security-opt', 'label=disable', '-w', '/root', ...mount, qref]),
      note: 'Podman wants a fully qualified image name; label=disable lets SELinux hosts read the mounted core without relabelling it.',
    },
    {
      runtime: 'nerdctl',
      command: shellJoin(['nerdctl', '--namespace', 'k8s.io', 'run', '-it', '--rm', '--entrypoint=bash', '-w', '/root', ...mount, qref]),
      note: "On a containerd node, the k8s.io namespace already holds the image kubelet pulled: no download, and the exact image that ran.",
    },
  ];

  const nodeWord = input.nodeName ? shellQuote(input.nodeName) : 'NODE_NAME';
  const pattern = input.corePattern || CALICO_VPP.defaultCorePattern;
  const containerDir = corePatternDir(pattern);
  const inPod = (containerDir === '/' ? '' : containerDir) + '/' + fileName;
  const local = shellQuote('./' + fileName);
  const pod: WordPart[] = [{ env: 'POD' }];
  const kc = ['kubectl', '-n', ns];
  const copySteps: string[] = [
    `NODE=${nodeWord}`,
    `POD=$(${shellJoin([...kc, 'get', 'pods', '-l', CALICO_VPP.podSelector, '--field-selector', ['spec.nodeName=', { env: 'NODE' }], '-o', 'jsonpath={.items[0].metadata.name}'])})`,
    shellJoin([...kc, 'exec', pod, '-c', CALICO_VPP.container, '--', 'ls', '-l', containerDir]),
    shellJoin([...kc, 'cp', '-c', CALICO_VPP.container, [...pod, ':' + inPod], './' + fileName]),
    `${shellJoin([...kc, 'exec', pod, '-c', CALICO_VPP.container, '--', 'cat', inPod])} > ${local}`,
  ];
  if (input.hostDir) {
    // ssh hands its command to the node's shell: quote the path for that shell, then the whole for ours.
    const onNode = input.hostDir.replace(/\/+$/, '') + '/' + fileName;
    copySteps.push(`${shellJoin(['ssh', [{ env: 'NODE' }], 'cat -- ' + shellQuote(onNode)])} > ${local}`);
  }

  const imageCommands = [
    shellJoin(['kubectl', '-n', ns, 'get', 'daemonset', ds, '-o', `jsonpath={.spec.template.spec.containers[?(@.name=="${CALICO_VPP.container}")].image}`]),
    shellJoin(['kubectl', '-n', ns, 'get', 'pods', '-l', CALICO_VPP.podSelector, '-o', `jsonpath={range .items[*]}{.spec.nodeName}{"\\t"}{.status.containerStatuses[?(@.name=="${CALICO_VPP.container}")].imageID}{"\\n"}{end}`]),
  ];

  // Inside `bash -c '…'`: the gdb commands are double-quoted so that the outer single quotes stay readable.
  const gdbReport = [
    'gdb -batch',
    ...['set pagination off', 'info threads', 'bt full', 'thread apply all bt', 'info registers', 'info sharedlibrary'].map((c) => `-ex "${c}"`),
    shellQuote(program),
    CONTAINER_CORE_PATH,
  ].join(' ');
  const inner = `apt-get update -qq >/dev/null && apt-get install -y -qq gdb >/dev/null && ${gdbReport}`;
  const reportCommand = `${shellJoin(['docker', 'run', '--rm', '--entrypoint=bash', ...mount, ref, '-c', inner])} > ${shellQuote(fileName + '.gdb.txt')} 2>&1`;

  const imageReminder = image?.digest
    ? `Note the exact image: ${image.ref}. The digest (${image.digest}) names the very binaries that crashed, even if the tag is moved later.`
    : 'Note the exact image and its hash (the vpp container\'s imageID, sha256:…) while the pod still runs it: a core can only be read with the very binaries that wrote it.';

  const steps: GuideStep[] = [
    {
      id: 'image',
      title: 'Note the exact VPP image',
      body: `${image ? `The vpp container ran ${image.ref}${image.source === 'bundle' ? ' (from the bundle)' : ''}.` : 'The image is not known yet: find the vpp container\'s image and its digest.'} ${imageReminder}`,
      commands: imageCommands,
    },
    {
      id: 'copy',
      title: 'Get the core off the node',
      body:
        `VPP writes cores through CALICOVPP_CORE_PATTERN (${pattern}) inside the vpp container, onto the hostPath volume mounted there. vpp-manager keeps only the 2 most recent cores: copy it soon. ` +
        `Set NODE to the node where VPP crashed${input.nodeName ? '' : ' (replace NODE_NAME)'}, then copy with kubectl cp (needs tar in the container) or kubectl exec … cat for large cores` +
        `${input.hostDir ? `, or read it from the node's ${input.hostDir} over ssh` : ''}.`,
      commands: copySteps,
    },
    {
      id: 'container',
      title: 'Start the same image with the core mounted',
      body: `Run this where the core file is (${input.corePath}). It opens a shell in the image with the core at ${CONTAINER_CORE_PATH}. Podman and nerdctl variants are listed below.`,
      commands: [dockerRun],
    },
    {
      id: 'gdb',
      title: 'Install gdb and open the core',
      body: `Inside the container: install gdb, then open the core with the ${program === 'vpp' ? 'vpp binary of the image' : `program ${program}`}.`,
      commands: [aptInstall, gdbOpen],
    },
    {
      id: 'checklist',
      title: 'What to run in gdb',
      body: GDB_CHECKLIST.map((c) => `${c.command}: ${c.what}`).join(' '),
      commands: GDB_CHECKLIST.map((c) => c.command),
    },
    {
      id: 'report',
      title: 'Save a report for a bug or a ticket',
      body: 'One command from the host: installs gdb in a throw-away container and writes every backtrace to a text file.',
      commands: [reportCommand],
    },
  ];

  return {
    image,
    imageNeeded: !image,
    imageReminder,
    commands: [dockerRun, aptInstall, gdbOpen],
    steps,
    runtimes,
    gdbChecklist: [...GDB_CHECKLIST],
    reportCommand,
    hints: summary ? coreHints(summary) : [],
    warnings,
  };
}

/** What this core's facts suggest looking at first. */
export function coreHints(s: CoreSummary): string[] {
  const out: string[] = [];
  const sig = s.signal?.number;
  if (s.looksLikeVpp && sig === SIGABRT) {
    out.push(
      'VPP catches SIGSEGV, SIGBUS, SIGILL and SIGFPE in unix_signal_handler, logs, then aborts: a VPP crash usually shows SIGABRT. In bt, the frame just above "<signal handler called>" is where the original fault happened; with no such frame, the abort comes from an ASSERT or clib_panic (look for os_panic or _clib_error).',
    );
  }
  if (sig === SIGSEGV && s.faultAddress) {
    const addr = BigInt(s.faultAddress);
    if (addr < 0x10000n) out.push(`The fault address ${s.faultAddress} is near zero: a NULL pointer dereference (a field at offset ${'0x' + addr.toString(16)} of a NULL pointer).`);
    else out.push(`The process touched ${s.faultAddress}${s.signalCode ? ` (${s.signalCode})` : ''}: compare it with the pointers in bt full.`);
  }
  if (sig === SIGBUS) out.push('SIGBUS in VPP often means memory that went away under a mapping: hugepages exhausted, or a shared-memory file (memif, /dev/shm) truncated.');
  if (sig === SIGILL) out.push('SIGILL: an instruction this CPU does not have (an image built for a newer CPU, e.g. AVX-512 on an older host) or a corrupted code pointer.');
  if (sig === SIGFPE) out.push('SIGFPE: an integer division by zero (a hash or modulo with a zero size is typical).');
  if (s.crashingThread !== null && s.crashingThread !== s.pid) {
    out.push(`The crash happened in thread ${s.crashingThread}, not in the main thread ${s.pid}: in VPP this is usually a worker (vpp_wk_N) processing packets. In gdb, info threads shows it as LWP ${s.crashingThread}.`);
  }
  const tn = s.fileNameHint?.threadName;
  if (tn && tn !== s.command) {
    const wk = /^vpp_wk_(\d+)$/.exec(tn);
    out.push(`The file name says the crashing thread was ${tn}${wk ? ` (worker ${wk[1]})` : ''}.`);
  }
  const exe = s.executable ? s.buildIds.find((b) => b.path === s.executable) : undefined;
  if (exe) {
    out.push(`The executable's build ID is ${exe.buildId}. Inside the container, \`apt install -y binutils && readelf -n ${exe.path.replace(/ \(deleted\)$/, '')}\` must show the same Build ID, or the image is not the one that crashed.`);
  }
  if (s.truncated) out.push('The core is truncated: expect "Cannot access memory at address" in gdb; the crashing thread\'s registers are in the notes and still valid.');
  if (s.looksLikeVpp && s.plugins.length > 0) out.push(`${s.plugins.length} plugin(s) were loaded; a frame in one of them (e.g. ${s.plugins[0]!.name}) points at that plugin.`);
  return out;
}
