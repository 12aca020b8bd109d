// tcpdump's command line, banners and statistics against the real tcpdump 4.99.3: every argv of
// tests/fixtures/tcpdump/args.json (recorded by record/args.py in a namespace with lo and an idle
// eth0, each run stopped after one second by `timeout -s INT`, as Ctrl-C would) is run on the
// same namespace in the simulator. A capture is started, given no packet, and interrupted; its
// stdout, stderr and exit status must be tcpdump's (the recorded 124 is timeout's own status for
// "I had to stop it"; tcpdump itself exits 0 on SIGINT, as the kernel recordings show).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaptureFeed } from '../../../src/capture/feed';
import { runTcpdump, type TcpdumpHost } from '../../../src/commands/tcpdump';
import { addLink, newNetns } from '../../../src/netns/build';
import { NUMERIC_RESOLVER } from '../../../src/netfilter/names';
import { isProcess } from '../../../src/shell/types';

interface Case {
	argv: string[];
	stdout: string;
	stderr: string;
	exitCode: number;
}
const recorded = JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/tcpdump/args.json'), 'utf8')) as { cases: Case[] };

function host(): TcpdumpHost {
	const r = addLink(newNetns('slt-tda'), { name: 'eth0', mac: '02:00:0a:f4:01:05' });
	if (!r.ok) throw new Error(r.error.message);
	return { netns: () => r.value, capture: new CaptureFeed(), names: NUMERIC_RESOLVER };
}

/** Runs the command as the recorder did: a capture gets no packet and is interrupted. */
function run(argv: readonly string[]): { stdout: string; stderr: string; exitCode: number } {
	const o = runTcpdump(argv, host());
	if (!isProcess(o)) return o;
	const a = o.advance(1000);
	const b = o.signal('INT');
	return { stdout: a.stdout + b.stdout, stderr: a.stderr + b.stderr, exitCode: b.exitCode ?? -1 };
}

/** Options the real tool ran that the simulator declines, each with its own message. */
const NOT_SIMULATED = ['tcpdump -i lo -e', 'tcpdump -i any -e', 'tcpdump -i lo -d port 9080'];

describe('tcpdump command line against tcpdump 4.99.3 (tests/fixtures/tcpdump/args.json)', () => {
	const cases = recorded.cases.filter((c) => !NOT_SIMULATED.includes(c.argv.join(' ')));
	it.each(cases.map((c) => [c.argv.join(' '), c] as const))('%s', (_, c) => {
		const expected = { stdout: c.stdout, stderr: c.stderr, exitCode: c.exitCode === 124 ? 0 : c.exitCode };
		expect(run(c.argv.slice(1))).toEqual(expected);
	});

	it.each([
		['-i lo -e', 'printing link-layer headers (-e)'],
		['-i lo -d port 9080', 'printing the compiled BPF code (-d)'],
		['-w x.pcap', 'writing a capture file (-w)'],
	])('tcpdump %s is declined in words of its own', (args, what) => {
		expect(run(args.split(' '))).toEqual({
			stdout: '',
			stderr: `tcpdump: ${what} is not simulated in Sidecar Lab (it prints the packets of the simulated pod; try -n, -v, -A, -X, -c)\n`,
			exitCode: 1,
		});
	});

	it('answers in Chinese when the lab does', () => {
		const o = runTcpdump(['-e'], host(), 'zh');
		expect(isProcess(o) ? '' : o.stderr).toBe('tcpdump: Sidecar 实验室没有模拟打印链路层头部（-e）（这里只打印模拟 Pod 中的数据包；可以试试 -n、-v、-A、-X、-c）\n');
	});
});
