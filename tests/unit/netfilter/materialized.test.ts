// Every materialized golden case: load the Istio restore input the way the generator did
// (iptables-{nft,legacy}-restore --noflush into an empty namespace) and compare each recorded
// output of iptables 1.8.9 byte for byte (dates masked).

import { describe, expect, it } from 'vitest';
import { runXtables } from '../../../src/netfilter/tool';
import { emptyState, type NetfilterState } from '../../../src/netfilter/types';
import { env, list, maskDates, read } from './fixtures';

const ENV = env('materialized');

/** Maps a materialized file name to the argv that produced it (backend suffix added below). */
function argvFor(file: string): { tool: string; args: string[] } | undefined {
	if (file === 'iptables-save.txt') return { tool: 'iptables-save', args: [] };
	if (file === 'ip6tables-save.txt') return { tool: 'ip6tables-save', args: [] };
	if (file === 'iptables-L.txt') return { tool: 'iptables', args: ['-L'] };
	if (file === 'iptables-L-n-v.txt') return { tool: 'iptables', args: ['-L', '-n', '-v'] };
	const m = /^iptables-t-(\w+)-(S|L|L-n-v|L-n-v-line-numbers)\.txt$/.exec(file);
	if (m === null) return undefined;
	const flags: Record<string, string[]> = { S: ['-S'], L: ['-L'], 'L-n-v': ['-L', '-n', '-v'], 'L-n-v-line-numbers': ['-L', '-n', '-v', '--line-numbers'] };
	return { tool: 'iptables', args: ['-t', m[1] ?? '', ...(flags[m[2] ?? ''] ?? [])] };
}

function named(tool: string, backend: string): string {
	return tool.replace(/^(ip6?tables)/, `$1-${backend}`);
}

const cases = list('materialized', 'inputs').map((f) => f.replace('.v4.restore', ''));

describe.each(['nft', 'legacy'])('materialized (%s)', (backend) => {
	describe.each(cases)('%s', (name) => {
		const input = read('materialized', 'inputs', `${name}.v4.restore`);
		const loaded = runXtables([named('iptables-restore', backend), '--noflush'], input, emptyState(), ENV);
		const state: NetfilterState = loaded.state;

		it('restores without error', () => {
			expect(loaded.result).toEqual({ stdout: '', stderr: '', exitCode: 0 });
		});

		it.each(list('materialized', backend, name))('%s', (file) => {
			const how = argvFor(file);
			expect(how).toBeDefined();
			if (how === undefined) return;
			const run = runXtables([named(how.tool, backend), ...how.args], '', state, ENV);
			expect(run.result.stderr).toBe('');
			expect(maskDates(run.result.stdout)).toBe(maskDates(read('materialized', backend, name, file)));
		});
	});
});
