// lsof against real lsof 4.95 output recorded in a scratch network namespace
// (tests/fixtures/lsof/pod), on the socket table of tests/fixtures/ss/table.ts: whole outputs
// (lsof sorts by PID and fd), warnings and exit codes included.

import { describe, expect, it } from 'vitest';
import { runLsof } from '../../../src/commands/lsof';
import { LSOF_POD, podTable, readIndex, readText, stderrOf, words } from '../../fixtures/ss/table';

const { table } = podTable();

describe('lsof on the recorded scratch pod', () => {
	it.each(readIndex(LSOF_POD).map((e) => [e.command, e] as const))('%s', (_, e) => {
		const r = runLsof(words(e.command).slice(1), table);
		expect(r.stdout).toBe(readText(LSOF_POD, e.file));
		expect(r.stderr).toBe(stderrOf(LSOF_POD, e.file));
		expect(r.exitCode).toBe(e.exitCode);
	});

	it('lsof -h prints its help on stderr', () => {
		expect(runLsof(['-h'], table)).toEqual({ stdout: '', stderr: readText(LSOF_POD, 'lsof-h.stderr'), exitCode: 0 });
	});
});
