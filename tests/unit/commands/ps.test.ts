import { describe, expect, it } from 'vitest';
import { PS_USAGE } from '../../../src/commands/ps/args';
import type { ProcStat } from '../../../src/commands/ps/model';
import { COLUMNS, renderTable, type Column, type Row } from '../../../src/commands/ps/render';
import type { Process } from '../../../src/world/types';
import { lab, PRODUCTPAGE, run, SLEEP } from '../lab/helpers';
import { golden } from './golden';

// ps (procps-ng 4.0.2, Debian 12). Recorded on this machine (Linux 6.18, pid_max set to the kind
// host's 4194304 for the PID width, then restored):
//   python3 mmap'd 2500 MiB (touching 20 or 200) and 600 MiB, as root and with setpriv --reuid=1337;
//   `ps aux` and `ps -ef`, and `faketime -f +2d|+20h|+400d ps …` for STIME/START.
// BusyBox ps: procps/ps.c of BusyBox 1.37 (mirror/busybox), default `-o pid,user,time,args`.

const proc = (over: Partial<Process>): Process => ({
	pid: 1, ppid: 0, nsPid: 1, nsPpid: 0, uid: 0, gid: 0, groups: [], comm: 'python3', argv: ['/usr/bin/python3', '/tmp/scratch/mem.py'], cwd: '/', netns: 'node/x', capabilities: [], startedAt: Date.UTC(2026, 10, 21, 6, 43), threads: 1, nextFd: 3, role: 'x', ...over,
});

function row(pid: number, user: string, st: ProcStat, startedAt = Date.UTC(2026, 10, 21, 6, 43)): Row {
	return { p: proc({ pid, startedAt }), st, pid, ppid: 11933, user, tty: '?', elapsed: 3 };
}

const cols = (names: string[]): Column[] => names.map((n) => COLUMNS[n] as Column);
const AUX = cols(['user', 'pid', 'pcpu', 'pmem', 'vsz', 'rss', 'tty', 'stat', 'start', 'bsdtime', 'command']);
const NOW = new Date(Date.UTC(2026, 10, 21, 6, 43, 30));

describe('procps column layout (recorded)', () => {
	it('a too-long VSZ and RSS push the line right and TTY gives the spaces back', () => {
		// %CPU and %MEM are not under test here: the rows use zero CPU and a small RSS share.
		const rows = [row(11935, 'root', { vsz: 2573888, rss: 28948, ticks: 0, stat: 'S' }), row(11936, 'root', { vsz: 628288, rss: 213216, ticks: 0, stat: 'S' }), row(11937, 'root', { vsz: 2573888, rss: 213228, ticks: 0, stat: 'S' }), row(11938, '1337', { vsz: 2266688, rss: 69920, ticks: 0, stat: 'S' })];
		const out = renderTable(rows, AUX, NOW, { headers: true }).split('\n').map((l) => l.replace(/ +\d+\.\d +\d+\.\d /, ' <cpu> <mem> '));
		expect(out.slice(0, 5)).toEqual([
			'USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND',
			'root       11935 <cpu> <mem> 2573888 28948 ?       S    06:43   0:00 /usr/bin/python3 /tmp/scratch/mem.py',
			'root       11936 <cpu> <mem> 628288 213216 ?       S    06:43   0:00 /usr/bin/python3 /tmp/scratch/mem.py',
			'root       11937 <cpu> <mem> 2573888 213228 ?      S    06:43   0:00 /usr/bin/python3 /tmp/scratch/mem.py',
			'1337       11938 <cpu> <mem> 2266688 69920 ?       S    06:43   0:00 /usr/bin/python3 /tmp/scratch/mem.py',
		]);
	});

	it('a right-aligned column takes the push back from its own padding', () => {
		// `ps -o vsz,rss,pid,tty,stat,comm` and `ps -o vsz,tty,rss,…` with VSZ 2573888, RSS 8444.
		const r = { ...row(12056, 'root', { vsz: 2573888, rss: 8444, ticks: 0, stat: 'S' }), tty: '?' };
		expect(renderTable([r], cols(['vsz', 'rss', 'pid', 'tt', 'stat', 'ucomm']), NOW, { headers: true })).toBe('   VSZ   RSS     PID TT       STAT COMMAND\n2573888 8444   12056 ?        S    python3\n');
		expect(renderTable([r], cols(['vsz', 'tt', 'rss', 'stat', 'ucomm']), NOW, { headers: true })).toBe('   VSZ TT         RSS STAT COMMAND\n2573888 ?        8444 S    python3\n');
	});

	it.each([
		// faketime +2d and +20h: another day shows the month and day; +400d: another year, the year.
		{ now: Date.UTC(2026, 10, 21, 23, 0), stime: '06:43' },
		{ now: Date.UTC(2026, 10, 22, 2, 42), stime: 'Nov21' },
		{ now: Date.UTC(2026, 10, 23, 6, 42), stime: 'Nov21' },
		{ now: Date.UTC(2027, 11, 26, 6, 42), stime: ' 2026' },
	])('STIME and START are the time today, MonDD this year, the year before ($stime)', ({ now, stime }) => {
		const r = row(1, 'root', { vsz: 47068, rss: 16548, ticks: 0, stat: 'S' });
		expect(renderTable([r], cols(['stime', 'start']), new Date(now), { headers: false })).toBe(`${stime} ${stime}\n`);
	});

	it('cuts every line at the terminal width', () => {
		const r = row(1, 'root', { vsz: 47068, rss: 16548, ticks: 1800, stat: 'SLl' });
		// Recorded in an 80-column `script` session with pid_max 32768 (PIDs 5 wide):
		// `root         1     0  0 05:10 ?        00:00:18 /process_api --firecracker-init `;
		// with the kind host's 7-wide PIDs the same 80 columns end four characters earlier.
		const line = renderTable([{ ...r, ppid: 0, elapsed: 5400, p: proc({ argv: ['/process_api', '--firecracker-init', '--addr', '0.0.0.0:2024'], startedAt: Date.UTC(2026, 10, 21, 5, 10) }) }], cols(['uid_hack', 'pid', 'ppid', 'c', 'stime', 'tty', 'time', 'args']), NOW, { headers: false, width: 80 });
		expect(line).toBe('root           1       0  0 05:10 ?        00:00:18 /process_api --firecracker-i\n');
	});
});

describe('ps in the world', () => {
	it('ps -ef on the node lists every process of the node, the learner’s shell and ps itself', () => {
		const out = run(lab({ tty: false }), 'ps -ef').stdout;
		expect(out).toBe(golden('ps-ef.node.txt', out));
		expect(out.split('\n').slice(-3)).toEqual(['root        3149       0  0 05:40 ?        00:00:00 bash', 'root        3151    3149  0 05:40 ?        00:00:00 ps -ef', '']);
	});

	it('ps aux on a terminal is cut at its width, and the shell is on pts/0', () => {
		const out = run(lab(), 'ps aux').stdout;
		expect(out).toBe(golden('ps-aux.node.tty.txt', out));
		expect(Math.max(...out.split('\n').map((l) => l.length))).toBe(80);
	});

	it('plain ps shows the processes of this terminal', () => {
		expect(run(lab(), 'ps').stdout).toBe('    PID TTY          TIME CMD\n   3149 pts/0    00:00:00 bash\n   3151 pts/0    00:00:00 ps\n');
	});

	it('each ps is a new process', () => {
		const l = lab();
		expect(run(l, 'ps -p 3151 -o pid,comm', 'ps -o pid --no-headers -p 3153').stdout).toBe('    PID COMMAND\n   3151 ps\n   3153\n');
	});

	it('-p with nothing found prints the header and fails', () => {
		expect(run(lab(), 'ps -p 999999')).toEqual({ stdout: '    PID TTY          TIME CMD\n', stderr: '', exitCode: 1 });
	});

	it('BusyBox ps in the curl image: its own PID namespace', () => {
		expect(run(lab({ at: `${SLEEP}/sleep` }), 'ps aux').stdout).toBe('PID   USER     TIME  COMMAND\n    1 curl_use  0:00 /bin/sleep infinity\n    2 curl_use  0:00 sh\n    3 curl_use  0:00 ps aux\n');
	});

	it('inside the pod netns ps still sees the node’s processes (nsenter -n keeps the PID namespace)', () => {
		const l = lab({ at: 'productpage' });
		expect(run(l, 'ps -C envoy -o pid,user,comm | head -3').stdout).toBe('    PID USER     COMMAND\n   2988 1337     envoy\n   3012 1337     envoy\n');
	});

	it.each([
		['-k', 'error: unsupported SysV option\n'],
		['j x z', 'error: unsupported option (BSD syntax)\n'],
		['--bogus', 'error: unknown gnu long option\n'],
		['-p', 'error: list of process IDs must follow -p\n'],
		['-p abc', 'error: process ID list syntax error\n'],
		['-o', 'error: format specification must follow -o\n'],
		['-o foo', 'error: unknown user-defined format specifier "foo"\n'],
	])('ps %s fails as procps does', (args, message) => {
		expect(run(lab(), `ps ${args}`)).toEqual({ stdout: '', stderr: message + PS_USAGE, exitCode: 1 });
	});

	it('--version', () => {
		expect(run(lab(), 'ps --version').stdout).toBe('ps from procps-ng 4.0.2\n');
	});

	it('the proxy image has no ps; kubectl exec says so as the runtime does', () => {
		const r = run(lab(), `kubectl exec ${PRODUCTPAGE} -c istio-proxy -- ps`);
		expect(r.stderr).toMatch(/^error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: exec failed: unable to start container process: exec: "ps": executable file not found in \$PATH: unknown\n$/);
	});
});
