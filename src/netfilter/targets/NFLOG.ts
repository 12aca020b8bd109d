// -j NFLOG: send the packet to userspace over nfnetlink_log. Istio's old trace logging
// (--iptables-trace-logging, up to 1.24) added `-j NFLOG --nflog-prefix ... --nflog-group 1337`.

import { ok, param, type XtResult } from '../errors';
import { quoteIfNeeded, type TargetExtension } from '../extension';

export interface NflogData {
	readonly group: number;
	readonly prefix?: string;
	readonly size?: number;
	readonly threshold: number;
}

export const NFLOG: TargetExtension<NflogData> = {
	kind: 'target',
	name: 'NFLOG',
	options: ['nflog-group', 'nflog-prefix', 'nflog-range', 'nflog-size', 'nflog-threshold'].map((name) => ({ name, args: 1 as const })),
	init: () => ({ group: 0, threshold: 1 }),
	parse(data, option, args, _invert, ctx): XtResult<NflogData> {
		const arg = args[0] ?? '';
		if (option === 'nflog-prefix') return ok({ ...data, prefix: arg });
		const max = option === 'nflog-group' || option === 'nflog-threshold' ? 65535 : 4294967295;
		const n = /^\d+$/.test(arg) && Number(arg) <= max ? Number(arg) : undefined;
		if (n === undefined) return param(`NFLOG: bad value for option "--${option}", or out of range (0-${max}).\n`);
		switch (option) {
			case 'nflog-group':
				return ok({ ...data, group: n });
			case 'nflog-size':
				return ok({ ...data, size: n });
			case 'nflog-threshold':
				return ok({ ...data, threshold: n });
			default:
				// libxt_NFLOG: the range was never passed to the kernel; the option is only warned about.
				ctx.warn('warn: --nflog-range has never worked and is no longer supported, please use --nflog-size instead\n');
				return ok(data);
		}
	},
	verdict: (d) => ({ kind: 'continue', effect: { log: d.prefix ?? '' } }),
	save(d) {
		const out: string[] = [];
		if (d.prefix !== undefined) out.push(`--nflog-prefix ${quoteIfNeeded(d.prefix)}`);
		if (d.group !== 0) out.push(`--nflog-group ${d.group}`);
		if (d.size !== undefined) out.push(`--nflog-size ${d.size}`);
		if (d.threshold !== 1) out.push(`--nflog-threshold ${d.threshold}`);
		return out.join(' ');
	},
	list(d) {
		const out: string[] = [];
		if (d.prefix !== undefined) out.push(`nflog-prefix ${quoteIfNeeded(d.prefix)}`);
		if (d.group !== 0) out.push(`nflog-group ${d.group}`);
		if (d.size !== undefined) out.push(`nflog-size ${d.size}`);
		if (d.threshold !== 1) out.push(`nflog-threshold ${d.threshold}`);
		return out.join(' ');
	},
};
