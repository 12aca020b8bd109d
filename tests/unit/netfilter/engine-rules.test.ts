// Rule evaluation semantics, one small rule set per case on the sidecar pod: jumps, gotos,
// RETURN, policies, the jump-stack guard, and each match and target extension the engine runs.

import { describe, expect, it } from 'vitest';
import { openConnection, sendPacket, type ConnectionSpec } from '../../../src/netfilter/engine/connection';
import { NFT_JUMP_STACK_SIZE } from '../../../src/netfilter/engine/stages';
import type { EngineState, PacketTrace } from '../../../src/netfilter/engine/types';
import { runXtables } from '../../../src/netfilter/tool';
import { loadRules, POD_ENV, sidecarState } from '../../helpers/pod';

const ENV = { now: 0, random: () => 0.5 };
const INBOUND: ConnectionSpec = { from: { kind: 'remote', iface: 'eth0' }, src: '10.244.1.6', sport: 41000, dst: '10.244.1.5', dport: 9080 };
const LOCAL: ConnectionSpec = { from: { kind: 'local', uid: 0, gid: 0 }, src: '10.244.1.5', sport: 41000, dst: '10.244.1.6', dport: 9080 };

/** Matched rules and policies of one table, and the steps' rule reasons, for the first packet. */
function hits(t: PacketTrace | undefined, table: string): string[] {
	return (t?.steps ?? []).flatMap((s) => {
		if (s.kind === 'rule' && s.table === table) return [s.matched ? `${s.chain}#${s.ruleNumber}` : `${s.chain}#${s.ruleNumber} (${s.reason?.code}${s.reason?.invert ? ' !' : ''})`];
		if (s.kind === 'policy' && s.table === table) return [`${s.chain}:${s.policy}`];
		if ((s.kind === 'end' || s.kind === 'loop') && s.table === table) return [`${s.kind} ${s.chain}`];
		return [];
	});
}

function state(rules: string): EngineState {
	return { ...sidecarState(), netfilter: loadRules(rules) };
}

describe.each<[string, string, string, Partial<ConnectionSpec>, string[], string]>([
	['jump, fall off the user chain, back to the caller', 'filter', '-N A\n-A INPUT -j A\n-A INPUT -j ACCEPT\n-A A -p udp -j DROP\n', {}, ['INPUT#1', 'A#1 (proto)', 'end A', 'INPUT#2'], 'delivered'],
	['RETURN goes back to the rule after the jump', 'filter', '-N A\n-A INPUT -j A\n-A INPUT -j DROP\n-A A -j RETURN\n-A A -j ACCEPT\n', {}, ['INPUT#1', 'A#1', 'INPUT#2'], 'dropped'],
	['goto does not come back: falling off returns to the built-in chain policy', 'filter', '-N A\n-A INPUT -g A\n-A INPUT -j DROP\n-A A -p udp -j DROP\n', {}, ['INPUT#1', 'A#1 (proto)', 'INPUT:ACCEPT'], 'delivered'],
	['RETURN in a built-in chain applies the policy', 'filter', ':INPUT DROP [0:0]\n-A INPUT -j RETURN\n-A INPUT -j ACCEPT\n', {}, ['INPUT#1', 'INPUT:DROP'], 'dropped'],
	['REJECT', 'filter', '-A INPUT -p tcp --dport 9080 -j REJECT --reject-with tcp-reset\n', {}, ['INPUT#1'], 'rejected'],
	['tcp port range', 'filter', '-A INPUT -p tcp --dport 9000:9100 -j DROP\n', {}, ['INPUT#1'], 'dropped'],
	['! --dport', 'filter', '-A INPUT -p tcp ! --dport 9080 -j DROP\n', {}, ['INPUT#1 (dport !)', 'INPUT:ACCEPT'], 'delivered'],
	['--sport range', 'filter', '-A INPUT -p tcp --sport 40000:42000 -j DROP\n', {}, ['INPUT#1'], 'dropped'],
	['multiport ! --dports', 'filter', '-A INPUT -p tcp -m multiport ! --dports 53,9000:9100 -j DROP\n', {}, ['INPUT#1 (ports !)', 'INPUT:ACCEPT'], 'delivered'],
	['--syn matches the SYN', 'filter', '-A INPUT -p tcp --syn -j DROP\n', {}, ['INPUT#1'], 'dropped'],
	['! --syn does not', 'filter', '-A INPUT -p tcp ! --syn -j DROP\n', {}, ['INPUT#1 (tcp-flags !)', 'INPUT:ACCEPT'], 'delivered'],
	['-i with a + wildcard', 'filter', '-A INPUT -i eth+ -j DROP\n', {}, ['INPUT#1'], 'dropped'],
	['addrtype LOCAL destination', 'filter', '-A INPUT -m addrtype --dst-type LOCAL -j DROP\n', {}, ['INPUT#1'], 'dropped'],
	['addrtype limited to the input interface', 'filter', '-A INPUT -m addrtype --dst-type LOCAL --limit-iface-in -i eth0 -j DROP\n', {}, ['INPUT#1'], 'dropped'],
	['conntrack --ctstate NEW', 'filter', '-A INPUT -m conntrack --ctstate NEW -j DROP\n', {}, ['INPUT#1'], 'dropped'],
	['owner in OUTPUT: uid range', 'filter', '-A OUTPUT -m owner --uid-owner 0-10 -j DROP\n', LOCAL, ['OUTPUT#1'], 'dropped'],
	['owner --gid-owner with --suppl-groups', 'filter', '-A OUTPUT -m owner --gid-owner 1337 --suppl-groups -j DROP\n', { ...LOCAL, from: { kind: 'local', uid: 5, gid: 5, groups: [1337] } }, ['OUTPUT#1'], 'dropped'],
	['MARK then mark match', 'mangle', '-A PREROUTING -j MARK --set-mark 0x2a\n-A PREROUTING -m mark --mark 0x2a/0xff -j ACCEPT\n', {}, ['PREROUTING#1', 'PREROUTING#2', 'INPUT:ACCEPT'], 'delivered'],
	['CONNMARK --set-mark then connmark match', 'mangle', '-A PREROUTING -j CONNMARK --set-mark 7\n-A PREROUTING -m connmark --mark 7 -j ACCEPT\n', {}, ['PREROUTING#1', 'PREROUTING#2', 'INPUT:ACCEPT'], 'delivered'],
	['-m socket ignores a wildcard listener without --nowildcard', 'mangle', '-A PREROUTING -m socket -j DROP\n-A PREROUTING -m socket --nowildcard -j ACCEPT\n', {}, ['PREROUTING#1 (socket)', 'PREROUTING#2', 'INPUT:ACCEPT'], 'delivered'],
	['-m socket --transparent needs IP_TRANSPARENT', 'mangle', '-A PREROUTING -m socket --nowildcard --transparent -j DROP\n', {}, ['PREROUTING#1 (socket)', 'PREROUTING:ACCEPT', 'INPUT:ACCEPT'], 'delivered'],
	['raw CT --notrack: ctstate UNTRACKED', 'raw', '-A PREROUTING -j CT --notrack\n', {}, ['PREROUTING#1', 'PREROUTING:ACCEPT'], 'delivered'],
])('%s', (_, table, rules, tweak, expected, fate) => {
	it('hits the expected rules', () => {
		const spec = { ...INBOUND, ...tweak };
		const r = openConnection(state(`*${table}\n${rules}COMMIT\n`), spec, ENV);
		expect(hits(r.packets[0], table)).toEqual(expected);
		expect(r.fate.kind).toBe(fate);
	});
});

describe('the jump stack guard (NFT_JUMP_STACK_SIZE, ipt_do_table stacksize)', () => {
	it('drops a packet caught in a loop and says so in the trace', () => {
		const r = openConnection(state('*filter\n-N A\n-N B\n-A INPUT -j A\n-A A -j B\n-A B -j A\nCOMMIT\n'), INBOUND, ENV);
		expect(r.fate).toMatchObject({ kind: 'dropped', why: 'loop', table: 'filter' });
		const steps = hits(r.packets[0], 'filter');
		expect(steps.length).toBe(NFT_JUMP_STACK_SIZE + 2);
		expect(steps.at(-1)).toMatch(/^loop /);
	});
});

describe('conntrack runs only where something needs it (fact 14)', () => {
	it('a filter-only namespace keeps no entries', () => {
		const r = openConnection(state('*filter\n-A INPUT -p udp -j DROP\nCOMMIT\n'), INBOUND, ENV);
		expect(r.state.conntrack.entries).toEqual([]);
		expect(r.fate.kind).toBe('delivered');
	});
	it('a conntrack match turns it on', () => {
		const r = openConnection(state('*filter\n-A INPUT -m conntrack --ctstate INVALID -j DROP\nCOMMIT\n'), INBOUND, ENV);
		expect(r.state.conntrack.entries.length).toBe(1);
	});
});

describe('nf_tables base chain policy counters', () => {
	const mangle = (st: EngineState): string => runXtables(['iptables-nft', '-t', 'mangle', '-L', 'PREROUTING', '-n', '-v'], '', st.netfilter, POD_ENV).result.stdout.split('\n')[0] ?? '';
	it.each([
		['created by -A: never count', ['-A', 'PREROUTING', '-p', 'udp'], 'Chain PREROUTING (policy ACCEPT 0 packets, 0 bytes)'],
		['after -P: count', ['-P', 'PREROUTING', 'ACCEPT'], 'Chain PREROUTING (policy ACCEPT 3 packets, 164 bytes)'],
		['after -Z: count', ['-Z'], 'Chain PREROUTING (policy ACCEPT 3 packets, 164 bytes)'],
	])('%s', (_, command, line) => {
		let nf = loadRules('*mangle\n-A PREROUTING -p udp\nCOMMIT\n');
		nf = runXtables(['iptables-nft', '-t', 'mangle', ...command], '', nf, POD_ENV).state;
		const open = openConnection({ ...sidecarState(), netfilter: nf }, INBOUND, ENV);
		const data = sendPacket(open.state, open.connection ?? (undefined as never), { bytes: 0 }, ENV);
		expect(mangle(data.state)).toBe(line);
	});
});
