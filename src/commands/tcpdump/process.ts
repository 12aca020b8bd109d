// A running capture: subscribed to the namespace's capture feed from the moment it starts, it
// keeps the copies taken on its interface (or all, with `any`) that pass its filter, prints each
// as it arrives, and when it ends prints libpcap's statistics on stderr.
//
// The counts follow the kernel's (kernel-notes.md, fact 28): "received by filter" counts every copy
// the filter accepted, including the outgoing copy of each packet on lo, which libpcap then drops
// (pcap-linux.c skips PACKET_OUTGOING on the loopback device) so that looped packets print once;
// "captured" counts the packets printed. With -c N the capture ends after the Nth packet, having
// received whatever else came in the same batch. Ctrl-C ends it with a line feed on stdout (after
// the terminal's ^C) and the statistics.

import { packetBytes } from '../../capture/bytes';
import type { CaptureSource, Subscription } from '../../capture/feed';
import type { CaptureEvent } from '../../capture/types';
import type { Process, ProcessStep, Signal } from '../../shell/types';
import type { TcpdumpArgs } from './args';
import { matches } from './filter/eval';
import type { Filter } from './filter/ast';
import { newPrintState, renderPacket, type PrintOptions } from './render/packet';
import { SeqTracker } from './seq';

export interface CaptureSetup {
	readonly args: TcpdumpArgs;
	/** The device captured on, `any` included. */
	readonly iface: string;
	readonly filter: Filter;
	readonly print: PrintOptions;
	/** The banner written to stderr when the capture starts. */
	readonly banner: string;
}

const plural = (n: number): string => (n === 1 ? '' : 's');

export function statistics(captured: number, received: number): string {
	return `${captured} packet${plural(captured)} captured\n${received} packet${plural(received)} received by filter\n0 packets dropped by kernel\n`;
}

export function startCapture(setup: CaptureSetup, source: CaptureSource): Process {
	const st = newPrintState(new SeqTracker());
	let stdout = '';
	let stderr = setup.banner;
	let captured = 0;
	let received = 0;
	let done = false;
	let sub: Subscription | undefined;
	const linkHeader = setup.print.link === 'LINUX_SLL2' ? 20 : 14;
	const limit = setup.args.count;

	const take = (events: readonly CaptureEvent[]): void => {
		if (done) return;
		for (const e of events) {
			if (setup.iface !== 'any' && e.iface !== setup.iface) continue;
			if (setup.args.direction !== 'inout' && e.direction !== setup.args.direction) continue;
			if (!matches(setup.filter, { packet: e.packet, bytes: packetBytes(e.packet), direction: e.direction, linkHeader })) continue;
			received++;
			if (e.iface === 'lo' && e.direction === 'out') continue;
			if (limit !== undefined && captured >= limit) continue;
			captured++;
			stdout += renderPacket(e, setup.print, st);
		}
		if (limit !== undefined && captured >= limit) finish();
	};

	const finish = (): void => {
		if (done) return;
		done = true;
		sub?.dispose();
		stderr += statistics(captured, received);
	};

	const flush = (exitCode: number | undefined, elapsedMs: number, tail = ''): ProcessStep => {
		const step: ProcessStep = { stdout: stdout + tail, stderr, elapsedMs, ...(exitCode !== undefined ? { exitCode } : {}) };
		stdout = '';
		stderr = '';
		return step;
	};

	sub = source.subscribe(take);

	return {
		kind: 'process',
		advance(ms: number): ProcessStep {
			return done ? flush(0, 0) : flush(undefined, ms);
		},
		signal(sig: Signal): ProcessStep {
			if (done) return flush(0, 0);
			if (sig === 'PIPE') {
				done = true;
				sub?.dispose();
				stdout = '';
				return flush(141, 0);
			}
			// tcpdump's SIGINT handler: a line feed after the ^C, then the statistics.
			finish();
			return flush(0, 0, '\n');
		},
	};
}
