// What is recorded at each point of a case, in order. The order matters only for determinism;
// none of these commands sends a packet (iptables, ss, netstat, conntrack and ip all use netlink
// or /proc, and name lookups go to files only, see ETC_FILES in proc.ts).
import type { PodKey } from './recording.ts';

export interface Snapshot {
  readonly name: string;
  readonly pod: PodKey;
  readonly command: readonly string[];
}

const s = (name: string, command: string, pod: PodKey = 'sidecar'): Snapshot => ({
  name, pod, command: command.split(' '),
});

const tableListings = (table: 'nat' | 'mangle'): Snapshot[] => [
  s(`iptables-t-${table}-L-n-v`, `iptables -t ${table} -L -n -v`),
  s(`iptables-t-${table}-L-n-v-line-numbers`, `iptables -t ${table} -L -n -v --line-numbers`),
  s(`iptables-t-${table}-L-n-v-x`, `iptables -t ${table} -L -n -v -x`),
  s(`iptables-t-${table}-L-v`, `iptables -t ${table} -L -v`),
  s(`iptables-t-${table}-L-n`, `iptables -t ${table} -L -n`),
  s(`iptables-t-${table}-L`, `iptables -t ${table} -L`),
  s(`iptables-t-${table}-S`, `iptables -t ${table} -S`),
  s(`iptables-t-${table}-S-v`, `iptables -t ${table} -S -v`),
];

/** Static state of the namespaces (taken once, with the connections open). */
export const TOPOLOGY_SNAPSHOTS: readonly Snapshot[] = [
  s('ip-addr', 'ip addr'),
  s('ip-route', 'ip route'),
  s('ip-rule', 'ip rule'),
  s('ip-route-show-table-133', 'ip route show table 133'),
  s('ip-route-show-table-local', 'ip route show table local'),
  s('ip-neigh', 'ip neigh'),
  s('ip-addr.peer', 'ip addr', 'peer'),
  s('ip-route.peer', 'ip route', 'peer'),
  s('ip-addr.node', 'ip addr', 'node'),
  s('ip-route.node', 'ip route', 'node'),
];

/** After the rules and stand-ins are in place, before any connection. */
export const BEFORE_SNAPSHOTS: readonly Snapshot[] = [
  s('iptables-save-c', 'iptables-save -c'),
  s('iptables-t-nat-L-n-v', 'iptables -t nat -L -n -v'),
  s('iptables-t-mangle-L-n-v', 'iptables -t mangle -L -n -v'),
  s('conntrack-L', 'conntrack -L'),
  s('conntrack-L.peer', 'conntrack -L', 'peer'),
  s('ss-ltnp', 'ss -ltnp'),
  s('ss-tanp', 'ss -tanp'),
  s('netstat-tlnp', 'netstat -tlnp'),
];

/** With every connection established and held open. */
export const OPEN_SNAPSHOTS: readonly Snapshot[] = [
  s('iptables-save-c', 'iptables-save -c'),
  s('iptables-save-c-t-nat', 'iptables-save -c -t nat'),
  s('iptables-save-c-t-mangle', 'iptables-save -c -t mangle'),
  s('iptables-save', 'iptables-save'),
  ...tableListings('nat'),
  s('iptables-t-nat-L-ISTIO_OUTPUT-n-v-line-numbers', 'iptables -t nat -L ISTIO_OUTPUT -n -v --line-numbers'),
  ...tableListings('mangle'),
  s('iptables-L-n-v', 'iptables -L -n -v'),
  s('conntrack-L', 'conntrack -L'),
  s('conntrack-C', 'conntrack -C'),
  s('conntrack-L.peer', 'conntrack -L', 'peer'),
  s('ss-tanp', 'ss -tanp'),
  s('ss-tnp', 'ss -tnp'),
  s('ss-ltnp', 'ss -ltnp'),
  s('ss-lntp', 'ss -lntp'),
  s('ss-tnep', 'ss -tnep'),
  s('ss-tan', 'ss -tan'),
  s('ss-ta', 'ss -ta'),
  s('ss-s', 'ss -s'),
  s('ss-tanp.peer', 'ss -tanp', 'peer'),
  s('netstat-tanp', 'netstat -tanp'),
  s('netstat-tnp', 'netstat -tnp'),
  s('netstat-tlnp', 'netstat -tlnp'),
  s('netstat-tan', 'netstat -tan'),
  s('netstat-ta', 'netstat -ta'),
  s('netstat-a', 'netstat -a'),
  s('netstat-tanp.peer', 'netstat -tanp', 'peer'),
];

/** After every connection was closed (client first) and the capture stopped. */
export const CLOSED_SNAPSHOTS: readonly Snapshot[] = [
  s('iptables-save-c', 'iptables-save -c'),
  s('iptables-t-nat-L-n-v', 'iptables -t nat -L -n -v'),
  s('iptables-t-mangle-L-n-v', 'iptables -t mangle -L -n -v'),
  s('conntrack-L', 'conntrack -L'),
  s('ss-tanp', 'ss -tanp'),
  s('ss-s', 'ss -s'),
  s('netstat-tanp', 'netstat -tanp'),
];
