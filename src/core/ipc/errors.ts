// Errors that cross the IPC boundary. Only `{ code, message }` crosses (as plain data); each side
// turns it back into an IpcError so callers can branch on `code`.

export type IpcErrorCode =
  /** The argument failed its validator. */
  | 'invalid-argument'
  /** No such method (a channel not in the contract). */
  | 'unknown-method'
  /** The caller is not our own renderer (wrong frame, origin or token). */
  | 'forbidden'
  /** The path was not chosen by the user (dialog, command line, drop, recent files). */
  | 'not-allowed'
  /** Reading a file failed (missing, permission, too large…); the message names the file. */
  | 'io'
  /** This transport cannot do it (e.g. a native dialog in web mode). */
  | 'unsupported'
  /** The Kubernetes cluster could not be reached, refused, or a capture could not start (message says why). */
  | 'cluster'
  /** Anything else thrown by a handler. */
  | 'internal';

export interface IpcErrorData {
  code: IpcErrorCode;
  message: string;
}

export class IpcError extends Error {
  constructor(
    readonly code: IpcErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'IpcError';
  }

  toData(): IpcErrorData {
    return { code: this.code, message: this.message };
  }

  /** Any thrown value → plain error data (non-IpcErrors become 'internal' with their message). */
  static toData(e: unknown): IpcErrorData {
    if (e instanceof IpcError) return e.toData();
    return { code: 'internal', message: e instanceof Error ? e.message : String(e) };
  }
}

/** What every call returns over a transport: a value or error data, never a thrown exception. */
export type IpcResult<T = unknown> = { ok: true; value: T } | { ok: false; error: IpcErrorData };
