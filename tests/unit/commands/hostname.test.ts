import { describe, expect, it } from 'vitest';
import { hostname } from '../../../src/commands/hostname';
import { lab, PRODUCTPAGE, run } from '../lab/helpers';

// hostname 3.23 (Debian 12), recorded: -i resolves the name through /etc/hosts with no trailing
// space, -I lists every address but loopback's each followed by a space, an unknown option prints
// getopt's complaint on stderr and the usage on stdout with status 255, setting the name without
// CAP_SYS_ADMIN fails with `you must be root`.

describe('hostname', () => {
	it.each([
		{ at: undefined, line: 'hostname', stdout: 'kind-worker\n' },
		{ at: undefined, line: 'hostname -i', stdout: '172.18.0.3\n' },
		{ at: undefined, line: 'hostname -I', stdout: '172.18.0.3 10.244.1.0 10.244.1.1 \n' },
		{ at: 'productpage', line: 'hostname', stdout: 'kind-worker\n' },
		{ at: `${PRODUCTPAGE}/istio-proxy`, line: 'hostname', stdout: `${PRODUCTPAGE}\n` },
		{ at: `${PRODUCTPAGE}/istio-proxy`, line: 'hostname -i', stdout: '10.244.1.5\n' },
		{ at: `${PRODUCTPAGE}/istio-proxy`, line: 'hostname -I', stdout: '10.244.1.5 \n' },
	])('$line at $at', ({ at, line, stdout }) => {
		expect(run(lab(at === undefined ? {} : { at }), line)).toEqual({ stdout, stderr: '', exitCode: 0 });
	});

	it('an unknown option: the usage, status 255', () => {
		const r = run(lab(), 'hostname -Q');
		expect([r.stderr, r.exitCode, r.stdout.split('\n')[0]]).toEqual(["hostname: invalid option -- 'Q'\n", 255, 'Usage: hostname [-b] {hostname|-F file}         set host name (from file)']);
	});

	it('setting the name is refused', () => {
		expect(run(lab(), 'hostname foo')).toEqual({ stdout: '', stderr: 'hostname: you must be root to change the host name\n', exitCode: 1 });
	});

	it('is a WorldHandle factory', () => {
		expect(hostname(lab().handle).name).toBe('hostname');
	});
});
