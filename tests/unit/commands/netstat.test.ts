import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { netstatCommand, runNetstat } from '../../../src/commands/netstat';
import { podTable } from '../../fixtures/ss/table';
import { lab, PRODUCTPAGE, run } from '../lab/helpers';

// netstat (net-tools 2.10) in the bookinfo world: whole outputs where the world puts the shell. The
// formats are proven against the kernel recordings in netstat-recorded.test.ts and
// tests/conformance; inodes, PIDs, fds and ports come from the world's seeded allocators, so the
// outputs are stable.

const PROXY = `${PRODUCTPAGE}/istio-proxy`;
const WORDS = ['-t', '-u', '-x', '-l', '-a', '-n', '-p', '-e', '-o', '-W', '-4', '-6', '-A', 'inet', 'inet6', 'unix', 'bogus', '-tlnp', '-tanp', '-alp', '--numeric-ports', '--numeric-hosts', '--inet', '--unix', '-r', '-i', '-s', '-g', '-M', '-c', '-C', '-F', '-Q', '--bogus', '-h', '-V', '-v', '--wide', '--program', ''];
const NETSTAT = [{ factory: netstatCommand, where: 'program' as const }];

describe('netstat in the bookinfo world', () => {
	it.each([
		{
			at: PROXY,
			line: 'netstat -tlnp',
			stdout: 'Active Internet connections (only servers)\nProto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name    \ntcp        0      0 127.0.0.1:15000         0.0.0.0:*               LISTEN      16/envoy            \ntcp        0      0 0.0.0.0:15090           0.0.0.0:*               LISTEN      16/envoy            \ntcp        0      0 0.0.0.0:15090           0.0.0.0:*               LISTEN      16/envoy            \ntcp        0      0 0.0.0.0:15021           0.0.0.0:*               LISTEN      16/envoy            \ntcp        0      0 0.0.0.0:15021           0.0.0.0:*               LISTEN      16/envoy            \ntcp        0      0 0.0.0.0:15001           0.0.0.0:*               LISTEN      16/envoy            \ntcp        0      0 0.0.0.0:15001           0.0.0.0:*               LISTEN      16/envoy            \ntcp        0      0 0.0.0.0:15006           0.0.0.0:*               LISTEN      16/envoy            \ntcp        0      0 0.0.0.0:15006           0.0.0.0:*               LISTEN      16/envoy            \ntcp6       0      0 :::9080                 :::*                    LISTEN      -                   \ntcp6       0      0 :::15020                :::*                    LISTEN      1/pilot-agent       \n',
			stderr: '',
			exitCode: 0,
		},
		{
			at: PROXY,
			line: 'netstat -tanp',
			stdout: 'Active Internet connections (servers and established)\nProto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name    \ntcp        0      0 127.0.0.1:15000         0.0.0.0:*               LISTEN      16/envoy            \ntcp        0      0 0.0.0.0:15090           0.0.0.0:*               LISTEN      16/envoy            \ntcp        0      0 0.0.0.0:15090           0.0.0.0:*               LISTEN      16/envoy            \ntcp        0      0 0.0.0.0:15021           0.0.0.0:*               LISTEN      16/envoy            \ntcp        0      0 0.0.0.0:15021           0.0.0.0:*               LISTEN      16/envoy            \ntcp        0      0 0.0.0.0:15001           0.0.0.0:*               LISTEN      16/envoy            \ntcp        0      0 0.0.0.0:15001           0.0.0.0:*               LISTEN      16/envoy            \ntcp        0      0 0.0.0.0:15006           0.0.0.0:*               LISTEN      16/envoy            \ntcp        0      0 0.0.0.0:15006           0.0.0.0:*               LISTEN      16/envoy            \ntcp        0      0 10.244.1.5:60639        10.96.61.219:15012      ESTABLISHED 1/pilot-agent       \ntcp        0      0 10.244.1.5:55313        10.96.61.219:15012      ESTABLISHED 1/pilot-agent       \ntcp        0      0 127.0.0.1:51300         127.0.0.1:15020         ESTABLISHED 16/envoy            \ntcp        0      0 127.0.0.1:54540         127.0.0.1:15020         ESTABLISHED 16/envoy            \ntcp6       0      0 :::9080                 :::*                    LISTEN      -                   \ntcp6       0      0 :::15020                :::*                    LISTEN      1/pilot-agent       \ntcp6       0      0 127.0.0.1:15020         127.0.0.1:51300         ESTABLISHED 1/pilot-agent       \ntcp6       0      0 127.0.0.1:15020         127.0.0.1:54540         ESTABLISHED 1/pilot-agent       \n',
			stderr: '',
			exitCode: 0,
		},
		{
			at: PROXY,
			line: 'netstat -lx',
			stdout: 'Active UNIX domain sockets (only servers)\nProto RefCnt Flags       Type       State         I-Node   Path\nunix  2      [ ACC ]     STREAM     LISTENING     30653    etc/istio/proxy/XDS\nunix  2      [ ACC ]     STREAM     LISTENING     30657    var/run/secrets/workload-spiffe-uds/socket\n',
			stderr: '',
			exitCode: 0,
		},
	])('$line at $at', ({ at, line, stdout, stderr, exitCode }) => {
		expect(run(lab({ at, tty: false, extraCommands: NETSTAT }), line)).toEqual({ stdout, stderr, exitCode });
	});

	it('fuzz: netstat answers every combination of options on the recorded pod table without throwing', () => {
		const { table } = podTable();
		fc.assert(
			fc.property(fc.array(fc.constantFrom(...WORDS), { maxLength: 9 }), (args) => {
				const r = runNetstat(args, table);
				expect(typeof r.exitCode).toBe('number');
				expect(r.stdout.length + r.stderr.length).toBeLessThan(1_000_000);
			}),
			{ numRuns: 5000, seed: 20261121 },
		);
	});
});
