// Where a packet is seen, derived from the engine's trace of it (never kept separately):
//
// - sent by a local socket and leaving through a device: once, `out` on that device, as it left
//   POSTROUTING (the egress fate carries that packet);
// - sent by a local socket to a local address: the loopback device transmits it (`out` on lo) and
//   receives it at once (`in` on lo); both copies are the packet as POSTROUTING left it, which is
//   also what lo's PREROUTING starts with (the trace's hook step right after `loopback`);
// - arriving on a device: `in` on that device as it arrived, before PREROUTING (the trace's first
//   hook step), whatever netfilter does next; and, when forwarded, `out` on the output device.
//
// A packet dropped before it reached a device (OUTPUT or POSTROUTING) is seen nowhere.

import type { Fate, Packet, PacketTrace, TraceStep } from '../netfilter/engine/types';
import type { CaptureDirection, CapturePoint } from './types';

function point(iface: string, direction: CaptureDirection, p: Pick<Packet, 'src' | 'dst' | 'sport' | 'dport'>): CapturePoint {
	return { iface, direction, src: p.src, dst: p.dst, sport: p.sport, dport: p.dport };
}

function egress(fate: Fate): CapturePoint | undefined {
	return fate.kind === 'egress' ? point(fate.dev, 'out', fate.packet) : undefined;
}

function hookAfter(steps: readonly TraceStep[], from: number): Packet | undefined {
	for (let i = from; i < steps.length; i++) {
		const s = steps[i];
		if (s?.kind === 'hook') return s.packet;
	}
	return undefined;
}

/** The capture points of one packet, in the order the copies are taken. */
export function capturePoints(trace: PacketTrace): CapturePoint[] {
	const steps = trace.steps;
	const first = steps[0];
	if (first === undefined) return [];
	const out: CapturePoint[] = [];
	if (first.kind === 'route' && first.hook === 'output') {
		const loop = steps.findIndex((s) => s.kind === 'loopback');
		if (loop >= 0) {
			const p = hookAfter(steps, loop + 1);
			if (p !== undefined) out.push(point('lo', 'out', p), point('lo', 'in', p));
			return out;
		}
		const e = egress(trace.fate);
		if (e !== undefined) out.push(e);
		return out;
	}
	const arrived = hookAfter(steps, 0);
	if (arrived?.inIface !== undefined) out.push(point(arrived.inIface, 'in', arrived));
	const e = egress(trace.fate);
	if (e !== undefined) out.push(e);
	return out;
}
