// The contract's runtime half: one validator per method argument (a missing one is a compile error),
// the channel names derived from it, and the allow-list of event names. Preload, main, the web
// server, the web client and the in-memory test bridge all loop over API_VALIDATORS; nobody types a
// channel name by hand.
import { MENU_COMMANDS, type AppApi, type AppEvents, type EventName } from './contract';
import { arrayOf, bytes, empty, object, oneOf, optional, str, type Check } from './validate';

type ArgOf<F> = F extends (arg: infer A) => Promise<unknown> ? A : never;

/** One validator per method of every domain, typed by the method's argument. */
export type ApiValidators<Api> = { [D in keyof Api]: { [M in keyof Api[D]]: Check<ArgOf<Api[D][M]>> } };

/** Paths are absolute or relative file names; long enough for deep trees, never NUL. */
const pathArg = str({ min: 1, max: 4096 });
const themeArg = oneOf('system', 'light', 'dark');

export const API_VALIDATORS: ApiValidators<AppApi> = {
  app: {
    getInfo: empty,
    openExternal: object({ url: str({ min: 1, max: 2048 }) }),
  },
  files: {
    pick: object({ kind: oneOf('file', 'folder') }),
    read: object({ path: pathArg }),
    save: object({ suggestedName: str({ min: 1, max: 255, pattern: /^[^/\\]+$/ }), bytes: bytes({ max: 2 * 1024 ** 3 }) }),
    recent: empty,
    forgetRecent: object({ path: optional(pathArg) }),
  },
  settings: {
    get: empty,
    update: object({ theme: optional(themeArg) }),
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
};
