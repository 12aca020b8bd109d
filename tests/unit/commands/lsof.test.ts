import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lsofCommand, runLsof } from '../../../src/commands/lsof';
import { podTable } from '../../fixtures/ss/table';
import { lab, PRODUCTPAGE, run } from '../lab/helpers';

// lsof (4.95) in the bookinfo world: whole outputs where the world puts the shell. The
// formats are proven against the kernel recordings in lsof-recorded.test.ts and
// tests/conformance; inodes, PIDs, fds and ports come from the world's seeded allocators, so the
// outputs are stable.

const PROXY = `${PRODUCTPAGE}/istio-proxy`;
const WORDS = ['-i', '-i4', '-i6', '-iTCP', '-iUDP', '-i:15001', ':15020', 'TCP:9080', '@127.0.0.1', '@[::1]:15020', 'TCP@10.96.0.50:9080', '-n', '-P', '-nP', '-l', '-t', '-w', '-a', '-c', 'envoy', '-p', '1', '^1', '-u', 'istio-proxy', '^root', '1337', '-s', 'TCP:LISTEN', 'TCP:^ESTABLISHED', '-U', '+c', '15', '-h', '-v', '-Q', '-d', 'cwd', '/etc/passwd', 'bogus', ''];
const LSOF = [{ factory: lsofCommand, where: 'program' as const }];

describe('lsof in the bookinfo world', () => {
	it.each([
		{
			at: PROXY,
			line: 'lsof -i -nP',
			stdout: 'COMMAND   PID        USER   FD   TYPE DEVICE SIZE/OFF NODE NAME\npilot-age   1 istio-proxy    8u  IPv6  30659      0t0  TCP *:15020 (LISTEN)\npilot-age   1 istio-proxy   11u  IPv4  30699      0t0  TCP 10.244.1.5:60639->10.96.61.219:15012 (ESTABLISHED)\npilot-age   1 istio-proxy   12u  IPv4  30702      0t0  TCP 10.244.1.5:55313->10.96.61.219:15012 (ESTABLISHED)\npilot-age   1 istio-proxy   14u  IPv6  30706      0t0  TCP 127.0.0.1:15020->127.0.0.1:51300 (ESTABLISHED)\npilot-age   1 istio-proxy   15u  IPv6  30712      0t0  TCP 127.0.0.1:15020->127.0.0.1:54540 (ESTABLISHED)\nenvoy      16 istio-proxy   17u  IPv4  30663      0t0  TCP 127.0.0.1:15000 (LISTEN)\nenvoy      16 istio-proxy   19u  IPv4  30665      0t0  TCP *:15090 (LISTEN)\nenvoy      16 istio-proxy   20u  IPv4  30668      0t0  TCP *:15090 (LISTEN)\nenvoy      16 istio-proxy   22u  IPv4  30672      0t0  TCP *:15021 (LISTEN)\nenvoy      16 istio-proxy   23u  IPv4  30674      0t0  TCP *:15021 (LISTEN)\nenvoy      16 istio-proxy   24u  IPv4  30676      0t0  TCP *:15001 (LISTEN)\nenvoy      16 istio-proxy   25u  IPv4  30680      0t0  TCP *:15001 (LISTEN)\nenvoy      16 istio-proxy   26u  IPv4  30683      0t0  TCP *:15006 (LISTEN)\nenvoy      16 istio-proxy   27u  IPv4  30686      0t0  TCP *:15006 (LISTEN)\nenvoy      16 istio-proxy   30u  IPv4  30705      0t0  TCP 127.0.0.1:51300->127.0.0.1:15020 (ESTABLISHED)\nenvoy      16 istio-proxy   31u  IPv4  30709      0t0  TCP 127.0.0.1:54540->127.0.0.1:15020 (ESTABLISHED)\n',
			stderr: '',
			exitCode: 0,
		},
		{
			at: PROXY,
			line: 'lsof -nP -i :15001',
			stdout: 'COMMAND PID        USER   FD   TYPE DEVICE SIZE/OFF NODE NAME\nenvoy    16 istio-proxy   24u  IPv4  30676      0t0  TCP *:15001 (LISTEN)\nenvoy    16 istio-proxy   25u  IPv4  30680      0t0  TCP *:15001 (LISTEN)\n',
			stderr: '',
			exitCode: 0,
		},
		{
			at: PROXY,
			line: 'lsof -i',
			stdout: 'COMMAND   PID        USER   FD   TYPE DEVICE SIZE/OFF NODE NAME\npilot-age   1 istio-proxy    8u  IPv6  30659      0t0  TCP *:15020 (LISTEN)\npilot-age   1 istio-proxy   11u  IPv4  30699      0t0  TCP productpage-v1-54bb874995-hhx8q:60639->istiod.istio-system.svc.cluster.local:15012 (ESTABLISHED)\npilot-age   1 istio-proxy   12u  IPv4  30702      0t0  TCP productpage-v1-54bb874995-hhx8q:55313->istiod.istio-system.svc.cluster.local:15012 (ESTABLISHED)\npilot-age   1 istio-proxy   14u  IPv6  30706      0t0  TCP localhost:15020->localhost:51300 (ESTABLISHED)\npilot-age   1 istio-proxy   15u  IPv6  30712      0t0  TCP localhost:15020->localhost:54540 (ESTABLISHED)\nenvoy      16 istio-proxy   17u  IPv4  30663      0t0  TCP localhost:15000 (LISTEN)\nenvoy      16 istio-proxy   19u  IPv4  30665      0t0  TCP *:15090 (LISTEN)\nenvoy      16 istio-proxy   20u  IPv4  30668      0t0  TCP *:15090 (LISTEN)\nenvoy      16 istio-proxy   22u  IPv4  30672      0t0  TCP *:15021 (LISTEN)\nenvoy      16 istio-proxy   23u  IPv4  30674      0t0  TCP *:15021 (LISTEN)\nenvoy      16 istio-proxy   24u  IPv4  30676      0t0  TCP *:15001 (LISTEN)\nenvoy      16 istio-proxy   25u  IPv4  30680      0t0  TCP *:15001 (LISTEN)\nenvoy      16 istio-proxy   26u  IPv4  30683      0t0  TCP *:15006 (LISTEN)\nenvoy      16 istio-proxy   27u  IPv4  30686      0t0  TCP *:15006 (LISTEN)\nenvoy      16 istio-proxy   30u  IPv4  30705      0t0  TCP localhost:51300->localhost:15020 (ESTABLISHED)\nenvoy      16 istio-proxy   31u  IPv4  30709      0t0  TCP localhost:54540->localhost:15020 (ESTABLISHED)\n',
			stderr: '',
			exitCode: 0,
		},
	])('$line at $at', ({ at, line, stdout, stderr, exitCode }) => {
		expect(run(lab({ at, tty: false, extraCommands: LSOF }), line)).toEqual({ stdout, stderr, exitCode });
	});

	it('fuzz: lsof answers every combination of options on the recorded pod table without throwing', () => {
		const { table } = podTable();
		fc.assert(
			fc.property(fc.array(fc.constantFrom(...WORDS), { maxLength: 9 }), (args) => {
				const r = runLsof(args, table);
				expect(typeof r.exitCode).toBe('number');
				expect(r.stdout.length + r.stderr.length).toBeLessThan(1_000_000);
			}),
			{ numRuns: 5000, seed: 20261121 },
		);
	});
});
