// The commands a test-cluster container can run, on its in-memory file system: vppctl (vpp
// containers only), cat, tee, gzip, sha256sum and rm, with coreutils-style messages and exit codes;
// debug (ephemeral) containers also have tcpdump (capturing the pod's simulated traffic on eth0),
// timeout and sleep.
// There is deliberately no shell: anything else exits 127 "executable file not found", so a client
// that builds `sh -c` lines fails here as it would on a distroless image.
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { writePcap } from '../../core/capture/writer';
import { compileFilter, filterPacketOfIp, matchFilter } from '../../core/scenarios/vppctl/bpf';
import { readAll, writeChunked, type ExecHandler, type ExecStreams, type ExecTarget } from './exec-handler';
import { fsErrorText, type MemFs } from './memfs';
import type { VppctlEngine } from './vppctl-engine';
import { concatBytes } from '../../core/bytes/concat';

/** What a command can see of its container. */
export interface ContainerRuntime {
  node: string;
  fs: MemFs;
  /** Present in vpp containers: the VPP the CLI socket leads to. */
  vpp?: VppctlEngine;
  /** Present in debug containers of pods: the IP packets the pod's eth0 carries. */
  podPackets?: () => { data: Uint8Array; timeUs: number }[];
}

export const VPP_CLI_SOCKETS = ['/var/run/vpp/cli.sock', '/run/vpp/cli.sock'];
const BIN_DIRS = ['/bin/', '/usr/bin/', '/usr/local/bin/', '/sbin/', '/usr/sbin/'];

const enc = new TextEncoder();

type Cmd = (args: string[], io: ExecStreams, rt: ContainerRuntime, clock: () => number) => Promise<number>;

function err(io: ExecStreams, text: string): Promise<void> {
  return io.stderr(enc.encode(text));
}

/** Splits `-abc` style flag clusters; returns the flags and operands or the first bad option. */
function parseFlags(args: string[], allowed: string): { flags: Set<string>; operands: string[]; bad?: string } {
  const flags = new Set<string>();
  const operands: string[] = [];
  let opts = true;
  for (const a of args) {
    if (opts && a === '--') {
      opts = false;
      continue;
    }
    if (opts && a.length > 1 && a.startsWith('-')) {
      for (const ch of a.slice(1)) {
        if (!allowed.includes(ch)) return { flags, operands, bad: ch };
        flags.add(ch);
      }
    } else operands.push(a);
  }
  return { flags, operands };
}

const cat: Cmd = async (args, io, rt) => {
  let status = 0;
  const p = parseFlags(args, 'u');
  if (p.bad) {
    await err(io, `cat: invalid option -- '${p.bad}'\n`);
    return 1;
  }
  const names = p.operands.length ? p.operands : ['-'];
  for (const name of names) {
    if (name === '-') {
      if (io.stdin) for await (const c of io.stdin) await io.stdout(c);
      continue;
    }
    const data = rt.fs.readChecked(name);
    if (typeof data === 'string') {
      await err(io, `cat: ${name}: ${fsErrorText(data)}\n`);
      status = 1;
      continue;
    }
    await writeChunked(io.stdout, data, io.signal);
  }
  return status;
};

const tee: Cmd = async (args, io, rt) => {
  const p = parseFlags(args, 'ai');
  if (p.bad) {
    await err(io, `tee: invalid option -- '${p.bad}'\n`);
    return 1;
  }
  const append = p.flags.has('a');
  let status = 0;
  const targets: string[] = [];
  for (const name of p.operands) {
    const e = rt.fs.writeChecked(name, new Uint8Array(0), append);
    if (e) {
      await err(io, `tee: ${name}: ${fsErrorText(e)}\n`);
      status = 1;
    } else targets.push(name);
  }
  const chunks: Uint8Array[] = [];
  if (io.stdin) {
    for await (const c of io.stdin) {
      chunks.push(c);
      await io.stdout(c);
    }
  }
  const all = concatBytes(chunks);
  for (const t of targets) rt.fs.writeChecked(t, all, true);
  return status;
};

const gzip: Cmd = async (args, io, rt) => {
  const p = parseFlags(args, 'cdfkn123456789');
  if (p.bad) {
    await err(io, `gzip: invalid option -- '${p.bad}'\n`);
    return 1;
  }
  const toStdout = p.flags.has('c');
  const decompress = p.flags.has('d');
  const level = [...p.flags].filter((f) => /\d/.test(f)).map(Number).pop() ?? 6;
  const transform = (data: Uint8Array): Uint8Array | string => {
    if (!decompress) return gzipSync(data, { level });
    try {
      return gunzipSync(data);
    } catch {
      return 'not in gzip format';
    }
  };
  if (p.operands.length === 0) {
    const out = transform(await readAll(io.stdin));
    if (typeof out === 'string') {
      await err(io, `gzip: stdin: ${out}\n`);
      return 1;
    }
    await writeChunked(io.stdout, out, io.signal);
    return 0;
  }
  let status = 0;
  for (const name of p.operands) {
    const data = rt.fs.readChecked(name);
    if (typeof data === 'string') {
      await err(io, `gzip: ${name}: ${fsErrorText(data)}\n`);
      status = 1;
      continue;
    }
    if (decompress && !toStdout && !name.endsWith('.gz')) {
      await err(io, `gzip: ${name}: unknown suffix -- ignored\n`);
      status = 2;
      continue;
    }
    const out = transform(data);
    if (typeof out === 'string') {
      await err(io, `gzip: ${name}: ${out}\n`);
      status = 1;
      continue;
    }
    if (toStdout) await writeChunked(io.stdout, out, io.signal);
    else {
      const dest = decompress ? name.slice(0, -3) : `${name}.gz`;
      if (!p.flags.has('f') && rt.fs.read(dest)) {
        await err(io, `gzip: ${dest} already exists; not overwritten\n`);
        status = 2;
        continue;
      }
      rt.fs.writeChecked(dest, out, false);
      if (!p.flags.has('k')) rt.fs.remove(name);
    }
  }
  return status;
};

const sha256sum: Cmd = async (args, io, rt) => {
  const p = parseFlags(args, 'bt');
  if (p.bad) {
    await err(io, `sha256sum: invalid option -- '${p.bad}'\n`);
    return 1;
  }
  let status = 0;
  for (const name of p.operands.length ? p.operands : ['-']) {
    const data = name === '-' ? await readAll(io.stdin) : rt.fs.readChecked(name);
    if (typeof data === 'string') {
      await err(io, `sha256sum: ${name}: ${fsErrorText(data)}\n`);
      status = 1;
      continue;
    }
    await io.stdout(enc.encode(`${createHash('sha256').update(data).digest('hex')}  ${name}\n`));
  }
  return status;
};

const rm: Cmd = async (args, io, rt) => {
  const p = parseFlags(args, 'fRrv');
  if (p.bad) {
    await err(io, `rm: invalid option -- '${p.bad}'\n`);
    return 1;
  }
  const force = p.flags.has('f');
  if (p.operands.length === 0) {
    if (force) return 0;
    await err(io, 'rm: missing operand\n');
    return 1;
  }
  let status = 0;
  for (const name of p.operands) {
    if (rt.fs.isDir(name)) {
      await err(io, `rm: cannot remove '${name}': Is a directory\n`);
      status = 1;
    } else if (rt.fs.remove(name)) {
      if (p.flags.has('v')) await io.stdout(enc.encode(`removed '${name}'\n`));
    } else if (!force) {
      await err(io, `rm: cannot remove '${name}': No such file or directory\n`);
      status = 1;
    }
  }
  return status;
};

const vppctl: Cmd = async (args, io, rt, clock) => {
  const engine = rt.vpp;
  if (!engine) return -1; // not installed in this container
  let rest = args;
  if (rest[0] === '-s') {
    const sock = rest[1];
    if (sock === undefined) {
      await err(io, 'vppctl: option -s needs a socket path\n');
      return 1;
    }
    if (!VPP_CLI_SOCKETS.includes(sock)) {
      await err(io, `vppctl: connect(${sock}): No such file or directory\n`);
      return 1;
    }
    rest = rest.slice(2);
  }
  let status = 0;
  const run = async (line: string) => {
    if (!line.trim()) return;
    const r = await engine.exec(line, { files: rt.fs, nowMs: clock(), node: rt.node });
    if (r.output) await writeChunked(io.stdout, enc.encode(r.output), io.signal);
    if (r.stderr) await err(io, r.stderr);
    if (r.exitCode) status = r.exitCode;
  };
  if (rest.length) {
    await run(rest.join(' '));
    return status;
  }
  // No command: vppctl copies stdin to the CLI socket as it arrives and VPP runs each complete
  // line in turn, answering before it reads the next; at end of input vppctl quits.
  if (!io.stdin) return status;
  const lineDec = new TextDecoder();
  let carry = '';
  for await (const chunk of io.stdin) {
    const lines = (carry + lineDec.decode(chunk, { stream: true })).split('\n');
    carry = lines.pop() ?? '';
    for (const line of lines) {
      if (io.signal.aborted) return status;
      await run(line);
    }
  }
  await run(carry + lineDec.decode());
  return status;
};

/** tcpdump in a pod's network namespace: eth0 is Calico VPP's tun (raw IP, pcap link type 101). */
const tcpdump: Cmd = async (args, io, rt) => {
  if (!rt.podPackets) return -1; // not installed here
  let iface = 'eth0';
  let count = Infinity;
  let file: string | null = null;
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith('-') && a.length > 1) {
      for (const ch of a.slice(1)) {
        if ('nUvlqKp'.includes(ch)) continue;
        const v = args[++i];
        if (v === undefined) {
          await err(io, `tcpdump: option requires an argument -- '${ch}'\n`);
          return 1;
        }
        if (ch === 'i') iface = v;
        else if (ch === 'c') count = Number(v);
        else if (ch === 'w') file = v;
        else if (ch !== 's') {
          await err(io, `tcpdump: invalid option -- '${ch}'\n`);
          return 1;
        }
      }
    } else words.push(a);
  }
  if (iface !== 'eth0' && iface !== 'any') {
    await err(io, `tcpdump: ${iface}: No such device exists\n(SIOCGIFHWADDR: No such device)\n`);
    return 1;
  }
  const expr = words.length ? compileFilter(words.join(' ')) : null;
  if (expr && 'error' in expr) {
    await err(io, `tcpdump: ${expr.error}\n`);
    return 1;
  }
  const packets = rt.podPackets().filter((p) => !expr || matchFilter(expr, filterPacketOfIp(p.data))).slice(0, Number.isFinite(count) ? count : undefined);
  await err(io, `tcpdump: listening on ${iface}, link-type RAW (Raw IP), snapshot length 262144 bytes\n`);
  const pcap = writePcap(packets.map((p) => ({ data: p.data, timeNs: BigInt(Math.round(p.timeUs)) * 1000n, linkType: 101 })), { linkType: 101 });
  if (file === '-') await writeChunked(io.stdout, pcap, io.signal);
  else if (file !== null) {
    const e = rt.fs.writeChecked(file, pcap, false);
    if (e) {
      await err(io, `tcpdump: ${file}: ${fsErrorText(e)}\n`);
      return 1;
    }
  }
  await err(io, `${packets.length} packets captured\n${packets.length} packets received by filter\n0 packets dropped by kernel\n`);
  return 0;
};

/** `sleep N`: waits (interrupted when the client goes away). */
const sleep: Cmd = async (args, io) => {
  const s = Number(args[0]);
  if (!Number.isFinite(s) || s < 0) {
    await err(io, `sleep: invalid time interval '${args[0] ?? ''}'\n`);
    return 1;
  }
  await new Promise<void>((r) => {
    const t = setTimeout(r, s * 1000);
    io.signal.addEventListener('abort', () => {
      clearTimeout(t);
      r();
    }, { once: true });
  });
  return 0;
};

/** `timeout SECS CMD…`: runs CMD (the simulated commands finish at once, so the limit never hits). */
const timeout: Cmd = async (args, io, rt, clock) => {
  const [secs, name, ...rest] = args;
  if (secs === undefined || !/^\d+(\.\d+)?[smh]?$/.test(secs) || name === undefined) {
    await err(io, 'timeout: missing operand\n');
    return 125;
  }
  const n = commandName(name);
  const cmd = n !== null && Object.hasOwn(COMMANDS, n) ? COMMANDS[n] : undefined;
  const status = cmd ? await cmd(rest, io, rt, clock) : -1;
  if (status >= 0) return status;
  await err(io, `timeout: failed to run command '${name}': No such file or directory\n`);
  return 127;
};

const COMMANDS: Record<string, Cmd> = { cat, tee, gzip, sha256sum, rm, vppctl, tcpdump, sleep, timeout };

function commandName(argv0: string): string | null {
  if (!argv0.includes('/')) return argv0;
  const dir = BIN_DIRS.find((d) => argv0.startsWith(d));
  return dir && !argv0.slice(dir.length).includes('/') ? argv0.slice(dir.length) : null;
}

/**
 * The default ExecHandler of the test cluster. `runtimeOf` finds a container's runtime (undefined:
 * no such container); `clock` is the cluster clock handed to the VPP engine.
 */
export function containerExecHandler(runtimeOf: (t: ExecTarget) => ContainerRuntime | undefined, clock: () => number = Date.now): ExecHandler {
  return async (target, argv, io) => {
    const rt = runtimeOf(target);
    if (!rt) throw new Error(`container ${target.container} not found in pod ${target.namespace}/${target.pod}`);
    const argv0 = argv[0] ?? '';
    const name = commandName(argv0);
    const cmd = name !== null && Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    const status = cmd ? await cmd(argv.slice(1), io, rt, clock) : -1;
    if (status >= 0) return status;
    await err(io, `OCI runtime exec failed: exec failed: unable to start container process: exec: "${argv0}": executable file not found in $PATH: unknown\n`);
    return 127;
  };
}

