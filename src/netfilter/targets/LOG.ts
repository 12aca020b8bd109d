// -j LOG: write a kernel log line for the packet and continue with the next rule.

import { ok, param, type XtResult } from '../errors';
import { quoteIfNeeded, type TargetExtension } from '../extension';

export interface LogData {
	readonly level: number;
	readonly prefix?: string;
	/** XT_LOG_* bits: 1 tcp-sequence, 2 tcp-options, 4 ip-options, 8 uid, 0x20 macdecode. */
	readonly flags: number;
}

/** Names accepted by --log-level, as iptables' LOG extension knows them (no "err"). */
const LEVEL_NAMES: Readonly<Record<string, number>> = {
	alert: 1, crit: 2, debug: 7, emerg: 0, error: 3, info: 6, notice: 5, panic: 0, warning: 4,
};
/** Names `iptables -L` prints for each level. */
const LEVEL_WORDS = ['emerg', 'alert', 'crit', 'err', 'warn', 'notice', 'info', 'debug'];

const FLAGS: readonly (readonly [string, number, string])[] = [
	['log-tcp-sequence', 0x01, 'tcp-sequence'],
	['log-tcp-options', 0x02, 'tcp-options'],
	['log-ip-options', 0x04, 'ip-options'],
	['log-uid', 0x08, 'uid'],
	['log-macdecode', 0x20, 'macdecode'],
];

export const LOG: TargetExtension<LogData> = {
	kind: 'target',
	name: 'LOG',
	options: [{ name: 'log-level', args: 1 }, { name: 'log-prefix', args: 1 }, ...FLAGS.map(([name]) => ({ name, args: 0 as const }))],
	init: () => ({ level: 4, flags: 0 }),
	parse(data, option, args): XtResult<LogData> {
		const arg = args[0] ?? '';
		if (option === 'log-level') {
			const level = /^[0-7]$/.test(arg) ? Number(arg) : LEVEL_NAMES[arg];
			return level === undefined ? param(`log level "${arg}" unknown\n`) : ok({ ...data, level });
		}
		// The kernel's prefix buffer holds 29 characters and a NUL; longer prefixes are cut.
		if (option === 'log-prefix') return ok({ ...data, prefix: arg.slice(0, 29) });
		const bit = FLAGS.find(([n]) => n === option)?.[1] ?? 0;
		return ok({ ...data, flags: data.flags | bit });
	},
	verdict: (d) => ({ kind: 'continue', effect: { log: d.prefix ?? '' } }),
	save(d) {
		const out: string[] = [];
		if (d.prefix !== undefined) out.push(`--log-prefix ${quoteIfNeeded(d.prefix)}`);
		if (d.level !== 4) out.push(`--log-level ${d.level}`);
		for (const [name, bit] of FLAGS) if (d.flags & bit) out.push(`--${name}`);
		return out.join(' ');
	},
	list(d, ctx) {
		const out = ['LOG'];
		if (ctx.numeric) out.push(`flags ${d.flags} level ${d.level}`);
		else {
			out.push(`level ${LEVEL_WORDS[d.level] ?? d.level}`);
			for (const [, bit, word] of FLAGS) if (d.flags & bit) out.push(word);
		}
		if (d.prefix !== undefined) out.push(`prefix "${d.prefix}"`);
		return out.join(' ');
	},
};
