// tcpdump against the real kernel: every recorded case is replayed through the engine as
// kernel.test.ts replays it (./replay.ts), each packet's trace is turned into capture events
// (src/capture) and fed to three simulated `tcpdump -l -U -n -i eth0|lo|any` started before the
// first connection and stopped with Ctrl-C after the last, as the recorder ran the real ones.
//
// What the kernel chose at random is taken from the recording: the ephemeral ports (the replay
// opens each connection with the port its SYN shows), each endpoint's initial sequence number
// (from its SYN or SYN-ACK) and its TCP timestamp offset. The clock is the capture's own time:
// TS val = offset + the TCP clock in ms, with the clock's sub-millisecond phase fitted once per
// case (one constant for all sockets). Everything else is the simulator's: which device sees
// which packet with which addresses, windows, options, relative sequence numbers, the order of
// lines, the statistics. eth0 and lo compare byte for byte, timestamps included (they are the
// replay's clock); `any` ran as a separate capture whose timestamps differ by a microsecond or
// two, so there only the timestamps are masked.

import { describe, expect, it } from 'vitest';
import { CaptureFeed } from '../../src/capture/feed';
import { advertisedMss, newConversation, type TcpConversation } from '../../src/capture/tcp';
import { traceEvents } from '../../src/capture/wire';
import { runTcpdump } from '../../src/commands/tcpdump';
import type { Direction } from '../../src/conntrack/types';
import type { Connection } from '../../src/netfilter/engine/connection';
import type { EngineState, PacketTrace } from '../../src/netfilter/engine/types';
import { NUMERIC_RESOLVER } from '../../src/netfilter/names';
import { isProcess, type Process } from '../../src/shell/types';
import { caseNames, flagBits, initialState, openConnection, readCase, recorded, sendPacket, splitEndpoint, synWire, wireKey, wireKeysOf } from './replay';

interface Line {
	readonly timeUs: number;
	readonly iface: 'eth0' | 'lo';
	readonly src: string;
	readonly sport: number;
	readonly dst: string;
	readonly dport: number;
	readonly flags: string;
	readonly seq: number | undefined;
	readonly tsval: number;
	readonly payload: number;
	readonly length: number;
}

const LINE = /^(\d+):(\d+):(\d+)\.(\d{6}) IP (\d+\.\d+\.\d+\.\d+)\.(\d+) > (\d+\.\d+\.\d+\.\d+)\.(\d+): Flags \[([^\]]*)\](?:, seq (\d+))?.*?TS val (\d+) ecr \d+.*?, length (\d+)$/;

function readLines(name: string, iface: 'eth0' | 'lo', day: number): Line[] {
	const out: Line[] = [];
	for (const l of recorded(name, `capture/tcpdump-i-${iface}.txt`).split('\n')) {
		const m = LINE.exec(l);
		if (m === null) continue;
		const [, h, mi, s, us, src = '', sport, dst = '', dport, flags = '', seq, tsval, len] = m;
		const timeUs = day + ((Number(h) * 60 + Number(mi)) * 60 + Number(s)) * 1e6 + Number(us);
		const syn = flags.includes('S');
		out.push({ timeUs, iface, src, sport: Number(sport), dst, dport: Number(dport), flags, seq: seq === undefined ? undefined : Number(seq), tsval: Number(tsval), payload: Number(len), length: (syn ? 60 : 52) + Number(len) });
	}
	return out;
}

const key = wireKey;

interface Conv {
	readonly conn: Connection;
	readonly lines: Record<Direction, Line[]>;
	synack?: PacketTrace;
	ack?: PacketTrace;
	synAckLine?: Line;
	claimed: { synack: boolean; ack: boolean };
	fin: Set<Direction>;
}

interface Sent {
	readonly timeUs: number;
	readonly trace: PacketTrace;
	readonly conv: Conv;
	readonly dir: Direction;
	readonly line: Line;
}

/** Replays a case and returns, in time order, every traced packet with the recorded line it stands for. */
function replay(name: string): { sent: Sent[]; convs: Conv[]; state: EngineState; problems: string[] } {
	const { kase } = readCase(name);
	let state = initialState(kase).state;
	const day = Date.UTC(2026, 10, 21) * 1000;
	const packets = [...readLines(name, 'eth0', day), ...readLines(name, 'lo', day)].sort((a, b) => a.timeUs - b.timeUs);
	const claimed = new Set<Line>();
	const wires = new Map<string, { conv: Conv; dir: Direction }>();
	const sent: Sent[] = [];
	const convs: Conv[] = [];
	const problems: string[] = [];
	for (const c of kase.connections) {
		for (const leg of c.expected.legs) {
			const w = synWire(kase, leg);
			const syn = packets.find((p) => !claimed.has(p) && p.flags === 'S' && p.iface === w.iface && p.src === w.src && p.dst === w.dst && p.dport === w.dport);
			if (syn === undefined) {
				problems.push(`${c.id}: no SYN`);
				continue;
			}
			claimed.add(syn);
			const [dst = '', dport = ''] = splitEndpoint(leg.dst);
			const from = leg.hook === 'PREROUTING' ? { kind: 'remote' as const, iface: 'eth0' } : { kind: 'local' as const, uid: leg.uid, gid: leg.gid };
			const r = openConnection(state, { from, src: leg.src, sport: syn.sport, dst, dport: Number(dport) }, { now: Math.floor(syn.timeUs / 1000) });
			state = r.state;
			const conn = r.connection;
			const [first, synack, ack] = r.packets;
			if (conn === undefined || first === undefined) {
				problems.push(`${c.id}: not opened`);
				continue;
			}
			const conv: Conv = { conn, lines: { original: [syn], reply: [] }, ...(synack ? { synack } : {}), ...(ack ? { ack } : {}), claimed: { synack: false, ack: false }, fin: new Set() };
			convs.push(conv);
			sent.push({ timeUs: syn.timeUs, trace: first, conv, dir: 'original', line: syn });
			for (const [k, dir] of wireKeysOf(conn)) wires.set(k, { conv, dir });
		}
	}
	for (const p of packets) {
		if (claimed.has(p)) continue;
		const hit = wires.get(key(p.iface, p.src, p.sport, p.dst, p.dport));
		if (hit === undefined) {
			problems.push(`unmatched ${p.iface} ${p.src}:${p.sport} > ${p.dst}:${p.dport}`);
			continue;
		}
		const conv = hit.conv;
		conv.lines[hit.dir].push(p);
		if (p.flags === 'S.' && hit.dir === 'reply' && !conv.claimed.synack && conv.synack) {
			conv.claimed.synack = true;
			conv.synAckLine = p;
			sent.push({ timeUs: p.timeUs, trace: conv.synack, conv, dir: 'reply', line: p });
			continue;
		}
		if (p.flags === '.' && p.payload === 0 && hit.dir === 'original' && conv.claimed.synack && !conv.claimed.ack && conv.ack) {
			conv.claimed.ack = true;
			sent.push({ timeUs: p.timeUs, trace: conv.ack, conv, dir: 'original', line: p });
			continue;
		}
		const owner = conv.fin.has(hit.dir) ? { owner: null } : {};
		const r = sendPacket(state, conv.conn, { direction: hit.dir, flags: flagBits(p.flags), length: p.length, bytes: p.payload, ...owner }, { now: Math.floor(p.timeUs / 1000) });
		state = r.state;
		if (p.flags.includes('F')) conv.fin.add(hit.dir);
		const trace = r.packets[0];
		if (trace !== undefined) sent.push({ timeUs: p.timeUs, trace, conv, dir: hit.dir, line: p });
	}
	sent.sort((a, b) => a.timeUs - b.timeUs);
	return { sent, convs, state, problems };
}

const clockOf = (timeUs: number, phase: number): number => Math.floor((timeUs + phase) / 1000);

/** The sub-millisecond phase of the kernel's TCP clock that explains the most TS values. */
function fitPhase(convs: readonly Conv[]): number {
	let best = { phase: 0, bad: Number.POSITIVE_INFINITY };
	for (let phase = 0; phase < 1000; phase++) {
		let bad = 0;
		for (const c of convs) for (const d of ['original', 'reply'] as const) bad += new Set(c.lines[d].map((l) => (l.tsval - clockOf(l.timeUs, phase)) >>> 0)).size - 1;
		if (bad < best.bad) best = { phase, bad };
	}
	return best.phase;
}

/** An endpoint's timestamp offset: the value most of its packets agree on. */
function offsetOf(lines: readonly Line[], phase: number): number {
	const counts = new Map<number, number>();
	for (const l of lines) {
		const o = (l.tsval - clockOf(l.timeUs, phase)) >>> 0;
		counts.set(o, (counts.get(o) ?? 0) + 1);
	}
	return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
}

interface Run {
	readonly outputs: Record<'eth0' | 'lo' | 'any', { stdout: string; stderr: string; exitCode: number | undefined }>;
	readonly problems: string[];
	/** Packets whose TS val the fitted clock misses by a millisecond (kernel stamped it before the capture). */
	readonly jitter: number;
}

function capture(name: string): Run {
	const r = replay(name);
	const phase = fitPhase(r.convs);
	const feed = new CaptureFeed();
	const host = { netns: () => r.state.netns, capture: feed, names: NUMERIC_RESOLVER };
	const procs = { eth0: runTcpdump(['-l', '-U', '-n', '-i', 'eth0'], host), lo: runTcpdump(['-l', '-U', '-n', '-i', 'lo'], host), any: runTcpdump(['-l', '-U', '-n', '-i', 'any'], host) };
	const out = { eth0: { stdout: '', stderr: '', exitCode: undefined as number | undefined }, lo: { stdout: '', stderr: '', exitCode: undefined as number | undefined }, any: { stdout: '', stderr: '', exitCode: undefined as number | undefined } };
	const drain = (k: keyof typeof procs, how: (p: Process) => ReturnType<Process['advance']>): void => {
		const p = procs[k];
		if (!isProcess(p)) throw new Error(p.stderr);
		const s = how(p);
		out[k].stdout += s.stdout;
		out[k].stderr += s.stderr;
		if (s.exitCode !== undefined) out[k].exitCode = s.exitCode;
	};
	const convs = new Map<Conv, TcpConversation>();
	const offsets = new Map<Conv, Record<Direction, number>>();
	for (const c of r.convs) {
		const local = (side: Connection['client']) => side.kind === 'local';
		const clientMss = local(c.conn.client) ? advertisedMss(r.state.netns, c.conn.orig.dst) : 1460;
		const serverMss = local(c.conn.server) ? advertisedMss(r.state.netns, c.conn.reply.dst) : 1460;
		const off = { original: offsetOf(c.lines.original, phase), reply: offsetOf(c.lines.reply, phase) };
		offsets.set(c, off);
		const syn = c.lines.original[0];
		convs.set(c, newConversation({ isn: syn?.seq ?? 0, tsOffset: off.original, mss: clientMss, ipId: 0 }, { isn: c.synAckLine?.seq ?? 0, tsOffset: off.reply, mss: serverMss, ipId: 0 }));
	}
	let jitter = 0;
	for (const k of ['eth0', 'lo', 'any'] as const) drain(k, (p) => p.advance(0));
	for (const s of r.sent) {
		const off = offsets.get(s.conv)?.[s.dir] ?? 0;
		let clockMs = clockOf(s.timeUs, phase);
		if (((off + clockMs) >>> 0) !== s.line.tsval) {
			jitter++;
			clockMs = (s.line.tsval - off) >>> 0;
		}
		const w = traceEvents(convs.get(s.conv) as TcpConversation, s.trace, { timeUs: s.timeUs, clockMs });
		convs.set(s.conv, w.conv);
		feed.publish(w.events);
		for (const k of ['eth0', 'lo', 'any'] as const) drain(k, (p) => p.advance(1));
	}
	for (const k of ['eth0', 'lo', 'any'] as const) drain(k, (p) => p.signal('INT'));
	return { outputs: out, problems: r.problems, jitter };
}

const maskTimes = (t: string): string => t.replace(/^\d{2}:\d{2}:\d{2}\.\d{6} /gm, 'HH:MM:SS.uuuuuu ');

const CASES = caseNames();

describe.runIf(CASES.length > 0).each(CASES)('tcpdump in recording %s', (name) => {
	const run = capture(name);

	it('replays every captured packet, with at most one TS value off by the kernel clock', () => {
		expect(run.problems).toEqual([]);
		expect(run.jitter).toBeLessThanOrEqual(1);
	});

	it.each(['eth0', 'lo'] as const)('tcpdump -l -U -n -i %s: stdout and stderr byte for byte', (iface) => {
		const got = run.outputs[iface];
		expect(got.stdout).toBe(recorded(name, `capture/tcpdump-i-${iface}.txt`));
		expect(got.stderr).toBe(recorded(name, `capture/tcpdump-i-${iface}.stderr.txt`));
		expect(got.exitCode).toBe(0);
	});

	it('tcpdump -l -U -n -i any: every line and the statistics (timestamps masked)', () => {
		const got = run.outputs.any;
		expect(maskTimes(got.stdout)).toBe(maskTimes(recorded(name, 'capture/tcpdump-i-any.txt')));
		expect(got.stderr).toBe(recorded(name, 'capture/tcpdump-i-any.stderr.txt'));
	});
});
