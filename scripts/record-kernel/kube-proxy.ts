// The `kube-proxy` case: a kind worker's own rules (kube-proxy iptables mode and flannel, the file
// content/scenarios/bookinfo/node/kind-worker.iptables-save) loaded into a node namespace with the
// real iptables-restore, what iptables-save, -S and -L -n -v print for them, and ClusterIP
// connections through them: from a pod (DNAT only) and from the node itself (DNAT, then
// KUBE-MARK-MASQ and MASQUERADE --random-fully), with the conntrack entries they leave.
//
//   slrec-kp-node: cni0 10.244.1.1/24, eth0 172.18.0.3/16 (a veth to slrec-kp-net, 172.18.0.1,
//                  the default gateway),
//                  ip_forward=1, the kind worker's rules
//     |-- veth to slrec-kp-sleep   10.244.1.11 (the client pod)
//     |-- veth to slrec-kp-ep8     10.244.1.8  (reviews endpoint, listens on 9080)
//     |-- veth to slrec-kp-ep9     10.244.1.9
//     `-- veth to slrec-kp-ep10    10.244.1.10
//
// Which endpoint each connection gets and which port MASQUERADE picks are the kernel's random
// choices; the replay (tests/conformance/kube-proxy.test.ts) feeds the same choices to the model
// and compares everything else byte for byte. Traffic stays inside these namespaces.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { must, run, shellJoin, sleep, track } from './proc.ts';

export const KP_CASE = 'kube-proxy';
export const KP_RULES = 'content/scenarios/bookinfo/node/kind-worker.iptables-save';

const NODE = 'slrec-kp-node';
/** The kind network's gateway (docker's bridge), so the node has a real default route. */
const NET = 'slrec-kp-net';
const BRIDGE = 'cni0';
const GATEWAY = '10.244.1.1';
export const KP_NODE_ADDRESS = '172.18.0.3';
export const KP_CLUSTER_IP = '10.96.212.9';
export const KP_PORT = 9080;

interface Pod {
  readonly netns: string;
  readonly address: string;
  readonly veth: string;
  readonly mac: string;
}

const pod = (name: string, address: string, n: number): Pod => ({
  netns: `slrec-kp-${name}`,
  address,
  veth: `veth-kp-${name}`,
  mac: `02:42:0a:f4:01:${n.toString(16).padStart(2, '0')}`,
});

export const KP_CLIENT = pod('sleep', '10.244.1.11', 11);
export const KP_ENDPOINTS: readonly Pod[] = [pod('ep8', '10.244.1.8', 8), pod('ep9', '10.244.1.9', 9), pod('ep10', '10.244.1.10', 10)];
const PODS: readonly Pod[] = [KP_CLIENT, ...KP_ENDPOINTS];

const ip = (netns: string, ...args: string[]): string[] => ['ip', '-n', netns, ...args];
const inNs = (netns: string, ...cmd: string[]): string[] => ['ip', 'netns', 'exec', netns, ...cmd];

export function kpBuildCommands(): string[][] {
  const cmds: string[][] = [
    ['ip', 'netns', 'add', NODE],
    ['ip', 'netns', 'add', NET],
    ...PODS.map((p) => ['ip', 'netns', 'add', p.netns]),
    inNs(NODE, 'sysctl', '-q', '-w', 'net.ipv4.ip_forward=1', 'net.ipv6.conf.all.disable_ipv6=1'),
    ip(NODE, 'link', 'set', 'lo', 'up'),
    ip(NODE, 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', 'eth0', 'netns', NET),
    ip(NET, 'link', 'set', 'lo', 'up'),
    ip(NET, 'addr', 'add', '172.18.0.1/16', 'dev', 'eth0'),
    ip(NET, 'link', 'set', 'eth0', 'up'),
    ip(NODE, 'addr', 'add', `${KP_NODE_ADDRESS}/16`, 'dev', 'eth0'),
    ip(NODE, 'link', 'set', 'eth0', 'up'),
    ip(NODE, 'route', 'add', 'default', 'via', '172.18.0.1', 'dev', 'eth0'),
    ip(NODE, 'link', 'add', BRIDGE, 'address', '02:42:0a:f4:01:01', 'type', 'bridge', 'mcast_snooping', '0'),
    ip(NODE, 'addr', 'add', `${GATEWAY}/24`, 'dev', BRIDGE),
    ip(NODE, 'link', 'set', BRIDGE, 'up'),
  ];
  for (const p of PODS) {
    cmds.push(
      ip(NODE, 'link', 'add', p.veth, 'type', 'veth', 'peer', 'name', 'eth0', 'address', p.mac, 'netns', p.netns),
      ip(NODE, 'link', 'set', p.veth, 'master', BRIDGE),
      ip(NODE, 'link', 'set', p.veth, 'up'),
      ip(p.netns, 'link', 'set', 'lo', 'up'),
      ip(p.netns, 'addr', 'add', `${p.address}/24`, 'dev', 'eth0'),
      ip(p.netns, 'link', 'set', 'eth0', 'up'),
      ip(p.netns, 'route', 'add', 'default', 'via', GATEWAY, 'dev', 'eth0'),
    );
  }
  return cmds;
}

/** A listener that accepts and keeps every connection until it is ended (Python stdlib). */
const SERVER = [
  'import socket, sys, time',
  's = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)',
  `s.bind(("0.0.0.0", ${KP_PORT})); s.listen(16); print("ready", flush=True)`,
  'kept = []',
  'while True:',
  '    c, _ = s.accept(); kept.append(c)',
].join('\n');

/** A client that opens `n` connections to the ClusterIP, prints each local port, then waits. */
const CLIENT = (n: number): string => [
  'import socket, sys',
  'kept = []',
  `for i in range(${n}):`,
  `    c = socket.create_connection(("${KP_CLUSTER_IP}", ${KP_PORT}), timeout=5); kept.append(c)`,
  '    print(c.getsockname()[1], flush=True)',
  'sys.stdin.read()',
].join('\n');

interface Started {
  readonly lines: string[];
  end(): Promise<void>;
}

function start(argv: readonly string[], waitLines: number): Promise<Started> {
  return new Promise((resolve, reject) => {
    const [file, ...args] = argv;
    const child = spawn(file as string, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    track(child);
    const lines: string[] = [];
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`${shellJoin(argv)}: no output within 5 s`)), 5000);
    child.stdout.on('data', (chunk: Buffer) => {
      buf += chunk.toString('utf8');
      const parts = buf.split('\n');
      buf = parts.pop() ?? '';
      lines.push(...parts);
      if (lines.length >= waitLines) {
        clearTimeout(timer);
        resolve({
          lines,
          end: () => new Promise((done) => {
            child.once('exit', () => done());
            child.stdin.end();
            child.kill('SIGTERM');
          }),
        });
      }
    });
    child.on('error', reject);
  });
}

/**
 * Rule lines for the NAT targets and the statistic match, each appended alone to an empty nat
 * table: what iptables accepts, how it prints the rule back (-S, -L -n -v), and its errors.
 * [family, chain, arguments].
 */
export const KP_OPTION_CASES: readonly (readonly ['ipv4' | 'ipv6', string, string])[] = [
  ...[
    '-j MASQUERADE', '-p tcp -j MASQUERADE --to-ports 1024-2000 --random', '-p udp -j MASQUERADE --to-ports 5000',
    '-j MASQUERADE --random-fully --random', '-j SNAT --to-source 1.2.3.4',
    '-p tcp -j SNAT --to-source 1.2.3.4-1.2.3.9:1000-2000 --random --random-fully --persistent',
    '-j SNAT --to-source 1.2.3.4:80', '-p tcp -j SNAT --to-source :80', '-j DNAT --to-destination 10.0.0.1',
    '-m statistic --mode nth --every 3 --packet 1', '-m statistic --mode nth ! --every 3',
    '-m statistic --mode nth ! --every 3 --packet 2', '-m statistic --mode random ! --probability 0.25',
    '-m statistic --mode random --probability 1', '-m statistic --mode random --probability 0',
    '-m statistic --mode nth --every 2 --packet 0', '-p tcp -j SNAT --to-source 1.2.3.4:0',
    '-p tcp -j SNAT --to-source 1.2.3.4:http', '-p tcp -j SNAT --to-source 1.2.3.4 --to-source 1.2.3.5',
    '-p tcp -j SNAT --to-source 1.2.3.4:80-90/85', '-p tcp -j SNAT --to-source [1.2.3.4]:80',
    '-p tcp -j MASQUERADE --to-ports 0-10', '-p tcp -j MASQUERADE --to-ports 80:90', '-j MASQUERADE --to-ports 80 -p tcp',
    '-p tcp -j SNAT --to-source 1.2.3.4-1.2.3.1', '-p tcp -j SNAT --random --to-source 1.2.3.4',
    '-p icmp -j MASQUERADE --to-ports 53', '-p tcp -j MASQUERADE --to-ports 80-90/4', '-j SNAT --to-source 1.2.3.4 --to-ports 5',
    '-p tcp -j MASQUERADE --to-ports http', '-j SNAT',
  ].map((a) => ['ipv4', 'POSTROUTING', a] as const),
  ...[
    '-j DNAT --to-destination 10.0.0.1', '-p tcp -j DNAT --to-destination 10.0.0.1-10.0.0.3:80-90 --random --persistent',
    '-p tcp -j DNAT --to-destination :8080', '-p tcp -j DNAT --to-destination 10.0.0.1:80-90/85', '-j DNAT',
    '-j DNAT --to-destination 10.0.0.1:80', '-p tcp -j DNAT --to-destination 10.0.0.300',
    '-p tcp -j DNAT --to-destination 10.0.0.1:http', '-p tcp -j DNAT --to-destination 10.0.0.1:99999',
    '-p tcp -j DNAT --to-destination 10.0.0.1:90-80', '-p tcp -j DNAT --to-destination 10.0.0.1:80:90',
    '-p tcp -j DNAT --to-destination 10.0.0.1:80x', '-p tcp -j DNAT --to-destination 10.0.0.1:80-90x',
    '-p tcp -j DNAT --to-destination 10.0.0.1:80-x', '-p tcp -j DNAT --to-destination 10.0.0.1:0x50',
    '-p tcp -j DNAT --to-destination [10.0.0.1]:80', '-p tcp -j DNAT --to-destination 10.0.0.1 --to-destination 10.0.0.2',
    '-j DNAT --to-destination 10.0.0.1 --random-fully', '-p udp -j DNAT --to-destination 10.0.0.1:53',
    '-j MASQUERADE', '-j SNAT --to-source 1.2.3.4', '-m statistic', '-m statistic --mode foo', '-m statistic --mode random',
    '-m statistic --mode random --probability 1.5', '-m statistic --mode random --probability abc',
    '-m statistic --mode nth --every 0 --packet 0', '-m statistic --mode nth --every 3 --packet 3',
    '-m statistic --mode random --every 3 --packet 1', '-m statistic --mode nth --probability 0.5',
    '-m statistic --mode random --probability 0.5 --probability 0.6', '-m statistic --mode random --probability -0.1',
    '-m statistic --mode random --probability 1e-1', '-m statistic --mode random --probability .5',
    '-m statistic --mode random --probability 0.33333333333', '-m statistic --mode random --probability 0.2',
    '-m statistic --mode random --probability 0.99999999999', '-m statistic --probability .5',
    '-m statistic ! --mode random --probability .5', '-m statistic --mode random --probability 0.5 --every 2',
    '-m statistic --mode nth --packet 2',
  ].map((a) => ['ipv4', 'PREROUTING', a] as const),
  ['ipv6', 'PREROUTING', '-p tcp -j DNAT --to-destination [2001:db8::1]:80'],
  ['ipv6', 'PREROUTING', '-j DNAT --to-destination 2001:db8::1-2001:db8::5'],
  ['ipv6', 'PREROUTING', '-j DNAT --to-destination 2001:0db8:0:0::1'],
  ['ipv6', 'PREROUTING', '-p tcp -j DNAT --to-destination 2001:db8::1:80'],
  ['ipv6', 'POSTROUTING', '-j MASQUERADE --random-fully'],
  ['ipv6', 'POSTROUTING', '-j SNAT --to-source 2001:db8::1'],
  ['ipv6', 'POSTROUTING', '-p udp -j SNAT --to-source [2001:db8::1]:1000-2000 --persistent'],
];

/** Runs KP_OPTION_CASES in a namespace of their own; returns what each printed. */
async function recordOptionCases(): Promise<unknown[]> {
  const ns = 'slrec-kp-options';
  await must(['ip', 'netns', 'add', ns]);
  const out: unknown[] = [];
  for (const [family, chain, args] of KP_OPTION_CASES) {
    const tool = family === 'ipv4' ? 'iptables' : 'ip6tables';
    await must(inNs(ns, tool, '-t', 'nat', '-F'));
    const add = await run(inNs(ns, '/bin/sh', '-c', `${tool} -t nat -A ${chain} ${args}`));
    const S = await run(inNs(ns, tool, '-t', 'nat', '-S', chain));
    const L = await run(inNs(ns, tool, '-t', 'nat', '-L', chain, '-n', '-v'));
    out.push({ family, chain, args, exitCode: add.exitCode, stdout: add.stdout.toString('utf8'), stderr: add.stderr.toString('utf8'), S: S.stdout.toString('utf8'), L: L.stdout.toString('utf8') });
  }
  await must(['ip', 'netns', 'del', ns]);
  return out;
}

export interface KpEnv {
  readonly repoRoot: string;
  readonly recordingsDir: string;
  readonly log: (line: string) => void;
}

/** Records the case into <recordings>/kube-proxy (written to .partial first, then renamed). */
export async function recordKubeProxy(env: KpEnv): Promise<void> {
  const final = join(env.recordingsDir, KP_CASE);
  const dir = `${final}.partial`;
  rmSync(dir, { recursive: true, force: true });
  const index: Record<string, { command: string; netns: string; exitCode: number | null; stderr: string | null }> = {};
  const save = async (rel: string, netns: string, argv: string[], input?: string): Promise<string> => {
    const r = await run(inNs(netns, ...argv), input === undefined ? {} : { input });
    const path = join(dir, rel);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, r.stdout);
    const err = r.stderr.length > 0 ? rel.replace(/\.txt$/, '.stderr.txt') : null;
    if (err) writeFileSync(join(dir, err), r.stderr);
    index[rel] = { command: shellJoin(argv), netns, exitCode: r.exitCode, stderr: err };
    return r.stdout.toString('utf8');
  };

  const build = kpBuildCommands();
  for (const cmd of build) await must(cmd);
  await sleep(200); // bridge ports reach the forwarding state
  const rules = readFileSync(join(env.repoRoot, KP_RULES), 'utf8');
  await save('00-setup/iptables-restore.txt', NODE, ['iptables-restore'], rules);

  const listings: string[][] = [['iptables-save'], ['iptables', '-S']];
  for (const t of ['mangle', 'filter', 'nat']) listings.push(['iptables', '-t', t, '-S'], ['iptables', '-t', t, '-L', '-n', '-v']);
  const fileOf = (argv: string[]): string => `${argv.join('-').replace(/^-+/, '').replace(/-+/g, '-')}.txt`;
  for (const argv of listings) await save(`01-loaded/${fileOf(argv)}`, NODE, argv);

  const servers: Started[] = [];
  const clients: Started[] = [];
  try {
    for (const ep of KP_ENDPOINTS) servers.push(await start(inNs(ep.netns, 'python3', '-c', SERVER), 1));
    // Six connections from the pod: enough that more than one endpoint is chosen.
    const fromPod = await start(inNs(KP_CLIENT.netns, 'python3', '-c', CLIENT(6)), 6);
    clients.push(fromPod);
    // One from the node itself (host network): masqueraded to cni0's address.
    const fromNode = await start(inNs(NODE, 'python3', '-c', CLIENT(1)), 1);
    clients.push(fromNode);
    await save('02-open/conntrack-L.txt', NODE, ['conntrack', '-L']);
    await save('02-open/iptables-save-c.txt', NODE, ['iptables-save', '-c']);
    await save('02-open/iptables-t-nat-L-n-v-x.txt', NODE, ['iptables', '-t', 'nat', '-L', '-n', '-v', '-x']);
    const connections = [
      ...fromPod.lines.map((port) => ({ from: 'pod', src: KP_CLIENT.address, sport: Number(port) })),
      ...fromNode.lines.map((port) => ({ from: 'node', src: KP_NODE_ADDRESS, sport: Number(port) })),
    ];
    const caseJson = {
      case: KP_CASE,
      title: 'kind worker rules (kube-proxy iptables mode, flannel): ClusterIP connections through DNAT and MASQUERADE',
      rulesFile: KP_RULES,
      node: { netns: NODE, eth0: `${KP_NODE_ADDRESS}/16`, cni0: `${GATEWAY}/24` },
      pods: PODS.map((p) => ({ netns: p.netns, address: p.address })),
      service: { clusterIP: KP_CLUSTER_IP, port: KP_PORT, endpoints: KP_ENDPOINTS.map((e) => e.address) },
      build: build.map(shellJoin),
      connections,
    };
    writeFileSync(join(dir, 'kube-proxy.json'), `${JSON.stringify(caseJson, null, 2)}\n`);
    // The options, recorded after the connections so their namespace never sees traffic.
    writeFileSync(join(dir, 'options.json'), `${JSON.stringify(await recordOptionCases(), null, 2)}\n`);
    writeFileSync(join(dir, 'files.json'), `${JSON.stringify({ recordedAt: new Date().toISOString(), files: index }, null, 2)}\n`);
  } finally {
    for (const c of [...clients, ...servers]) await c.end();
  }
  rmSync(final, { recursive: true, force: true });
  renameSync(dir, final);
  env.log(`  ${Object.keys(index).length} files -> ${join('tests/conformance/recordings', KP_CASE)}`);
}
