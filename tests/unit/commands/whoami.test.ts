import { describe, expect, it } from 'vitest';
import { lab, PRODUCTPAGE, run, SLEEP } from '../lab/helpers';

// coreutils 9.1 whoami (recorded with setpriv on Debian 12); BusyBox's from libbb/bb_pwd.c.

describe('whoami', () => {
	it.each([
		{ at: undefined, line: 'whoami', stdout: 'root\n', stderr: '', exitCode: 0 },
		{ at: `${PRODUCTPAGE}/istio-proxy`, line: 'whoami', stdout: 'istio-proxy\n', stderr: '', exitCode: 0 },
		{ at: `${PRODUCTPAGE}/productpage`, line: 'whoami', stdout: '', stderr: 'whoami: cannot find name for user ID 1000\n', exitCode: 1 },
		{ at: `${SLEEP}/sleep`, line: 'whoami', stdout: 'curl_user\n', stderr: '', exitCode: 0 },
		{ at: undefined, line: 'whoami x', stdout: '', stderr: "whoami: extra operand 'x'\nTry 'whoami --help' for more information.\n", exitCode: 1 },
		{ at: undefined, line: 'whoami --bogus', stdout: '', stderr: "whoami: unrecognized option '--bogus'\nTry 'whoami --help' for more information.\n", exitCode: 1 },
	])('$line at $at', ({ at, line, stdout, stderr, exitCode }) => {
		expect(run(lab(at === undefined ? {} : { at }), line)).toEqual({ stdout, stderr, exitCode });
	});
});
