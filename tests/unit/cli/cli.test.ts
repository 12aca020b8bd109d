import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli as run } from './run-cli';
import { parseCliArgs } from '../../../src/cli/args';

// `sidecar-lab` prints exactly what the in-browser terminal prints. Its iptables output on a rule
// file must be the real iptables 1.8.9 output for that file (the materialized Istio goldens), and
// its trace output the trace command's own golden.

const ROOT = join(import.meta.dirname, '..', '..', '..');
const FIXTURES = join(ROOT, 'tests', 'fixtures');
const RULES = join(FIXTURES, 'iptables/materialized/inputs/sidecar-init-default.v4.restore');
const REAL = (name: string) => readFileSync(join(FIXTURES, 'iptables/materialized/nft/sidecar-init-default', name), 'utf8');

describe('sidecar-lab CLI', () => {
	it('prints the real iptables output for a rule file, line after line', async () => {
		const r = await run(['--rules', RULES, '-c', 'iptables -t nat -L -n -v', '-c', 'iptables -t nat -S']);
		expect(r.stderr).toBe('');
		expect(r.stdout).toBe(REAL('iptables-t-nat-L-n-v.txt') + REAL('iptables-t-nat-S.txt'));
		expect(r.code).toBe(0);
	});

	it('runs trace in the recorder pod and changes the counters as one SYN would', async () => {
		const r = await run(['--rules', RULES, '-c', 'trace --in eth0 10.244.1.6:41000 10.244.1.5:9080', '-c', 'iptables -t nat -S -v | grep -c -- "-c 1 60 -j ISTIO_IN_REDIRECT"']);
		expect(r.stdout).toBe(readFileSync(join(FIXTURES, 'trace/inbound-app.en.golden'), 'utf8') + '1\n');
	});

	it('speaks Chinese in its own messages with --lang zh', async () => {
		const r = await run(['--lang', 'zh', '--rules', RULES, '-c', 'trace --in eth0 10.244.1.6:41000 10.244.1.5:9080']);
		expect(r.stdout).toBe(readFileSync(join(FIXTURES, 'trace/inbound-app.zh.golden'), 'utf8'));
	});

	it('reads a script from standard input when there is no -c', async () => {
		const r = await run(['--rules', RULES], 'iptables -t nat -S | head -3\n\nfoo\n');
		expect(r.stdout).toBe('-P PREROUTING ACCEPT\n-P INPUT ACCEPT\n-P OUTPUT ACCEPT\n');
		expect(r.stderr).toBe('bash: foo: command not found\n');
		expect(r.code).toBe(127);
	});

	it('applies istio-iptables to the namespace, as istio-init does', async () => {
		// The node has kube-proxy's and flannel's nat rules: start from an empty nat table, as a pod does.
		const r = await run(['-c', 'iptables -t nat -F && iptables -t nat -X', '-c', 'istio-iptables -p 15001 -z 15006 -u 1337 -m REDIRECT -i "*" -x "" -b "*" -d 15090,15021,15020 >/dev/null', '-c', 'iptables -t nat -S']);
		expect(r.stdout).toBe(REAL('iptables-t-nat-S.txt'));
	});

	it.each([
		[['--rules'], "sidecar-lab: option '--rules' needs a value\n"],
		[['--bogus'], "sidecar-lab: unknown option '--bogus'\n"],
		[['--lang', 'fr'], "sidecar-lab: --lang: expected en or zh, got 'fr'\n"],
		[['--rules', '/no/such/file'], 'sidecar-lab: cannot read /no/such/file: ENOENT\n'],
	])('rejects %j with a clear message', async (args, message) => {
		const r = await run(args);
		expect(r.code).toBe(2);
		expect(r.stderr.split('\n')[0] + '\n').toBe(message);
	});

	it('parses repeated -c in order and --seed', () => {
		const r = parseCliArgs(['-c', 'a', '--seed=7', '-c', 'b']);
		expect(r).toEqual({ ok: true, options: { commands: ['a', 'b'], lang: 'en', seed: 7, help: false, tproxy: false } });
	});

	it('runs as `npx sidecar-lab` (bin/sidecar-lab.mjs) with the pinned Node', () => {
		const r = spawnSync(process.execPath, [join(ROOT, 'bin/sidecar-lab.mjs'), '--rules', RULES, '-c', 'iptables-save -t nat | grep -c ISTIO'], { encoding: 'utf8', cwd: ROOT });
		expect(r.stderr).toBe('');
		const expected = REAL('iptables-save.txt').split('\n').filter((line) => line.includes('ISTIO')).length;
		expect(r.stdout).toBe(`${expected}\n`);
		expect(r.status).toBe(0);
	});
});
