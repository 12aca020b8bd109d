// tcpdump as the lab runs it: connections opened in the sidecar pod with the engine, each traced
// packet turned into capture events (src/capture) and published on the pod's capture feed, and
// `tcpdump` processes printing what their interface sees. Whole outputs, for the facts a lesson
// shows: eth0 sees 9080 and never 15006; lo sees the app's connection already redirected to
// 127.0.0.1:15001 while the replies show the Service address, so tcpdump numbers it absolutely
// twice; `-i any` shows lo once; -c, -Q, filters, Ctrl-C and a closed pipe end a capture as they
// end tcpdump. Sequence numbers and timestamp offsets are fixed seeds, so every number is known.

import { describe, expect, it } from 'vitest';
import { CaptureFeed } from '../../../src/capture/feed';
import { newConversation, type TcpConversation } from '../../../src/capture/tcp';
import { traceEvents } from '../../../src/capture/wire';
import { runTcpdump } from '../../../src/commands/tcpdump';
import { openConnection, sendPacket } from '../../../src/netfilter/engine/connection';
import type { EngineState, PacketTrace } from '../../../src/netfilter/engine/types';
import { NUMERIC_RESOLVER } from '../../../src/netfilter/names';
import { isProcess, type Process } from '../../../src/shell/types';
import { sidecarState } from '../../helpers/pod';

const T0 = Date.UTC(2026, 10, 21, 5, 40, 43) * 1000;

/** A tiny lab: the pod's state, its capture feed, and the clock (10 µs per packet, TCP clock in ms from 1000). */
class Pod {
	state: EngineState = sidecarState();
	readonly feed = new CaptureFeed();
	private n = 0;

	private publish(conv: TcpConversation, traces: readonly PacketTrace[], data?: Uint8Array): TcpConversation {
		let c = conv;
		for (const t of traces) {
			const timeUs = T0 + 10 * this.n++;
			const w = traceEvents(c, t, { timeUs, clockMs: 1000 + Math.floor((timeUs - T0) / 1000) }, data !== undefined && t.length > 60 ? { data } : {});
			c = w.conv;
			this.feed.publish(w.events);
		}
		return c;
	}

	/** A connection's handshake, a request of `bytes` and its acknowledgement; returns nothing (the capture is the point). */
	exchange(from: Parameters<typeof openConnection>[1]['from'], src: string, sport: number, dst: string, dport: number, seeds: [number, number], mss: [number, number], bytes = 0): void {
		const r = openConnection(this.state, { from, src, sport, dst, dport }, { now: 1000 });
		this.state = r.state;
		let conv = this.publish(newConversation({ isn: seeds[0], tsOffset: 100, mss: mss[0], ipId: 1 }, { isn: seeds[1], tsOffset: 200, mss: mss[1], ipId: 2 }), r.packets);
		const conn = r.connection;
		if (conn === undefined || bytes === 0) return;
		const req = sendPacket(this.state, conn, { direction: 'original', bytes }, { now: 1000 });
		this.state = req.state;
		conv = this.publish(conv, req.packets);
		const ack = sendPacket(this.state, conn, { direction: 'reply' }, { now: 1000 });
		this.state = ack.state;
		this.publish(conv, ack.packets);
	}

	tcpdump(args: string): Process {
		const o = runTcpdump(args.split(' '), { netns: () => this.state.netns, capture: this.feed, names: NUMERIC_RESOLVER });
		if (!isProcess(o)) throw new Error(o.stderr);
		return o;
	}
}

const inbound = (pod: Pod): void => pod.exchange({ kind: 'remote', iface: 'eth0' }, '10.244.1.6', 41000, '10.244.1.5', 9080, [1000, 5000], [1460, 1460], 38);
const outbound = (pod: Pod): void => pod.exchange({ kind: 'local', uid: 0, gid: 0 }, '10.244.1.5', 43294, '10.96.0.50', 9080, [7000, 9000], [1460, 65495], 38);

function stop(p: Process): { stdout: string; stderr: string; exitCode: number | undefined } {
	const a = p.advance(100);
	const b = p.signal('INT');
	return { stdout: a.stdout + b.stdout, stderr: a.stderr + b.stderr, exitCode: b.exitCode };
}

const BANNER = (iface: string) => `tcpdump: verbose output suppressed, use -v[v]... for full protocol decode\nlistening on ${iface}, link-type EN10MB (Ethernet), snapshot length 262144 bytes\n`;

describe('capture points in the sidecar pod', () => {
	it('eth0 sees the inbound connection on 9080, before REDIRECT sends it to 15006', () => {
		const pod = new Pod();
		const p = pod.tcpdump('-n -i eth0');
		inbound(pod);
		expect(stop(p)).toEqual({
			stdout: [
				'05:40:43.000000 IP 10.244.1.6.41000 > 10.244.1.5.9080: Flags [S], seq 1000, win 64240, options [mss 1460,sackOK,TS val 1100 ecr 0,nop,wscale 10], length 0',
				'05:40:43.000010 IP 10.244.1.5.9080 > 10.244.1.6.41000: Flags [S.], seq 5000, ack 1001, win 65160, options [mss 1460,sackOK,TS val 1200 ecr 1100,nop,wscale 10], length 0',
				'05:40:43.000020 IP 10.244.1.6.41000 > 10.244.1.5.9080: Flags [.], ack 1, win 63, options [nop,nop,TS val 1100 ecr 1200], length 0',
				'05:40:43.000030 IP 10.244.1.6.41000 > 10.244.1.5.9080: Flags [P.], seq 1:39, ack 1, win 63, options [nop,nop,TS val 1100 ecr 1200], length 38',
				'05:40:43.000040 IP 10.244.1.5.9080 > 10.244.1.6.41000: Flags [.], ack 39, win 64, options [nop,nop,TS val 1200 ecr 1100], length 0',
				'',
				'',
			].join('\n'),
			stderr: `${BANNER('eth0')}5 packets captured\n5 packets received by filter\n0 packets dropped by kernel\n`,
			exitCode: 0,
		});
	});

	it("lo sees the app's connection redirected to 127.0.0.1:15001 and replies from the Service: two conversations for tcpdump", () => {
		const pod = new Pod();
		const p = pod.tcpdump('-n -i lo');
		outbound(pod);
		expect(stop(p)).toEqual({
			stdout: [
				'05:40:43.000000 IP 10.244.1.5.43294 > 127.0.0.1.15001: Flags [S], seq 7000, win 64240, options [mss 1460,sackOK,TS val 1100 ecr 0,nop,wscale 10], length 0',
				'05:40:43.000010 IP 10.96.0.50.9080 > 10.244.1.5.43294: Flags [S.], seq 9000, ack 7001, win 65483, options [mss 65495,sackOK,TS val 1200 ecr 1100,nop,wscale 10], length 0',
				'05:40:43.000020 IP 10.244.1.5.43294 > 127.0.0.1.15001: Flags [.], ack 9001, win 63, options [nop,nop,TS val 1100 ecr 1200], length 0',
				'05:40:43.000030 IP 10.244.1.5.43294 > 127.0.0.1.15001: Flags [P.], seq 0:38, ack 1, win 63, options [nop,nop,TS val 1100 ecr 1200], length 38',
				'05:40:43.000040 IP 10.96.0.50.9080 > 10.244.1.5.43294: Flags [.], ack 39, win 64, options [nop,nop,TS val 1200 ecr 1100], length 0',
				'',
				'',
			].join('\n'),
			stderr: `${BANNER('lo')}5 packets captured\n10 packets received by filter\n0 packets dropped by kernel\n`,
			exitCode: 0,
		});
	});

	it('-i any shows eth0 in and out, and lo once, as In', () => {
		const pod = new Pod();
		const p = pod.tcpdump('-n -i any -c 7');
		inbound(pod);
		outbound(pod);
		const s = p.advance(100);
		expect(s).toEqual({
			stdout: [
				'05:40:43.000000 eth0  In  IP 10.244.1.6.41000 > 10.244.1.5.9080: Flags [S], seq 1000, win 64240, options [mss 1460,sackOK,TS val 1100 ecr 0,nop,wscale 10], length 0',
				'05:40:43.000010 eth0  Out IP 10.244.1.5.9080 > 10.244.1.6.41000: Flags [S.], seq 5000, ack 1001, win 65160, options [mss 1460,sackOK,TS val 1200 ecr 1100,nop,wscale 10], length 0',
				'05:40:43.000020 eth0  In  IP 10.244.1.6.41000 > 10.244.1.5.9080: Flags [.], ack 1, win 63, options [nop,nop,TS val 1100 ecr 1200], length 0',
				'05:40:43.000030 eth0  In  IP 10.244.1.6.41000 > 10.244.1.5.9080: Flags [P.], seq 1:39, ack 1, win 63, options [nop,nop,TS val 1100 ecr 1200], length 38',
				'05:40:43.000040 eth0  Out IP 10.244.1.5.9080 > 10.244.1.6.41000: Flags [.], ack 39, win 64, options [nop,nop,TS val 1200 ecr 1100], length 0',
				'05:40:43.000050 lo    In  IP 10.244.1.5.43294 > 127.0.0.1.15001: Flags [S], seq 7000, win 64240, options [mss 1460,sackOK,TS val 1100 ecr 0,nop,wscale 10], length 0',
				'05:40:43.000060 lo    In  IP 10.96.0.50.9080 > 10.244.1.5.43294: Flags [S.], seq 9000, ack 7001, win 65483, options [mss 65495,sackOK,TS val 1200 ecr 1100,nop,wscale 10], length 0',
				'',
			].join('\n'),
			// -c 7 ends it at the 7th packet printed; both copies of each lo packet were received.
			stderr: 'tcpdump: data link type LINUX_SLL2\ntcpdump: verbose output suppressed, use -v[v]... for full protocol decode\nlistening on any, link-type LINUX_SLL2 (Linux cooked v2), snapshot length 262144 bytes\n7 packets captured\n9 packets received by filter\n0 packets dropped by kernel\n',
			elapsedMs: 0,
			exitCode: 0,
		});
		expect(pod.feed.subscribers).toBe(0);
	});
});

describe('a running capture', () => {
	it('keeps only what its filter accepts: the app side of the redirected connection, by port 15001', () => {
		const pod = new Pod();
		const p = pod.tcpdump('-n -i lo tcp port 15001');
		outbound(pod);
		inbound(pod);
		// The replies come from 10.96.0.50:9080 to the app's port: no 15001 in them.
		expect(stop(p)).toEqual({
			stdout: [
				'05:40:43.000000 IP 10.244.1.5.43294 > 127.0.0.1.15001: Flags [S], seq 7000, win 64240, options [mss 1460,sackOK,TS val 1100 ecr 0,nop,wscale 10], length 0',
				'05:40:43.000020 IP 10.244.1.5.43294 > 127.0.0.1.15001: Flags [.], ack 9001, win 63, options [nop,nop,TS val 1100 ecr 1200], length 0',
				'05:40:43.000030 IP 10.244.1.5.43294 > 127.0.0.1.15001: Flags [P.], seq 0:38, ack 1, win 63, options [nop,nop,TS val 1100 ecr 1200], length 38',
				'',
				'',
			].join('\n'),
			stderr: `${BANNER('lo')}3 packets captured\n6 packets received by filter\n0 packets dropped by kernel\n`,
			exitCode: 0,
		});
	});

	it('-Q in keeps what the device received', () => {
		const pod = new Pod();
		const p = pod.tcpdump('-n -i eth0 -Q in');
		inbound(pod);
		expect(stop(p).stderr).toBe(`${BANNER('eth0')}3 packets captured\n3 packets received by filter\n0 packets dropped by kernel\n`);
	});

	it('prints packets as they come, at each slice of time', () => {
		const pod = new Pod();
		const p = pod.tcpdump('-n -i eth0 -t -q');
		expect(p.advance(0)).toEqual({ stdout: '', stderr: BANNER('eth0'), elapsedMs: 0 });
		expect(p.advance(500)).toEqual({ stdout: '', stderr: '', elapsedMs: 500 });
		inbound(pod);
		expect(p.advance(500).stdout).toBe(
			[
				'IP 10.244.1.6.41000 > 10.244.1.5.9080: tcp 0',
				'IP 10.244.1.5.9080 > 10.244.1.6.41000: tcp 0',
				'IP 10.244.1.6.41000 > 10.244.1.5.9080: tcp 0',
				'IP 10.244.1.6.41000 > 10.244.1.5.9080: tcp 38',
				'IP 10.244.1.5.9080 > 10.244.1.6.41000: tcp 0',
				'',
			].join('\n'),
		);
	});

	it('dies of a closed pipe without statistics, and lets go of the feed', () => {
		const pod = new Pod();
		const p = pod.tcpdump('-n -i eth0');
		inbound(pod);
		expect(p.signal('PIPE')).toEqual({ stdout: '', stderr: BANNER('eth0'), elapsedMs: 0, exitCode: 141 });
		expect(pod.feed.subscribers).toBe(0);
	});

	it('-A prints the request as the app wrote it, after the headers as text', () => {
		const pod = new Pod();
		const p = pod.tcpdump('-n -i eth0 -A -c 4');
		const request = new TextEncoder().encode('GET / HTTP/1.1\r\nHost: reviews:9080\r\n\r\n');
		const r = openConnection(pod.state, { from: { kind: 'remote', iface: 'eth0' }, src: '10.244.1.6', sport: 41000, dst: '10.244.1.5', dport: 9080 }, { now: 1000 });
		let conv = newConversation({ isn: 1000, tsOffset: 100, mss: 1460, ipId: 1 }, { isn: 5000, tsOffset: 200, mss: 1460, ipId: 2 });
		for (const t of r.packets) {
			const w = traceEvents(conv, t, { timeUs: T0, clockMs: 1000 });
			conv = w.conv;
			pod.feed.publish(w.events);
		}
		const conn = r.connection;
		if (conn === undefined) throw new Error('not connected');
		const req = sendPacket(r.state, conn, { direction: 'original', bytes: request.length }, { now: 1000 });
		pod.feed.publish(traceEvents(conv, req.packets[0] as PacketTrace, { timeUs: T0 + 5, clockMs: 1000 }, { data: request }).events);
		const out = p.advance(1).stdout;
		expect(out.slice(out.lastIndexOf('05:40:43.000005'))).toBe(
			'05:40:43.000005 IP 10.244.1.6.41000 > 10.244.1.5.9080: Flags [P.], seq 1:39, ack 1, win 63, options [nop,nop,TS val 1100 ecr 1200], length 38\n' +
				// Checked against the same packet built by hand (IP id 3, both checksums, the TS option)
				// under tcpdump's -A rules: bytes 0x0a (the 10.x addresses) break lines, CR before LF goes.
				'E..Z..@.@.".\n' +
				'...\n' +
				'....(#x...........?.?.....\n' +
				'...L....GET / HTTP/1.1\n' +
				'Host: reviews:9080\n' +
				'\n' +
				'\n',
		);
	});
});
