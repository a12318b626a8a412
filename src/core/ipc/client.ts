// Builds the typed API object from a transport's `invoke` function by looping over the contract, so
// preload, the web client and tests all expose exactly the contract's methods and nothing else.
import { API_METHODS, EVENT_VALIDATORS, isEventName } from './api';
import type { AppApi, AppEvents, AppEventsClient, EventName } from './contract';
import { IpcError, type IpcResult } from './errors';

/** Sends one call over a transport and resolves with the host's result envelope. */
export type Invoke = (channel: string, arg: unknown) => Promise<IpcResult>;

/** The API object for one transport. Arguments are validated here too, so a bad call fails before it leaves. */
export function createApiClient(invoke: Invoke): AppApi {
  const api: Record<string, Record<string, (arg: unknown) => Promise<unknown>>> = {};
  for (const m of API_METHODS) {
    const domain = (api[m.domain] ??= {});
    domain[m.method] = async (arg: unknown) => {
      m.validate(arg ?? {}, 'arg');
      const r = await invoke(m.channel, arg ?? {});
      if (r.ok) return r.value;
      throw new IpcError(r.error.code, r.error.message);
    };
  }
  return api as unknown as AppApi;
}

type Listener = (payload: never) => void;

/** A small event hub for host pushes: `on` for the renderer, `emit` for the transport (payloads checked). */
export function createEventHub(): AppEventsClient & { emit(event: string, payload: unknown): boolean } {
  const listeners = new Map<EventName, Set<Listener>>();
  return {
    on<E extends EventName>(event: E, listener: (payload: AppEvents[E]) => void): () => void {
      if (!isEventName(event)) throw new IpcError('invalid-argument', `unknown event ${String(event)}`);
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as Listener);
      return () => void set.delete(listener as Listener);
    },
    emit(event: string, payload: unknown): boolean {
      if (!isEventName(event)) return false;
      let checked: unknown;
      try {
        checked = EVENT_VALIDATORS[event](payload, event);
      } catch {
        return false;
      }
      for (const l of listeners.get(event) ?? []) (l as (p: unknown) => void)(checked);
      return true;
    },
  };
}
