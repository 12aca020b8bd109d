import { describe, expect, it } from 'vitest';
import { createWorldLab } from '../../../src/lab/world-lab';
import type { LabSession } from '../../../src/terminal/types';
import { netnsOf, podByName } from '../../../src/world';
import { scenarioFiles } from '../world/helpers';
import { DETAILS, lab, PRODUCTPAGE, REVIEWS_V1, run, SLEEP } from './helpers';

// The world lab: where the terminal starts, how a learner moves (nsenter, kubectl exec, exit),
// what works where, and the lab's own commands. Provenance of the real tools' words:
// tests/unit/commands/recorded/README.md.

describe('where the session starts', () => {
	it.each([
		{ at: undefined, prompt: 'root@kind-worker:~# ', netns: 'node/kind-worker' },
		{ at: 'node', prompt: 'root@kind-worker:~# ', netns: 'node/kind-worker' },
		// --at POD: as after `nsenter -t <envoy pid> -n`: the node's prompt, the pod's namespace.
		{ at: 'productpage', prompt: 'root@kind-worker:~# ', netns: `pod/default/${PRODUCTPAGE}` },
		{ at: `${PRODUCTPAGE}/istio-proxy`, prompt: `istio-proxy@${PRODUCTPAGE}:/$ `, netns: `pod/default/${PRODUCTPAGE}` },
		// uid 1000 has no passwd entry in the Debian image: bash says so in \u; HOME is / (containerd's default).
		{ at: `${PRODUCTPAGE}/productpage`, prompt: `I have no name!@${PRODUCTPAGE}:/opt/microservices$ `, netns: `pod/default/${PRODUCTPAGE}` },
		// Open Liberty's user 1001 lives in /opt/ol, so bash shows the working directory under ~.
		{ at: `${REVIEWS_V1}/reviews`, prompt: `default@${REVIEWS_V1}:~/wlp$ `, netns: `pod/default/${REVIEWS_V1}` },
		// The curl image has BusyBox's ash (PS1 '\w \$ ').
		{ at: `${SLEEP}/sleep`, prompt: '~ $ ', netns: `pod/default/${SLEEP}` },
	])('--at $at', ({ at, prompt, netns }) => {
		const l = lab(at === undefined ? {} : { at });
		expect([l.shell.prompt(), l.shell.location.netns]).toEqual([prompt, netns]);
	});

	it.each([
		{ at: 'nosuch', error: '--at nosuch: no pod "nosuch" in this scenario (pods: kube-flannel-ds-x5m8r, kube-proxy-gq7wz, details-v1-65cfcf56f9-vq8kj, ratings-v1-7c9bd4b87f-7xmbz, reviews-v1-6584ddcf65-dq2tx, productpage-v1-54bb874995-hhx8q, reviews-v2-6f85cb9b7c-kz4n9, reviews-v3-6f5b775685-wl57s, sleep-5577c64d7c-9xn2w)' },
		{ at: 'reviews', error: '--at reviews: "reviews" matches several pods: reviews-v1-6584ddcf65-dq2tx, reviews-v2-6f85cb9b7c-kz4n9, reviews-v3-6f5b775685-wl57s' },
		{ at: `${PRODUCTPAGE}/envoy`, error: `--at ${PRODUCTPAGE}/envoy: error: unable to upgrade connection: container not found ("envoy")` },
	])('refuses --at $at', ({ at, error }) => {
		expect(createWorldLab({ files: scenarioFiles(), scenario: 'bookinfo', at })).toEqual({ ok: false, error });
	});

	it('names the scenario that does not load', () => {
		const r = createWorldLab({ files: scenarioFiles(), scenario: 'nosuch' });
		expect(r.ok).toBe(false);
	});
});

describe('moving around', () => {
	it('nsenter without a program opens a shell in the pod netns; exit comes back', () => {
		const l = lab();
		const envoy = l.handle.world.processes.find((p) => p.comm === 'envoy' && p.container?.pod === `default/${PRODUCTPAGE}`);
		const r = l.shell.run(`nsenter -t ${envoy?.pid ?? 0} -n -u`);
		expect([r.stdout, r.stderr, r.exitCode, l.shell.depth, l.shell.prompt()]).toEqual(['', '', 0, 2, `root@${PRODUCTPAGE}:~# `]);
		expect(run(l, 'hostname').stdout).toBe(`${PRODUCTPAGE}\n`);
		const out = l.shell.run('exit');
		expect([out.stderr, out.control, l.shell.depth, l.shell.prompt(), l.shell.location.netns]).toEqual(['exit\n', undefined, 1, 'root@kind-worker:~# ', 'node/kind-worker']);
	});

	it('nsenter with a program runs it there and stays on the node', () => {
		const l = lab();
		expect(run(l, `nsenter -t ${podByName(l.handle.world, PRODUCTPAGE)?.sandbox.pid ?? 0} -u hostname`, 'hostname').stdout).toBe(`${PRODUCTPAGE}\nkind-worker\n`);
		expect(l.shell.depth).toBe(1);
	});

	it('iptables sees the namespace it runs in: the pod has the sidecar rules, the node does not', () => {
		const l = lab();
		const pid = podByName(l.handle.world, PRODUCTPAGE)?.sandbox.pid ?? 0;
		const inPod = run(l, `nsenter -t ${pid} -n iptables -t nat -S | grep -c ISTIO`).stdout;
		const onNode = run(l, 'iptables -t nat -S | grep -c ISTIO').stdout;
		expect([inPod, onNode]).toEqual(['22\n', '0\n']);
	});

	it('a rule added after nsenter changes the pod namespace of the world, and reset undoes it', () => {
		const l = lab({ at: 'productpage' });
		const id = `pod/default/${PRODUCTPAGE}`;
		const before = netnsOf(l.handle.world, id).netfilter;
		expect(run(l, 'iptables -t nat -I OUTPUT -p tcp --dport 9999 -j RETURN').exitCode).toBe(0);
		expect(netnsOf(l.handle.world, id).netfilter).not.toEqual(before);
		expect(run(l, 'iptables -t nat -S OUTPUT').stdout).toBe('-P OUTPUT ACCEPT\n-A OUTPUT -p tcp -m tcp --dport 9999 -j RETURN\n-A OUTPUT -j ISTIO_OUTPUT\n');
		const r = l.shell.run('reset');
		expect([r.stdout, r.stderr, r.exitCode, l.shell.depth]).toEqual(['', '', 0, 2]);
		expect(netnsOf(l.handle.world, id).netfilter).toEqual(before);
	});

	it('kubectl exec -it … -- bash opens the container shell, as its user', () => {
		const l = lab();
		expect(run(l, `kubectl exec -it ${PRODUCTPAGE} -c istio-proxy -- bash`)).toEqual({ stdout: '', stderr: '', exitCode: 0 });
		expect([l.shell.prompt(), run(l, 'id', 'pwd').stdout]).toEqual([`istio-proxy@${PRODUCTPAGE}:/$ `, 'uid=1337(istio-proxy) gid=1337(istio-proxy) groups=1337(istio-proxy)\n/\n']);
		// exit with the status of the last command: kubectl reports it.
		run(l, 'false');
		expect(l.shell.run('exit').stderr).toBe('exit\ncommand terminated with exit code 1\n');
		expect(l.shell.prompt()).toBe('root@kind-worker:~# ');
	});

	it('kubectl exec without -i: the shell reads end of file and ends at once', () => {
		const l = lab();
		expect([run(l, `kubectl exec ${PRODUCTPAGE} -- sh`), l.shell.depth]).toEqual([{ stdout: '', stderr: '', exitCode: 0 }, 1]);
	});

	it('kubectl exec -- sh -c runs a script there', () => {
		const l = lab();
		expect(run(l, `kubectl exec ${SLEEP} -- sh -c 'whoami; hostname'`).stdout).toBe(`curl_user\n${SLEEP}\n`);
	});

	it('exit on the first shell ends the session', () => {
		expect(lab().shell.run('exit').control).toBe('exit');
	});
});

describe('what works where', () => {
	const CASES: readonly { name: string; at?: string; lines: string[]; stdout: string; stderr: string; exitCode: number }[] = [
		// An app image has no iptables: bash's words in bash, dash's (numbered lines) in Debian's sh.
		{ name: 'no iptables in an app container (bash)', at: `${PRODUCTPAGE}/productpage`, lines: ['iptables -S'], stdout: '', stderr: 'bash: iptables: command not found\n', exitCode: 127 },
		{ name: 'BusyBox ash says "not found"', at: `${SLEEP}/sleep`, lines: ['iptables -S'], stdout: '', stderr: 'sh: iptables: not found\n', exitCode: 127 },
		// The proxy runs as 1337 without capabilities: iptables' own refusal (recorded with setpriv).
		{ name: 'iptables as uid 1337 (nft)', at: `${PRODUCTPAGE}/istio-proxy`, lines: ['iptables -t nat -L'], stdout: '', stderr: 'iptables v1.8.9 (nf_tables): Could not fetch rule set generation id: Permission denied (you must be root)\n', exitCode: 4 },
		{ name: 'iptables-save as uid 1337', at: `${PRODUCTPAGE}/istio-proxy`, lines: ['iptables-save'], stdout: '', stderr: 'iptables-save v1.8.9 (nf_tables): Could not fetch rule set generation id: Permission denied (you must be root)\n', exitCode: 4 },
		// The legacy back end needs /run/xtables.lock, on the proxy's read-only root filesystem.
		{ name: 'iptables-legacy as uid 1337', at: `${PRODUCTPAGE}/istio-proxy`, lines: ['iptables-legacy -S'], stdout: '', stderr: "Fatal: can't open lock file /run/xtables.lock: Read-only file system\n", exitCode: 4 },
		{ name: 'iptables --version needs no privilege', at: `${PRODUCTPAGE}/istio-proxy`, lines: ['iptables --version'], stdout: 'iptables v1.8.9 (nf_tables)\n', stderr: '', exitCode: 0 },
		{ name: 'conntrack as uid 1337', at: `${PRODUCTPAGE}/istio-proxy`, lines: ['conntrack -L'], stdout: '', stderr: 'conntrack v1.4.7 (conntrack-tools): Operation failed: sorry, you must be root or get CAP_NET_ADMIN capability to do this\n', exitCode: 1 },
		{ name: 'the proxy image has no ps', at: `${PRODUCTPAGE}/istio-proxy`, lines: ['ps'], stdout: '', stderr: 'bash: ps: command not found\nDid you mean: ls?\n', exitCode: 127 },
		{ name: 'kubectl is the learner’s tool, not the container’s', at: `${DETAILS}/details`, lines: ['kubectl get pods'], stdout: '', stderr: 'bash: kubectl: command not found\n', exitCode: 127 },
		{ name: 'unknown commands suggest the closest one', lines: ['iptabels -S'], stdout: '', stderr: 'bash: iptabels: command not found\nDid you mean: iptables?\n', exitCode: 127 },
		{ name: 'whoami without a passwd entry', at: `${PRODUCTPAGE}/productpage`, lines: ['whoami'], stdout: '', stderr: 'whoami: cannot find name for user ID 1000\n', exitCode: 1 },
	];
	it.each(CASES)('$name', ({ at, lines, stdout, stderr, exitCode }) => {
		expect(run(lab(at === undefined ? {} : { at }), ...lines)).toEqual({ stdout, stderr, exitCode });
	});

	it('dash numbers its messages with the line it read', () => {
		const l = lab({ at: `${DETAILS}/details` });
		run(l, 'exit');
		run(l, `kubectl exec -it ${DETAILS} -- sh`);
		expect([l.shell.prompt(), run(l, 'true', 'nosuch').stderr]).toEqual(['$ ', 'sh: 2: nosuch: not found\n']);
	});
});

describe('files follow the location', () => {
	it('/etc/resolv.conf is the node’s on the node and the pod’s in a container', () => {
		const l = lab();
		const node = run(l, 'cat /etc/resolv.conf').stdout;
		run(l, `kubectl exec -it ${PRODUCTPAGE} -c istio-proxy -- bash`);
		expect([node, run(l, 'cat /etc/resolv.conf').stdout]).toEqual(['nameserver 172.18.0.1\noptions ndots:0\n', 'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n']);
	});

	it('envoy-rev.json is in the proxy container only', () => {
		const l = lab({ at: `${PRODUCTPAGE}/istio-proxy` });
		expect(run(l, 'ls /etc/istio/proxy').stdout).toBe('envoy-rev.json\n');
		expect(run(l, 'head -n 2 /etc/istio/proxy/envoy-rev.json').stdout).toBe('{\n  "application_log_config": {\n');
		run(l, 'exit');
		expect(run(l, 'cat /etc/istio/proxy/envoy-rev.json').stderr).toBe('cat: /etc/istio/proxy/envoy-rev.json: No such file or directory\n');
	});

	it('/proc/net/tcp lists the sockets of the namespace the reader is in', () => {
		const l = lab();
		const node = run(l, 'grep -c ": " /proc/net/tcp').stdout;
		const pid = podByName(l.handle.world, PRODUCTPAGE)?.sandbox.pid ?? 0;
		const pod = run(l, `nsenter -t ${pid} -n grep -c ": " /proc/net/tcp`).stdout;
		// The node: containerd's and the kubelet's listeners, kube-proxy's, their connections to the
		// API server, flanneld's. The pod: Envoy's nine IPv4 listeners (2 workers), pilot-agent's two
		// connections to istiod, Envoy's two to the agent (whose accepted ends are IPv6: tcp6).
		expect([node, pod]).toEqual(['6\n', '13\n']);
	});

	it('a file written in a container stays there', () => {
		const l = lab({ at: `${SLEEP}/sleep` });
		run(l, 'echo hello > /tmp/x');
		expect(run(l, 'cat /tmp/x').stdout).toBe('hello\n');
		run(l, 'exit');
		expect(run(l, 'cat /tmp/x').stderr).toBe('cat: /tmp/x: No such file or directory\n');
	});
});

describe('the lab’s own commands', () => {
	it('help lists the commands of this place, in the session’s language', () => {
		const en = run(lab(), 'help').stdout.split('\n');
		const zh = run(lab({ lang: 'zh' }), 'help').stdout.split('\n');
		expect(en[0]).toBe('Commands in this terminal:');
		expect(en.find((l) => l.startsWith('  kubectl'))).toBe("  kubectl         the cluster from the learner's side: get pods|svc|endpoints, describe pod, logs, exec (kubectl 1.32)");
		expect(zh.find((l) => l.startsWith('  reset'))).toBe('  reset           恢复场景的初始状态（规则、连接和所在位置）');
		const inProxy = run(lab({ at: `${PRODUCTPAGE}/istio-proxy` }), 'help').stdout;
		expect([inProxy.includes('\n  kubectl '), inProxy.includes('\n  iptables ')]).toEqual([false, true]);
	});

	it('history and clear', () => {
		const l = lab();
		run(l, 'id', 'hostname');
		expect(run(l, 'history').stdout).toBe('    1  id\n    2  hostname\n    3  history\n');
		expect(l.shell.run('clear').control).toBe('clear');
	});

	it('the same seed and commands give the same session', () => {
		const lines = ['ps -ef', 'kubectl get pods -A -o wide', 'crictl ps -a', 'cat /proc/net/tcp'];
		expect(run(lab(), ...lines)).toEqual(run(lab(), ...lines));
	});
});

describe('for the terminal', () => {
	it('is a LabSession: run, start, complete, prompt, reset', () => {
		const session: LabSession = lab().shell;
		expect(session.prompt()).toBe('root@kind-worker:~# ');
	});

	it.each([
		{ line: 'kube', candidates: ['kubectl'], labels: undefined },
		{ line: 'kubectl exec prod', candidates: [PRODUCTPAGE], labels: undefined },
		{ line: `kubectl logs ${PRODUCTPAGE} -c istio-`, candidates: ['istio-init', 'istio-proxy'], labels: undefined },
		{ line: 'cat /etc/re', candidates: ['/etc/resolv.conf'], labels: 'basename' },
		{ line: 'ls /proc/', candidates: ['/proc/net/'], labels: 'basename' },
	])('completes $line', ({ line, candidates, labels }) => {
		const c = lab().shell.complete(line, line.length);
		expect({ candidates: c.candidates, labels: c.labels }).toEqual({ candidates, labels });
	});

	it('takes commands from outside the lab (colleagues’ WorldHandle factories)', () => {
		const made = createWorldLab({
			files: scenarioFiles(),
			scenario: 'bookinfo',
			extraCommands: [{ where: 'everywhere', factory: (h) => ({ name: 'where', help: { summary: { en: 'where am I', zh: '我在哪' } }, run: () => ({ stdout: `${h.location.kind} ${h.location.netns}\n`, stderr: '', exitCode: 0 }) }) }],
		});
		if (!made.ok) throw new Error(made.error);
		expect(run(made.lab, 'where', `kubectl exec -it ${SLEEP} -- sh`, 'where').stdout).toBe(`node node/kind-worker\nexec pod/default/${SLEEP}\n`);
	});

	it('istio-iptables is the lab’s tool on the node: it programs the namespace nsenter entered', () => {
		const l = lab({ at: SLEEP.replace(/-[^-]+-[^-]+$/, '') });
		expect(run(l, 'iptables -t nat -S | wc -l').stdout).toBe('4\n');
		run(l, 'istio-iptables -p 15001 -z 15006 -u 1337 -m REDIRECT -i "*" -x "" -b "*" -d 15090,15021,15020 > /dev/null');
		expect(run(l, 'iptables -t nat -S | grep -c ISTIO').stdout).toBe('22\n');
	});
});
