// The one place the desktop app opens something outside itself: only https and mailto links
// (core/ipc isSafeExternalUrl), never file:, javascript: or custom schemes (checklist #15).
import { isSafeExternalUrl } from '../core/ipc/host-services';

export function openExternalSafely(open: (url: string) => Promise<void>, url: string): Promise<void> {
  if (!isSafeExternalUrl(url)) return Promise.reject(new Error(`refusing to open ${url.slice(0, 200)} outside the app`));
  return open(url);
}
