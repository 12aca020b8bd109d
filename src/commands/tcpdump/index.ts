// The `tcpdump` command (tcpdump 4.99.3, libpcap 1.10.3) on a simulated namespace. Options and
// messages as recorded from the real tool (tests/fixtures/tcpdump/args.json); the filter language
// in ./filter; the printing in ./render; the running capture in ./process.ts, fed by the
// namespace's capture feed (src/capture).
//
// The lab binds it to a namespace with a TcpdumpHost: the namespace's interfaces (read when the
// command starts), its capture feed, and its name files for printing without -n.

import type { CaptureSource } from '../../capture/feed';
import type { NameResolver } from '../../netfilter/names';
import type { Interface, Netns } from '../../netns/types';
import type { CommandResult, CommandSpec, Outcome } from '../../shell/types';
import { parseTcpdumpArgs, type TcpdumpArgs } from './args';
import { compileFilter } from './filter/parse';
import { PSEUDO_DEVICES, USAGE_TEXT, VERSION_TEXT } from './help';
import { notSimulated, type Lang } from './messages';
import { startCapture } from './process';
import type { LinkType, PrintOptions } from './render/packet';

export interface TcpdumpHost {
	/** The namespace as it is now. */
	netns(): Netns;
	/** Every packet the namespace's devices see, from the moment of subscribing. */
	readonly capture: CaptureSource;
	/** /etc/hosts and /etc/services of where tcpdump runs (names without -n, `port http`). */
	readonly names: NameResolver;
}

const done = (stdout: string, stderr: string, exitCode: number): CommandResult => ({ stdout, stderr, exitCode });

/** `tcpdump -D`: interfaces that are not loopback, `any`, loopbacks, then libpcap's pseudo-devices. */
function deviceList(ns: Netns): string {
	const up = (i: Interface): boolean => i.flags.includes('UP');
	const real = ns.interfaces.filter((i) => i.kind !== 'loopback');
	const loops = ns.interfaces.filter((i) => i.kind === 'loopback');
	const lines = [
		...real.map((i) => `${i.name} [${up(i) ? 'Up, Running, Connected' : 'none'}]`),
		'any (Pseudo-device that captures on all interfaces) [Up, Running]',
		...loops.map((i) => `${i.name} [${up(i) ? 'Up, Running, Loopback' : 'Loopback'}]`),
		...PSEUDO_DEVICES,
	];
	return lines.map((l, n) => `${n + 1}.${l}\n`).join('');
}

/** Without -i, libpcap's first device: the first interface that is up and not loopback. */
function defaultDevice(ns: Netns): string {
	return ns.interfaces.find((i) => i.kind !== 'loopback' && i.flags.includes('UP'))?.name ?? 'lo';
}

function printOptions(a: TcpdumpArgs, link: LinkType, names: NameResolver): PrintOptions {
	return {
		link,
		naming: { numeric: a.numeric, names },
		verbose: a.verbose,
		quick: a.quick,
		absolute: a.absolute,
		time: a.time,
		ascii: a.ascii,
		hex: a.hex,
		hexAscii: a.hexAscii,
		number: a.number,
	};
}

function banner(a: TcpdumpArgs, iface: string, link: LinkType): string {
	const type = link === 'LINUX_SLL2' ? 'LINUX_SLL2 (Linux cooked v2)' : 'EN10MB (Ethernet)';
	const listening = `listening on ${iface}, link-type ${type}, snapshot length ${a.snaplen} bytes\n`;
	const head = link === 'LINUX_SLL2' ? 'tcpdump: data link type LINUX_SLL2\n' : '';
	return a.verbose > 0 ? `${head}tcpdump: ${listening}` : `${head}tcpdump: verbose output suppressed, use -v[v]... for full protocol decode\n${listening}`;
}

/** Runs `tcpdump ARGS` (without the command name) against a namespace. */
export function runTcpdump(args: readonly string[], host: TcpdumpHost, lang: Lang = 'en'): Outcome {
	const parsed = parseTcpdumpArgs(args);
	if (!parsed.ok) return parsed.kind === 'not-simulated' ? done('', notSimulated(lang, parsed.option), 1) : done('', parsed.message, 1);
	const a = parsed.args;
	if (a.action === 'help') return done(USAGE_TEXT, '', 0);
	if (a.action === 'version') return done(VERSION_TEXT, '', 0);
	const ns = host.netns();
	if (a.action === 'list') return done(deviceList(ns), '', 0);
	const iface = a.iface ?? defaultDevice(ns);
	if (iface !== 'any' && !ns.interfaces.some((i) => i.name === iface)) return done('', `tcpdump: ${iface}: No such device exists\n(No such device exists)\n`, 1);
	const compiled = compileFilter(a.expression, host.names);
	if (!compiled.ok) return done('', `tcpdump: ${compiled.error.message}\n`, 1);
	const link: LinkType = iface === 'any' ? 'LINUX_SLL2' : 'EN10MB';
	return startCapture({ args: a, iface, filter: compiled.filter, print: printOptions(a, link, host.names), banner: banner(a, iface, link) }, host.capture);
}

/** The shell command, bound to one namespace. */
export function tcpdumpCommand(host: TcpdumpHost): CommandSpec {
	return {
		name: 'tcpdump',
		path: '/usr/bin/tcpdump',
		help: {
			summary: {
				en: "print the packets a device of the pod sees (tcpdump 4.99): before netfilter on the way in, after it on the way out",
				zh: '打印 Pod 网卡上看到的数据包（tcpdump 4.99）：入方向在 netfilter 之前抓到，出方向在 netfilter 之后抓到',
			},
			usage: 'tcpdump [-AnlqSvxX#] [ -c count ] [ -i interface ] [ -Q in|out|inout ] [ expression ]',
		},
		run: (args, ctx) => runTcpdump(args, host, ctx.lang),
	};
}

export { parseTcpdumpArgs, type TcpdumpArgs } from './args';
export { compileFilter } from './filter/parse';
export { matches, type FilterInput } from './filter/eval';
export { renderPacket, newPrintState, type PrintOptions, type PrintState, type LinkType } from './render/packet';
export { SeqTracker } from './seq';
export { statistics } from './process';
