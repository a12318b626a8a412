// Copying a command: the async clipboard API when the page may use it, else the command's text is
// selected (so Ctrl/Cmd+C copies it) and the user is told so.

/** Copies `text`; on failure selects the text of `fallback` and returns false. */
export async function copyText(text: string, fallback: HTMLElement | null): Promise<boolean> {
  try {
    if (!navigator.clipboard?.writeText) throw new Error('no clipboard');
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    if (fallback) {
      const range = document.createRange();
      range.selectNodeContents(fallback);
      const sel = window.getSelection();
      sel?.removeAllRanges();
      sel?.addRange(range);
    }
    return false;
  }
}
