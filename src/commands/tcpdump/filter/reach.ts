// libpcap's optimizer refuses a filter that can never accept a packet ("expression rejects all
// packets", e.g. `ip6 and ip`, `tcp and udp`). Its reasoning works on the compiled BPF; this
// reaches the same verdict for the protocol structure of an expression: each primitive is
// true, false or unknown for each kind of packet, combined in three-valued logic, and the filter
// is refused when it is false for every kind.

import type { Arith, Filter } from './ast';

type Tri = 'T' | 'F' | 'U';

/** Packet kinds: network layer and transport. */
const KINDS = ['ip/tcp', 'ip/udp', 'ip/icmp', 'ip/other', 'ip6/tcp', 'ip6/udp', 'ip6/icmp6', 'ip6/other', 'arp', 'other'] as const;
type Kind = (typeof KINDS)[number];

const PROTO_OF: Readonly<Record<string, (k: Kind) => boolean>> = {
	ip: (k) => k.startsWith('ip/'),
	ip6: (k) => k.startsWith('ip6/'),
	tcp: (k) => k.endsWith('/tcp'),
	udp: (k) => k.endsWith('/udp'),
	icmp: (k) => k === 'ip/icmp',
	icmp6: (k) => k === 'ip6/icmp6',
	arp: (k) => k === 'arp',
	rarp: (k) => k === 'other',
	sctp: (k) => k.endsWith('/other'),
	igmp: (k) => k === 'ip/other',
};

const onIp = (k: Kind): boolean => k !== 'arp' && k !== 'other';

function loadsFrom(a: Arith): string[] {
	switch (a.kind) {
		case 'load':
			return [a.proto, ...loadsFrom(a.offset)];
		case 'neg':
			return loadsFrom(a.arg);
		case 'bin':
			return [...loadsFrom(a.left), ...loadsFrom(a.right)];
		default:
			return [];
	}
}

function truth(f: Filter, k: Kind): Tri {
	switch (f.kind) {
		case 'true':
			return 'T';
		case 'not': {
			const v = truth(f.expr, k);
			return v === 'U' ? 'U' : v === 'T' ? 'F' : 'T';
		}
		case 'and': {
			const a = truth(f.left, k);
			const b = truth(f.right, k);
			return a === 'F' || b === 'F' ? 'F' : a === 'T' && b === 'T' ? 'T' : 'U';
		}
		case 'or': {
			const a = truth(f.left, k);
			const b = truth(f.right, k);
			return a === 'T' || b === 'T' ? 'T' : a === 'F' && b === 'F' ? 'F' : 'U';
		}
		case 'proto': {
			const test = PROTO_OF[f.name];
			return test === undefined ? 'U' : test(k) ? 'T' : 'F';
		}
		case 'ipproto':
			if (!onIp(k) || (f.family === 'ip' && !k.startsWith('ip/')) || (f.family === 'ip6' && !k.startsWith('ip6/'))) return 'F';
			return 'U';
		case 'net4':
			return k.startsWith('ip/') || k === 'arp' ? 'U' : 'F';
		case 'net6':
			return k.startsWith('ip6/') ? 'U' : 'F';
		case 'port':
			if (!onIp(k) || k.endsWith('icmp') || k.endsWith('icmp6')) return 'F';
			if (f.proto === 'tcp' && !k.endsWith('/tcp')) return 'F';
			if (f.proto === 'udp' && !k.endsWith('/udp')) return 'F';
			return 'U';
		case 'rel':
			for (const p of [...loadsFrom(f.left), ...loadsFrom(f.right)]) {
				const test = PROTO_OF[p];
				if (test !== undefined && !test(k)) return 'F';
			}
			return 'U';
		case 'direction':
			return 'U';
	}
}

export function rejectsAll(f: Filter): boolean {
	return KINDS.every((k) => truth(f, k) === 'F');
}
