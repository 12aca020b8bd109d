import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../../src/shell';
import type { WorldLab } from '../../../src/lab/world-lab';
import { SCRIPT } from './script';
import { lab, PRODUCTPAGE, SLEEP, toolsLab } from './helpers';

// Whatever a learner types into the pod world, the terminal answers: no exception, output within
// the shell's limit, and every line ends within a bounded number of steps of the job that runs it
// (steps, not wall time: each advance of the job is one). 100,000+ lines: random words of the
// lab's vocabulary, and the script's real lines mutated character by character.

const WORDS = [
	'ps', '-ef', 'aux', '-p', '3074', '-o', 'pid,comm', '-C', 'envoy', 'id', '-un', 'whoami', 'hostname', '-i', '-I',
	'kubectl', 'get', 'pods', 'po', 'svc', 'endpoints', 'ep', '-A', '-n', 'default', 'kube-system', '-o', 'wide', 'yaml', 'name', "jsonpath='{.items[*].metadata.name}'", 'jsonpath={.x', '-l', 'app=reviews', 'app!=x', 'describe', 'pod', 'logs', '-c', 'istio-init', 'istio-proxy', '--tail', '3', '-f', 'exec', '-it', '-i', '--', 'sh', 'bash', '-c', PRODUCTPAGE, SLEEP, 'deploy/productpage-v1', 'productpage',
	'crictl', 'inspect', 'inspectp', 'pods', '--name', '-q', '-a', '--output', 'go-template', '--template', "'{{.info.pid}}'", "'{{.x'", '48ef29135d859', '12ba4',
	'docker', 'inspect', '--format', "'{{.State.Pid}}'", 'nsenter', '-t', '3043', '-n', '-u', '-m', '1', '999999',
	'iptables', '-t', 'nat', '-S', '-L', '-v', '-A', 'OUTPUT', '-j', 'RETURN', 'iptables-save', 'iptables-legacy', 'conntrack', '-L', 'trace', '10.244.1.6:41000', '10.244.1.5:9080',
	'cat', 'ls', '/proc/net/tcp', '/proc/net/tcp6', '/etc/hosts', '/etc/istio/proxy/envoy-rev.json', '/var/log/pods', 'exit', 'reset', 'help', 'history', 'clear',
	'|', 'grep', 'pid', 'head', '-3', 'wc', '-l', '&&', '||', ';', '$(', ')', '"', "'", '>', '/dev/null', '2>&1', '*', '~', '$HOME', '\\',
	// The traffic and capture commands, and jobs.
	'netstat', '-alp', '-tlnp', '-tanp', 'lsof', '-i', ':15001', 'curl', '-s', '-v', '-o', 'localhost:15000/ready', 'http://details:9080/details/0', '10.96.0.50:9080', '127.0.0.1:15001', 'nc', '-zv', 'localhost', '15000', '9080',
	'tcpdump', '-i', 'eth0', 'lo', 'any', '-c', '2', '-A', '-vvvv', 'port', 'host', 'net', '10.244.0.0/12', 'and', 'or', 'not', 'portrange', '20000-65535', 'tcp[13]', '&', '%1', 'jobs', 'fg', 'kill', 'wait',
	// Names of Object.prototype's members.
	'toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf', '--constructor',
];

function mutate(line: string, edits: readonly [number, number, string][]): string {
	let s = line;
	for (const [kind, at, ch] of edits) {
		const i = s.length === 0 ? 0 : at % (s.length + 1);
		if (kind === 0) s = s.slice(0, i) + ch + s.slice(i);
		else if (kind === 1) s = s.slice(0, i) + s.slice(i + 1);
		else s = s.slice(0, i) + ch + s.slice(i + 1);
	}
	return s;
}

const lineArb = fc.oneof(
	fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 8 }).map((w) => w.join(' ')),
	fc.tuple(fc.constantFrom(...SCRIPT), fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.nat(), fc.constantFrom('-', ' ', '|', "'", '"', '$', '{', '}', '/', 'x', '0', '\t', ';', '\\', '*')), { maxLength: 4 })).map(([l, e]) => mutate(l, e)),
	fc.string({ maxLength: 40 }),
);

/** The most steps one line may take: every line here is instant or ends on its first grants. */
const MAX_STEPS = 64;
const MAX_OUTPUT = DEFAULT_LIMITS.maxOutput + 200;

describe('world lab fuzz', () => {
	it('answers 100,000 lines without throwing, with bounded output and steps', { timeout: 600_000 }, () => {
		let current: WorldLab = lab({ tty: true });
		let count = 0;
		let sinceFresh = 0;
		const one = (line: string): void => {
			// Long sessions pile up nested shells and processes; a fresh lab keeps each line cheap.
			// Every other fresh lab is the variant whose node has tcpdump, so captures and jobs run as root.
			if (current.shell.depth > 6 || sinceFresh > 3000) {
				current = count % 2 === 0 ? lab({ tty: true }) : toolsLab({ tty: false, at: 'productpage' });
				sinceFresh = 0;
			}
			sinceFresh++;
			count++;
			const job = current.shell.start(line);
			let out = 0;
			let steps = 0;
			let step = job.advance(Number.POSITIVE_INFINITY);
			// A capture waiting for packets no later line can bring is interrupted, as Ctrl-C would.
			for (; !step.done && step.idle !== true && steps < MAX_STEPS; steps++) {
				out += step.output.reduce((n, e) => n + e.text.length, 0);
				step = job.advance(Number.POSITIVE_INFINITY);
			}
			if (!step.done) step = job.interrupt();
			out += step.output.reduce((n, e) => n + e.text.length, 0);
			expect(step.done, line).toBe(true);
			expect(steps, line).toBeLessThan(MAX_STEPS);
			expect(out, line).toBeLessThanOrEqual(MAX_OUTPUT);
			expect(typeof step.exitCode, line).toBe('number');
			if (step.control === 'exit') current = lab();
		};
		fc.assert(
			fc.property(fc.array(lineArb, { minLength: 1, maxLength: 4 }), (lines) => {
				for (const l of lines) one(l);
			}),
			{ numRuns: 42_000, seed: 20261121 },
		);
		expect(count).toBeGreaterThanOrEqual(100_000);
	});
});
