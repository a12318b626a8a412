// Registers one ipcMain handler per contract method (channels derived from core/ipc). Each call is
// refused unless it comes from a trusted sender, then validated and dispatched by core/ipc.
import { API_METHODS } from '../../core/ipc/api';
import type { Dispatch } from '../../core/ipc/dispatcher';
import type { IpcResult } from '../../core/ipc/errors';
import type { SenderLike } from './sender';

/** The subset of ipcMain used here. */
export interface IpcMainLike<E> {
  handle(channel: string, listener: (event: E, arg: unknown) => Promise<IpcResult>): void;
  removeHandler(channel: string): void;
}

export interface DesktopContext {
  transport: 'electron';
  webContentsId: number;
  frameUrl: string;
}

export function registerApi<E extends SenderLike>(ipcMain: IpcMainLike<E>, dispatch: Dispatch<DesktopContext>, isTrusted: (event: E) => boolean): () => void {
  for (const m of API_METHODS) {
    ipcMain.handle(m.channel, async (event, arg) => {
      if (!isTrusted(event)) return { ok: false, error: { code: 'forbidden', message: `${m.channel}: caller is not the app's own page` } };
      return dispatch(m.channel, arg, { transport: 'electron', webContentsId: event.sender.id, frameUrl: event.senderFrame?.url ?? '' });
    });
  }
  return () => {
    for (const m of API_METHODS) ipcMain.removeHandler(m.channel);
  };
}
