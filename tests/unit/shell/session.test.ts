// What the shell adds to bash for the course (suggestions, messages in the session's language,
// limits) and the interfaces colleagues use: registering a command, driving a Job with time.

import { describe, expect, it } from 'vitest';
import { type CommandSpec, MemoryFs, Registry, Shell, waiting } from '../../../src/shell';
import { standardRegistry } from '../../../src/shell/commands';
import { CASE_DIR, caseFs, caseShell } from './fixtures';

/** A stand-in for a colleague's command: registered by name, found on /usr/sbin like the real one. */
const iptables: CommandSpec = {
	name: 'iptables',
	aliases: ['iptables-save'],
	path: '/usr/sbin/iptables',
	help: { summary: { en: 'administer IPv4 packet filtering and NAT', zh: '管理 IPv4 包过滤和 NAT' }, usage: 'iptables [-t table] -L' },
	run: (args, ctx) => ({ stdout: `${ctx.argv0} ${args.join(' ')}\n`, stderr: '', exitCode: 0 }),
	complete: () => ['-L', '-S', '-t'],
};

/** A long-running command built from the shell's helpers, as ping or tcpdump would be. */
const ping: CommandSpec = {
	name: 'ping',
	help: { summary: { en: 'send ICMP echo requests', zh: '发送 ICMP 回显请求' } },
	run: () => {
		let sent = 0;
		let clock = 0;
		return {
			kind: 'process',
			advance: (ms) => {
				let out = '';
				clock += ms;
				while (sent < 3 && clock >= sent * 1000) out += `64 bytes from 10.0.0.1: icmp_seq=${++sent}\n`;
				return sent === 3 ? { stdout: out, stderr: '', elapsedMs: ms, exitCode: 0 } : { stdout: out, stderr: '', elapsedMs: ms };
			},
			signal: () => ({ stdout: '\n--- 10.0.0.1 ping statistics ---\n', stderr: '', elapsedMs: 0, exitCode: 130 }),
		};
	},
};

const worldShell = (lang: 'en' | 'zh' = 'en'): Shell => new Shell({ registry: standardRegistry().register(iptables).register(ping), fs: caseFs(), cwd: CASE_DIR, lang, tty: false });

interface Case {
	readonly name: string;
	readonly lang?: 'en' | 'zh';
	readonly lines: readonly string[];
	readonly stdout: string;
	readonly stderr: string;
	readonly exitCode: number;
}

const CASES: readonly Case[] = [
	{ name: 'not found keeps bash line first, then a suggestion', lines: ['iptabls -L'], stdout: '', stderr: 'bash: iptabls: command not found\nDid you mean: iptables?\n', exitCode: 127 },
	{ name: 'suggestion in Chinese', lang: 'zh', lines: ['tial -n 1 passwd'], stdout: '', stderr: 'bash: tial: command not found\n你是不是想输入：tail？\n', exitCode: 127 },
	{ name: 'no suggestion when nothing is close', lines: ['kubectl get pods'], stdout: '', stderr: 'bash: kubectl: command not found\n', exitCode: 127 },
	{ name: 'a registered command by name, alias and path', lines: ['iptables -t nat -L; iptables-save | wc -l; /usr/sbin/iptables -S'], stdout: 'iptables -t nat -L\n1\n/usr/sbin/iptables -S\n', stderr: '', exitCode: 0 },
	{ name: 'type and which find registered commands', lines: ['type iptables echo; which iptables echo cd'], stdout: 'iptables is /usr/sbin/iptables\necho is a shell builtin\n/usr/sbin/iptables\n/usr/bin/echo\n', stderr: '', exitCode: 1 },
	{ name: 'loops are named as unsupported', lines: ['for i in 1 2; do echo $i; done'], stdout: '', stderr: 'bash: loops (for, while, until, select) are not available in this terminal\n', exitCode: 2 },
	{ name: 'unsupported in Chinese', lang: 'zh', lines: ['coproc cat'], stdout: '', stderr: 'bash：本终端不支持 coproc，可以用 & 把命令放到后台运行\n', exitCode: 2 },
	{ name: 'history numbers lines as bash does', lines: ['echo a', '', 'history'], stdout: '    1  echo a\n    2  history\n', stderr: '', exitCode: 0 },
	{ name: 'history -c', lines: ['echo a', 'history -c; history'], stdout: '', stderr: '', exitCode: 0 },
	{ name: 'variables and cd last from line to line', lines: ['export MESH=istio; cd /tmp', 'echo $MESH $PWD $OLDPWD'], stdout: `istio /tmp ${CASE_DIR}\n`, stderr: '', exitCode: 0 },
	{ name: 'a pipeline stage is a subshell', lines: ['cd /tmp | cat; X=1 | cat; pwd; echo "[$X]"'], stdout: `${CASE_DIR}\n[]\n`, stderr: '', exitCode: 0 },
	{ name: 'prefix assignments reach the command environment', lines: ['MESH=istio awk \'BEGIN { print ENVIRON["MESH"] }\'; echo "[$MESH]"'], stdout: 'istio\n[]\n', stderr: '', exitCode: 0 },
	{ name: 'arithmetic expansion', lines: ['N=7; echo $((N * 6)) $((15001 - 15000)) $(( (1 << 4) | 1 ))'], stdout: '42 1 17\n', stderr: '', exitCode: 0 },
	{ name: 'parameter patterns', lines: ['P=productpage-v1-6b746f74dc-9stvs; echo ${P%%-*} ${P#*-} ${P/v1/v2}'], stdout: 'productpage v1-6b746f74dc-9stvs productpage-v2-6b746f74dc-9stvs\n', stderr: '', exitCode: 0 },
	{ name: 'bad substitution', lines: ['echo ${}; echo next'], stdout: 'next\n', stderr: 'bash: ${}: bad substitution\n', exitCode: 0 },
	{ name: 'here-string', lines: ['grep -c a <<< "a b a"'], stdout: '1\n', stderr: '', exitCode: 0 },
	{ name: 'seq streams into head', lines: ['seq 1000000000 | head -n 2'], stdout: '1\n2\n', stderr: '', exitCode: 0 },
	{ name: 'sleep ends at once outside the terminal', lines: ['sleep 3600 && echo woke'], stdout: 'woke\n', stderr: '', exitCode: 0 },
	{ name: 'xargs runs registered commands', lines: ['echo nat filter | xargs -n 1 iptables -t'], stdout: 'iptables -t nat\niptables -t filter\n', stderr: '', exitCode: 0 },
	{ name: 'help lists commands with one line each', lines: ['help | grep -E "^  (iptables|jq) "'], stdout: '  iptables  administer IPv4 packet filtering and NAT\n  jq        filter and reshape JSON\n', stderr: '', exitCode: 0 },
	{ name: 'help in Chinese', lang: 'zh', lines: ['help | head -n 1; help | tail -n 1'], stdout: '本终端可用的命令：\n输入 命令名 --help 查看该命令的选项。\n', stderr: '', exitCode: 0 },
	{ name: 'help NAME', lines: ['help jq'], stdout: 'jq: Usage: jq [OPTIONS] FILTER [FILES...]\nfilter and reshape JSON\n', stderr: '', exitCode: 0 },
	{ name: 'files written by redirection are in the virtual filesystem', lines: ['ss_out=$(cat ss.txt | grep -c LISTEN); echo $ss_out > /tmp/n', 'cat /tmp/n; ls /tmp'], stdout: '7\nn\nsidecar-lab-shell\n', stderr: '', exitCode: 0 },
	{ name: 'writing under a missing directory', lines: ['echo x > /nope/file'], stdout: '', stderr: 'bash: /nope/file: No such file or directory\n', exitCode: 1 },
	{ name: 'a command typed with a path that is a directory', lines: ['/tmp'], stdout: '', stderr: 'bash: /tmp: Is a directory\n', exitCode: 126 },
	{ name: 'sed -i edits the virtual file', lines: ["sed -i 's/10.96.0.10/10.96.0.53/' resolv.conf; grep nameserver resolv.conf"], stdout: 'nameserver 10.96.0.53\n', stderr: '', exitCode: 0 },
	{ name: 'awk loops are bounded by the step budget, not endless', lines: ["awk 'BEGIN { while (1) n++ }'; echo after"], stdout: '', stderr: 'bash: this line did too much work and was stopped (simulator limit)\n', exitCode: 0 },
];

describe.each(CASES)('$name', (c) => {
	it(c.lines.join(' ⏎ '), () => {
		const shell = worldShell(c.lang);
		let last = shell.run('');
		for (const line of c.lines) last = shell.run(line);
		expect({ stdout: last.stdout, stderr: last.stderr, exitCode: last.exitCode }).toEqual({ stdout: c.stdout, stderr: c.stderr, exitCode: c.exitCode });
	});
});

describe('controls reported to the terminal', () => {
	it('exit ends the session and prints exit like an interactive bash', () => {
		const r = caseShell().run('echo bye; exit 3; echo never');
		expect(r).toMatchObject({ stdout: 'bye\n', stderr: 'exit\n', exitCode: 3, control: 'exit' });
	});
	it('exit in a subshell does not end the session', () => {
		const r = caseShell().run('(exit 3); echo $?');
		expect(r).toEqual({ stdout: '3\n', stderr: '', exitCode: 0, output: [{ fd: 1, text: '3\n' }] });
	});
	it('clear asks the terminal to clear its screen', () => {
		expect(caseShell().run('clear')).toMatchObject({ stdout: '', exitCode: 0, control: 'clear' });
	});
	it('keeps stdout and stderr in the order they were written', () => {
		expect(caseShell().run('echo a; echo b >&2; echo c').output).toEqual([
			{ fd: 1, text: 'a\n' },
			{ fd: 2, text: 'b\n' },
			{ fd: 1, text: 'c\n' },
		]);
	});
	it('ls -l shows owners from /etc/passwd and times in UTC', () => {
		const fs = new MemoryFs();
		fs.setFile('/etc/passwd', 'root:x:0:0:root:/root:/bin/bash\nistio-proxy:x:1337:1337::/home/istio-proxy:/bin/sh\n');
		fs.setFile('/etc/group', 'root:x:0:\nistio-proxy:x:1337:\n');
		fs.setFile('/etc/istio/proxy/envoy-rev.json', '{}\n', { uid: 1337, gid: 1337, mtimeMs: Date.UTC(2025, 0, 15, 9, 5) });
		fs.setFile('/etc/istio/proxy/grpc-bootstrap.json', '{"node":{}}\n', { mode: 0o600, mtimeMs: Date.UTC(2024, 11, 31, 23, 59) });
		const r = new Shell({ registry: standardRegistry(), fs }).run('ls -l /etc/istio/proxy');
		expect(r.stdout).toBe('total 8\n-rw-r--r-- 1 istio-proxy istio-proxy  3 Jan 15 09:05 envoy-rev.json\n-rw------- 1 root        root        12 Dec 31 23:59 grpc-bootstrap.json\n');
	});
	it('ls prints columns on a terminal and one name per line into a pipe', () => {
		const shell = new Shell({ registry: standardRegistry(), fs: caseFs(), cwd: CASE_DIR, columns: 60 });
		expect(shell.run('ls').stdout).toBe('config.json     passwd     resolv.conf  tcp       words.txt\nlisteners.json  ports.txt  ss.txt       tuna.txt\n');
		expect(shell.run('ls | head -n 2').stdout).toBe('config.json\nlisteners.json\n');
	});
});

describe('Job: long-running commands driven with simulated time', () => {
	it('sleep waits for the time it is given', () => {
		const job = worldShell().start('sleep 2 && echo done');
		expect(job.advance(500)).toEqual({ output: [], done: false });
		expect(job.advance(1000)).toEqual({ output: [], done: false });
		expect(job.advance(600)).toEqual({ output: [{ fd: 1, text: 'done\n' }], done: true, exitCode: 0 });
	});
	it('a process writes as time passes; Ctrl-C ends it and the rest of the line', () => {
		const job = worldShell().start('ping 10.0.0.1; echo after');
		expect(job.advance(0).output).toEqual([{ fd: 1, text: '64 bytes from 10.0.0.1: icmp_seq=1\n' }]);
		expect(job.advance(1000).output).toEqual([{ fd: 1, text: '64 bytes from 10.0.0.1: icmp_seq=2\n' }]);
		expect(job.interrupt()).toEqual({ output: [{ fd: 1, text: '\n--- 10.0.0.1 ping statistics ---\n' }], done: true, exitCode: 130 });
	});
	it('a process that ends by itself lets the line go on', () => {
		const r = worldShell().run('ping 10.0.0.1 | wc -l; echo after');
		expect(r.stdout).toBe('3\nafter\n');
	});
	it('tail -f waits until Ctrl-C', () => {
		const job = worldShell().start('tail -f -n 1 passwd');
		expect(job.advance(5000)).toEqual({ output: [{ fd: 1, text: 'istio-proxy:x:1337:1337:,,,:/home/istio-proxy:/bin/sh\n' }], done: false });
		expect(job.advance(5000)).toEqual({ output: [], done: false });
		expect(job.interrupt()).toMatchObject({ done: true, exitCode: 130 });
	});
	it('yes | head stops the producer after the lines it needs', () => {
		expect(worldShell().run('yes istio | head -n 2; echo $?')).toMatchObject({ stdout: 'istio\nistio\n0\n', stderr: '' });
	});
	it('yes alone is cut at the output bound with a note', () => {
		const shell = new Shell({ registry: standardRegistry(), fs: new MemoryFs(), limits: { maxOutput: 1000 } });
		const r = shell.run('yes');
		expect(r.stdout).toBe('y\n'.repeat(500));
		expect(r.stderr).toBe('\n[output cut: more than 1000 bytes]\n');
		expect(r.exitCode).toBe(130);
	});
	it('waiting() builds a sleep-like process for colleagues', () => {
		const p = waiting(100);
		expect(p.advance(60)).toEqual({ stdout: '', stderr: '', elapsedMs: 60 });
		expect(p.advance(60)).toEqual({ stdout: '', stderr: '', elapsedMs: 40, exitCode: 0 });
	});
});

describe('limits', () => {
	it('deeply nested substitutions stop with a message', () => {
		const line = `${'echo $('.repeat(40)}echo x${')'.repeat(40)}`;
		expect(caseShell().run(line)).toMatchObject({ stdout: '', stderr: 'bash: this line nests too deeply for this terminal\n', exitCode: 2 });
	});
	it('a huge line is refused', () => {
		expect(caseShell().run(`echo ${'a'.repeat(70_000)}`).stderr).toBe('bash: this line is too long for this terminal\n');
	});
	it('the step budget stops a line that does too much', () => {
		const shell = new Shell({ registry: standardRegistry(), fs: new MemoryFs(), limits: { maxSteps: 200 } });
		const r = shell.run('seq 1000 | xargs -n 1 echo | wc -l');
		expect(r.stderr).toBe('bash: this line did too much work and was stopped (simulator limit)\n');
	});
	it('a colleague can register and replace commands on a registry of their own', () => {
		const registry = new Registry([iptables]);
		const shell = new Shell({ registry, fs: new MemoryFs() });
		expect(shell.run('iptables -L').stdout).toBe('iptables -L\n');
		expect(shell.run('echo hi').stderr).toBe('bash: echo: command not found\n');
		expect(iptables.complete?.({ words: ['-'], cwd: '/', fs: new MemoryFs() })).toEqual(['-L', '-S', '-t']);
	});
});
