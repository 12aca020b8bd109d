// The packet engine on the sidecar pod (tests/helpers/pod.ts) with Istio's default REDIRECT rules
// and the TPROXY rules: which rules a connection's first packet hits, where it lands, and the
// counters after a sequence of connections (kernel-notes.md, facts 1-11 and 29-30), rendered
// with the existing `iptables -L -n -v` and compared as whole text.

import { describe, expect, it } from 'vitest';
import { closeConnection, openConnection, openConnections, sendPackets, type ConnectionSpec } from '../../../src/netfilter/engine/connection';
import type { EngineState, Fate, PacketTrace } from '../../../src/netfilter/engine/types';
import { runXtables } from '../../../src/netfilter/tool';
import { runConntrack } from '../../../src/commands/conntrack';
import { inputRules, POD_ENV, sidecarState } from '../../helpers/pod';

const ENV = { now: 0, random: () => 0.5 };
const app = { kind: 'local' as const, uid: 0, gid: 0 };
const envoy = { kind: 'local' as const, uid: 1337, gid: 1337 };
const peer = { kind: 'remote' as const, iface: 'eth0' };

/** The nat path of a first packet as the recorder writes it: `CHAIN#rule` and `CHAIN:policy`. */
function path(t: PacketTrace | undefined, table = 'nat'): string[] {
	return (t?.steps ?? []).flatMap((s) => (s.kind === 'rule' && s.table === table && s.matched ? [`${s.chain}#${s.ruleNumber}`] : s.kind === 'policy' && s.table === table ? [`${s.chain}:policy`] : []));
}

function where(f: Fate): string {
	if (f.kind === 'delivered') return `${f.socket === 'assumed' ? '?' : f.socket.name} at ${f.local.address}:${f.local.port}`;
	if (f.kind === 'egress') return `out ${f.dev} to ${f.packet.dst}:${f.packet.dport}`;
	if (f.kind === 'dropped') return `dropped (${f.why})`;
	return f.kind;
}

const BASE: ConnectionSpec = { from: peer, src: '10.244.1.6', sport: 41000, dst: '10.244.1.5', dport: 9080 };

describe('first packets through the default REDIRECT rules', () => {
	it.each<[string, Partial<ConnectionSpec>, string[], string, string | undefined]>([
		['inbound to the app port: REDIRECT 15006 (fact 7)', {}, ['PREROUTING#1', 'ISTIO_INBOUND#5', 'ISTIO_IN_REDIRECT#1', 'INPUT:policy'], 'envoy/virtualInbound at 10.244.1.5:15006', '10.244.1.5:9080'],
		['inbound to 15020: excluded', { dport: 15020 }, ['PREROUTING#1', 'ISTIO_INBOUND#4', 'PREROUTING:policy', 'INPUT:policy'], 'pilot-agent/status at 10.244.1.5:15020', undefined],
		['inbound to 15001 is redirected too (fact 9)', { dport: 15001 }, ['PREROUTING#1', 'ISTIO_INBOUND#5', 'ISTIO_IN_REDIRECT#1', 'INPUT:policy'], 'envoy/virtualInbound at 10.244.1.5:15006', '10.244.1.5:15001'],
		['inbound to 15008 (tunnel port): nobody listens', { dport: 15008 }, ['PREROUTING#1', 'ISTIO_INBOUND#1', 'PREROUTING:policy', 'INPUT:policy'], 'refused', undefined],
		['Envoy hands over from 127.0.0.6: rule 1 (fact 4)', { from: envoy, src: '127.0.0.6' }, ['OUTPUT#1', 'ISTIO_OUTPUT#1', 'OUTPUT:policy', 'POSTROUTING:policy'], 'app/http at 10.244.1.5:9080', undefined],
		['app calls a Service: rule 9, 15001 at 127.0.0.1 (fact 5)', { from: app, src: '10.244.1.5', dst: '10.96.0.50' }, ['OUTPUT#1', 'ISTIO_OUTPUT#9', 'ISTIO_REDIRECT#1', 'POSTROUTING:policy'], 'envoy/virtualOutbound at 127.0.0.1:15001', '10.96.0.50:9080'],
		['Envoy upstream: rule 4, out on eth0 (fact 5)', { from: envoy, src: '10.244.1.5', dst: '10.244.1.6' }, ['OUTPUT#1', 'ISTIO_OUTPUT#4', 'OUTPUT:policy', 'POSTROUTING:policy'], 'out eth0 to 10.244.1.6:9080', undefined],
		['a gid-1337 process: rule 7', { from: { kind: 'local', uid: 1000, gid: 1337 }, src: '10.244.1.5', dst: '10.244.1.6' }, ['OUTPUT#1', 'ISTIO_OUTPUT#7', 'OUTPUT:policy', 'POSTROUTING:policy'], 'out eth0 to 10.244.1.6:9080', undefined],
		['hairpin: Envoy to its own pod IP, rule 2 (fact 11)', { from: envoy, src: '10.244.1.5' }, ['OUTPUT#1', 'ISTIO_OUTPUT#2', 'ISTIO_IN_REDIRECT#1', 'POSTROUTING:policy'], 'envoy/virtualInbound at 127.0.0.1:15006', '10.244.1.5:9080'],
		['uid 0 to its own pod IP bypasses Envoy: rule 3 (fact 11)', { from: app, src: '10.244.1.5' }, ['OUTPUT#1', 'ISTIO_OUTPUT#3', 'OUTPUT:policy', 'POSTROUTING:policy'], 'app/http at 10.244.1.5:9080', undefined],
		['app to Envoy admin on 127.0.0.1: rule 3', { from: app, src: '127.0.0.1', dst: '127.0.0.1', dport: 15000 }, ['OUTPUT#1', 'ISTIO_OUTPUT#3', 'OUTPUT:policy', 'POSTROUTING:policy'], 'envoy/admin at 127.0.0.1:15000', undefined],
		['Envoy to 127.0.0.1: rule 4 (rule 2 excludes 127.0.0.1)', { from: envoy, src: '127.0.0.1', dst: '127.0.0.1', dport: 15000 }, ['OUTPUT#1', 'ISTIO_OUTPUT#4', 'OUTPUT:policy', 'POSTROUTING:policy'], 'envoy/admin at 127.0.0.1:15000', undefined],
		['UDP from the app: ISTIO_REDIRECT is tcp only', { protocol: 'udp', from: app, src: '10.244.1.5', dst: '10.96.0.10', dport: 53 }, ['OUTPUT#1', 'ISTIO_OUTPUT#9', 'OUTPUT:policy', 'POSTROUTING:policy'], 'out eth0 to 10.96.0.10:53', undefined],
		['TCP for another address is redirected before routing', { dst: '10.244.1.9' }, ['PREROUTING#1', 'ISTIO_INBOUND#5', 'ISTIO_IN_REDIRECT#1', 'INPUT:policy'], 'envoy/virtualInbound at 10.244.1.5:15006', '10.244.1.9:9080'],
		['UDP for another address: the pod does not forward', { protocol: 'udp', dst: '10.244.1.9' }, ['PREROUTING:policy'], 'dropped (forwarding-off)', undefined],
	])('%s', (_, tweak, nat, lands, orig) => {
		const r = openConnection(sidecarState(), { ...BASE, ...tweak }, ENV);
		expect(path(r.packets[0])).toEqual(nat);
		expect(where(r.fate)).toBe(lands);
		expect(r.originalDst && orig ? `${r.originalDst.address}:${r.originalDst.port}` : undefined).toBe(orig);
	});
});

function run(states: EngineState, specs: ConnectionSpec[]): EngineState {
	return specs.reduce((st, s) => openConnection(st, s, ENV).state, states);
}

const SEQUENCE: ConnectionSpec[] = [
	BASE, // inbound, redirected to 15006
	{ from: envoy, src: '127.0.0.6', dst: '10.244.1.5', dport: 9080 }, // Envoy -> app
	{ from: app, src: '10.244.1.5', dst: '10.96.0.50', dport: 9080 }, // app -> Service
	{ from: envoy, src: '10.244.1.5', dst: '10.244.1.6', dport: 9080 }, // Envoy upstream
	{ from: envoy, src: '10.244.1.5', dst: '10.244.1.5', dport: 9080 }, // hairpin
	{ from: envoy, src: '127.0.0.6', dst: '10.244.1.5', dport: 9080 }, // ... handed to the app
	{ from: app, src: '10.244.1.5', dst: '10.244.1.5', dport: 9080 }, // uid 0 to own pod IP
	{ from: app, src: '127.0.0.1', dst: '127.0.0.1', dport: 15000 }, // app -> Envoy admin
	{ ...BASE, sport: 41001, dport: 15020 }, // peer -> pilot-agent
];

const nat = (st: EngineState, tool: string, ...extra: string[]): string => runXtables([tool, '-t', 'nat', '-L', '-n', '-v', ...extra], '', st.netfilter, POD_ENV).result.stdout;

describe('nat counters after a sequence of connections (facts 1-5)', () => {
	it('iptables-legacy: rule and policy counters, 60 bytes per SYN', () => {
		const st = run(sidecarState(inputRules('sidecar-init-default'), { backend: 'legacy' }), SEQUENCE);
		// Data packets and replies never touch nat counters.
		const more = sendPackets(st, openConnection(st, BASE, { ...ENV, random: () => 0.1 }).connection ?? (undefined as never), 5, 100, ENV);
		expect(nat(more.state, 'iptables-legacy')).toBe(nat(openConnection(st, BASE, { ...ENV, random: () => 0.1 }).state, 'iptables-legacy'));
		expect(nat(st, 'iptables-legacy')).toBe(`Chain PREROUTING (policy ACCEPT 1 packets, 60 bytes)
 pkts bytes target     prot opt in     out     source               destination         
    2   120 ISTIO_INBOUND  6    --  *      *       0.0.0.0/0            0.0.0.0/0           

Chain INPUT (policy ACCEPT 2 packets, 120 bytes)
 pkts bytes target     prot opt in     out     source               destination         

Chain OUTPUT (policy ACCEPT 5 packets, 300 bytes)
 pkts bytes target     prot opt in     out     source               destination         
    7   420 ISTIO_OUTPUT  0    --  *      *       0.0.0.0/0            0.0.0.0/0           

Chain POSTROUTING (policy ACCEPT 7 packets, 420 bytes)
 pkts bytes target     prot opt in     out     source               destination         

Chain ISTIO_INBOUND (1 references)
 pkts bytes target     prot opt in     out     source               destination         
    0     0 RETURN     6    --  *      *       0.0.0.0/0            0.0.0.0/0            tcp dpt:15008
    0     0 RETURN     6    --  *      *       0.0.0.0/0            0.0.0.0/0            tcp dpt:15090
    0     0 RETURN     6    --  *      *       0.0.0.0/0            0.0.0.0/0            tcp dpt:15021
    1    60 RETURN     6    --  *      *       0.0.0.0/0            0.0.0.0/0            tcp dpt:15020
    1    60 ISTIO_IN_REDIRECT  6    --  *      *       0.0.0.0/0            0.0.0.0/0           

Chain ISTIO_IN_REDIRECT (3 references)
 pkts bytes target     prot opt in     out     source               destination         
    2   120 REDIRECT   6    --  *      *       0.0.0.0/0            0.0.0.0/0            redir ports 15006

Chain ISTIO_OUTPUT (1 references)
 pkts bytes target     prot opt in     out     source               destination         
    2   120 RETURN     0    --  *      lo      127.0.0.6            0.0.0.0/0           
    1    60 ISTIO_IN_REDIRECT  6    --  *      lo      0.0.0.0/0           !127.0.0.1            tcp dpt:!15008 owner UID match 1337
    2   120 RETURN     0    --  *      lo      0.0.0.0/0            0.0.0.0/0            ! owner UID match 1337
    1    60 RETURN     0    --  *      *       0.0.0.0/0            0.0.0.0/0            owner UID match 1337
    0     0 ISTIO_IN_REDIRECT  6    --  *      lo      0.0.0.0/0           !127.0.0.1            tcp dpt:!15008 owner GID match 1337
    0     0 RETURN     0    --  *      lo      0.0.0.0/0            0.0.0.0/0            ! owner GID match 1337
    0     0 RETURN     0    --  *      *       0.0.0.0/0            0.0.0.0/0            owner GID match 1337
    0     0 RETURN     0    --  *      *       0.0.0.0/0            127.0.0.1           
    1    60 ISTIO_REDIRECT  0    --  *      *       0.0.0.0/0            0.0.0.0/0           

Chain ISTIO_REDIRECT (1 references)
 pkts bytes target     prot opt in     out     source               destination         
    1    60 REDIRECT   6    --  *      *       0.0.0.0/0            0.0.0.0/0            redir ports 15001
`);
	});

	it('iptables-nft: the same rule counters; implicitly created nat chains keep policy counters at 0', () => {
		const legacy = nat(run(sidecarState(inputRules('sidecar-init-default'), { backend: 'legacy' }), SEQUENCE), 'iptables-legacy');
		const nft = nat(run(sidecarState(), SEQUENCE), 'iptables-nft');
		expect(nft).toBe(legacy.replace(/\(policy ACCEPT \d+ packets, \d+ bytes\)/g, '(policy ACCEPT 0 packets, 0 bytes)'));
	});

	it('openConnections (one pass of counters for a burst) counts exactly like one openConnection each', () => {
		const one = run(sidecarState(inputRules('sidecar-init-default'), { backend: 'legacy' }), SEQUENCE);
		const burst = openConnections(sidecarState(inputRules('sidecar-init-default'), { backend: 'legacy' }), SEQUENCE, ENV);
		expect(runXtables(['iptables-legacy-save', '-c'], '', burst.state.netfilter, POD_ENV).result.stdout).toBe(runXtables(['iptables-legacy-save', '-c'], '', one.netfilter, POD_ENV).result.stdout);
		expect(burst.state.conntrack.entries).toEqual(one.conntrack.entries);
		expect(burst.opened.map((o) => o.fate.kind)).toEqual(['delivered', 'delivered', 'delivered', 'egress', 'delivered', 'delivered', 'delivered', 'delivered', 'delivered']);
	});

	it('iptables -Z zeroes them (fact 6), and conntrack -L shows each redirect in the reply tuple (fact 13)', () => {
		const st = run(sidecarState(), SEQUENCE.slice(0, 3));
		const z = runXtables(['iptables', '-t', 'nat', '-Z'], '', st.netfilter, POD_ENV);
		expect(nat({ ...st, netfilter: z.state }, 'iptables-nft')).toBe(nat(sidecarState(), 'iptables-nft'));
		const ct = runConntrack(['conntrack', '-L'], st.conntrack, 0);
		expect(ct.stdout.replace(/(sport|dport)=(\d+)/g, (all, k: string, p: string) => (Number(p) >= 32768 ? `${k}=P` : all))).toBe(
			'tcp      6 431999 ESTABLISHED src=10.244.1.6 dst=10.244.1.5 sport=P dport=9080 src=10.244.1.5 dst=10.244.1.6 sport=15006 dport=P [ASSURED] mark=0 use=1\n' +
				'tcp      6 431999 ESTABLISHED src=127.0.0.6 dst=10.244.1.5 sport=P dport=9080 src=10.244.1.5 dst=127.0.0.6 sport=9080 dport=P [ASSURED] mark=0 use=1\n' +
				'tcp      6 431999 ESTABLISHED src=10.244.1.5 dst=10.96.0.50 sport=P dport=9080 src=127.0.0.1 dst=10.244.1.5 sport=15001 dport=P [ASSURED] mark=0 use=1\n',
		);
	});
});

describe('TPROXY mode (facts 29-30)', () => {
	const tproxy = (): EngineState => sidecarState(inputRules('tproxy'), { tproxy: true });

	it('hands the inbound SYN to the transparent listener, keeping the destination port', () => {
		const r = openConnection(tproxy(), BASE, ENV);
		expect(path(r.packets[0], 'mangle')).toEqual(['PREROUTING#2', 'ISTIO_INBOUND#5', 'ISTIO_TPROXY#1', 'INPUT:policy']);
		expect(where(r.fate)).toBe('envoy/virtualInbound at 10.244.1.5:9080');
		expect(r.originalDst).toEqual({ address: '10.244.1.5', port: 9080 });
		expect(runConntrack(['conntrack', '-L'], r.state.conntrack, 0).stdout).toBe(
			'tcp      6 431999 ESTABLISHED src=10.244.1.6 dst=10.244.1.5 sport=41000 dport=9080 src=10.244.1.5 dst=10.244.1.6 sport=9080 dport=41000 [ASSURED] mark=0 use=1\n',
		);
	});

	it('drops the SYN when no transparent socket listens (tproxy_tg4: NF_DROP)', () => {
		const st = tproxy();
		const r = openConnection({ ...st, sockets: (st.sockets ?? []).map((s) => ({ ...s, transparent: false })) }, BASE, ENV);
		expect(r.fate).toMatchObject({ kind: 'dropped', why: 'no-socket', table: 'mangle', chain: 'ISTIO_TPROXY', ruleNumber: 1 });
		expect(r.state.conntrack.entries).toEqual([]);
	});

	it('counts every packet in mangle: SYN, ACK and data through ISTIO_DIVERT, none in nat', () => {
		const open = openConnection(tproxy(), BASE, ENV);
		const data = sendPackets(open.state, open.connection ?? (undefined as never), 3, 100, ENV);
		const replies = sendPackets(data.state, open.connection ?? (undefined as never), 2, 200, ENV, 'reply');
		const closed = closeConnection(replies.state, open.connection ?? (undefined as never), ENV);
		const mangle = runXtables(['iptables-nft', '-t', 'mangle', '-L', 'ISTIO_INBOUND', '-n', '-v', '-x'], '', closed.state.netfilter, POD_ENV).result.stdout;
		// From the peer: SYN 60, ACK 52, 3 x 152, FIN 52, last ACK 52 = 7 packets, 672 bytes.
		expect(mangle).toBe(`Chain ISTIO_INBOUND (1 references)
    pkts      bytes target     prot opt in     out     source               destination         
       0        0 RETURN     6    --  *      *       0.0.0.0/0            0.0.0.0/0            mark match 0x539
       0        0 RETURN     6    --  lo     *       127.0.0.6            0.0.0.0/0           
       0        0 RETURN     6    --  lo     *       0.0.0.0/0            0.0.0.0/0            mark match ! 0x53a
       6      612 ISTIO_DIVERT  6    --  *      *       0.0.0.0/0            0.0.0.0/0            ctstate RELATED,ESTABLISHED
       1       60 ISTIO_TPROXY  6    --  *      *       0.0.0.0/0            0.0.0.0/0           
`);
		expect(nat(closed.state, 'iptables-nft')).toBe(nat(tproxy(), 'iptables-nft'));
		expect(runConntrack(['conntrack', '-L'], closed.state.conntrack, 0).stdout).toContain(' 119 TIME_WAIT src=10.244.1.6 ');
	});
});
