// `window.app` built from the contract (core/ipc) over any invoke/subscribe pair: one function per
// contract method (channel names derived, never taken from the page) and `on` for allow-listed events.
import { eventChannelOf, EVENT_VALIDATORS, isEventName } from '../core/ipc/api';
import { createApiClient } from '../core/ipc/client';
import type { AppBridge, AppEvents, EventName } from '../core/ipc/contract';
import type { IpcResult } from '../core/ipc/errors';

export function buildBridge(invoke: (channel: string, arg: unknown) => Promise<unknown>, subscribe: (channel: string, cb: (payload: unknown) => void) => () => void): AppBridge {
  const api = createApiClient((channel, arg) => invoke(channel, arg) as Promise<IpcResult>);
  return {
    ...api,
    on<E extends EventName>(event: E, listener: (payload: AppEvents[E]) => void): () => void {
      if (!isEventName(event)) throw new Error(`unknown event: ${String(event)}`);
      return subscribe(eventChannelOf(event), (payload) => {
        let checked: AppEvents[E];
        try {
          checked = EVENT_VALIDATORS[event](payload, event);
        } catch {
          return; // a malformed push is dropped, not forwarded
        }
        listener(checked);
      });
    },
  };
}
