// The capture points of single packets, derived from engine traces (src/capture/points.ts), and
// the TCP fields of the socketless reset (src/capture/tcp.ts): a packet dropped before it reaches
// a device is seen nowhere; one dropped after it arrived was still seen arriving; a port nobody
// listens on answers with tcp_v4_send_reset's bare `R.`.

import { describe, expect, it } from 'vitest';
import { CaptureFeed } from '../../../src/capture/feed';
import { capturePoints } from '../../../src/capture/points';
import { newConversation } from '../../../src/capture/tcp';
import { traceEvents } from '../../../src/capture/wire';
import { openConnection } from '../../../src/netfilter/engine/connection';
import type { EngineState } from '../../../src/netfilter/engine/types';
import { runXtables } from '../../../src/netfilter/tool';
import { POD_ENV, sidecarState } from '../../helpers/pod';

function withRule(state: EngineState, rule: string): EngineState {
	const r = runXtables(['iptables', ...rule.split(' ')], '', state.netfilter, POD_ENV);
	if (r.result.exitCode !== 0) throw new Error(r.result.stderr);
	return { ...state, netfilter: r.state };
}

const env = { now: 1000 };

describe('capture points', () => {
	it('a SYN dropped in OUTPUT never reaches a device', () => {
		const st = withRule(sidecarState(), '-I OUTPUT -p tcp -j DROP');
		const r = openConnection(st, { from: { kind: 'local', uid: 0, gid: 0 }, src: '10.244.1.5', sport: 40000, dst: '10.244.1.6', dport: 9080 }, env);
		expect(r.fate.kind).toBe('dropped');
		expect(r.packets.map(capturePoints)).toEqual([[]]);
	});

	it('a SYN dropped in INPUT was still seen arriving on eth0, with its original port', () => {
		const st = withRule(sidecarState(), '-I INPUT -p tcp -j DROP');
		const r = openConnection(st, { from: { kind: 'remote', iface: 'eth0' }, src: '10.244.1.6', sport: 41000, dst: '10.244.1.5', dport: 9080 }, env);
		expect(r.fate.kind).toBe('dropped');
		expect(r.packets.map(capturePoints)).toEqual([[{ iface: 'eth0', direction: 'in', src: '10.244.1.6', dst: '10.244.1.5', sport: 41000, dport: 9080 }]]);
	});

	it("Envoy's hand-off to the app is seen on lo twice (out and in), as POSTROUTING left it", () => {
		const r = openConnection(sidecarState(), { from: { kind: 'local', uid: 1337, gid: 1337 }, src: '127.0.0.6', sport: 40000, dst: '10.244.1.5', dport: 9080 }, env);
		const seen = { iface: 'lo', src: '127.0.0.6', dst: '10.244.1.5', sport: 40000, dport: 9080 };
		expect(capturePoints(r.packets[0] ?? (undefined as never))).toEqual([{ ...seen, direction: 'out' }, { ...seen, direction: 'in' }]);
	});

	it('a refused connection is answered with a bare reset: seq 0, the SYN acked, window 0, no options, IP id 0', () => {
		const r = openConnection(sidecarState(), { from: { kind: 'remote', iface: 'eth0' }, src: '10.244.1.6', sport: 41000, dst: '10.244.1.5', dport: 15008 }, env);
		expect(r.fate.kind).toBe('refused');
		let conv = newConversation({ isn: 1000, tsOffset: 100, mss: 1460, ipId: 7 }, { isn: 5000, tsOffset: 200, mss: 1460, ipId: 9 });
		const events = r.packets.flatMap((t) => {
			const w = traceEvents(conv, t, { timeUs: 0, clockMs: 0 });
			conv = w.conv;
			return w.events;
		});
		const rst = events[1];
		expect([events.length, rst?.iface, rst?.direction, rst?.packet.flags, rst?.packet.id, rst?.packet.tcp]).toEqual([2, 'eth0', 'out', 0x14, 0, { seq: 0, ack: 1001, window: 0, options: [], urgent: 0 }]);
	});
});

describe('the capture feed', () => {
	it('delivers to each subscriber until it disposes of its subscription', () => {
		const feed = new CaptureFeed();
		const got: number[] = [];
		const a = feed.subscribe((e) => got.push(e.length));
		const b = feed.subscribe((e) => got.push(10 * e.length));
		const event = { timeUs: 0, iface: 'lo', direction: 'in' as const, packet: {} as never };
		feed.publish([event]);
		a.dispose();
		feed.publish([event, event]);
		feed.publish([]);
		b.dispose();
		expect([got, feed.subscribers]).toEqual([[1, 10, 20], 0]);
	});
});
