// The connections every case drives, in this fixed order, and what each is expected to do.
//
// A connection is one request from an initiator; it may produce several kernel connections
// ("legs"): e.g. an inbound request is the peer's connection to the pod (redirected to Envoy)
// plus Envoy's hand-off connection to the app from 127.0.0.6. For every leg we state which nat
// counters its SYN increments in the sidecar pod ("CHAIN#n" = rule n of CHAIN matched,
// "CHAIN:policy" = fell off the end of a built-in chain) and what the accepting socket sees.
// The nat lists are derived by hand from the rule files and are checked against the recorded
// `iptables-save -c` by check.ts.
import { CLUSTER_IP, PEER, SIDECAR } from './topology.ts';

export type ProcessName = 'envoy' | 'pilot-agent' | 'app' | 'peer-app';

export interface ConnectionSpec {
  readonly id: string;
  readonly title: string;
  readonly initiator: ProcessName;
  /** Destination as dialled, ip:port. */
  readonly dst: string;
}

const POD = SIDECAR.address;
const PEER_IP = PEER.address;

export const CONNECTIONS: readonly ConnectionSpec[] = [
  { id: 'c01', initiator: 'peer-app', dst: `${POD}:9080`, title: 'inbound: peer pod -> sidecar pod app port 9080' },
  { id: 'c02', initiator: 'app', dst: `${CLUSTER_IP}:9080`, title: 'outbound: app -> ClusterIP 10.96.0.50:9080 (endpoint: peer pod)' },
  { id: 'c03', initiator: 'app', dst: '127.0.0.1:15000', title: 'app -> Envoy admin on 127.0.0.1:15000' },
  { id: 'c04', initiator: 'peer-app', dst: `${POD}:15020`, title: 'peer -> pilot-agent status port 15020' },
  { id: 'c05', initiator: 'peer-app', dst: `${POD}:15090`, title: 'peer -> Envoy Prometheus port 15090' },
  { id: 'c06', initiator: 'peer-app', dst: `${POD}:15021`, title: 'peer -> Envoy health port 15021' },
  { id: 'c07', initiator: 'envoy', dst: `${POD}:9080`, title: 'Envoy (uid 1337) -> its own pod IP:9080 (hairpin)' },
  { id: 'c08', initiator: 'app', dst: `${POD}:9080`, title: 'app (uid 0) -> its own pod IP:9080' },
  { id: 'c09', initiator: 'envoy', dst: `${PEER_IP}:9080`, title: 'Envoy (uid 1337) -> peer pod directly' },
  { id: 'c10', initiator: 'peer-app', dst: `${POD}:15001`, title: 'peer -> sidecar pod port 15001 (not excluded inbound)' },
  { id: 'c11', initiator: 'peer-app', dst: `${POD}:9090`, title: 'inbound: peer -> sidecar pod app port 9090' },
  { id: 'c12', initiator: 'app', dst: `${PEER_IP}:9080`, title: 'outbound: app -> peer pod IP:9080 directly' },
  { id: 'c13', initiator: 'app', dst: `${PEER_IP}:3306`, title: 'outbound: app -> peer pod IP:3306' },
];

export interface Leg {
  readonly initiator: ProcessName;
  readonly uid: number;
  readonly gid: number;
  /** Source address the leg uses (bound, or chosen by the route). */
  readonly src: string;
  readonly dst: string;
  /** Where the SYN meets the sidecar pod's nat table. */
  readonly hook: 'PREROUTING' | 'OUTPUT';
  /** Interface the SYN arrives on (PREROUTING) or leaves by (OUTPUT) in the sidecar pod. */
  readonly dev: 'eth0' | 'lo';
  readonly nat: readonly string[];
  /** process/listener that accepts the leg. */
  readonly acceptedBy: string;
  /** getsockname() of the accepted socket. */
  readonly acceptedLocal: string;
  /** getpeername() of the accepted socket, `*` for the kernel-chosen port. */
  readonly peerSeen: string;
  /** SO_ORIGINAL_DST on the accepted socket, where the acceptor reads it to decide. */
  readonly originalDst?: string;
  readonly note?: string;
}

/**
 * How a rule set treats each kind of traffic: the nat counters an SYN increments, per path.
 * `captured` false means the SYN is not redirected and reaches the destination directly.
 */
export interface NatModel {
  /** SYN from eth0 to a pod port, by port. */
  inbound(port: number): { nat: string[]; captured: boolean };
  /** Local address Envoy's inbound socket has for a captured inbound connection to `port`. */
  inboundLocal(port: number): string;
  /** Envoy -> app hand-off from 127.0.0.6 over lo. */
  handoff: string[];
  /** app (uid 0) -> outside the pod, by destination ip:port. */
  appOut(dst: string): { nat: string[]; captured: boolean };
  /** uid 1337 -> another pod (Envoy's upstream). */
  envoyOut: string[];
  /** app -> 127.0.0.1. */
  appLoopback: string[];
  /** app (uid 0) -> its own pod IP. */
  appOwnIp: { nat: string[]; captured: boolean };
  /** Envoy (uid 1337) -> its own pod IP: always captured towards 15006 by these rule sets. */
  envoyHairpin: string[];
}

const LISTENER_BY_PORT: Record<number, string> = {
  9080: 'app/http',
  9090: 'app/metrics',
  15000: 'envoy/admin',
  15001: 'envoy/virtualOutbound',
  15006: 'envoy/virtualInbound',
  15020: 'pilot-agent/status',
  15021: 'envoy/health',
  15090: 'envoy/stats',
};

const ENVOY_CAPTURE_PORTS = new Set([15001, 15006]);
const portOf = (addr: string): number => Number(addr.slice(addr.lastIndexOf(':') + 1));

const app = { initiator: 'app', uid: 0, gid: 0 } as const;
const envoy = { initiator: 'envoy', uid: 1337, gid: 1337 } as const;
const peerApp = { initiator: 'peer-app', uid: 0, gid: 0 } as const;

function handoffLeg(m: NatModel, port: number): Leg {
  return {
    ...envoy, src: '127.0.0.6', dst: `${POD}:${port}`, hook: 'OUTPUT', dev: 'lo', nat: m.handoff,
    acceptedBy: LISTENER_BY_PORT[port] ?? '?', acceptedLocal: `${POD}:${port}`, peerSeen: '127.0.0.6:*',
    note: 'Envoy inbound passthrough: connect to the original destination from 127.0.0.6',
  };
}

function inboundLegs(m: NatModel, port: number): Leg[] {
  const { nat, captured } = m.inbound(port);
  const dst = `${POD}:${port}`;
  if (!captured) {
    const local = port === 15020 ? `[::ffff:${POD}]:15020` : dst;
    const peerSeen = port === 15020 ? `[::ffff:${PEER_IP}]:*` : `${PEER_IP}:*`;
    return [{ ...peerApp, src: PEER_IP, dst, hook: 'PREROUTING', dev: 'eth0', nat,
      acceptedBy: LISTENER_BY_PORT[port] ?? '?', acceptedLocal: local, peerSeen }];
  }
  const first: Leg = { ...peerApp, src: PEER_IP, dst, hook: 'PREROUTING', dev: 'eth0', nat,
    acceptedBy: 'envoy/virtualInbound', acceptedLocal: m.inboundLocal(port), peerSeen: `${PEER_IP}:*`,
    originalDst: dst };
  if (ENVOY_CAPTURE_PORTS.has(port)) {
    return [{ ...first, note: 'stand-in loop guard: Envoy answers itself for its own capture ports' }];
  }
  return [first, handoffLeg(m, port)];
}

function appOutboundLegs(m: NatModel, dst: string): Leg[] {
  const { nat, captured } = m.appOut(dst);
  const listener = portOf(dst) === 3306 ? 'peer-app/mysql' : 'peer-app/http';
  const endpoint = dst.startsWith(CLUSTER_IP) ? `${PEER_IP}:${portOf(dst)}` : dst;
  const upstream: Leg = { ...envoy, src: POD, dst: endpoint, hook: 'OUTPUT', dev: 'eth0', nat: m.envoyOut,
    acceptedBy: listener, acceptedLocal: endpoint, peerSeen: `${POD}:*`,
    note: dst === endpoint ? 'Envoy passthrough to the original destination' : 'Envoy picks the endpoint of the ClusterIP' };
  if (!captured) {
    return [{ ...app, src: POD, dst, hook: 'OUTPUT', dev: 'eth0', nat, acceptedBy: listener,
      acceptedLocal: dst, peerSeen: `${POD}:*` }];
  }
  return [
    { ...app, src: POD, dst, hook: 'OUTPUT', dev: 'eth0', nat, acceptedBy: 'envoy/virtualOutbound',
      acceptedLocal: '127.0.0.1:15001', peerSeen: `${POD}:*`, originalDst: dst },
    upstream,
  ];
}

function hairpinLegs(m: NatModel, who: typeof app | typeof envoy, nat: string[], captured: boolean): Leg[] {
  const dst = `${POD}:9080`;
  if (!captured) {
    return [{ ...who, src: POD, dst, hook: 'OUTPUT', dev: 'lo', nat, acceptedBy: 'app/http',
      acceptedLocal: dst, peerSeen: `${POD}:*` }];
  }
  return [
    { ...who, src: POD, dst, hook: 'OUTPUT', dev: 'lo', nat, acceptedBy: 'envoy/virtualInbound',
      acceptedLocal: '127.0.0.1:15006', peerSeen: `${POD}:*`, originalDst: dst },
    handoffLeg(m, 9080),
  ];
}

/** The expected legs of every connection under one case's rules. */
export function expectedLegs(m: NatModel): Record<string, Leg[]> {
  return {
    c01: inboundLegs(m, 9080),
    c02: appOutboundLegs(m, `${CLUSTER_IP}:9080`),
    c03: [{ ...app, src: '127.0.0.1', dst: '127.0.0.1:15000', hook: 'OUTPUT', dev: 'lo', nat: m.appLoopback,
      acceptedBy: 'envoy/admin', acceptedLocal: '127.0.0.1:15000', peerSeen: '127.0.0.1:*' }],
    c04: inboundLegs(m, 15020),
    c05: inboundLegs(m, 15090),
    c06: inboundLegs(m, 15021),
    c07: hairpinLegs(m, envoy, m.envoyHairpin, true),
    c08: hairpinLegs(m, app, m.appOwnIp.nat, m.appOwnIp.captured),
    c09: [{ ...envoy, src: POD, dst: `${PEER_IP}:9080`, hook: 'OUTPUT', dev: 'eth0', nat: m.envoyOut,
      acceptedBy: 'peer-app/http', acceptedLocal: `${PEER_IP}:9080`, peerSeen: `${POD}:*` }],
    c10: inboundLegs(m, 15001),
    c11: inboundLegs(m, 9090),
    c12: appOutboundLegs(m, `${PEER_IP}:9080`),
    c13: appOutboundLegs(m, `${PEER_IP}:3306`),
  };
}

/** The request each connection sends: fixed per connection so packet lengths never vary. */
export function requestFor(conn: ConnectionSpec): string {
  return `GET /${conn.id} HTTP/1.1\r\nHost: ${conn.dst}\r\nUser-Agent: slrec\r\n\r\n`;
}
