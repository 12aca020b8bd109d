// netstat against real net-tools 2.10 output recorded in a scratch network namespace
// (tests/fixtures/netstat/pod), on the socket table of tests/fixtures/ss/table.ts. netstat pads
// to fixed widths, so rows are compared as a set (the kernel's order is its hash order) and the
// headers exactly; TIME-WAIT timers tick between the recorded commands and are masked.

import { describe, expect, it } from 'vitest';
import { runNetstat } from '../../../src/commands/netstat';
import { NETSTAT_POD, podTable, readIndex, readText, stderrOf, words } from '../../fixtures/ss/table';

const { table } = podTable();

const untimed = (text: string): string => text.replace(/timewait \(\d+\.\d\d\//g, 'timewait (N/');
const rows = (text: string): string[] => untimed(text).split('\n').sort();
const headers = (text: string): string[] => text.split('\n').filter((l) => /^(Active|Proto)/.test(l));

describe('netstat on the recorded scratch pod', () => {
	it.each(readIndex(NETSTAT_POD).map((e) => [e.command, e] as const))('%s', (_, e) => {
		const r = runNetstat(words(e.command).slice(1), table);
		const want = readText(NETSTAT_POD, e.file);
		expect(headers(r.stdout)).toEqual(headers(want));
		expect(rows(r.stdout)).toEqual(rows(want));
		expect(r.stderr).toBe(stderrOf(NETSTAT_POD, e.file));
		expect(r.exitCode).toBe(e.exitCode);
	});
});
