// ss against real iproute2 6.1 output recorded in a scratch network namespace
// (tests/fixtures/ss/pod): every recorded command is run on the same socket table and compared.
// The kernel lists sockets in hash order, so rows are compared as a set; the header line, and so
// every column width, must match exactly, as must stderr and the exit code.

import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runSs } from '../../../src/commands/ss';
import { podTable, POD, readIndex, readText, stderrOf, words } from '../../fixtures/ss/table';

const { table, selfPidOf } = podTable();

/** Lines the recording machine's kernel and cgroup setup add, which a kind node does not. */
const ENVIRONMENT = /^(RTNETLINK answers: Invalid argument|Failed to find cgroup2 mount)\n/gm;

/** TIME-WAIT timers tick between the recorded commands: compare them without their seconds. */
const untimed = (text: string): string => text.replace(/timer:\(timewait,\d+sec/g, 'timer:(timewait,Nsec');

const rows = (text: string): { head: string; body: string[] } => {
	const lines = untimed(text).split('\n');
	return { head: lines[0] ?? '', body: lines.slice(1).sort() };
};

describe('ss on the recorded scratch pod', () => {
	const entries = readIndex(POD).filter((e) => e.command.startsWith('ss '));
	it.each(entries.map((e) => [e.command, e] as const))('%s', (_, e) => {
		const args = words(e.command).slice(1);
		const self = selfPidOf(e.file);
		const r = runSs(args, self === undefined ? table : { ...table, selfPid: self }, { cgroup: 'unreachable:1' });
		const want = readText(POD, e.file);
		// -H and -s have no header line to pin the widths: compare them whole, sorted.
		if (args.some((a) => /^-[a-zA-Z]*[Hs]/.test(a))) expect(r.stdout.split('\n').sort()).toEqual(want.split('\n').sort());
		else expect(rows(r.stdout)).toEqual(rows(want));
		expect(r.stderr).toBe(stderrOf(POD, e.file).replace(ENVIRONMENT, ''));
		expect(r.exitCode).toBe(e.exitCode);
	});
});

// On a terminal ss spreads the spare screen width over the columns and breaks a line that is too
// long into screen-wide groups (recorded with `script` at several widths).
describe('ss on a terminal', () => {
	const files = readdirSync(POD).filter((f) => f.startsWith('tty-'));
	it.each(files)('%s', (file) => {
		const [, cols = '', name = ''] = /^tty-(\d+)-(.*)\.txt$/.exec(file) ?? [];
		const args = name.split('_').slice(1);
		const text = readText(POD, file).replace(/^RTNETLINK answers: Invalid argument\n/m, '');
		const self = /^nl +UNCONN +4352 +0 +4:(\d+)/m.exec(text)?.[1];
		const r = runSs(args, self === undefined ? table : { ...table, selfPid: Number(self) }, { screenWidth: Number(cols) });
		expect(rows(r.stdout)).toEqual(rows(text));
	});
});
