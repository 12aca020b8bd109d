import { describe, expect, it } from 'vitest';
import { lab, PRODUCTPAGE, run, SLEEP } from '../lab/helpers';

// coreutils 9.1 id, recorded on Debian 12 with `setpriv --reuid=U --regid=G --clear-groups id …`
// (LANG=C): names come from the /etc files of the place, numbers stand alone without a name.

describe('id', () => {
	it.each([
		{ at: undefined, line: 'id', stdout: 'uid=0(root) gid=0(root) groups=0(root)\n', stderr: '', exitCode: 0 },
		{ at: `${PRODUCTPAGE}/istio-proxy`, line: 'id', stdout: 'uid=1337(istio-proxy) gid=1337(istio-proxy) groups=1337(istio-proxy)\n', stderr: '', exitCode: 0 },
		// uid 1000 has no entry in the Debian image (recorded form: `uid=1001 gid=0(root) groups=0(root)`).
		{ at: `${PRODUCTPAGE}/productpage`, line: 'id', stdout: 'uid=1000 gid=0(root) groups=0(root)\n', stderr: '', exitCode: 0 },
		{ at: `${PRODUCTPAGE}/productpage`, line: 'id -un', stdout: '1000\n', stderr: 'id: cannot find name for user ID 1000\n', exitCode: 1 },
		{ at: `${SLEEP}/sleep`, line: 'id', stdout: 'uid=100(curl_user) gid=101 groups=101\n', stderr: '', exitCode: 0 },
		{ at: undefined, line: 'id -u', stdout: '0\n', stderr: '', exitCode: 0 },
		{ at: undefined, line: 'id -Gn', stdout: 'root\n', stderr: '', exitCode: 0 },
		{ at: undefined, line: 'id nosuch', stdout: '', stderr: "id: 'nosuch': no such user\n", exitCode: 1 },
		{ at: undefined, line: 'id -n', stdout: '', stderr: 'id: cannot print only names or real IDs in default format\n', exitCode: 1 },
		{ at: undefined, line: 'id -u -g', stdout: '', stderr: 'id: cannot print "only" of more than one choice\n', exitCode: 1 },
		{ at: undefined, line: 'id -x', stdout: '', stderr: "id: invalid option -- 'x'\nTry 'id --help' for more information.\n", exitCode: 1 },
		{ at: undefined, line: 'id --bogus', stdout: '', stderr: "id: unrecognized option '--bogus'\nTry 'id --help' for more information.\n", exitCode: 1 },
	])('$line at $at', ({ at, line, stdout, stderr, exitCode }) => {
		expect(run(lab(at === undefined ? {} : { at }), line)).toEqual({ stdout, stderr, exitCode });
	});
});
