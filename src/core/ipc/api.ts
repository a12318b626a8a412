// The contract's runtime half: one validator per method argument (a missing one is a compile error),
// the channel names derived from it, and the allow-list of event names. Preload, main, the web
// server, the web client and the in-memory test bridge all loop over API_VALIDATORS; nobody types a
// channel name by hand.
import { MENU_COMMANDS, type AppApi, type AppEvents, type EventName } from './contract';
import { IpcError } from './errors';
import { arrayOf, bytes, empty, int, nullable, object, oneOf, optional, str, type Check } from './validate';

type ArgOf<F> = F extends (arg: infer A) => Promise<unknown> ? A : never;

/** One validator per method of every domain, typed by the method's argument. */
export type ApiValidators<Api> = { [D in keyof Api]: { [M in keyof Api[D]]: Check<ArgOf<Api[D][M]>> } };

/** Paths are absolute or relative file names; long enough for deep trees, never NUL. */
const pathArg = str({ min: 1, max: 4096 });
/** The largest `files.readRange` (bytes). */
export const MAX_RANGE_LENGTH = 16 * 1024 * 1024;
const themeArg = oneOf('system', 'light', 'dark');

/** The largest capture `app.openInWireshark` accepts (bytes). */
export const MAX_WIRESHARK_BYTES = 512 * 1024 * 1024;
const PCAP_MAGICS = [0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1, 0x0a0d0d0a];
/** pcap (either byte order, µs or ns) or pcapng bytes, at most MAX_WIRESHARK_BYTES. */
const captureBytesArg: Check<Uint8Array> = (v, at) => {
  const b = bytes({ max: MAX_WIRESHARK_BYTES })(v, at);
  const magic = b.length >= 4 ? (((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0) : -1;
  if (b.length < 24 || !PCAP_MAGICS.includes(magic)) throw new IpcError('invalid-argument', `${at}: not a pcap or pcapng capture (no magic number)`);
  return b;
};
/** A plain file name: no directory part, no leading dot, nothing a shell or a file system treats specially. */
const baseNameArg = str({ min: 1, max: 200, pattern: /^[A-Za-z0-9][A-Za-z0-9._-]*$/ });

/** Kubernetes object names (nodes: DNS subdomains). */
const nodeArg = str({ min: 1, max: 253, pattern: /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/ });
/** kubeconfig context names are free text; keep them printable and bounded. */
const contextArg = str({ min: 1, max: 253, pattern: /^[^\s\x00-\x1f]+$/ });
/** A capture's id (its manifest id: the folder name and a random suffix). */
const captureIdArg = str({ min: 1, max: 200, pattern: /^[A-Za-z0-9._-]+$/ });
const ipArg = str({ min: 2, max: 45, pattern: /^[0-9A-Fa-f.:]+$/ });
const portArg = int({ min: 1, max: 65535 });
const captureKindArg = oneOf('trace', 'pcap', 'dispatch');

export const API_VALIDATORS: ApiValidators<AppApi> = {
  app: {
    getInfo: empty,
    openExternal: object({ url: str({ min: 1, max: 2048 }) }),
    openInWireshark: object({ name: baseNameArg, bytes: captureBytesArg }),
  },
  files: {
    pick: object({ kind: oneOf('file', 'folder') }),
    read: object({ path: pathArg }),
    stat: object({ path: pathArg }),
    readRange: object({ path: pathArg, offset: int({ min: 0 }), length: int({ min: 0, max: MAX_RANGE_LENGTH }) }),
    save: object({ suggestedName: str({ min: 1, max: 255, pattern: /^[^/\\]+$/ }), bytes: bytes({ max: 2 * 1024 ** 3 }) }),
    recent: empty,
    forgetRecent: object({ path: optional(pathArg) }),
  },
  settings: {
    get: empty,
    update: object({ theme: optional(themeArg) }),
  },
  cluster: {
    listContexts: empty,
    connect: object({ kubeconfig: optional(pathArg), context: optional(contextArg) }),
    listNodes: empty,
    startCapture: object({
      kind: captureKindArg,
      nodes: arrayOf(nodeArg, { max: 500 }),
      count: int({ min: 1, max: 1_000_000 }),
      timeoutS: int({ min: 1, max: 86_400 }),
      interface: optional(str({ min: 1, max: 200, pattern: /^[A-Za-z0-9_./:,-]+$/ })),
      filter: optional(object({ srcIp: optional(ipArg), dstIp: optional(ipArg), srcPort: optional(portArg), dstPort: optional(portArg), protocol: optional(oneOf('tcp', 'udp', 'icmp')) })),
    }),
    cancelCapture: object({ id: captureIdArg, node: optional(nodeArg) }),
    clearNode: object({ node: nodeArg }),
    listCaptures: empty,
    openCapture: object({ id: captureIdArg }),
  },
};

export type DomainName = keyof AppApi;

export interface MethodRef {
  domain: string;
  method: string;
  /** `app:<domain>.<method>`, used as the Electron IPC channel and the HTTP path segment. */
  channel: string;
  validate: Check<unknown>;
}

/** The derived channel name of a method. */
export function channelOf(domain: string, method: string): string {
  return `app:${domain}.${method}`;
}

/** Every method of the contract, in declaration order. */
export const API_METHODS: readonly MethodRef[] = Object.entries(API_VALIDATORS).flatMap(([domain, methods]) =>
  Object.entries(methods as Record<string, Check<unknown>>).map(([method, validate]) => ({ domain, method, channel: channelOf(domain, method), validate })),
);

const BY_CHANNEL = new Map(API_METHODS.map((m) => [m.channel, m]));

export function methodByChannel(channel: string): MethodRef | undefined {
  return BY_CHANNEL.get(channel);
}

/** The events the host may push; anything else is refused by the bridge. */
export const EVENT_NAMES: readonly EventName[] = Object.keys({
  onDidRequestOpen: true,
  onDidMenuCommand: true,
  onDidChangeSettings: true,
  onDidCaptureProgress: true,
} satisfies Record<EventName, true>) as EventName[];

/** Electron IPC channel of an event (main → renderer). */
export function eventChannelOf(event: EventName): string {
  return `app:event.${event}`;
}

export function isEventName(v: unknown): v is EventName {
  return typeof v === 'string' && (EVENT_NAMES as readonly string[]).includes(v);
}

/** Shape checks of event payloads (the renderer checks pushes too: cheap, and keeps the UI honest). */
export const EVENT_VALIDATORS: { [E in EventName]: Check<AppEvents[E]> } = {
  onDidRequestOpen: object({ paths: arrayOf(pathArg, { max: 1000 }) }),
  onDidMenuCommand: object({ command: oneOf(...MENU_COMMANDS) }),
  onDidChangeSettings: object({ theme: themeArg }),
  onDidCaptureProgress: object({
    id: captureIdArg,
    type: oneOf('node', 'progress', 'warning', 'locked', 'busy', 'file', 'done'),
    node: nullable(str({ max: 253 })),
    state: nullable(str({ max: 40 })),
    packets: nullable(int({ min: 0 })),
    target: nullable(int({ min: 0 })),
    message: nullable(str({ max: 8192 })),
  }),
};
