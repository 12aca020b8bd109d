// -p: protocol names and numbers. iptables asks /etc/protocols first and falls back to its own
// short table (xtables_chain_protos), which is why `-p icmpv6` works on hosts that lack the alias.

import type { NameResolver } from './names';

const BUILTIN: readonly (readonly [string, number])[] = [
	['tcp', 6], ['sctp', 132], ['udp', 17], ['udplite', 136], ['icmp', 1], ['icmpv6', 58],
	['ipv6-icmp', 58], ['esp', 50], ['ah', 51], ['ipv6-mh', 135], ['mh', 135], ['all', 0],
];

export function protocolNumber(text: string, resolver: NameResolver): number | undefined {
	if (/^\d+$/.test(text)) {
		const n = Number(text);
		return n <= 255 ? n : undefined;
	}
	const lower = text.toLowerCase();
	if (lower === 'all') return 0;
	return resolver.protocolNumber(lower) ?? BUILTIN.find(([n]) => n === lower)?.[1];
}

/** The name iptables-save and `iptables -L` print for a protocol number (0 is "all"). */
export function protocolText(num: number, resolver: NameResolver): string {
	if (num === 0) return 'all';
	return resolver.protocolName(num) ?? BUILTIN.find(([, n]) => n === num)?.[0] ?? `${num}`;
}
