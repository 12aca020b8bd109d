// Printing against the real tcpdump, packet for packet: the pcaps recorded by
// tests/fixtures/tcpdump/record/live.py (real TCP over a veth pair and over lo, Linux 6.18) are
// read into the simulator's capture events and printed with each option set the recorder read
// them back with; the result must equal tcpdump's own output byte for byte. Frames the simulator
// does not model (ARP) and DNS (tcpdump decodes port 53, the simulator prints plain UDP) are left
// out of both sides, block by block.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTcpdumpArgs } from '../../../src/commands/tcpdump/args';
import { newPrintState, renderPacket, type LinkType } from '../../../src/commands/tcpdump/render/packet';
import { SeqTracker } from '../../../src/commands/tcpdump/seq';
import { resolverFromFiles } from '../../../src/netfilter/names';
import { readPcap } from './tcpdump-pcap';

const LIVE = join(import.meta.dirname, '../../fixtures/tcpdump/live');
const NAMES = resolverFromFiles({ hosts: '127.0.0.1 localhost\n' });

/** The recorded text cut into one block per packet (a block starts with its timestamp, or with `IP`/`ARP` under -t). */
function blocks(text: string, untimed: boolean): string[] {
	const start = untimed ? /^(\S+ +(In|Out) +)?(IP|ARP)\b/ : /^( *\d+ {2})?( ?\d{2}:\d{2}:\d{2}\.\d{6}|\d{10}\.\d{6}|\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}) /;
	const out: string[] = [];
	for (const line of text.split('\n').slice(0, -1)) {
		if (start.test(line) || out.length === 0) out.push(`${line}\n`);
		else out[out.length - 1] += `${line}\n`;
	}
	return out;
}

const skipped = (block: string): boolean => /(^| )ARP, /.test(block.split('\n')[0] ?? '') || /\.53: /.test(block);

function render(iface: 'eth0' | 'lo' | 'any', opts: string): string {
	const parsed = parseTcpdumpArgs(opts.split(' '));
	if (!parsed.ok) throw new Error(JSON.stringify(parsed));
	const a = parsed.args;
	const link: LinkType = iface === 'any' ? 'LINUX_SLL2' : 'EN10MB';
	const print = { link, naming: { numeric: a.numeric, names: NAMES }, verbose: a.verbose, quick: a.quick, absolute: a.absolute, time: a.time, ascii: a.ascii, hex: a.hex, hexAscii: a.hexAscii, number: a.number };
	const st = newPrintState(new SeqTracker());
	let out = '';
	for (const p of readPcap(join(LIVE, `${iface}.pcap`))) {
		// tcpdump printed ARP and DNS too: they count for -#, -ttt and -ttttt, but are not compared.
		if (p.event === undefined || p.event.packet.dport === 53) {
			st.previousUs = p.timeUs;
			st.firstUs ??= p.timeUs;
			st.printed++;
			continue;
		}
		out += renderPacket(p.event, print, st);
	}
	return out;
}

const OPTION_SETS = ['-n', '-n -v', '-n -vv', '-n -vvvv', '-n -A', '-n -vvvv -A', '-n -S', '-n -q', '-n -t', '-n -tt', '-n -ttt', '-n -tttt', '-n -ttttt', '-n -X', '-n -x', '-n -#'];

describe.each(['eth0', 'lo', 'any'] as const)('tcpdump -r %s.pcap', (iface) => {
	it.each(OPTION_SETS)('%s', (opts) => {
		const file = `${iface}.${opts.replace(/ /g, '').replace(/-/g, '_').replace(/^_/, '')}.txt`;
		// A packet's block is cut from the recorded text by its first line (its number and timestamp).
		let recorded = readFileSync(join(LIVE, file), 'utf8');
		// The file was read back on a host where ifindex 2 is ifb0; in the pod it was eth0.
		if (iface === 'any') recorded = recorded.replace(/\bifb0(?= +(In|Out) )/g, 'eth0');
		const expected = blocks(recorded, opts.endsWith('-t')).filter((b) => !skipped(b)).join('');
		expect(render(iface, opts)).toBe(expected);
	});
});

describe('names without -n', () => {
	it('prints localhost from /etc/hosts where -n prints 127.0.0.1', () => {
		const expected = readFileSync(join(LIVE, 'lo.n.txt'), 'utf8').replace(/127\.0\.0\.1\./g, 'localhost.');
		const st = newPrintState(new SeqTracker());
		const print = { link: 'EN10MB' as const, naming: { numeric: false, names: NAMES }, verbose: 0, quick: false, absolute: false, time: 0 as const, ascii: false, hex: 0, hexAscii: 0, number: false };
		const out = readPcap(join(LIVE, 'lo.pcap')).flatMap((p) => (p.event ? [renderPacket(p.event, print, st)] : [])).join('');
		expect(out).toBe(expected);
	});
});
