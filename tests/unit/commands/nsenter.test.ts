import { describe, expect, it } from 'vitest';
import { NSENTER_USAGE } from '../../../src/commands/nsenter/help';
import { podByName } from '../../../src/world';
import { lab, PRODUCTPAGE, run } from '../lab/helpers';

// util-linux 2.38.1 nsenter, recorded on Debian 12 against a process in a scratch namespace:
// messages, exit statuses (1 for its own errors, 127 and 126 when the program cannot run), getopt
// stopping at the program's name.

const envoyPid = (l: ReturnType<typeof lab>): number => l.handle.world.processes.find((p) => p.comm === 'envoy' && p.container?.pod === `default/${PRODUCTPAGE}`)?.pid ?? 0;

describe('nsenter', () => {
	it('runs a program in the target’s network namespace, options after it belong to the program', () => {
		const l = lab();
		const pid = envoyPid(l);
		expect(run(l, `nsenter -n --target ${pid} iptables -t nat -S PREROUTING`).stdout).toBe('-P PREROUTING ACCEPT\n-A PREROUTING -p tcp -j ISTIO_INBOUND\n');
		expect(run(l, `nsenter -t ${pid} -n -u hostname`).stdout).toBe(`${PRODUCTPAGE}\n`);
		expect(run(l, `nsenter -t ${pid} -n sh -c 'exit 3'`).exitCode).toBe(3);
	});

	it('the pause process enters the same namespace as Envoy', () => {
		const l = lab();
		const pause = podByName(l.handle.world, PRODUCTPAGE)?.sandbox.pid ?? 0;
		expect(run(l, `nsenter -t ${pause} -n iptables-save -t nat | grep -c ISTIO`).stdout).toBe(run(l, `nsenter -t ${envoyPid(l)} -n iptables-save -t nat | grep -c ISTIO`).stdout);
	});

	it.each([
		{ args: '-n', stderr: 'nsenter: neither filename nor target pid supplied for ns/net\n', exitCode: 1 },
		{ args: '-t 999999 -n', stderr: 'nsenter: cannot open /proc/999999/ns/net: No such file or directory\n', exitCode: 1 },
		{ args: '-t abc -n', stderr: "nsenter: failed to parse pid: 'abc'\n", exitCode: 1 },
		{ args: '-t 1 -n --bogus', stderr: "nsenter: unrecognized option '--bogus'\nTry 'nsenter --help' for more information.\n", exitCode: 1 },
		{ args: '-x', stderr: "nsenter: invalid option -- 'x'\nTry 'nsenter --help' for more information.\n", exitCode: 1 },
		{ args: '-t 1 -n nosuchcmd', stderr: 'nsenter: failed to execute nosuchcmd: No such file or directory\n', exitCode: 127 },
		{ args: '-t 1 -n cd /', stderr: 'nsenter: failed to execute cd: No such file or directory\n', exitCode: 127 },
		{ args: '-t 1 -n /etc/passwd', stderr: 'nsenter: failed to execute /etc/passwd: Permission denied\n', exitCode: 126 },
	])('nsenter $args (recorded)', ({ args, stderr, exitCode }) => {
		expect(run(lab(), `nsenter ${args}`)).toEqual({ stdout: '', stderr, exitCode });
	});

	it('--help and --version', () => {
		expect(run(lab(), 'nsenter --help', 'nsenter -V').stdout).toBe(`${NSENTER_USAGE}nsenter from util-linux 2.38.1\n`);
	});

	it('from inside a container the host’s PIDs are not there', () => {
		const l = lab({ at: `${PRODUCTPAGE}/istio-proxy` });
		expect(run(l, 'nsenter -t 1 -n true').stderr).toBe('bash: nsenter: command not found\n');
	});

	it('without a program: $SHELL in the namespace, and exit comes back', () => {
		const l = lab();
		run(l, `nsenter -t ${envoyPid(l)} -n`);
		expect([l.shell.depth, l.shell.location.netns]).toEqual([2, `pod/default/${PRODUCTPAGE}`]);
		expect(run(l, 'ps -o pid,ppid,comm --no-headers | tail -3').stdout).toBe('   3149       0 bash\n   3151    3149 bash\n   3153    3151 ps\n');
		run(l, 'exit');
		expect(l.shell.depth).toBe(1);
	});
});
