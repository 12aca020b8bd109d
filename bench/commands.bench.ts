// How long each command a lesson uses takes in the bookinfo world lab, warm: p50 and p99 of 300
// runs after 30 warm-up runs, each in the place lessons run it (the node, a pod's network
// namespace after nsenter, the proxy container). Target: p99 under 5 ms.
//
//   npm run bench -- commands

import { join } from 'node:path';
import { readScenarioFiles } from '../src/cli/scenario-files';
import { createWorldLab, type WorldLab } from '../src/lab/world-lab';

const files = readScenarioFiles(join(process.cwd(), 'content/scenarios'));
const PP = 'productpage-v1-54bb874995-hhx8q';
const TARGET_MS = 5;

function make(at?: string): WorldLab {
	const made = createWorldLab({ files, scenario: 'bookinfo', ...(at !== undefined ? { at } : {}), tty: true });
	if (!made.ok) throw new Error(made.error);
	return made.lab;
}

function percentile(sorted: number[], p: number): number {
	return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;
}

let slow = 0;
function measure(label: string, fn: () => void): void {
	for (let i = 0; i < 30; i++) fn();
	const times: number[] = [];
	for (let i = 0; i < 300; i++) {
		const t = performance.now();
		fn();
		times.push(performance.now() - t);
	}
	times.sort((a, b) => a - b);
	const p99 = percentile(times, 99);
	if (p99 >= TARGET_MS) slow++;
	console.log(`${label.padEnd(64)} p50 ${percentile(times, 50).toFixed(2)} ms   p99 ${p99.toFixed(2)} ms${p99 >= TARGET_MS ? '   (over target)' : ''}`);
}

const PLACES: readonly { at?: string; lines: readonly string[] }[] = [
	{
		lines: [
			'id', 'whoami', 'hostname', 'hostname -i', 'ps -ef', 'ps aux', 'ps',
			'kubectl get pods', 'kubectl get pods -A -o wide', `kubectl get pod ${PP} -o yaml`, 'kubectl get svc -o wide', 'kubectl get endpoints', 'kubectl get ep reviews -o yaml',
			`kubectl describe pod ${PP}`, `kubectl logs ${PP} -c istio-init`,
			'crictl ps', 'crictl pods', `crictl inspect --output go-template --template '{{.info.pid}}' 48ef29135d859`, 'crictl inspect 48ef29135d859 | grep pid', 'docker ps',
			'cat /etc/resolv.conf', 'ls /var/log/pods', 'cat /proc/net/tcp',
			'nsenter -t 3074 -n iptables -t nat -S', 'nsenter -t 3074 -n -u hostname', `kubectl exec ${PP} -c istio-proxy -- cat /etc/resolv.conf`,
			'help', 'history',
		],
	},
	{ at: 'productpage', lines: ['iptables -t nat -S', 'iptables -t nat -L -n -v', 'iptables-save', 'conntrack -L', 'trace --in eth0 10.244.1.6:41000 10.244.1.5:9080', 'cat /proc/net/tcp', 'cat /proc/net/tcp6', 'ps -ef | grep envoy'] },
	{
		at: `${PP}/istio-proxy`,
		lines: [
			'id', 'iptables -S', 'cat /etc/istio/proxy/envoy-rev.json', 'cat /proc/net/tcp',
			'netstat -alp', 'netstat -tlnp', 'netstat -tanp', 'lsof -i', 'lsof -i :15001',
			'curl -s http://details:9080/details/0', 'curl -s localhost:15000/config_dump', 'curl -s localhost:15090/stats/prometheus', 'nc -zv localhost 15000', 'tcpdump -i eth0 -n',
		],
	},
];

const built: number[] = [];
for (let i = 0; i < 20; i++) {
	const t = performance.now();
	make();
	built.push(performance.now() - t);
}
built.sort((a, b) => a - b);
console.log(`${'createWorldLab bookinfo'.padEnd(64)} p50 ${percentile(built, 50).toFixed(2)} ms   p99 ${percentile(built, 99).toFixed(2)} ms`);

for (const place of PLACES) {
	const lab = make(place.at);
	for (const line of place.lines) {
		measure(`${place.at === undefined ? 'node' : place.at.replace(PP, 'productpage')}: ${line}`.slice(0, 64), () => {
			lab.shell.run(line);
		});
		// `trace` and friends add conntrack entries; keep every sample on the same world.
		lab.shell.reset();
	}
}

// Moving: into a shell and back out.
{
	const lab = make();
	measure('node: nsenter -t 3074 -n; exit', () => {
		lab.shell.run('nsenter -t 3074 -n');
		lab.shell.run('exit');
	});
	measure(`node: kubectl exec -it productpage -c istio-proxy -- bash; exit`, () => {
		lab.shell.run(`kubectl exec -it ${PP} -c istio-proxy -- bash`);
		lab.shell.run('exit');
	});
	measure('node: reset', () => lab.shell.reset());
}

// Captures: tcpdump runs as root where the node has it (a variant of bookinfo with the tools
// installed); a background capture sees the request the next line makes.
{
	const tools = `schema: 1\nid: tools\nextends: bookinfo\ntitle: { en: x, zh: x }\nnodes:\n  - name: kind-worker\n    binaries: [bash, sh, cat, ls, grep, ps, id, hostname, ip, ss, iptables, conntrack, nsenter, crictl, curl, tcpdump, netstat, lsof, nc]\n`;
	const made = createWorldLab({ files: { ...files, 'tools/scenario.yaml': tools }, scenario: 'tools', at: 'productpage', tty: true });
	if (!made.ok) throw new Error(made.error);
	const lab = made.lab;
	measure('productpage (tools): tcpdump -i eth0 -n -c 1 (ends as Ctrl-C)', () => {
		lab.shell.run('tcpdump -i eth0 -n -c 1');
	});
	measure('productpage (tools): curl, captured by tcpdump -i any &', () => {
		lab.shell.run('tcpdump -i any -n -vvvv -A -c 20 &');
		lab.shell.run('curl -s http://10.96.0.50:9080/details/0');
		lab.shell.run('kill %1 2>/dev/null; true');
	});
	measure('productpage (tools): nc -zv, captured by tcpdump -i lo &', () => {
		lab.shell.run('tcpdump -i lo -n port 15001 &');
		lab.shell.run('nc -zv 10.96.0.50 9080');
		lab.shell.run('kill %1');
	});
}

console.log(slow === 0 ? `\nevery command under ${TARGET_MS} ms at p99` : `\n${slow} command(s) over ${TARGET_MS} ms at p99`);
