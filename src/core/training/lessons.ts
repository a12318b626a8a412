// The lessons: which scenario, which packets and which hops each one narrates, what it asks and what to
// try on a real cluster. Addresses, interfaces, nodes and line numbers are never written here: they come
// from the scenario (its ground truth and the parsed trace) through the contexts.
import type { IpHeaderInfo } from '../model';
import type { Command, Question } from './types';
import type { LessonContext, LessonSpec, PacketContext, StepContext } from './build';
import {
  decapQuestion,
  egressQuestion,
  encapQuestion,
  errCounterQuestion,
  lineQuestion,
  makeQuestion,
  natNodeQuestion,
  traceWhereQuestion,
  ttlQuestion,
  verdictQuestion,
  whyDropQuestion,
} from './questions';
import { endpoint, flowText, interfaceRole, interfaceWords, natText } from './words';

// ---- small helpers over the contexts --------------------------------------------------------

function ip(c: StepContext): IpHeaderInfo | null {
  return c.hop.detail.ip[0] ?? null;
}

function who(c: LessonContext, addr: string): string {
  const w = c.whoIs(addr);
  return w ? `${addr} (${w})` : addr;
}

function ifw(c: StepContext | LessonContext, p: PacketContext, name: string): string {
  return interfaceWords(name, p.q.schematic);
}

function p0(c: LessonContext): PacketContext {
  return c.packets[0]!;
}

function salt(c: LessonContext): string {
  return c.scenario.name;
}

/** The input node and calicovppctl `-interface` preset that trace a packet entering on this node. */
function tracePreset(p: PacketContext): { node: string; preset: string } {
  const n = p.journey.ingress?.node ?? 'virtio-input';
  return { node: n, preset: n === 'virtio-input' || n === 'tap-input' ? 'virtio' : 'phy' };
}

function traceCommands(p: PacketContext, extra: Command[] = []): Command[] {
  const { node, preset } = tracePreset(p);
  const n = p.k8sNode;
  return [
    { command: `kubectl get pods -A -o wide`, why: 'Find the pods, their addresses and the node each one runs on.' },
    { command: `calicovppctl vppctl -node ${n} clear trace`, why: 'Start from an empty trace buffer.' },
    { command: `calicovppctl vppctl -node ${n} trace add ${node} 50`, why: `Trace the next 50 packets entering VPP through ${node} on ${n} (per worker thread).` },
    { command: `calicovppctl vppctl -node ${n} show trace max 50`, why: 'Print the traced packets, as in this lesson.' },
    { command: `calicovppctl trace -node ${n} -interface ${preset} -count 50`, why: 'The same in one step: trace, wait, download trace.txt.gz.' },
    ...extra,
    { command: 'vpp-pathviz explain trace.txt.gz --out walkthrough.html', why: 'Get this kind of narrated walkthrough for your own trace.' },
  ];
}

function showErr(p: PacketContext): Command {
  return { command: `calicovppctl vppctl -node ${p.k8sNode} show errors`, why: 'The drop counters per node and reason; run it twice to see which ones rise.' };
}

function fib(p: PacketContext, addr: string): Command {
  return { command: `calicovppctl vppctl -node ${p.k8sNode} show ip fib ${addr}`, why: `The route VPP uses for ${addr}.` };
}

function outerHeader(c: StepContext): string {
  const i = ip(c);
  return i ? `${i.protocol} ${endpoint(i.src, null)} → ${endpoint(i.dst, null)}` : 'an outer header';
}

const enterSay = (c: StepContext) => {
  const ing = c.packet.journey.ingress;
  return `Every traced packet starts at an input node. This one is \`${c.hop.node}\`${ing?.interface ? `: the packet comes from ${ifw(c, c.packet, ing.interface)}` : ''}. That is why the trace was started with \`trace add ${c.hop.node} …\`.`;
};

// ---- the lessons --------------------------------------------------------------------------

const samenode: LessonSpec = {
  name: 'pod-to-pod-same-node',
  title: 'Pod to pod on one node',
  scenario: 'pod-to-pod-same-node',
  goal: 'Follow a packet from one pod to another pod on the same node, hop by hop, and read each `show trace` entry.',
  intro: (c) => {
    const f = p0(c).truth.innerFlow;
    return [
      `Two pods run on ${p0(c).k8sNode}: ${who(c, f.src)} sends a ${f.protocol} packet to ${who(c, f.dst)}.`,
      'In Calico VPP, every pod\'s eth0 is one end of a tun interface whose other end (tunN) lives in VPP. So the packet leaves the pod, enters VPP on the pod\'s tunN, crosses VPP\'s graph of nodes, and leaves on the other pod\'s tunN.',
      '`show trace` prints one entry per graph node: a header line `HH:MM:SS:uuuuuu: node-name` and the node\'s own detail lines under it.',
    ];
  },
  packets: [
    {
      pick: { k8sNode: 'node-1', flowId: 'client-to-web-1', direction: 'request' },
      title: 'The request, client → web-1',
      steps: [
        { at: /-input$/, say: enterSay },
        {
          at: /^ip4-input/,
          lines: [{ match: /^\s+(TCP|UDP|ICMP): \d+\.\d+\.\d+\.\d+ -> /, note: (m) => `protocol ${m[1]}, source → destination` }],
          say: (c) => `The IP header is read here. The first \`${ip(c)?.protocol ?? 'TCP'}:\` line is the addresses, the second one (same prefix) is the ports — tell them apart by what follows.`,
        },
        { at: 'cnat-input-ip4', say: () => 'cnat (Calico\'s NAT for services) looks at every packet. The destination is a pod, not a service, so there is no session and nothing changes.' },
        { at: 'ip4-lookup', say: (c) => `The route lookup: where does ${ip(c)?.dst ?? 'the destination'} live? The answer (an adjacency) decides the next node.` },
        { at: 'lookup-ip4-dst', say: () => 'The pod\'s VRF has a route that says "look again in the pods table". This second lookup finds the destination pod\'s tun.' },
        { at: 'ip4-rewrite', say: (c) => `Now VPP knows the output: the adjacency line names the interface (${c.hop.detail.txInterface?.name ?? '?'}). tun interfaces have no MAC addresses, so nothing is written before the IP header; the TTL drops by one.` },
        { at: /-output$/, say: () => 'The per-interface output node: output features run here (an interface that is down would drop the packet here).' },
        { at: /-tx$/, say: (c) => `The driver hands the packet to the kernel side of ${c.hop.node.replace(/-tx$/, '')}: the destination pod receives it on its eth0.` },
      ],
    },
  ],
  questions: (c) => [
    traceWhereQuestion(p0(c).q, salt(c)),
    egressQuestion(p0(c).q, salt(c), `Out of which interface does the request leave VPP towards ${c.whoIs(p0(c).truth.innerFlow.dst) ?? 'the destination'}?`),
    lineQuestion(
      p0(c).q,
      salt(c),
      'Which line tells you the TTL of the packet as it arrived?',
      (() => {
        const h = p0(c).journey.hops.find((x) => x.detail.ip[0]?.ttl !== null && x.detail.ip[0] !== undefined);
        const i = h ? h.lineNumbers.findIndex((_, k) => /\bttl \d+/.test(h.lines[k]!)) : -1;
        return h && i >= 0 ? { line: h.lineNumbers[i]!, text: h.lines[i]! } : null;
      })(),
      (() => {
        const h = p0(c).journey.hops[0]!;
        const rw = p0(c).journey.hops.find((x) => x.node === 'ip4-rewrite');
        const out: { line: number; text: string; why: string }[] = [];
        if (h.lines[0]) out.push({ line: h.lineNumbers[0]!, text: h.lines[0], why: 'this is the driver\'s receive record: interface index, queue and length, no IP header yet.' });
        if (rw?.lines[0]) out.push({ line: rw.lineNumbers[0]!, text: rw.lines[0], why: 'this is the adjacency chosen by ip4-rewrite, after routing; the TTL is in the IP header lines.' });
        return out;
      })(),
      'ttl-line',
      'the line under the first IP header (`tos …, ttl N, length …`) carries the TTL as the packet arrived.',
    ),
  ],
  summary: (c) => ({
    text: [
      'A pod-to-pod packet on one node: input node on the source pod\'s tun → ip4-input → cnat (no change) → ip4-lookup (+ lookup-ip4-dst in the pods VRF) → ip4-rewrite → the destination pod\'s tunN-output / tunN-tx.',
      'Each `show trace` entry is one node; the details under it are that node\'s view of the packet.',
    ],
    commands: traceCommands(p0(c)),
  }),
};

function crossNode(kind: 'ipip' | 'vxlan'): LessonSpec {
  const name = kind === 'ipip' ? 'pod-to-pod-ipip' : 'pod-to-pod-vxlan';
  const label = kind === 'ipip' ? 'IP-in-IP' : 'VXLAN';
  const encapAt = kind === 'ipip' ? 'ip4-midchain' : 'vxlan4-encap';
  const decapAt = kind === 'ipip' ? 'ipip4-input' : 'vxlan4-input';
  return {
    name,
    title: `Pod to pod across nodes (${label})`,
    scenario: name,
    goal: `See how a packet to a pod on another node is wrapped in ${label} on the sending node and unwrapped on the receiving node — two traces, one packet.`,
    intro: (c) => {
      const f = p0(c).truth.innerFlow;
      return [
        `${who(c, f.src)} sends a ${f.protocol} packet to ${who(c, f.dst)}.`,
        `Calico is set to ${label} encapsulation: VPP on the sending node puts the pod's packet inside an outer header addressed from node to node, sends it out of its uplink, and VPP on the other node takes the outer header off.`,
        'A trace only shows what happened on one node, so this lesson reads two traces: the sender\'s and the receiver\'s.',
      ];
    },
    packets: [
      {
        pick: { k8sNode: 'node-1', flowId: 'client-to-web-2', direction: 'request' },
        title: 'On the sending node',
        steps: [
          { at: 'virtio-input', say: enterSay },
          { at: /^ip4-input/, say: (c) => `The pod's own packet: ${ip(c) ? flowText(ip(c)!) : ''}. Note the TTL (${ip(c)?.ttl ?? '?'}): it is still the TTL the pod sent.` },
          { at: 'lookup-ip4-dst', say: (c) => `The destination is in another node's pod block, so the route found here points into the ${label} tunnel.` },
          {
            at: kind === 'ipip' ? 'ip4-midchain' : 'ip4-rewrite',
            say: (c) => (kind === 'ipip' ? `A midchain adjacency: the tunnel's outer header is added right here. The hex dump now starts with ${outerHeader(c)} — the two node addresses.` : `The route sends the packet into \`${c.hop.detail.txInterface?.name ?? 'the VXLAN tunnel'}\`, the VXLAN tunnel interface.`),
          },
          ...(kind === 'vxlan'
            ? [{ at: 'vxlan4-encap', lines: [{ match: /VXLAN encap to (\S+) vni (\d+)/, note: (m: RegExpExecArray) => `tunnel ${m[1]}, VXLAN network id ${m[2]}` }], say: () => 'VXLAN encapsulation: an outer IP/UDP (port 4789)/VXLAN header is put in front of the pod\'s packet.' }]
            : []),
          { at: 'ip4-rewrite', say: (c) => `The outer packet is routed like any other: out of the uplink, to the other node (${c.hop.detail.txInterface?.name ?? ''}). The hex dump now starts with the Ethernet header, then ${outerHeader(c)}.` },
          { at: /-output$/, say: (c) => `The ${label} packet leaves on the uplink; the pod's packet is inside it, untouched.` },
        ],
      },
      {
        pick: { k8sNode: 'node-2', flowId: 'client-to-web-2', direction: 'request' },
        title: 'On the receiving node',
        steps: [
          { at: /-input$/, say: (c) => `On the other node the packet arrives from the wire, through the uplink's input node \`${c.hop.node}\` — not virtio-input. To trace it here, trace this node.` },
          { at: /^ip4-input/, say: (c) => `The outer header: ${outerHeader(c)}. Its destination is this node's own address.` },
          { at: 'ip4-receive', say: () => 'The destination is VPP itself (the tunnel endpoint), so the packet is handed to VPP\'s local stack…' },
          { at: decapAt, say: () => `…which gives it to the tunnel: the outer header is removed here.` },
          { at: /^ip4-input/, say: (c) => `The pod's packet again, as it was sent (${ip(c) ? `${ip(c)!.src} → ${ip(c)!.dst}` : ''}), with a TTL one lower: the sending node routed it once.` },
          { at: /^tun\d+-tx$/, say: (c) => `Delivered into the destination pod through ${c.hop.node.replace(/-tx$/, '')}.` },
        ],
      },
    ],
    questions: (c) => [
      encapQuestion(c.packets[0]!.q, salt(c)),
      decapQuestion(c.packets[1]!.q, salt(c)),
      traceWhereQuestion(c.packets[1]!.q, salt(c), 'trace-where-receiver'),
      egressQuestion(c.packets[0]!.q, salt(c), `Out of which interface does the ${label} packet leave ${c.packets[0]!.k8sNode}?`),
    ],
    summary: (c) => ({
      text: [
        `Across nodes, the sending node's trace ends on the uplink with an outer ${label} header (${kind === 'ipip' ? 'protocol IP_IN_IP' : 'UDP port 4789'}); the receiving node's trace starts at the uplink's input node and shows ${decapAt} removing that header.`,
        `To follow one packet across nodes, trace both nodes: \`virtio-input\` on the sender (the packet comes from a pod) and the uplink's input node on the receiver.`,
      ],
      commands: [
        ...traceCommands(c.packets[0]!),
        { command: `calicovppctl vppctl -node ${c.packets[1]!.k8sNode} trace add ${c.packets[1]!.journey.ingress?.node ?? 'dpdk-input'} 50`, why: 'On the receiving node, trace the uplink\'s input node.' },
        { command: `calicovppctl vppctl -node ${c.packets[0]!.k8sNode} show ${kind === 'ipip' ? 'ipip' : 'vxlan'} tunnel`, why: 'The tunnels VPP has to the other nodes.' },
      ],
    }),
  };
}

const service: LessonSpec = {
  name: 'pod-to-service',
  title: 'Pod to a ClusterIP service, and the reply',
  scenario: 'pod-to-service',
  goal: 'See cnat translate a service ClusterIP into a backend pod (DNAT) and translate the reply back, and find both in the trace.',
  intro: (c) => {
    const n = p0(c).journey.nat[0];
    return [
      `A pod talks to a Kubernetes service by its ClusterIP. Nothing listens on a ClusterIP: VPP's cnat plugin picks a backend pod and rewrites the destination.`,
      n ? `Here ${who(c, n.before.src)} connects to ${who(c, n.before.dst)}.` : '',
      'The reply comes back from the backend pod; cnat must rewrite its source back to the ClusterIP, or the client would not recognise it.',
    ].filter(Boolean);
  },
  packets: [
    {
      pick: { k8sNode: 'node-1', flowId: 'client-to-web-svc', direction: 'request' },
      title: 'The request to the ClusterIP',
      steps: [
        { at: 'virtio-input', say: enterSay },
        { at: /^ip4-input/, say: (c) => `The destination is the ClusterIP ${who(c, ip(c)?.dst ?? '')}: no pod has this address.` },
        {
          at: 'cnat-input-ip4',
          lines: [{ match: /^\s*(created|found) session/, note: (m) => (m[1] === 'created' ? 'first packet of the connection: a new session' : 'an existing session') }],
          say: (c) => {
            const n = c.hop.detail.nat;
            return n ? `Here is the DNAT: \`session:[${n.before.src};${n.before.srcPort} -> ${n.before.dst};${n.before.dstPort}, ${n.before.protocol}] => … -> ${n.after.dst};${n.after.dstPort}\` — the service address becomes the backend pod ${who(c, n.after.dst)}. The \`translation:\` line lists the service's backends.` : 'cnat translates the service address.';
          },
        },
        { at: 'ip4-lookup', say: (c) => `From here on VPP only sees the backend address: the route lookup is for ${ip(c)?.dst ?? 'the backend'}, not the ClusterIP.` },
        { at: /-tx$/, say: (c) => `The backend pod receives a packet addressed to itself (${c.packets[0]!.journey.nat[0]?.after.dst ?? ''}); it never sees the ClusterIP.` },
      ],
    },
    {
      pick: { k8sNode: 'node-1', flowId: 'client-to-web-svc', direction: 'reply' },
      title: 'The reply from the backend',
      steps: [
        { at: 'virtio-input', say: (c) => `The reply enters VPP from the backend pod${c.packet.journey.ingress?.interface ? `, on ${c.packet.journey.ingress.interface}` : ''}.` },
        { at: /^ip4-input/, say: (c) => `Its source is the backend pod ${who(c, ip(c)?.src ?? '')} — the client expects an answer from the ClusterIP.` },
        { at: 'cnat-output-ip4', say: (c) => {
          const n = c.hop.detail.nat;
          return n ? `After routing, cnat finds the session of the request and reverses it: the source becomes ${endpoint(n.after.src, n.after.srcPort)} again (${natText({ node: c.hop.node, before: n.before, after: n.after }, c.whoIs)}).` : 'cnat reverses the translation.';
        } },
        { at: /-tx$/, say: () => 'The client receives the reply from the address it connected to.' },
      ],
    },
  ],
  questions: (c) => [
    natNodeQuestion(c.packets[0]!.q, salt(c), 'destination'),
    natNodeQuestion(c.packets[1]!.q, salt(c), 'source', 'nat-reply'),
    lineQuestion(
      c.packets[0]!.q,
      salt(c),
      'Which line of the request shows the backend pod the service was translated to?',
      (() => {
        const h = c.packets[0]!.journey.hops.find((x) => x.detail.nat);
        if (!h?.detail.nat) return null;
        const k = h.lineNumbers.indexOf(h.detail.nat.line);
        return k >= 0 ? { line: h.detail.nat.line, text: h.lines[k]! } : null;
      })(),
      (() => {
        const j = c.packets[0]!.journey;
        const out: { line: number; text: string; why: string }[] = [];
        const ipIn = j.hops.find((x) => x.node.startsWith('ip4-input'))?.detail.ip[0];
        const inHop = j.hops.find((x) => x.node.startsWith('ip4-input'));
        if (ipIn && inHop) out.push({ line: ipIn.line, text: inHop.lines[inHop.lineNumbers.indexOf(ipIn.line)]!, why: 'this is the header as the client sent it: the destination is still the ClusterIP.' });
        const cn = j.hops.find((x) => x.detail.nat);
        const tr = cn?.detail.fields.find((f) => f.name === 'cnat translation');
        if (cn && tr) out.push({ line: tr.line, text: cn.lines[cn.lineNumbers.indexOf(tr.line)]!, why: 'this is the service translation (the VIP and its load-balancer), not the backend this packet got.' });
        return out;
      })(),
      'session-line',
      'the `session:[…] => …` line shows the packet before (in brackets) and after the translation; the address after `->` on the right is the backend.',
    ),
    traceWhereQuestion(c.packets[1]!.q, salt(c), 'trace-where-reply'),
  ],
  summary: (c) => ({
    text: [
      'A ClusterIP exists only in cnat\'s translation table: `cnat-input-ip4` rewrites the destination to a backend before the route lookup (DNAT), and `cnat-output-ip4` rewrites the reply\'s source back (reverse NAT).',
      'In the trace, look for `session:[before] => after` under the cnat nodes; everything after it sees the translated addresses.',
    ],
    commands: traceCommands(c.packets[0]!, [
      { command: `calicovppctl vppctl -node ${c.packets[0]!.k8sNode} show cnat translation`, why: 'The services cnat knows: each ClusterIP:port and its backends.' },
      { command: `calicovppctl vppctl -node ${c.packets[0]!.k8sNode} show cnat session verbose`, why: 'The live sessions, the same `[before] => after` pairs as in the trace.' },
      { command: 'kubectl get endpointslices -A', why: 'The backends Kubernetes assigned to each service.' },
    ]),
  }),
};

const host: LessonSpec = {
  name: 'pod-to-host',
  title: 'Pod to the kubelet: punted to tap0',
  scenario: 'pod-to-host',
  goal: 'See how a packet for the node\'s own address is punted out of VPP to the Linux host through tap0.',
  intro: (c) => {
    const f = p0(c).truth.innerFlow;
    return [
      `${who(c, f.src)} connects to port ${f.dstPort ?? '?'} of ${who(c, f.dst)} — the kubelet, a Linux process on the node.`,
      'With Calico VPP, VPP owns the node\'s uplink, so every packet for the node arrives in VPP first. What VPP does not handle itself is "punted": sent to the Linux host through tap0.',
    ];
  },
  packets: [
    {
      pick: { k8sNode: 'node-1', flowId: 'client-to-kubelet', direction: 'request' },
      title: 'The pod\'s packet to the kubelet',
      steps: [
        { at: 'virtio-input', say: enterSay },
        { at: /^ip4-input/, say: (c) => `The destination ${who(c, ip(c)?.dst ?? '')} is the node itself.` },
        { at: 'ip4-receive', say: () => 'The route lookup found a "receive" route: the address is one of VPP\'s own, so the packet goes to VPP\'s local stack.' },
        { at: 'tcp4-input', lines: [{ match: /no tcp connection|\[\d+:\d+\]/, note: 'VPP\'s TCP stack has no connection for this packet' }], say: () => 'VPP\'s own TCP stack has no socket for this port: the packet is not for VPP\'s applications.' },
        { at: 'ip4-punt', say: () => 'So it is punted — handed towards the host.' },
        { at: 'ip4-punt-redirect', say: () => 'Calico configures a punt redirect: the packet is looked up in the punt table, whose route points to tap0.' },
        { at: 'ip4-rewrite', say: (c) => `The adjacency now names ${c.hop.detail.txInterface?.name ?? 'tap0'}: the host side.` },
        { at: /^tap\d+-tx$/, say: () => 'The packet reaches the Linux host on the other end of tap0, where the kubelet receives it.' },
      ],
    },
  ],
  questions: (c) => [
    egressQuestion(p0(c).q, salt(c), 'Which interface takes the packet to the kubelet on the Linux host?'),
    verdictQuestion(p0(c).q, salt(c)),
    traceWhereQuestion(p0(c).q, salt(c)),
  ],
  summary: (c) => ({
    text: [
      'Packets for the node\'s own address go ip4-receive → (VPP\'s TCP/UDP: nobody there) → ip4-punt → ip4-punt-redirect → tap0 → the Linux host.',
      'If the host never answers, check the punt path and tap0 on both sides.',
    ],
    commands: traceCommands(p0(c), [
      { command: `calicovppctl vppctl -node ${p0(c).k8sNode} show ip punt redirect`, why: 'The punt redirect rules (to tap0).' },
      { command: `calicovppctl vppctl -node ${p0(c).k8sNode} show interface tap0`, why: 'tap0\'s state and counters in VPP.' },
    ]),
  }),
};

const nodeport: LessonSpec = {
  name: 'external-to-nodeport',
  title: 'External client to a NodePort, through the uplink',
  scenario: 'external-to-nodeport',
  goal: 'Follow a packet from outside the cluster into the uplink, through the NodePort DNAT, to a pod — and the reply back out.',
  intro: (c) => {
    const n = p0(c).journey.nat[0];
    return [
      n ? `A client outside the cluster (${n.before.src}) connects to ${who(c, n.before.dst)} port ${n.before.dstPort ?? '?'}: a NodePort of a service.` : 'An external client connects to a NodePort.',
      'The packet arrives from the wire on the node\'s uplink, so its trace starts at the uplink driver\'s input node. cnat translates the NodePort to a backend pod.',
    ];
  },
  packets: [
    {
      pick: { k8sNode: 'node-1', flowId: 'external-to-nodeport', direction: 'request' },
      title: 'In through the uplink',
      steps: [
        { at: /-input$/, say: (c) => `The uplink driver's input node, \`${c.hop.node}\`: this packet comes from the wire, not from a pod.` },
        { at: 'ethernet-input', say: () => 'Packets from the wire carry an Ethernet header; VPP checks that the destination MAC is its own.' },
        { at: /^ip4-input/, say: (c) => `The destination is the node address and the NodePort: ${ip(c) ? endpoint(ip(c)!.dst, ip(c)!.dstPort) : ''}.` },
        { at: 'cnat-input-ip4', say: (c) => {
          const n = c.hop.detail.nat;
          return n ? `DNAT: ${natText({ node: c.hop.node, before: n.before, after: n.after }, c.whoIs)}.` : 'cnat translates the NodePort.';
        } },
        { at: /^tun\d+-tx$/, say: () => 'The backend pod receives the packet.' },
      ],
    },
    {
      pick: { k8sNode: 'node-1', flowId: 'external-to-nodeport', direction: 'reply' },
      title: 'The reply out through the uplink',
      steps: [
        { at: 'virtio-input', say: enterSay },
        { at: 'cnat-output-ip4', say: (c) => {
          const n = c.hop.detail.nat;
          return n ? `The reverse translation: ${natText({ node: c.hop.node, before: n.before, after: n.after }, c.whoIs)} — the client sees the node address and NodePort it connected to.` : 'cnat reverses the translation.';
        } },
        { at: /-tx$/, say: (c) => `Out of the uplink (${c.hop.node.replace(/-tx$/, '')}) to the client.` },
      ],
    },
  ],
  questions: (c) => [
    traceWhereQuestion(c.packets[0]!.q, salt(c)),
    natNodeQuestion(c.packets[0]!.q, salt(c), 'destination'),
    natNodeQuestion(c.packets[1]!.q, salt(c), 'source', 'nat-reply'),
  ],
  summary: (c) => ({
    text: [
      'From outside, the trace starts at the uplink\'s input node (dpdk-input, af-packet-input, af_xdp-input…), then ethernet-input; the NodePort is translated by cnat-input-ip4 like a ClusterIP.',
      'The reply leaves through cnat-output-ip4 (reverse NAT) and the uplink.',
    ],
    commands: traceCommands(c.packets[0]!, [{ command: `calicovppctl vppctl -node ${c.packets[0]!.k8sNode} show cnat translation`, why: 'NodePort translations are listed with the node address.' }]),
  }),
};

const snat: LessonSpec = {
  name: 'egress-snat',
  title: 'Pod to the internet: source NAT',
  scenario: 'egress-snat',
  goal: 'See cnat source-NAT a pod\'s packet to the node address on its way out, and translate the reply back.',
  intro: (c) => {
    const f = p0(c).truth.innerFlow;
    return [`${who(c, f.src)} connects to ${f.dst}, outside the cluster. Pod addresses are not routable outside, so the packet leaves with the node's address as its source.`];
  },
  packets: [
    {
      pick: { k8sNode: 'node-1', flowId: 'client-to-internet', direction: 'request' },
      title: 'Out to the internet',
      steps: [
        { at: 'virtio-input', say: enterSay },
        { at: 'cnat-input-ip4', say: () => 'Before routing: no service matches, nothing changes.' },
        { at: 'ip4-rewrite', say: (c) => `Routed to the uplink ${c.hop.detail.txInterface?.name ?? ''}, towards the gateway.` },
        { at: 'cnat-output-ip4', say: (c) => {
          const n = c.hop.detail.nat;
          return n ? `After routing, on the way out: SNAT, ${natText({ node: c.hop.node, before: n.before, after: n.after }, c.whoIs)}.` : 'Source NAT.';
        } },
        { at: /-tx$/, say: () => 'The packet leaves with the node address as its source.' },
      ],
    },
    {
      pick: { k8sNode: 'node-1', flowId: 'client-to-internet', direction: 'reply' },
      title: 'The reply comes back',
      steps: [
        { at: /-input$/, say: (c) => `The answer comes from the wire, through \`${c.hop.node}\`.` },
        { at: 'cnat-input-ip4', say: (c) => {
          const n = c.hop.detail.nat;
          return n ? `The session of the request is found and reversed: ${natText({ node: c.hop.node, before: n.before, after: n.after }, c.whoIs)}.` : 'Reverse NAT.';
        } },
        { at: /^tun\d+-tx$/, say: () => 'The pod receives the reply at its own address.' },
      ],
    },
  ],
  questions: (c) => [
    natNodeQuestion(c.packets[0]!.q, salt(c), 'source'),
    natNodeQuestion(c.packets[1]!.q, salt(c), 'destination', 'nat-reply'),
    egressQuestion(c.packets[0]!.q, salt(c)),
  ],
  summary: (c) => ({
    text: ['Outgoing traffic to outside the cluster is source-NATed by cnat-output-ip4 after routing; replies are translated back by cnat-input-ip4 before routing.'],
    commands: traceCommands(c.packets[0]!, [{ command: `calicovppctl vppctl -node ${c.packets[0]!.k8sNode} show cnat snat`, why: 'The source-NAT configuration (which prefixes are NATed).' }]),
  }),
};

const policy: LessonSpec = {
  name: 'drop-policy',
  title: 'Drop: denied by a network policy',
  scenario: 'drop-policy',
  goal: 'Recognise a policy drop in a trace, find the policy node and the rule, and the counter in `show errors`.',
  intro: (c) => {
    const f = p0(c).truth.innerFlow;
    return [
      `${who(c, f.src)} connects to ${who(c, f.dst)} port ${f.dstPort ?? '?'}, but a network policy of the destination pod denies it.`,
      'Calico renders policies as ACLs on the pod\'s tun interface: ingress rules of a pod run on packets leaving VPP towards it (`acl-plugin-out-ip4-fa`), egress rules on packets coming from it (`acl-plugin-in-ip4-fa`).',
      'The packet crosses the tunnel first; the drop happens on the node of the destination pod.',
    ];
  },
  packets: [
    {
      pick: { k8sNode: 'node-2', flowId: 'client-to-db-denied', direction: 'request' },
      title: 'On the destination pod\'s node',
      steps: [
        { at: /-input$/, say: (c) => `Traced on ${c.packet.k8sNode}, where the destination pod runs: the packet arrives from the other node through the uplink.` },
        { at: /^ipip4-input|^vxlan4-input/, say: () => 'The tunnel header is removed; the pod\'s packet continues.' },
        { at: 'ip4-rewrite', say: (c) => `Routed to the destination pod's interface ${c.hop.detail.txInterface?.name ?? ''} — the packet is about to leave VPP towards the pod.` },
        {
          at: /^acl-plugin-/,
          lines: [{ match: /action: (\d+)/, note: (m) => `action ${m[1]}: ${m[1] === '0' ? 'deny' : 'permit'}` }],
          say: (c) => `The pod's ingress policy, applied on output to its tun. \`action: 0\` is deny; \`match: acl N rule N\` is the rule that matched.`,
        },
        { at: 'error-drop', say: () => 'Every drop passes through error-drop: its line names the interface the packet came in on, not the reason.' },
        { at: 'drop', say: (c) => `The reason, in the same words as \`show errors\`: \`${c.packet.journey.dropReason ?? ''}\`.` },
      ],
    },
  ],
  questions: (c) => {
    const p = p0(c);
    const ruleHop = p.journey.hops.findIndex((h) => h.detail.policy !== null);
    const rh = ruleHop >= 0 ? p.journey.hops[ruleHop]! : null;
    const pol = rh?.detail.policy ?? null;
    const k = rh && pol ? rh.lineNumbers.indexOf(pol.line) : -1;
    return [
      errCounterQuestion(p.q, salt(c)),
      whyDropQuestion(p.q, salt(c), rh && pol && k >= 0 ? `The policy node's line ${pol.line} reads \`${rh.lines[k]!.trim()}\`: action 0 is deny, for ACL ${pol.acl ?? '?'} rule ${pol.rule ?? '?'}.` : null),
      rh && pol && k >= 0
        ? lineQuestion(
            p.q,
            salt(c),
            'Which line tells you which policy rule denied the packet?',
            { line: pol.line, text: rh.lines[k]! },
            (() => {
              const out: { line: number; text: string; why: string }[] = [];
              const ed = p.journey.hops.find((h) => h.node === 'error-drop');
              if (ed?.lines[0]) out.push({ line: ed.lineNumbers[0]!, text: ed.lines[0], why: 'error-drop only shows the interface the packet came in on.' });
              const dr = p.journey.hops.find((h) => h.node === 'drop');
              if (dr?.lines[0]) out.push({ line: dr.lineNumbers[0]!, text: dr.lines[0], why: 'the drop line gives the reason (the counter), not which rule matched.' });
              return out;
            })(),
            'rule-line',
            '`match: acl N rule N` on the ACL line is the rule that matched, and `action: 0` means deny.',
          )
        : null,
      traceWhereQuestion(p.q, salt(c)),
    ];
  },
  summary: (c) => ({
    text: [
      'A policy drop reads: an `acl-plugin-*-fa` entry with `action: 0`, then `error-drop` and `drop` with the reason `ACL deny packets`.',
      'Ingress policies of a pod act where packets leave VPP towards it (out), egress policies where they come from it (in).',
      'Catch only drops with `trace add error-drop N`: every dropped packet passes there, whatever its input node.',
    ],
    commands: [
      showErr(p0(c)),
      { command: `calicovppctl vppctl -node ${p0(c).k8sNode} show npol interfaces`, why: 'The policies applied to each pod interface (Calico ≥ v3.31).' },
      { command: `calicovppctl vppctl -node ${p0(c).k8sNode} trace add error-drop 50`, why: 'Trace only dropped packets.' },
      { command: 'kubectl get networkpolicy -A', why: 'The Kubernetes policies behind the ACLs.' },
      ...traceCommands(p0(c)).slice(1),
    ],
  }),
};

const noroute: LessonSpec = {
  name: 'drop-no-route',
  title: 'Drop: no route',
  scenario: 'drop-no-route',
  goal: 'Recognise a packet dropped because its destination has no usable route, and where to look next.',
  intro: (c) => {
    const f = p0(c).truth.innerFlow;
    return [`${who(c, f.src)} sends to ${f.dst}, an address of the node's pod block that no pod has. Calico installs a blackhole route for the block: packets to unused addresses are dropped.`];
  },
  packets: [
    {
      pick: { k8sNode: 'node-1', flowId: 'client-to-stale-ip', direction: 'request' },
      title: 'The packet to an unused pod address',
      steps: [
        { at: 'virtio-input', say: enterSay },
        { at: 'ip4-lookup', say: (c) => `The route lookup for ${ip(c)?.dst ?? 'the destination'}…` },
        { at: 'lookup-ip4-dst', say: () => '…continues in the pods table, where the block\'s route is a drop route.' },
        { at: 'ip4-drop', say: () => '`ip4-drop`: the route itself says "drop". There is no adjacency and no output interface.' },
        { at: 'drop', say: (c) => `The reason: \`${c.packet.journey.dropReason ?? ''}\`. The null node only discards.` },
      ],
    },
  ],
  questions: (c) => [whyDropQuestion(p0(c).q, salt(c), 'The lookup ended in `ip4-drop`: the route for the destination is a drop route.'), errCounterQuestion(p0(c).q, salt(c)), verdictQuestion(p0(c).q, salt(c))],
  summary: (c) => ({
    text: ['A no-route drop has no rewrite and no output node: the lookup goes straight to `ip4-drop`, then `error-drop` / `drop`. Check the route for the destination and whether the pod still exists.'],
    commands: [fib(p0(c), p0(c).truth.innerFlow.dst), showErr(p0(c)), ...traceCommands(p0(c)).slice(1)],
  }),
};

const ttl: LessonSpec = {
  name: 'drop-ttl-expired',
  title: 'Drop: TTL expired',
  scenario: 'drop-ttl-expired',
  goal: 'Find where a packet\'s TTL ran out and understand why the counter is named after ip4-input.',
  intro: (c) => {
    const f = p0(c).truth.innerFlow;
    return [`${who(c, f.src)} sends a packet with TTL 1 to ${who(c, f.dst)}. Every routed hop lowers the TTL by one; at 0 the packet may not go on (this is how traceroute works, and what routing loops end in).`];
  },
  packets: [
    {
      pick: { k8sNode: 'node-1', flowId: 'client-to-web-1-ttl1', direction: 'request' },
      title: 'A packet with TTL 1',
      steps: [
        { at: 'virtio-input', say: enterSay },
        { at: /^ip4-input/, lines: [{ match: /\bttl (\d+)/, note: (m) => `TTL ${m[1]} as sent by the pod` }], say: () => 'The packet arrives with TTL 1: one more routed hop and it expires.' },
        { at: 'ip4-rewrite', say: () => 'ip4-rewrite decrements the TTL while it prepares the packet for the next hop; in its hex dump the TTL byte (the 9th byte of the IP header) is now 0.' },
        { at: 'ip4-icmp-error', lines: [{ match: /\bttl (\d+)/, note: (m) => `TTL ${m[1]}: expired` }], say: () => 'The expired packet is turned into an ICMP "time exceeded" error for the sender; the original packet ends here.' },
        { at: 'drop', say: (c) => `The reason \`${c.packet.journey.dropReason ?? ''}\` is counted under ip4-input's counters (ip4-rewrite shares them), so that is where \`show errors\` shows it.` },
      ],
    },
  ],
  questions: (c) => [ttlQuestion(p0(c).q, salt(c)), errCounterQuestion(p0(c).q, salt(c)), whyDropQuestion(p0(c).q, salt(c), null)],
  summary: (c) => ({
    text: ['A TTL drop: the TTL in the first IP header is 1 (or it reaches 1 after a loop), ip4-rewrite brings it to 0, ip4-icmp-error consumes the packet, and `drop` says `ip4 ttl <= 1`.', 'Many TTL drops between the same addresses usually mean a routing loop: compare the routes on the nodes along the path.'],
    commands: [fib(p0(c), p0(c).truth.innerFlow.dst), showErr(p0(c)), ...traceCommands(p0(c)).slice(1)],
  }),
};

const mtu: LessonSpec = {
  name: 'drop-mtu',
  title: 'Drop: MTU exceeded',
  scenario: 'drop-mtu',
  goal: 'Recognise a packet too big for its output interface, and read the MTU and the packet length in the trace.',
  intro: (c) => {
    const f = p0(c).truth.innerFlow;
    return [`${who(c, f.src)} has a large MTU towards VPP and sends a big datagram with "don't fragment" (DF) set to ${who(c, f.dst)} on another node. The uplink has a smaller MTU.`];
  },
  packets: [
    {
      pick: { k8sNode: 'node-1', flowId: 'client-to-web-2-jumbo', direction: 'request' },
      title: 'A datagram bigger than the uplink MTU',
      steps: [
        { at: 'virtio-input', say: enterSay },
        {
          at: /^ip4-input/,
          lines: [
            { match: /length (\d+)/, note: (m) => `the packet is ${m[1]} bytes long` },
            { match: /DONT_FRAGMENT/, note: 'DF: routers may not fragment it' },
          ],
          say: () => 'Note the length and the DONT_FRAGMENT flag.',
        },
        {
          at: 'ip4-rewrite',
          lines: [{ match: /mtu:(\d+)/, note: (m) => `the output interface's MTU: ${m[1]} bytes` }],
          say: (c) => {
            const mtuV = /mtu:(\d+)/.exec(c.hop.lines.join('\n'))?.[1];
            const len = c.packet.journey.hops.find((h) => h.detail.ip[0]?.length != null)?.detail.ip[0]?.length;
            return `The adjacency's MTU is ${mtuV ?? '?'} bytes${len ? `, the packet ${len}` : ''}: it does not fit, and DF forbids cutting it.`;
          },
        },
        { at: 'ip4-icmp-error', say: () => 'VPP answers with an ICMP "fragmentation needed" error (so the sender can lower its packet size) and the packet ends here.' },
        { at: 'drop', say: (c) => `The reason: \`${c.packet.journey.dropReason ?? ''}\`.` },
      ],
    },
  ],
  questions: (c) => {
    const p = p0(c);
    const rw = p.journey.hops.find((h) => h.node === 'ip4-rewrite');
    const mtuV = rw ? /mtu:(\d+)/.exec(rw.lines.join('\n'))?.[1] : undefined;
    const len = p.journey.hops.find((h) => h.detail.ip[0]?.length != null)?.detail.ip[0]?.length;
    return [
      whyDropQuestion(p.q, salt(c), mtuV && len ? `The adjacency chosen by ip4-rewrite has \`mtu:${mtuV}\` and the packet is ${len} bytes long with DONT_FRAGMENT set.` : null),
      errCounterQuestion(p.q, salt(c)),
      mtuInterfaceQuestion(p, salt(c)),
    ];
  },
  summary: (c) => ({
    text: ['An MTU drop: the IP length is larger than the `mtu:` of the adjacency chosen by ip4-rewrite, DF is set, ip4-icmp-error sends "fragmentation needed", and `drop` says `ip4 MTU exceeded and DF set`.', 'Check the MTUs along the path: pod interface, tunnel, uplink.'],
    commands: [
      { command: `calicovppctl vppctl -node ${p0(c).k8sNode} show interface`, why: 'The MTU column of every interface.' },
      showErr(p0(c)),
      ...traceCommands(p0(c)).slice(1),
    ],
  }),
};

/** The MTU lesson's packet has no egress (it is dropped): ask for the interface of the adjacency instead. */
function mtuInterfaceQuestion(p: PacketContext, s: string): Question | null {
  const rwIdx = p.journey.hops.findIndex((h) => h.node === 'ip4-rewrite');
  const rw = p.journey.hops[rwIdx];
  const tx = rw?.detail.txInterface;
  if (!rw || !tx?.name) return null;
  const ifname = tx.name;
  const k = rw.lineNumbers.indexOf(tx.line);
  const mtuV = k >= 0 ? /mtu:(\d+)/.exec(rw.lines[k]!)?.[1] : undefined;
  const ing = p.journey.ingress?.interface ?? null;
  const others = [...new Set([ing, p.q.schematic?.tap ?? null, ...(p.q.schematic?.pods.map((x) => x.tun) ?? [])])].filter((x): x is string => !!x && x !== ifname);
  return makeQuestion(
    {
      id: 'too-small',
      prompt: 'Which interface was the packet meant to leave on (the one whose MTU is too small)?',
      correct: { text: ifname, feedback: `Right: the adjacency line of ip4-rewrite (line ${tx.line}) names ${interfaceWords(ifname, p.q.schematic)}${mtuV ? `, with \`mtu:${mtuV}\`` : ''}.` },
      wrong: others.map((t) => ({ text: t, feedback: `Not this one: ${t} is ${interfaceRole(t, p.q.schematic)}. The adjacency chosen by ip4-rewrite (line ${tx.line}) names ${ifname}.` })),
      step: p.q.stepOfHop(rwIdx),
    },
    s,
  );
}

/** Every lesson spec, in teaching order. */
export const LESSON_SPECS: LessonSpec[] = [samenode, crossNode('ipip'), crossNode('vxlan'), service, host, nodeport, snat, policy, noroute, ttl, mtu];
