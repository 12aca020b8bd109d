// -m tcp (loaded implicitly by `-p tcp --dport ...`): ports, --tcp-flags, --syn, --tcp-option.

import { ok, param, type XtResult } from '../errors';
import type { MatchExtension } from '../extension';
import { MATCHED, noMatch } from '../engine/types';
import { listPorts, matchPorts, parsePortOption, PORT_OPTIONS, requireProtocol, savePorts, type PortMatchData } from './port-match';

export interface TcpFlags {
	readonly mask: number;
	readonly comp: number;
	readonly invert: boolean;
}

export interface TcpMatchData extends PortMatchData {
	readonly flags?: TcpFlags;
	readonly option?: { readonly kind: number; readonly invert: boolean };
}

/** TCP header flag bits in the order iptables names them. */
const FLAG_BITS: readonly (readonly [string, number])[] = [
	['FIN', 0x01],
	['SYN', 0x02],
	['RST', 0x04],
	['PSH', 0x08],
	['ACK', 0x10],
	['URG', 0x20],
];

function parseFlags(text: string): number | undefined {
	let bits = 0;
	for (const word of text.split(',')) {
		const w = word.toUpperCase();
		if (w === 'ALL') bits |= 0x3f;
		else if (w === 'NONE') continue;
		else {
			const f = FLAG_BITS.find(([n]) => n === w);
			if (f === undefined) return undefined;
			bits |= f[1];
		}
	}
	return bits;
}

function flagNames(bits: number): string {
	if (bits === 0) return 'NONE';
	return FLAG_BITS.filter(([, b]) => bits & b)
		.map(([n]) => n)
		.join(',');
}

const hex2 = (n: number): string => `0x${n.toString(16).toUpperCase().padStart(2, '0')}`;

export const tcp: MatchExtension<TcpMatchData> = {
	kind: 'match',
	name: 'tcp',
	protocols: [6],
	options: [
		...PORT_OPTIONS,
		{ name: 'tcp-flags', args: 2, invertible: true, repeatable: true },
		{ name: 'syn', args: 0, invertible: true, repeatable: true },
		{ name: 'tcp-option', args: 1, invertible: true },
	],
	init: () => ({}),
	parse(data, option, args, invert, ctx): XtResult<TcpMatchData> {
		const ports = parsePortOption('tcp', data, option, args[0] ?? '', invert, ctx);
		if (ports !== undefined) return ports;
		if (option === 'syn' || option === 'tcp-flags') {
			if (data.flags !== undefined) return param("Only one of `--syn' or `--tcp-flags'  allowed");
			// --syn is shorthand for --tcp-flags FIN,SYN,RST,ACK SYN.
			const mask = option === 'syn' ? 0x17 : parseFlags(args[0] ?? '');
			const comp = option === 'syn' ? 0x02 : parseFlags(args[1] ?? '');
			if (mask === undefined) return param(`Unknown TCP flag \`${args[0]}'`);
			if (comp === undefined) return param(`Unknown TCP flag \`${args[1]}'`);
			return ok({ ...data, flags: { mask, comp, invert } });
		}
		const kind = Number(args[0]);
		if (!/^\d+$/.test(args[0] ?? '') || kind < 1 || kind > 255) return param(`Bad TCP option "${args[0]}"`);
		return ok({ ...data, option: { kind, invert } });
	},
	finalCheck: (data, ctx) => requireProtocol('tcp', 6, data, ctx),
	// tcp_mt: ports, then the flags under the mask (--syn is FIN,SYN,RST,ACK SYN). The simulator's
	// packets carry no TCP options, so --tcp-option never finds one.
	matches(data, ctx) {
		const p = ctx.packet;
		if (p.proto !== 6) return noMatch('proto', `${p.proto}`, '6');
		const ports = matchPorts(data, p);
		if (!ports.ok) return ports;
		const f = data.flags;
		if (f && ((p.flags & f.mask) === f.comp) === f.invert) {
			return noMatch('tcp-flags', flagNames(p.flags & 0x3f), `${flagNames(f.mask)} ${flagNames(f.comp)}`, f.invert);
		}
		if (data.option && !data.option.invert) return noMatch('tcp-option', '', `${data.option.kind}`);
		return MATCHED;
	},
	save(data) {
		const out = savePorts(data);
		if (data.option) out.push(`${data.option.invert ? '! ' : ''}--tcp-option ${data.option.kind}`);
		if (data.flags) out.push(`${data.flags.invert ? '! ' : ''}--tcp-flags ${flagNames(data.flags.mask)} ${flagNames(data.flags.comp)}`);
		return out.join(' ');
	},
	list(data, ctx) {
		const out = ['tcp', ...listPorts('tcp', data, ctx)];
		if (data.option) out.push(`option=${data.option.invert ? '!' : ''}${data.option.kind}`);
		if (data.flags) {
			const f = data.flags;
			const text = ctx.numeric ? `${hex2(f.mask)}/${hex2(f.comp)}` : `${flagNames(f.mask)}/${flagNames(f.comp)}`;
			out.push(`flags:${f.invert ? '!' : ''}${text}`);
		}
		return out.join(' ');
	},
};
