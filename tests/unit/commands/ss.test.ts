import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runSs } from '../../../src/commands/ss';
import { podTable } from '../../fixtures/ss/table';
import { lab, PRODUCTPAGE, run } from '../lab/helpers';

// ss (iproute2 6.1) in the bookinfo world: whole outputs where the world puts the shell. The
// formats are proven against the kernel recordings in ss-recorded.test.ts and
// tests/conformance; inodes, PIDs, fds and ports come from the world's seeded allocators, so the
// outputs are stable.

const PROXY = `${PRODUCTPAGE}/istio-proxy`;
const WORDS = ['-t', '-u', '-x', '-l', '-a', '-n', '-p', '-e', '-o', '-s', '-4', '-6', '-r', '-i', '-m', '-lntp', '-tanp', '-ln', '-H', '-O', '-A', 'tcp', 'unix', 'inet', '-f', 'link', 'state', 'established', 'listening', 'time-wait', 'all', 'connected', 'synchronized', 'bucket', 'big', 'sport', 'dport', 'src', 'dst', '=', '!=', '>', '<', ':15001', ':9080', '10.96.0.50', '127.0.0.1', '[::1]', '*:*', 'localhost', 'unix:/run/x', '(', ')', 'or', 'and', 'not', '!', 'exclude', '--bogus', '-Z', '-K', '-E', '-N', 'ns', '-h', '-V', '--summary', '--numeric', '--processes', 'mysql', 'xyz', ''];

describe('ss in the bookinfo world', () => {
	it.each([
		{
			at: 'node',
			line: 'ss -ltnp',
			stdout: 'State  Recv-Q Send-Q Local Address:Port  Peer Address:PortProcess                            \nLISTEN 0      4096       127.0.0.1:42637      0.0.0.0:*    users:(("containerd",pid=5,fd=3)) \nLISTEN 0      4096       127.0.0.1:10248      0.0.0.0:*    users:(("kubelet",pid=11,fd=3))   \nLISTEN 0      4096       127.0.0.1:10249      0.0.0.0:*    users:(("kube-proxy",pid=24,fd=3))\nLISTEN 0      4096               *:10250            *:*    users:(("kubelet",pid=11,fd=4))   \nLISTEN 0      4096               *:10256            *:*    users:(("kube-proxy",pid=24,fd=4))\n',
			stderr: '',
			exitCode: 0,
		},
		{
			at: PRODUCTPAGE,
			line: 'ss -tnp state established',
			stdout: 'Recv-Q Send-Q      Local Address:Port        Peer Address:Port Process                                \n0      0              10.244.1.5:60639       10.96.61.219:15012 users:(("pilot-agent",pid=3059,fd=11))\n0      0              10.244.1.5:55313       10.96.61.219:15012 users:(("pilot-agent",pid=3059,fd=12))\n0      0               127.0.0.1:51300          127.0.0.1:15020 users:(("envoy",pid=3074,fd=30))      \n0      0               127.0.0.1:54540          127.0.0.1:15020 users:(("envoy",pid=3074,fd=31))      \n0      0      [::ffff:127.0.0.1]:15020 [::ffff:127.0.0.1]:51300 users:(("pilot-agent",pid=3059,fd=14))\n0      0      [::ffff:127.0.0.1]:15020 [::ffff:127.0.0.1]:54540 users:(("pilot-agent",pid=3059,fd=15))\n',
			stderr: '',
			exitCode: 0,
		},
		{
			at: PRODUCTPAGE,
			line: 'ss -lx',
			stdout: 'Netid State  Recv-Q Send-Q                              Local Address:Port  Peer Address:PortProcess\nu_str LISTEN 0      4096                          etc/istio/proxy/XDS 30653            * 0          \nu_str LISTEN 0      4096   var/run/secrets/workload-spiffe-uds/socket 30657            * 0          \n',
			stderr: '',
			exitCode: 0,
		},
		{
			at: PRODUCTPAGE,
			line: 'ss -tlne sport = :15006',
			stdout: 'State  Recv-Q Send-Q Local Address:Port  Peer Address:PortProcess                                 \nLISTEN 0      4096         0.0.0.0:15006      0.0.0.0:*    uid:1337 ino:30683 sk:87db cgroup:/ <->\nLISTEN 0      4096         0.0.0.0:15006      0.0.0.0:*    uid:1337 ino:30686 sk:87de cgroup:/ <->\n',
			stderr: '',
			exitCode: 0,
		},
		{
			at: PRODUCTPAGE,
			line: 'ss -tn \'( dport = :15012 or sport = :15012 )\'',
			stdout: 'State Recv-Q Send-Q Local Address:Port  Peer Address:Port Process\nESTAB 0      0         10.244.1.5:60639 10.96.61.219:15012       \nESTAB 0      0         10.244.1.5:55313 10.96.61.219:15012       \n',
			stderr: '',
			exitCode: 0,
		},
		{
			at: PRODUCTPAGE,
			line: 'ss -ltu',
			stdout: 'Netid State  Recv-Q Send-Q Local Address:Port  Peer Address:PortProcess\ntcp   LISTEN 0      4096       127.0.0.1:15000      0.0.0.0:*          \ntcp   LISTEN 0      4096         0.0.0.0:15090      0.0.0.0:*          \ntcp   LISTEN 0      4096         0.0.0.0:15090      0.0.0.0:*          \ntcp   LISTEN 0      4096         0.0.0.0:15021      0.0.0.0:*          \ntcp   LISTEN 0      4096         0.0.0.0:15021      0.0.0.0:*          \ntcp   LISTEN 0      4096         0.0.0.0:15001      0.0.0.0:*          \ntcp   LISTEN 0      4096         0.0.0.0:15001      0.0.0.0:*          \ntcp   LISTEN 0      4096         0.0.0.0:15006      0.0.0.0:*          \ntcp   LISTEN 0      4096         0.0.0.0:15006      0.0.0.0:*          \ntcp   LISTEN 0      2048               *:9080             *:*          \ntcp   LISTEN 0      4096               *:15020            *:*          \n',
			stderr: '',
			exitCode: 0,
		},
		{
			at: PROXY,
			line: 'ss -ltnp',
			stdout: 'State  Recv-Q Send-Q Local Address:Port  Peer Address:PortProcess                        \nLISTEN 0      4096       127.0.0.1:15000      0.0.0.0:*    users:(("envoy",pid=16,fd=17))\nLISTEN 0      4096         0.0.0.0:15090      0.0.0.0:*    users:(("envoy",pid=16,fd=19))\nLISTEN 0      4096         0.0.0.0:15090      0.0.0.0:*    users:(("envoy",pid=16,fd=20))\nLISTEN 0      4096         0.0.0.0:15021      0.0.0.0:*    users:(("envoy",pid=16,fd=22))\nLISTEN 0      4096         0.0.0.0:15021      0.0.0.0:*    users:(("envoy",pid=16,fd=23))\nLISTEN 0      4096         0.0.0.0:15001      0.0.0.0:*    users:(("envoy",pid=16,fd=24))\nLISTEN 0      4096         0.0.0.0:15001      0.0.0.0:*    users:(("envoy",pid=16,fd=25))\nLISTEN 0      4096         0.0.0.0:15006      0.0.0.0:*    users:(("envoy",pid=16,fd=26))\nLISTEN 0      4096         0.0.0.0:15006      0.0.0.0:*    users:(("envoy",pid=16,fd=27))\nLISTEN 0      2048               *:9080             *:*                                  \nLISTEN 0      4096               *:15020            *:*    users:(("pilot-agent",pid=1,fd=8))\n',
			stderr: '',
			exitCode: 0,
		},
	])('$line at $at', ({ at, line, stdout, stderr, exitCode }) => {
		expect(run(lab({ at, tty: false }), line)).toEqual({ stdout, stderr, exitCode });
	});

	it('fuzz: ss answers every combination of options on the recorded pod table without throwing', () => {
		const { table } = podTable();
		fc.assert(
			fc.property(fc.array(fc.constantFrom(...WORDS), { maxLength: 9 }), (args) => {
				const r = runSs(args, table);
				expect(typeof r.exitCode).toBe('number');
				expect(r.stdout.length + r.stderr.length).toBeLessThan(1_000_000);
			}),
			{ numRuns: 5000, seed: 20261121 },
		);
	});
});
