import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ncCommand, ncCommandWith, parseNcArgs } from '../../../src/commands/nc';
import type { Tapped } from '../../../src/sockets-view/dial';
import { ssCommand } from '../../../src/commands/ss';
import { NUMERIC_NAMES, namesFrom } from '../../../src/sockets-view/names';
import { lab, PRODUCTPAGE, run } from '../lab/helpers';

// nc -z in the bookinfo world (the formats are proven in nc-recorded.test.ts), from the
// istio-proxy container, the only image of the world that ships netcat.

const PROXY = `${PRODUCTPAGE}/istio-proxy`;
const at = () => lab({ at: PROXY, tty: false, extraCommands: [{ factory: ncCommand, where: 'program' }, { factory: ssCommand, where: 'program' }] });

describe('nc -z through the world', () => {
	it('scans a range of the pod: the status port on ::, Envoy health on 0.0.0.0', () => {
		expect(run(at(), 'nc -zv 127.0.0.1 15019-15021')).toEqual({
			stdout: '',
			stderr: 'nc: connect to 127.0.0.1 port 15019 (tcp) failed: Connection refused\nConnection to 127.0.0.1 15020 port [tcp/*] succeeded!\nConnection to 127.0.0.1 15021 port [tcp/*] succeeded!\n',
			exitCode: 0,
		});
	});

	it('a Service by name, and a named port served by a pod on the other node', () => {
		const l = at();
		expect(run(l, 'nc -zv details 9080')).toEqual({ stdout: '', stderr: 'Connection to details (10.96.0.50) 9080 port [tcp/*] succeeded!\n', exitCode: 0 });
		expect(run(l, 'nc -zv 10.96.0.10 53')).toEqual({ stdout: '', stderr: 'Connection to 10.96.0.10 53 port [tcp/domain] succeeded!\n', exitCode: 0 });
	});

	it('leaves a TIME-WAIT socket: nc closes first', () => {
		const l = at();
		expect(run(l, 'nc -z 127.0.0.1 15000')).toEqual({ stdout: '', stderr: '', exitCode: 0 });
		const out = run(l, 'ss -tn state time-wait').stdout;
		const port = /127\.0\.0\.1:(\d+) /.exec(out)?.[1] ?? '';
		// A five-digit peer port widens the Port column: the header pads it before Process.
		expect(out).toBe(`Recv-Q Send-Q Local Address:Port  Peer Address:Port Process\n0      0          127.0.0.1:${port}    127.0.0.1:15000       \n`);
	});

	it('-w cuts a connect nobody answers; without it the kernel gives up after its SYN retries', () => {
		const l = at();
		expect(run(l, 'nc -zv -w 3 192.0.2.1 80')).toEqual({ stdout: '', stderr: 'nc: connect to 192.0.2.1 port 80 (tcp) timed out: Operation now in progress\n', exitCode: 1 });
		const job = l.shell.start('nc -zv 192.0.2.1 80');
		expect(job.advance(120_000).done).toBe(false);
		const end = job.advance(10_000);
		expect({ done: end.done, exitCode: end.exitCode, text: end.output.map((e) => e.text).join('') }).toEqual({ done: true, exitCode: 1, text: 'nc: connect to 192.0.2.1 port 80 (tcp) failed: Connection timed out\n' });
	});

	it('hands its packets to the tap: a handshake and a close, no data', () => {
		const seen: Tapped[] = [];
		const l = lab({ at: PROXY, tty: false, extraCommands: [{ factory: (h) => ncCommandWith(h, { tap: (p) => seen.push(p) }), where: 'program' }] });
		expect(run(l, 'nc -z 127.0.0.1 15000').exitCode).toBe(0);
		expect(seen.map((p) => [p.trace.direction, p.trace.flags, p.data])).toEqual([
			['original', 0x02, undefined],
			['reply', 0x12, undefined],
			['original', 0x10, undefined],
			['original', 0x11, undefined],
			['reply', 0x11, undefined],
			['original', 0x10, undefined],
		]);
	});

	it('says what it does not simulate', () => {
		expect(run(at(), 'nc details 9080')).toEqual({ stdout: '', stderr: 'nc: nc without -z is not simulated in this lab (it simulates port checks: nc -zv HOST PORT)\n', exitCode: 1 });
		expect(run(lab({ at: PROXY, lang: 'zh', extraCommands: [{ factory: ncCommand, where: 'program' }] }), 'nc -l 8080')).toEqual({ stdout: '', stderr: 'nc: 本实验未模拟 -l（只模拟端口探测：nc -zv 主机 端口）\n', exitCode: 1 });
	});

	it('fuzz: the parser answers every combination without throwing', () => {
		const names = namesFrom({});
		const words = ['-z', '-v', '-n', '-zv', '-zvn', '-4', '-6', '-w', '2', 'abc', '-w0', '-l', '-u', '-Q', '--bogus', '-h', 'localhost', '127.0.0.1', '::1', 'http', '80', '0', '70000', '1-3', '3-1', 'a-b', '15000-15002', '-p', '-x', ''];
		fc.assert(
			fc.property(fc.array(fc.constantFrom(...words), { maxLength: 8 }), fc.boolean(), (args, numeric) => {
				const r = parseNcArgs(args, numeric ? NUMERIC_NAMES : names);
				expect(['run', 'exit', 'unsimulated']).toContain(r.kind);
			}),
			{ numRuns: 5000, seed: 20261121 },
		);
	});
});
