// Routing decisions of the sidecar pod's namespace, against what `ip route get` says in the
// recorder's pod (topology/ip-route*.txt in tests/conformance/recordings).

import { describe, expect, it } from 'vitest';
import { addAddress, addLink, addRoute, addRule, newNetns } from '../../../src/netns/build';
import { addressType, primaryAddress, route } from '../../../src/netns/route';
import { podNetns } from '../../helpers/pod';

describe('a new namespace', () => {
	const ns = newNetns('t');
	it('has lo with 127.0.0.1/8 and ::1, and the three default rules', () => {
		expect(ns.interfaces.map((i) => [i.index, i.name, i.flags.join(','), i.mtu])).toEqual([[1, 'lo', 'LOOPBACK,UP,LOWER_UP', 65536]]);
		expect(ns.interfaces[0]?.addresses.map((a) => `${a.local}/${a.prefix} scope ${a.scope}`)).toEqual(['127.0.0.1/8 scope host', '::1/128 scope host']);
		expect(ns.rules.map((r) => `${r.priority}: lookup ${r.table}`)).toEqual(['0: lookup 255', '32766: lookup 254', '32767: lookup 253']);
	});
});

describe('the sidecar pod', () => {
	const ns = podNetns();
	it('derives the kernel routes of its addresses (ip route show table local / main)', () => {
		const show = (table: number): string[] =>
			ns.routes.filter((r) => r.table === table && r.family === 'ipv4').map((r) => `${r.type} ${r.dst}${r.prefix === 32 ? '' : `/${r.prefix}`} dev ${r.dev} scope ${r.scope} src ${r.src ?? '-'}`);
		expect(show(255)).toEqual([
			'local 127.0.0.1 dev lo scope host src 127.0.0.1',
			'local 127.0.0.0/8 dev lo scope host src 127.0.0.1',
			'broadcast 127.255.255.255 dev lo scope link src 127.0.0.1',
			'local 10.244.1.5 dev eth0 scope host src 10.244.1.5',
			'broadcast 10.244.1.255 dev eth0 scope link src 10.244.1.5',
		]);
		expect(show(254)).toEqual(['unicast 10.244.1.0/24 dev eth0 scope link src 10.244.1.5', 'unicast 0.0.0.0/0 dev eth0 scope global src -']);
	});

	it.each([
		['10.96.0.50', { kind: 'unicast', dev: 'eth0', via: '10.244.1.1', src: '10.244.1.5', table: 254 }],
		['10.244.1.6', { kind: 'unicast', dev: 'eth0', src: '10.244.1.5', table: 254 }],
		['10.244.1.5', { kind: 'local', dev: 'lo', src: '10.244.1.5', table: 255 }],
		['127.0.0.1', { kind: 'local', dev: 'lo', src: '127.0.0.1', table: 255 }],
		['127.0.0.6', { kind: 'local', dev: 'lo', src: '127.0.0.1', table: 255 }],
		['10.244.1.255', { kind: 'broadcast', dev: 'eth0', src: '10.244.1.5', table: 255 }],
	])('route to %s', (dst, expected) => {
		const r = route(ns, { dst });
		expect(r.kind === 'unreachable' ? r : { kind: r.kind, dev: r.dev, ...(r.kind === 'unicast' && r.via ? { via: r.via } : {}), src: r.src, table: r.table }).toEqual(expected);
	});

	it('classifies addresses as the addrtype match does', () => {
		expect(['127.0.0.6', '10.244.1.5', '10.244.1.6', '10.244.1.255', '0.0.0.0', '224.0.0.1'].map((a) => addressType(ns, a))).toEqual(['LOCAL', 'LOCAL', 'UNICAST', 'BROADCAST', 'BROADCAST', 'MULTICAST']);
		expect(addressType(ns, '10.244.1.5', 'lo')).toBe('UNICAST');
		expect(primaryAddress(ns, 'eth0')).toBe('10.244.1.5');
	});
});

describe('TPROXY policy routing', () => {
	const ns = podNetns({ tproxy: true });
	it('adds `fwmark 0x539 lookup 133` at 32765 and table 133 `local default dev lo`', () => {
		expect(ns.rules.map((r) => `${r.priority}: ${r.fwmark ? `fwmark 0x${r.fwmark.value.toString(16)} ` : ''}lookup ${r.table}`)).toEqual(['0: lookup 255', '32765: fwmark 0x539 lookup 133', '32766: lookup 254', '32767: lookup 253']);
	});
	it.each([
		[0, 'unicast', 254],
		[0x539, 'local', 133],
		[0x53a, 'unicast', 254],
	])('mark %s to 10.96.0.50 -> %s (table %s)', (mark, kind, table) => {
		const r = route(ns, { dst: '10.96.0.50', mark, iif: 'eth0' });
		expect(r.kind === 'unreachable' ? r : [r.kind, r.table]).toEqual([kind, table]);
	});
});

describe('errors as iproute2 words them', () => {
	const ns = newNetns('t');
	it.each([
		['address on a missing device', () => addAddress(ns, 'eth9', '10.0.0.1/24'), 'Cannot find device "eth9"'],
		['duplicate address', () => addAddress(ns, 'lo', '127.0.0.1/8'), 'RTNETLINK answers: File exists'],
		['bad prefix', () => addAddress(ns, 'lo', '10.0.0.1/33'), 'Error: any valid prefix is expected rather than "10.0.0.1/33".'],
		['duplicate link', () => addLink(ns, { name: 'lo', mac: '00:00:00:00:00:00' }), 'RTNETLINK answers: File exists'],
		['unreachable gateway', () => addRoute(ns, { dst: 'default', via: '192.0.2.1' }), 'Error: Nexthop has invalid gateway.'],
	])('%s', (_, run, message) => {
		const r = run();
		expect(r.ok ? undefined : r.error.message).toBe(message);
	});
	it('picks the next free priority for a rule without one', () => {
		expect(addRule(addRule(ns, { table: 100 }), { table: 101 }).rules.map((r) => r.priority)).toEqual([0, 32764, 32765, 32766, 32767]);
	});
});
