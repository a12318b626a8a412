// Who may call the API: only the main frame of one of our windows, showing our own app:// page.
// Electron security checklist #17 (validate the sender of all IPC messages); VS Code validatedIpcMain.

export const APP_ORIGIN = 'app://renderer';

export function isAppUrl(url: string): boolean {
  return url === APP_ORIGIN || url.startsWith(`${APP_ORIGIN}/`);
}

/** The parts of an IpcMainInvokeEvent the check reads (tests pass fakes). */
export interface SenderLike {
  sender: { id: number; mainFrame: unknown };
  senderFrame: { url: string } | null;
}

export function isTrustedSender(event: SenderLike, windowContentsIds: ReadonlySet<number>): boolean {
  const frame = event.senderFrame;
  if (!frame) return false; // the frame navigated away or was destroyed
  if (frame !== event.sender.mainFrame) return false; // no subframes
  if (!windowContentsIds.has(event.sender.id)) return false;
  return isAppUrl(frame.url);
}
