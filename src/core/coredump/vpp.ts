// Does a core come from VPP? Evidence from the command name, the executable and the mapped files,
// and the VPP plugins that were loaded.
import type { CorePlugin } from './types';

const VPP_LIBS = /^lib(vlib|vnet|vppinfra|vlibmemory|svm|vppapiclient|vatplugin)\.so(\.|$)/;

export function baseName(path: string): string {
  const p = path.replace(/ \(deleted\)$/, '');
  return p.slice(p.lastIndexOf('/') + 1);
}

export function isVppPlugin(path: string): boolean {
  const p = path.replace(/ \(deleted\)$/, '');
  return /\/vpp_plugins\/[^/]+\.so(\.[0-9.]+)?$/.test(p) || /_plugin\.so(\.[0-9.]+)?$/.test(baseName(p));
}

export function vppPlugins(mappedFiles: readonly string[]): CorePlugin[] {
  return mappedFiles.filter(isVppPlugin).map((path) => ({ name: baseName(path), path }));
}

/** Reasons to believe the core is VPP's; empty when nothing points at VPP. */
export function vppEvidence(command: string, executable: string | null, mappedFiles: readonly string[], plugins: readonly CorePlugin[]): string[] {
  const out: string[] = [];
  if (command === 'vpp_main' || command === 'vpp') out.push(`the command name is '${command}' (VPP names its main thread vpp_main)`);
  if (/^vpp_wk_\d+$/.test(command)) out.push(`the command name is '${command}' (a VPP worker thread)`);
  if (executable && baseName(executable) === 'vpp') out.push(`the executable is ${executable}`);
  const libs = mappedFiles.filter((f) => VPP_LIBS.test(baseName(f)));
  if (libs.length > 0) out.push(`VPP libraries are mapped (${libs.map(baseName).slice(0, 4).join(', ')}${libs.length > 4 ? ', …' : ''})`);
  if (plugins.length > 0) out.push(`${plugins.length} VPP plugin(s) are mapped`);
  return out;
}
