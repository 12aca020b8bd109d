// NAT in the engine (DNAT, SNAT, MASQUERADE with conntrack) and -m statistic, table-driven.
// Which address of a range the kernel picks was observed on Linux 6.18 (a DNAT to
// 192.168.77.10-192.168.77.20 in a scratch namespace, conntrack -L); the rest follows
// net/netfilter/nf_nat_core.c and xt_statistic.c, and tests/conformance/kube-proxy.test.ts compares
// whole connections with the real kernel.

import { describe, expect, it } from 'vitest';
import { EMPTY_TABLE } from '../../../src/conntrack/types';
import { addAddress, addLink, addRoute, newNetns } from '../../../src/netns/build';
import type { Netns, NetnsResult } from '../../../src/netns/types';
import { NUMERIC_RESOLVER, runXtables } from '../../../src/netfilter';
import { closeConnection, openConnection, openConnections, sendPacket, type ConnectionSpec, type EngineState } from '../../../src/netfilter/engine';
import { chooseAddress, jhash2, uniqueNat } from '../../../src/netfilter/engine/nat';
import { probabilityText } from '../../../src/netfilter/matches/statistic';
import { emptyState, type NetfilterState } from '../../../src/netfilter/types';
import type { Tuple } from '../../../src/conntrack/types';

const tcp = (src: string, dst: string, sport = 40000, dport = 80): Tuple => ({ family: 'ipv4', proto: 6, src, dst, sport, dport });

describe('find_best_ips_proto: the address of a range a connection hashes to (observed)', () => {
	const range = { min: '192.168.77.10', max: '192.168.77.20' };
	it.each([
		['10.55.0.1', false, '192.168.77.14'],
		['10.55.0.2', false, '192.168.77.18'],
		['10.55.1.7', false, '192.168.77.10'],
		['10.55.200.9', false, '192.168.77.15'],
		// --persistent: the destination is left out of the hash.
		['10.56.0.1', true, '192.168.77.17'],
		['10.56.3.3', true, '192.168.77.17'],
	])('192.168.77.1 -> %s (persistent %s) -> %s', (dst, persistent, want) => {
		expect(chooseAddress(tcp('192.168.77.1', dst), range, persistent, 0, 'dst')).toBe(want);
	});
	it('one address needs no hash', () => expect(chooseAddress(tcp('1.1.1.1', '2.2.2.2'), { min: '10.0.0.1', max: '10.0.0.1' }, false, 0, 'dst')).toBe('10.0.0.1'));
	it('jhash2 of no words is the seeded initial value', () => expect(jhash2([], 0)).toBe(0xdeadbeef));
});

describe('get_unique_tuple', () => {
	const NINE = { min: '10.0.0.9', max: '10.0.0.9' };
	const free = { taken: () => false, entries: [], zone: 0, random: undefined };
	const takenOnce = (t0: Tuple) => ({ ...free, taken: (t: Tuple) => t.src === t0.dst && t.sport === t0.dport && t.dst === t0.src && t.dport === t0.sport });
	it.each([
		['SNAT keeps a free source port', 'src', { addresses: NINE, randomAll: false }, free, { address: '10.0.0.9', port: 40000 }],
		['DNAT without ports keeps the destination port', 'dst', { randomAll: false }, free, { address: '10.0.0.9', port: 80 }],
		['--random-fully takes the random offset from 1024', 'src', { addresses: NINE, randomAll: true }, { ...free, random: () => 0.5 }, { address: '10.0.0.9', port: 1024 + 32768 }],
		['--random-fully without a random source starts at 1024', 'src', { addresses: NINE, randomAll: true }, free, { address: '10.0.0.9', port: 1024 }],
		['a port range moves a port outside it to the range', 'src', { addresses: NINE, randomAll: false, ports: { lo: 5000, hi: 5000 } }, free, { address: '10.0.0.9', port: 5000 }],
	] as const)('%s', (_name, manip, req, look, want) => {
		expect(uniqueNat(tcp('10.244.1.5', '10.96.0.1'), manip, { address: '10.0.0.9', port: manip === 'src' ? 40000 : 80 }, req, look)).toEqual(want);
	});
	it('a clash moves the source port to the next free one after the random offset', () => {
		const clash = tcp('10.0.0.9', '10.96.0.1', 40000, 80);
		const look = { ...takenOnce(clash), random: () => 0 };
		expect(uniqueNat(tcp('10.244.1.5', '10.96.0.1'), 'src', { address: '10.0.0.9', port: 40000 }, { addresses: NINE, randomAll: false }, look)).toEqual({ address: '10.0.0.9', port: 1024 });
	});
	it('a range without addresses (ports only) keeps a free original tuple', () => {
		expect(uniqueNat(tcp('10.244.1.5', '10.96.0.1'), 'src', { address: '10.244.1.5', port: 40000 }, { randomAll: false }, free)).toEqual({ address: '10.244.1.5', port: 40000 });
	});
	it('a source already in the range stays as it is (MASQUERADE of the node\'s own address)', () => {
		const t = tcp('172.18.0.3', '10.96.0.1');
		expect(uniqueNat(t, 'src', { address: '172.18.0.3', port: 40000 }, { addresses: { min: '172.18.0.3', max: '172.18.0.3' }, randomAll: false }, free)).toEqual({ address: '172.18.0.3', port: 40000 });
	});
});

describe('statistic probability (stored as a 31-bit fraction, printed with 11 decimals)', () => {
	it.each([
		['0.33333333333', '0.33333333349'],
		['0.5', '0.50000000000'],
		['0.2', '0.20000000019'],
		['0.1', '0.10000000009'],
		['1', '1.00000000000'],
		['0', '0.00000000000'],
	])('%s -> %s', (given, saved) => {
		const st = runXtables(['iptables', '-t', 'nat', '-A', 'OUTPUT', '-m', 'statistic', '--mode', 'random', '--probability', given], '', emptyState(), { resolver: NUMERIC_RESOLVER, now: () => new Date(0) }).state;
		expect(runXtables(['iptables', '-t', 'nat', '-S', 'OUTPUT'], '', st, { resolver: NUMERIC_RESOLVER, now: () => new Date(0) }).result.stdout).toBe(`-P OUTPUT ACCEPT\n-A OUTPUT -m statistic --mode random --probability ${saved}\n`);
	});
	it('prints thresholds exactly', () => expect(probabilityText(0x40000000)).toBe('0.50000000000'));
});

// A node with a ClusterIP Service of three endpoints, as kube-proxy writes it.
const RULES = `*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:KUBE-SERVICES - [0:0]
:KUBE-SVC-A - [0:0]
:KUBE-SEP-1 - [0:0]
:KUBE-SEP-2 - [0:0]
:KUBE-SEP-3 - [0:0]
:KUBE-MARK-MASQ - [0:0]
:KUBE-POSTROUTING - [0:0]
-A PREROUTING -j KUBE-SERVICES
-A OUTPUT -j KUBE-SERVICES
-A POSTROUTING -j KUBE-POSTROUTING
-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000
-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000
-A KUBE-POSTROUTING -j MASQUERADE --random-fully
-A KUBE-SERVICES -d 10.96.0.9/32 -p tcp -m tcp --dport 80 -j KUBE-SVC-A
-A KUBE-SVC-A ! -s 10.244.0.0/16 -d 10.96.0.9/32 -p tcp -m tcp --dport 80 -j KUBE-MARK-MASQ
-A KUBE-SVC-A -m statistic --mode random --probability 0.33333333333 -j KUBE-SEP-1
-A KUBE-SVC-A -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-2
-A KUBE-SVC-A -j KUBE-SEP-3
-A KUBE-SEP-1 -p tcp -m tcp -j DNAT --to-destination 10.244.1.8:8080
-A KUBE-SEP-2 -p tcp -m tcp -j DNAT --to-destination 10.244.1.9:8080
-A KUBE-SEP-3 -p tcp -m tcp -j DNAT --to-destination 10.244.1.10:8080
COMMIT
`;

const must = (r: NetnsResult<Netns>): Netns => {
	if (!r.ok) throw new Error(r.error.message);
	return r.value;
};

function node(): EngineState {
	let ns = newNetns('node');
	ns = must(addLink(ns, { name: 'eth0', mac: '02:42:ac:12:00:03' }));
	ns = must(addAddress(ns, 'eth0', '172.18.0.3/16'));
	ns = must(addRoute(ns, { dst: 'default', via: '172.18.0.1', dev: 'eth0' }));
	ns = must(addLink(ns, { name: 'cni0', kind: 'bridge', mac: '02:42:0a:f4:01:01' }));
	ns = must(addAddress(ns, 'cni0', '10.244.1.1/24'));
	const nf: NetfilterState = runXtables(['iptables-restore'], RULES, emptyState(), { resolver: NUMERIC_RESOLVER, now: () => new Date(0) }).state;
	return { netns: { ...ns, ipForward: true }, netfilter: nf, conntrack: EMPTY_TABLE };
}

/** A small seeded generator (mulberry32), standing in for the world's random streams. */
function seeded(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const fromPod = (sport: number): ConnectionSpec => ({ from: { kind: 'remote', iface: 'cni0' }, src: '10.244.1.11', sport, dst: '10.96.0.9', dport: 80 });
const endpointsOf = (st: EngineState): string[] => st.conntrack.entries.map((e) => `${e.reply.src}:${e.reply.sport}`);

describe('a ClusterIP through KUBE-SVC and KUBE-SEP', () => {
	const specs = Array.from({ length: 30 }, (_, i) => fromPod(40000 + i));

	it('picks endpoints deterministically per seed, and differently for another seed', () => {
		const a = openConnections(node(), specs, { now: 0, random: seeded(1) }).state;
		const b = openConnections(node(), specs, { now: 0, random: seeded(1) }).state;
		const c = openConnections(node(), specs, { now: 0, random: seeded(2) }).state;
		expect(endpointsOf(a)).toEqual(endpointsOf(b));
		expect(endpointsOf(a)).not.toEqual(endpointsOf(c));
		expect(new Set(endpointsOf(a))).toEqual(new Set(['10.244.1.8:8080', '10.244.1.9:8080', '10.244.1.10:8080']));
	});

	it.each([
		[[0.2], '10.244.1.8'],
		[[0.4, 0.3], '10.244.1.9'],
		[[0.4, 0.6], '10.244.1.10'],
	])('draws %j pick %s', (draws, endpoint) => {
		let i = 0;
		const r = openConnection(node(), fromPod(40000), { now: 0, random: () => draws[i++] ?? 1 });
		expect(i).toBe(draws.length);
		expect(r.entry?.reply).toEqual({ family: 'ipv4', proto: 6, src: endpoint, dst: '10.244.1.11', sport: 8080, dport: 40000 });
	});

	it('NATs only the first packet; the reply is un-NATed from the entry', () => {
		const opened = openConnection(node(), fromPod(40000), { now: 0, random: () => 0 });
		const conn = opened.connection;
		if (conn === undefined) throw new Error('not opened');
		const reply = sendPacket(opened.state, conn, { direction: 'reply', bytes: 10 }, { now: 1, random: () => 0.99 });
		const steps = reply.packets[0]?.steps ?? [];
		// No nat table rule is looked at for the reply, only the entry's inverse mapping.
		expect(steps.some((s) => s.kind === 'rule' && s.table === 'nat')).toBe(false);
		expect(steps.filter((s) => s.kind === 'rewrite')).toEqual([
			expect.objectContaining({ manip: 'src', from: { address: '10.244.1.8', port: 8080 }, to: { address: '10.96.0.9', port: 80 }, by: 'conntrack' }),
		]);
		const closed = closeConnection(reply.state, conn, { now: 2 });
		expect(closed.state.conntrack.entries[0]?.tcp).toBe('TIME_WAIT');
	});

	it('masquerades the node\'s own connection to cni0\'s address with a --random-fully port', () => {
		const draws = [0.9, 0.9, 20000 / 65536];
		let i = 0;
		const r = openConnection(node(), { from: { kind: 'local', uid: 0, gid: 0 }, sport: 50000, dst: '10.96.0.9', dport: 80 }, { now: 0, random: () => draws[i++] ?? 0 });
		expect(r.entry?.orig).toEqual({ family: 'ipv4', proto: 6, src: '172.18.0.3', dst: '10.96.0.9', sport: 50000, dport: 80 });
		expect(r.entry?.reply).toEqual({ family: 'ipv4', proto: 6, src: '10.244.1.10', dst: '10.244.1.1', sport: 8080, dport: 1024 + 20000 });
		expect([r.entry?.dstNat, r.entry?.srcNat]).toEqual([true, true]);
	});
});
