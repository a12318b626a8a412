// An in-memory transport for tests: the client and the handlers in one process, with the same
// validators and every message passed through the wire encoding, so only plain data gets across.
import { createApiClient, createEventHub } from './client';
import type { AppBridge, AppEvents, EventName } from './contract';
import { createDispatcher, type Handlers } from './dispatcher';
import type { IpcResult } from './errors';
import { decodeWire, encodeWire } from './wire';

export interface MemoryBridge<Ctx> {
  bridge: AppBridge;
  /** Pushes an event to the client side as the host would. */
  emit<E extends EventName>(event: E, payload: AppEvents[E]): void;
  /** Replaces the caller context for later calls (e.g. to act as a foreign frame). */
  setContext(ctx: Ctx): void;
}

export function createMemoryBridge<Ctx>(handlers: Handlers<Ctx>, ctx: Ctx): MemoryBridge<Ctx> {
  const dispatch = createDispatcher(handlers);
  let current = ctx;
  const hub = createEventHub();
  const api = createApiClient(async (channel, arg) => {
    const sent = decodeWire(encodeWire(arg));
    const result = await dispatch(channel, sent, current);
    return decodeWire(encodeWire(result)) as IpcResult;
  });
  return {
    bridge: { ...api, on: hub.on },
    emit: (event, payload) => void hub.emit(event, decodeWire(encodeWire(payload))),
    setContext: (c) => void (current = c),
  };
}
