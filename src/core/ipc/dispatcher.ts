// The host side of the contract: handlers keyed like the API, each taking the validated argument and
// a context describing the caller. `createDispatcher` is what Electron main and the web server call
// for every request: look up the channel, validate the argument, run the handler, and return a
// result envelope (errors as data, never a thrown exception across the boundary).
import { methodByChannel } from './api';
import type { AppApi } from './contract';
import { IpcError, type IpcResult } from './errors';

/** One handler per method: the API method with a first-class caller context (VS Code's AddFirstParameterToFunctions, as a second parameter). */
export type Handlers<Ctx, Api = AppApi> = {
  [D in keyof Api]: {
    [M in keyof Api[D]]: Api[D][M] extends (arg: infer A) => Promise<infer R> ? (arg: A, ctx: Ctx) => Promise<R> : never;
  };
};

export type Dispatch<Ctx> = (channel: string, arg: unknown, ctx: Ctx) => Promise<IpcResult>;

export function createDispatcher<Ctx>(handlers: Handlers<Ctx>): Dispatch<Ctx> {
  return async (channel, arg, ctx) => {
    const m = typeof channel === 'string' ? methodByChannel(channel) : undefined;
    if (!m) return { ok: false, error: { code: 'unknown-method', message: `no such method: ${String(channel).slice(0, 100)}` } };
    try {
      const valid = m.validate(arg, 'arg');
      const domain = (handlers as unknown as Record<string, Record<string, (a: unknown, c: Ctx) => Promise<unknown>>>)[m.domain];
      const fn = domain?.[m.method];
      if (!fn) throw new IpcError('internal', `${m.channel} has no handler`);
      return { ok: true, value: await fn(valid, ctx) };
    } catch (e) {
      return { ok: false, error: IpcError.toData(e) };
    }
  };
}
