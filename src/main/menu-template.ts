// The application menu as a template (plain data; built into a Menu by main). Items that act on the
// page send a MenuCommand to the renderer; opening files shows the native dialog in main, which
// grants the chosen paths before the renderer reads them.
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../core/ipc/contract';

export interface MenuActions {
  openFile(): void;
  openFolder(): void;
  command(c: MenuCommand): void;
  openDocs(): void;
  isMac: boolean;
}

export function menuTemplate(a: MenuActions): MenuItemConstructorOptions[] {
  const cmd = (label: string, command: MenuCommand, accelerator?: string): MenuItemConstructorOptions => ({
    label,
    ...(accelerator ? { accelerator } : {}),
    click: () => a.command(command),
  });
  return [
    ...(a.isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: '&File',
      submenu: [
        { label: 'Open File…', accelerator: 'CmdOrCtrl+O', click: () => a.openFile() },
        { label: 'Open Folder…', accelerator: 'CmdOrCtrl+Shift+O', click: () => a.openFolder() },
        cmd('Open the Sample', 'open-sample'),
        { type: 'separator' },
        {
          label: 'Export',
          submenu: [
            cmd('Diagram as SVG…', 'export-svg'),
            cmd('Diagram as PNG…', 'export-png'),
            cmd('Journey as Markdown…', 'export-markdown'),
            cmd('Packets as pcap…', 'export-pcap'),
            cmd('Packets as JSON…', 'export-json'),
          ],
        },
        { type: 'separator' },
        a.isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { label: '&Edit', submenu: [{ role: 'copy' }, { role: 'selectAll' }] },
    {
      label: '&View',
      submenu: [
        cmd('Topology', 'show-topology', 'CmdOrCtrl+1'),
        cmd('Packets', 'show-packets', 'CmdOrCtrl+2'),
        cmd('Journey', 'show-journey', 'CmdOrCtrl+3'),
        cmd('Capture', 'show-capture', 'CmdOrCtrl+4'),
        cmd('Node State', 'show-state', 'CmdOrCtrl+5'),
        cmd('Logs', 'show-logs', 'CmdOrCtrl+6'),
        cmd('Checks', 'show-checks', 'CmdOrCtrl+7'),
        cmd('Training', 'show-training', 'CmdOrCtrl+8'),
        cmd('Cluster', 'show-cluster', 'CmdOrCtrl+9'),
        { type: 'separator' },
        cmd('Toggle Light/Dark', 'toggle-theme', 'CmdOrCtrl+Shift+L'),
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { role: 'togglefullscreen' },
      ],
    },
    { label: '&Help', submenu: [{ label: 'Calico VPP documentation', click: () => a.openDocs() }] },
  ];
}
