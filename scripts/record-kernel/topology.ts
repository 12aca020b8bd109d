// The namespaces the recorder builds, as data, and the commands that build and remove them.
//
//   slrec-node: bridge cni0 10.244.1.1/24 (the pods' gateway), like a CNI bridge on a node
//     |-- veth-sidecar <-> eth0 in slrec-pod  (sidecar pod 10.244.1.5/24)
//     `-- veth-peer    <-> eth0 in slrec-peer (peer pod 10.244.1.6/24)
//
// Nothing is routed beyond the node namespace: the ClusterIP 10.96.0.50 only exists as a
// destination that the sidecar pod's nat OUTPUT rules REDIRECT before the packet leaves.
// MAC addresses are fixed and neighbours are static so ifindexes, link-local state and the
// packet capture (no ARP) are the same on every run. IPv6 is off on the wires (no router
// solicitations or MLD in the capture) but on for lo, so pilot-agent's dual-stack *:15020 works.
// The bridge has multicast snooping off: with it on, the bridge joins 224.0.0.106 and sends an
// IGMPv3 report at a random moment, which reaches the pod and creates a conntrack entry.
import { endProcesses, must, run, runSync } from './proc.ts';

export const PREFIX = 'slrec-';

export interface PodSpec {
  readonly key: 'sidecar' | 'peer';
  readonly netns: string;
  readonly hostname: string;
  readonly ifname: 'eth0';
  readonly address: string;
  readonly cidr: string;
  readonly mac: string;
  readonly nodeVeth: string;
  readonly nodeVethMac: string;
}

export const NODE = {
  netns: 'slrec-node',
  bridge: 'cni0',
  address: '10.244.1.1',
  cidr: '10.244.1.1/24',
  mac: '02:00:0a:f4:01:01',
} as const;

export const SIDECAR: PodSpec = {
  key: 'sidecar',
  netns: 'slrec-pod',
  hostname: 'sidecar-pod',
  ifname: 'eth0',
  address: '10.244.1.5',
  cidr: '10.244.1.5/24',
  mac: '02:00:0a:f4:01:05',
  nodeVeth: 'veth-sidecar',
  nodeVethMac: '02:00:00:00:01:05',
};

export const PEER: PodSpec = {
  key: 'peer',
  netns: 'slrec-peer',
  hostname: 'peer-pod',
  ifname: 'eth0',
  address: '10.244.1.6',
  cidr: '10.244.1.6/24',
  mac: '02:00:0a:f4:01:06',
  nodeVeth: 'veth-peer',
  nodeVethMac: '02:00:00:00:01:06',
};

export const PODS: readonly PodSpec[] = [SIDECAR, PEER];
export const CLUSTER_IP = '10.96.0.50';

const ip = (netns: string, ...args: string[]): string[] => ['ip', '-n', netns, ...args];
const sysctl = (netns: string, ...settings: string[]): string[] => [
  'nsenter', `--net=/run/netns/${netns}`, '--', 'sysctl', '-q', '-w', ...settings,
];

/** The exact commands that build the topology, in order (also written into case.json). */
export function buildCommands(): string[][] {
  const cmds: string[][] = [
    ['ip', 'netns', 'add', NODE.netns],
    ...PODS.map((pod) => ['ip', 'netns', 'add', pod.netns]),
    sysctl(NODE.netns, 'net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1'),
    ip(NODE.netns, 'link', 'set', 'lo', 'up'),
    ip(NODE.netns, 'link', 'add', NODE.bridge, 'address', NODE.mac, 'type', 'bridge', 'mcast_snooping', '0'),
    ip(NODE.netns, 'addr', 'add', NODE.cidr, 'dev', NODE.bridge),
    ip(NODE.netns, 'link', 'set', NODE.bridge, 'up'),
  ];
  for (const pod of PODS) {
    const other = pod.key === 'sidecar' ? PEER : SIDECAR;
    cmds.push(
      ip(NODE.netns, 'link', 'add', pod.nodeVeth, 'address', pod.nodeVethMac, 'type', 'veth',
        'peer', 'name', pod.ifname, 'address', pod.mac, 'netns', pod.netns),
      ip(NODE.netns, 'link', 'set', pod.nodeVeth, 'master', NODE.bridge),
      ip(NODE.netns, 'link', 'set', pod.nodeVeth, 'up'),
      sysctl(pod.netns, `net.ipv6.conf.${pod.ifname}.disable_ipv6=1`),
      ip(pod.netns, 'link', 'set', 'lo', 'up'),
      ip(pod.netns, 'addr', 'add', pod.cidr, 'dev', pod.ifname),
      ip(pod.netns, 'link', 'set', pod.ifname, 'up'),
      ip(pod.netns, 'route', 'add', 'default', 'via', NODE.address, 'dev', pod.ifname),
      ip(pod.netns, 'neigh', 'replace', NODE.address, 'lladdr', NODE.mac, 'dev', pod.ifname, 'nud', 'permanent'),
      ip(pod.netns, 'neigh', 'replace', other.address, 'lladdr', other.mac, 'dev', pod.ifname, 'nud', 'permanent'),
      ip(NODE.netns, 'neigh', 'replace', pod.address, 'lladdr', pod.mac, 'dev', NODE.bridge, 'nud', 'permanent'),
    );
  }
  return cmds;
}

export async function buildTopology(): Promise<string[][]> {
  const cmds = buildCommands();
  for (const cmd of cmds) await must(cmd);
  await waitForCarrier();
  return cmds;
}

/** veth carrier and bridge port state settle asynchronously; wait until both pods see LOWER_UP. */
async function waitForCarrier(): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const states = await Promise.all(
      PODS.map((pod) => run(ip(pod.netns, '-o', 'link', 'show', pod.ifname))),
    );
    const bridge = await run(['bridge', '-n', NODE.netns, 'link', 'show']);
    const up = states.every((s) => s.stdout.toString().includes('LOWER_UP'));
    const forwarding = (bridge.stdout.toString().match(/state forwarding/g) ?? []).length === PODS.length;
    if (up && forwarding) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('veth links did not come up within 5 s');
}

/** Our namespaces that exist now (only names with our prefix are ever considered). */
export function ourNamespaces(): string[] {
  const listed = runSync(['ip', 'netns', 'list']).stdout;
  return listed
    .split('\n')
    .map((line) => line.split(' ')[0] ?? '')
    .filter((name) => name.startsWith(PREFIX));
}

/**
 * Removes every `slrec-` namespace, first ending the processes inside it by PID (they can only
 * be stand-ins or captures this recorder started, possibly in an aborted earlier run).
 * Synchronous so it can run from signal and exit handlers.
 */
export function removeNamespaces(log: (line: string) => void = () => undefined): void {
  for (const netns of ourNamespaces()) {
    const pids = runSync(['ip', 'netns', 'pids', netns]).stdout.split('\n').filter(Boolean).map(Number);
    endProcesses(pids);
    const del = runSync(['ip', 'netns', 'del', netns]);
    log(`removed netns ${netns}${pids.length ? ` (ended pids ${pids.join(', ')})` : ''}` +
      (del.exitCode === 0 ? '' : `: ${del.stderr.trim()}`));
  }
}

/** Contents of the private /etc files for a pod (see ETC_FILES in proc.ts). */
export function etcFiles(pod: { address: string; hostname: string }, hostTcpdumpLine: string | null): Record<string, string> {
  return {
    passwd:
      'root:x:0:0:root:/root:/bin/bash\n' +
      (hostTcpdumpLine ? `${hostTcpdumpLine}\n` : '') +
      'istio-proxy:x:1337:1337::/home/istio-proxy:/bin/sh\n',
    group: 'root:x:0:\nistio-proxy:x:1337:\n' + tcpdumpGroup(hostTcpdumpLine),
    hosts:
      '# Kubernetes-managed hosts file.\n' +
      '127.0.0.1\tlocalhost\n' +
      '::1\tlocalhost ip6-localhost ip6-loopback\n' +
      'fe00::0\tip6-localnet\n' +
      'fe00::0\tip6-mcastprefix\n' +
      'fe00::1\tip6-allnodes\n' +
      'fe00::2\tip6-allrouters\n' +
      `${pod.address}\t${pod.hostname}\n`,
    'nsswitch.conf': 'passwd: files\ngroup: files\nhosts: files\nservices: files\nprotocols: files\n',
    'resolv.conf': '# slrec: no name server; nsswitch.conf says hosts: files\n',
  };
}

/** tcpdump drops privileges to its own user after opening the capture, so keep that user. */
function tcpdumpGroup(line: string | null): string {
  const gid = line?.split(':')[3];
  return gid ? `tcpdump:x:${gid}:\n` : '';
}
