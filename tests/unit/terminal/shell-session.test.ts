// The LabSession over our Shell: where a word starts, what Tab offers (commands, a command's own
// candidates, files), bash's prompt, and the whole terminal driving the rules lab end to end.

import { describe, expect, it } from 'vitest';
import { createRulesLab } from '../../../src/lab/rules-lab';
import { type CommandSpec, MemoryFs, Shell } from '../../../src/shell';
import { standardRegistry } from '../../../src/shell/commands';
import { bashPrompt, completeShellLine, defaultPrompt, History, ManualScheduler, notice, ShellSession, t, TerminalController, tildeDir, wordAt } from '../../../src/terminal';
import { Recorder } from './helpers';

describe('wordAt', () => {
	it.each([
		{ line: '', words: [], word: '', from: 0, redirect: false },
		{ line: 'ipt', words: [], word: 'ipt', from: 0, redirect: false },
		{ line: 'iptables -t n', words: ['iptables', '-t'], word: 'n', from: 12, redirect: false },
		{ line: 'iptables -S ', words: ['iptables', '-S'], word: '', from: 12, redirect: false },
		{ line: 'cat x | gr', words: [], word: 'gr', from: 8, redirect: false },
		{ line: 'true && ec', words: [], word: 'ec', from: 8, redirect: false },
		{ line: 'echo $(ipt', words: [], word: 'ipt', from: 7, redirect: false },
		{ line: 'X=1 LC_ALL=C so', words: [], word: 'so', from: 13, redirect: false },
		{ line: 'cat < /etc/p', words: ['cat'], word: '/etc/p', from: 6, redirect: true },
		{ line: 'ls 2>/dev/n', words: ['ls'], word: '/dev/n', from: 5, redirect: true },
		{ line: 'cat "my fi', words: ['cat'], word: 'my fi', from: 4, redirect: false },
		{ line: 'cat my\\ fi', words: ['cat'], word: 'my fi', from: 4, redirect: false },
	])('$line', ({ line, words, word, from, redirect }) => {
		expect(wordAt(line, line.length)).toEqual({ words, word, from, afterRedirect: redirect });
	});
});

const chains: CommandSpec = {
	name: 'iptables',
	path: '/usr/sbin/iptables',
	help: { summary: { en: 'iptables', zh: 'iptables' } },
	run: () => ({ stdout: '', stderr: '', exitCode: 0 }),
	complete: ({ words }) => (words.at(-2) === '-t' ? ['filter', 'nat', 'mangle', 'raw'] : ['ISTIO_INBOUND', 'ISTIO_OUTPUT', '-S', '-L']),
};

function shell(): Shell {
	const fs = new MemoryFs();
	fs.setFile('/etc/passwd', '');
	fs.setFile('/etc/hosts', '');
	fs.mkdirs('/etc/pam.d');
	fs.setFile('/root/.bashrc', '');
	fs.setFile('/root/notes.txt', '');
	fs.setFile('/root/my file', '');
	fs.setFile('/root/说明.txt', '');
	return new Shell({ registry: standardRegistry().register(chains), fs, env: { HOSTNAME: 'kind-worker' } });
}

describe('completeShellLine', () => {
	it.each([
		{ name: 'commands in command position', line: 'ec', result: { from: 0, candidates: ['echo', 'egrep'].filter((c) => c.startsWith('ec')) } },
		{ name: 'commands after a pipe', line: 'cat x | he', result: { from: 8, candidates: ['head', 'help'] } },
		{ name: 'a command’s own candidates', line: 'iptables -t n', result: { from: 12, candidates: ['nat'] } },
		{ name: 'chain names', line: 'iptables -L ISTIO_', result: { from: 12, candidates: ['ISTIO_INBOUND', 'ISTIO_OUTPUT'] } },
		{ name: 'by path too', line: '/usr/sbin/iptables -L ISTIO_O', result: { from: 22, candidates: ['ISTIO_OUTPUT'] } },
		{ name: 'files when the command offers nothing', line: 'iptables -L x', result: { from: 12, candidates: [], labels: 'basename' } },
		{ name: 'files for commands without a completer', line: 'cat /etc/p', result: { from: 4, candidates: ['/etc/pam.d/', '/etc/passwd'], labels: 'basename' } },
		{ name: 'files in the working directory, no dotfiles', line: 'cat ', result: { from: 4, candidates: ['my\\ file', 'notes.txt', '说明.txt'], labels: 'basename' } },
		{ name: 'dotfiles when asked for', line: 'cat .', result: { from: 4, candidates: ['.bashrc'], labels: 'basename' } },
		{ name: 'file names are escaped as bash does', line: 'cat my', result: { from: 4, candidates: ['my\\ file'], labels: 'basename' } },
		{ name: 'tilde paths keep their tilde', line: 'cat ~/no', result: { from: 4, candidates: ['~/notes.txt'], labels: 'basename' } },
		{ name: 'after a redirection', line: 'echo x > /etc/h', result: { from: 9, candidates: ['/etc/hosts'], labels: 'basename' } },
		{ name: 'a path in command position', line: '/etc/pa', result: { from: 0, candidates: ['/etc/pam.d/', '/etc/passwd'], labels: 'basename' } },
		{ name: 'a missing directory offers nothing', line: 'cat /nope/x', result: { from: 0, candidates: [] } },
		{ name: 'variables are not completed', line: 'echo $HO', result: { from: 0, candidates: [] } },
	])('$name', ({ line, result }) => {
		expect(completeShellLine(shell(), line, line.length)).toEqual(result);
	});
});

describe('prompt', () => {
	it.each([
		{ name: 'root at home', parts: { user: 'root', host: 'kind-worker', cwd: '/root', home: '/root', uid: 0 }, prompt: 'root@kind-worker:~# ' },
		{ name: 'root elsewhere', parts: { user: 'root', host: 'kind-worker', cwd: '/etc', home: '/root', uid: 0 }, prompt: 'root@kind-worker:/etc# ' },
		{ name: 'istio-proxy in its container', parts: { user: 'istio-proxy', host: 'productpage-v1-7d6cfb7dfd-5mgx8', cwd: '/', home: '/home/istio-proxy', uid: 1337 }, prompt: 'istio-proxy@productpage-v1-7d6cfb7dfd-5mgx8:/$ ' },
		{ name: '\\h stops at the first dot', parts: { user: 'root', host: 'node1.example.com', cwd: '/root/x', home: '/root', uid: 0 }, prompt: 'root@node1:~/x# ' },
		{ name: 'colour, as skel’s .bashrc', parts: { user: 'root', host: 'h', cwd: '/', uid: 0, colour: true }, prompt: '\x1b[01;32mroot@h\x1b[00m:\x1b[01;34m/\x1b[00m# ' },
	])('$name', ({ parts, prompt }) => {
		expect(bashPrompt(parts)).toBe(prompt);
	});

	it.each([
		{ cwd: '/root', home: '/root', dir: '~' },
		{ cwd: '/rootfs', home: '/root', dir: '/rootfs' },
		{ cwd: '/root/a', home: '/root', dir: '~/a' },
		{ cwd: '/x', home: '/', dir: '/x' },
	])('tildeDir($cwd, $home)', ({ cwd, home, dir }) => {
		expect(tildeDir(cwd, home)).toBe(dir);
	});

	it('defaultPrompt reads USER, HOSTNAME and HOME from the shell', () => {
		const sh = shell();
		expect(defaultPrompt(sh)).toBe('root@kind-worker:~# ');
		sh.run('cd /etc');
		expect(defaultPrompt(sh)).toBe('root@kind-worker:/etc# ');
	});
});

describe('ShellSession over the rules lab', () => {
	const create = () => {
		const r = createRulesLab({ tty: true });
		if (!r.ok) throw new Error(r.error);
		return r.lab;
	};

	it('runs, completes, prompts, and resets to a fresh lab', () => {
		const s = new ShellSession({ create });
		expect(s.prompt()).toBe('root@sidecar-pod:~# ');
		expect(s.run('cd /etc; pwd').stdout).toBe('/etc\n');
		expect(s.prompt()).toBe('root@sidecar-pod:/etc# ');
		expect(s.complete('cat res', 7)).toEqual({ from: 4, candidates: ['resolv.conf'], labels: 'basename' });
		s.reset();
		expect(s.prompt()).toBe('root@sidecar-pod:~# ');
	});

	it('drives the whole terminal', () => {
		const out = new Recorder();
		const scheduler = new ManualScheduler();
		const session = new ShellSession({ create });
		const term = new TerminalController({ session, output: out, scheduler, history: new History({ key: 'rules' }), lang: 'zh' });
		const P = 'root@sidecar-pod:~# ';
		term.start();
		term.input('iptables -t nat -S');
		term.input('\r');
		expect(out.take()).toBe(`\x1b[?2004h${P}iptables -t nat -S\r\n-P PREROUTING ACCEPT\r\n-P INPUT ACCEPT\r\n-P OUTPUT ACCEPT\r\n-P POSTROUTING ACCEPT\r\n${P}`);
		term.input('cat /etc/hos');
		term.input('\t');
		term.input('\r');
		expect(out.take()).toBe(`cat /etc/hosts \r\n127.0.0.1\tlocalhost\r\n10.244.1.5\tsidecar-pod\r\n${P}`);
		term.input('sleep 1; echo slept\r');
		scheduler.advance(950);
		expect(out.take()).toBe('sleep 1; echo slept\r\n');
		scheduler.advance(50);
		expect(out.take()).toBe(`slept\r\n${P}`);
		term.input('exit\r');
		expect(out.take()).toBe(`exit\r\nexit\r\n${notice(t('zh', 'terminal.exited'))}`);
	});
});
