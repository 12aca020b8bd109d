// case.json: everything a simulator needs to replay a case: topology, rules, processes and
// listeners, the connections in order with their expected legs, and what the stand-ins observed.
import type { CaseSpec } from './cases.ts';
import { ENDPOINTS } from './cases.ts';
import { expectedLegs } from './connections.ts';
import type { ConnectionSpec } from './connections.ts';
import type { Standin, StandinEvent } from './standins.ts';
import { readFileSync } from 'node:fs';
import { ETC_FILES, shellJoin } from './proc.ts';
import { CLUSTER_IP, NODE, PEER, PODS, SIDECAR } from './topology.ts';

export interface ConnectionResult {
  readonly conn: ConnectionSpec;
  readonly request: string;
  readonly reply: StandinEvent;
}

interface Inputs {
  readonly setupCommands: readonly (readonly string[])[];
  readonly rulesText: string;
  readonly rulesSha: string;
  readonly standins: readonly Standin[];
  readonly results: readonly ConnectionResult[];
  readonly workDir: string;
}

const POD_KEY: Record<string, 'sidecar' | 'peer'> = { [SIDECAR.netns]: 'sidecar', [PEER.netns]: 'peer' };

export function caseDescription(c: CaseSpec, inputs: Inputs): Record<string, unknown> {
  const legs = expectedLegs(c.nat);
  const initiator = (key: string): Standin | undefined => inputs.standins.find((p) => p.spec.key === key);
  return {
    schema: 1,
    case: c.name,
    title: c.title,
    istioIptablesArgs: c.istioIptablesArgs,
    backend: c.backend,
    backendNote: c.backend === 'nft'
      ? 'iptables-nft: the restore input declares no built-in chains, so they are created without counters and every built-in chain policy counter stays [0:0]'
      : 'iptables-legacy, selected by bind-mounting xtables-legacy-multi over the binary that iptables/iptables-save/iptables-restore resolve to (private mount namespace); commands are still typed as iptables .... On this backend listing a table that does not exist yet creates it in the kernel: 01-before/iptables-t-mangle-L-n-v creates *mangle and 02-open/iptables-L-n-v creates *filter, so later iptables-save output includes them (with counters).',
    rules: {
      file: c.rulesFile,
      sha256: inputs.rulesSha,
      appliedWith: `iptables-restore --noflush < ${c.rulesFile}`,
      netns: SIDECAR.netns,
      text: inputs.rulesText,
    },
    policyRouting: c.podCommands.map((cmd) => shellJoin(cmd)),
    topology: topology(inputs),
    processes: inputs.standins.map((p) => {
      const started = p.events.find((e) => e.ev === 'started');
      return {
        key: p.spec.key,
        comm: p.spec.comm,
        argv0: `${inputs.workDir}/bin/${p.spec.comm}`,
        pod: POD_KEY[p.spec.netns],
        netns: p.spec.netns,
        pid: p.pid,
        uid: p.spec.uid,
        gid: p.spec.gid,
        supplementaryGroups: [],
        ambientCapabilities: p.spec.caps,
        observed: started ?? null,
        listeners: p.spec.config.listeners,
        listening: p.events.filter((e) => e.ev === 'listening'),
        launchedWith: p.describe(),
      };
    }),
    envoyStandin: {
      endpoints: ENDPOINTS,
      inboundSource: '127.0.0.6',
      behaviour: [
        'virtualOutbound (15001): read SO_ORIGINAL_DST; a ClusterIP is mapped to its endpoint (endpoints), any other destination is passthrough; connect as uid/gid 1337 after the first request arrived; relay the request and the response byte for byte.',
        'virtualInbound (15006): read SO_ORIGINAL_DST; connect to that original destination from 127.0.0.6 (port chosen by the kernel, IP_BIND_ADDRESS_NO_PORT); relay.',
        'loop guard: an original destination on port 15001 or 15006 is answered by the stand-in itself.',
        'closing: the initiator closes first; Envoy then closes its upstream socket, then the downstream one; a responder closes when it reads EOF.',
      ],
    },
    connections: inputs.results.map(({ conn, request, reply }) => {
      const who = initiator(conn.initiator);
      return {
        id: conn.id,
        title: conn.title,
        initiator: {
          process: conn.initiator,
          comm: who?.spec.comm,
          pod: who ? POD_KEY[who.spec.netns] : undefined,
          uid: who?.spec.uid,
          gid: who?.spec.gid,
        },
        dst: conn.dst,
        bind: null,
        request,
        requestBytes: Buffer.byteLength(request),
        client: { local: reply.local, peer: reply.peer, response: reply.response },
        expected: { legs: legs[conn.id] ?? [] },
        observed: Object.fromEntries(inputs.standins.map((p) => [
          p.spec.key,
          p.events.filter((e) => e.cid === conn.id && e.ev !== 'reply'),
        ])),
      };
    }),
    closeOrder: inputs.results.map((r) => r.conn.id),
    standinLogs: Object.fromEntries(inputs.standins.map((p) => [p.spec.key, `standins/${p.spec.key}.jsonl`])),
  };
}

function topology(inputs: Inputs): Record<string, unknown> {
  return {
    namespaces: {
      node: NODE.netns,
      sidecar: SIDECAR.netns,
      peer: PEER.netns,
    },
    node: {
      netns: NODE.netns,
      interfaces: [
        { name: 'lo', addresses: ['127.0.0.1/8'] },
        { name: NODE.bridge, kind: 'bridge', mcastSnooping: false, mac: NODE.mac, addresses: [NODE.cidr], ports: PODS.map((p) => p.nodeVeth) },
        ...PODS.map((p) => ({ name: p.nodeVeth, kind: 'veth', mac: p.nodeVethMac, master: NODE.bridge, peer: `${p.netns}/${p.ifname}` })),
      ],
      ipv6: 'disabled (net.ipv6.conf.all/default.disable_ipv6=1)',
      forwarding: 'off; pod-to-pod traffic is bridged by cni0, nothing is routed beyond it',
    },
    pods: PODS.map((p) => ({
      key: p.key,
      netns: p.netns,
      hostname: p.hostname,
      interfaces: [
        { name: 'lo', addresses: ['127.0.0.1/8', '::1/128'] },
        { name: p.ifname, kind: 'veth', mac: p.mac, addresses: [p.cidr], peer: `${NODE.netns}/${p.nodeVeth}`, ipv6: 'disabled' },
      ],
      routes: [
        `default via ${NODE.address} dev ${p.ifname}`,
        `10.244.1.0/24 dev ${p.ifname} proto kernel scope link src ${p.address}`,
      ],
      neighbours: [
        `${NODE.address} dev ${p.ifname} lladdr ${NODE.mac} PERMANENT`,
        ...PODS.filter((o) => o !== p).map((o) => `${o.address} dev ${p.ifname} lladdr ${o.mac} PERMANENT`),
      ],
      etc: Object.fromEntries(ETC_FILES.map((f) => [f, readFileSync(`${inputs.workDir}/etc/${p.key}/${f}`, 'utf8')])),
    })),
    clusterIp: { address: `${CLUSTER_IP}:9080`, note: 'exists nowhere; only REDIRECTed inside the sidecar pod' },
    setupCommands: inputs.setupCommands.map((cmd) => shellJoin(cmd)),
    etcNote: 'every command and stand-in in a pod runs in a private mount namespace with passwd, group, hosts, nsswitch.conf (hosts: files) and resolv.conf bind-mounted (pods[].etc; passwd also holds the host\'s tcpdump user so tcpdump can drop privileges). /etc/services and /etc/protocols are the host\'s (Debian netbase).',
  };
}
