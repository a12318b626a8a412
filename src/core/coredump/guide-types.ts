// Plain data of the guided gdb workflow (what the CLI prints and the UI shows).

export interface VppImage {
  /** What to run: `repository[:tag][@digest]`. */
  ref: string;
  repository: string;
  tag: string | null;
  /** `sha256:…` when known (the pod's imageID): the exact image hash. */
  digest: string | null;
  /** Where it came from: an open bundle's daemonset, or the user. */
  source: 'bundle' | 'user';
}

export interface GuideStep {
  id: 'image' | 'copy' | 'container' | 'gdb' | 'checklist' | 'report' | 'enable';
  title: string;
  /** Plain sentences (no markup). */
  body: string;
  /** Commands to copy, each a complete shell command line (already quoted). */
  commands: string[];
}

export interface ContainerRuntimeCommand {
  runtime: 'docker' | 'podman' | 'nerdctl';
  command: string;
  note: string;
}

export interface GdbCheck {
  command: string;
  what: string;
  lookFor: string;
}

export interface CoreGuide {
  image: VppImage | null;
  /** True when no image is known: ask for it (the commands show calicovpp/vpp:VERSION). */
  imageNeeded: boolean;
  imageReminder: string;
  /** The three commands of the workflow: start the image with the core, install gdb, open the core. */
  commands: string[];
  steps: GuideStep[];
  runtimes: ContainerRuntimeCommand[];
  gdbChecklist: GdbCheck[];
  /** One command that writes a backtrace report from the host (docker). */
  reportCommand: string;
  /** Observations about this core that tell where to look. */
  hints: string[];
  warnings: string[];
}

export interface CoreEnableSnippet {
  hostDir: string;
  containerDir: string;
  /** CALICOVPP_CORE_PATTERN's value. */
  corePattern: string;
  /** A strategic-merge patch of the calico-vpp-node DaemonSet. */
  patchYaml: string;
  patchFileName: string;
  /** Commands: write the patch file, apply it, watch the rollout. */
  commands: string[];
  notes: string[];
}
