// Paths given to the desktop app on its command line (files opened from a file manager arrive the
// same way on Linux and Windows). Flags (Chromium's or Electron's) are skipped.

export function commandLinePaths(argv: readonly string[], isPackaged: boolean): string[] {
  // Packaged: argv = [app, …args]. Development: argv = [electron, main.cjs, …args].
  const args = argv.slice(isPackaged ? 1 : 2);
  const out: string[] = [];
  let afterDashes = false;
  for (const a of args) {
    if (!afterDashes && a === '--') {
      afterDashes = true;
      continue;
    }
    if (!afterDashes && a.startsWith('-')) continue;
    if (a.length > 0 && a.length <= 4096 && !a.includes('\0')) out.push(a);
  }
  return out;
}
