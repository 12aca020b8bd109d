// Reading one rule's packet counter out of any of the three ways iptables shows counters, so a
// check accepts whichever listing the learner chose:
//   iptables -L -v [-n] [-x] [--line-numbers]   a column `pkts` in the chain's block
//   iptables -S -v                              `-A CHAIN … -c PKTS BYTES -j …`
//   iptables-save -c                            `[PKTS:BYTES] -A CHAIN …`
// Without -x, -L abbreviates large numbers (1K, 2M); only "more than zero" matters to the checks
// that use this, and an abbreviated count is never zero.

/** Packet counts of the rules of `chain` jumping to `target` that this output shows (empty: not shown). */
export function packetCounts(output: string, chain: string, target: string): number[] {
	const counts: number[] = [];
	let inBlock = false;
	for (const line of output.split('\n')) {
		const save = /^\[(\d+):\d+\] -A (\S+) .*-j (\S+)/.exec(line);
		if (save !== null) {
			if (save[2] === chain && save[3] === target) counts.push(Number(save[1]));
			continue;
		}
		const spec = /^-A (\S+) .*-c (\d+) \d+ .*-j (\S+)/.exec(line);
		if (spec !== null) {
			if (spec[1] === chain && spec[3] === target) counts.push(Number(spec[2]));
			continue;
		}
		const header = /^Chain (\S+) /.exec(line);
		if (header !== null) {
			inBlock = header[1] === chain;
			continue;
		}
		if (!inBlock) continue;
		const row = /^\s*(?:\d+\s+)?(\d+)([KMGT]?)\s+\d+[KMGT]?\s+(\S+)\s/.exec(line);
		if (row !== null && row[3] === target) counts.push(row[2] === '' ? Number(row[1]) : Number(row[1]) * 1000);
	}
	return counts;
}
