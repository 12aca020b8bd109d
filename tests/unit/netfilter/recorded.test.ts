// Ground truth recorded from the real iptables 1.8.9 (tests/fixtures/iptables/recorded/README.md):
// each case is a sequence of commands run in one fresh network namespace; the simulator runs the
// same sequence from an empty state and must print the same stdout and stderr and exit the same.

import { describe, expect, it } from 'vitest';
import { runXtables } from '../../../src/netfilter/tool';
import { emptyState, type NetfilterState } from '../../../src/netfilter/types';
import { env, maskDates, read } from './fixtures';

interface Step {
	readonly argv: readonly string[];
	readonly stdin?: string;
	readonly stdout: string;
	readonly stderr: string;
	readonly exitCode: number | null;
}
interface Case {
	readonly name: string;
	readonly steps: readonly Step[];
}

const ENV = env('host');
const CASES = JSON.parse(read('recorded', 'recorded.json')) as Case[];

/**
 * Steps whose output the simulator does not reproduce, with the reason. Their effect on the state
 * is still applied so later steps stay comparable.
 */
export const KNOWN_GAPS: Readonly<Record<string, string>> = {
	'restore-nft#46': 'the real iptables-restore 1.8.9 (nf_tables) crashes on -D/-R inside a restore; the simulator applies them',
	'restore-nft#47': 'state after the crash above',
	'restore-nft#85': 'iptables-restore -v echoes flushes and rules in a print format the simulator does not render',
	'restore-legacy#85': 'iptables-restore -v echoes flushes and rules in a print format the simulator does not render',
};

describe.each(CASES)('$name', (c) => {
	let state: NetfilterState = emptyState();
	const results = c.steps.map((step) => {
		const run = runXtables(step.argv, step.stdin ?? '', state, ENV);
		state = run.state;
		return run.result;
	});
	c.steps.forEach((step, i) => {
		const gap = KNOWN_GAPS[`${c.name}#${i}`];
		const test = gap === undefined ? it : it.skip;
		test(`step ${i}: ${step.argv.join(' ')}${gap === undefined ? '' : ` (known gap: ${gap})`}`, () => {
			const got = results[i];
			expect({ stdout: maskDates(got?.stdout ?? ''), stderr: maskDates(got?.stderr ?? ''), exitCode: got?.exitCode }).toEqual({
				stdout: step.stdout,
				stderr: step.stderr,
				exitCode: step.exitCode,
			});
		});
	});
});
