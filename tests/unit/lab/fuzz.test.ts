import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRulesLab } from '../../../src/lab/rules-lab';

// Whatever a learner types into the rules lab, the terminal answers: no exception, bounded
// output, an exit status. Lines are built from the words the lab's commands know, shuffled.

const RULES = readFileSync(join(import.meta.dirname, '../../fixtures/iptables/materialized/inputs/sidecar-init-default.v4.restore'), 'utf8');

const WORDS = [
	'trace', 'iptables', 'iptables-save', 'iptables-restore', 'ip6tables', 'iptables-legacy', 'conntrack', 'istio-iptables',
	'-t', 'nat', 'mangle', 'raw', 'filter', '-L', '-S', '-n', '-v', '-x', '-Z', '-F', '-X', '-N', '-A', '-I', '-D', '-R', '-P',
	'--line-numbers', 'ISTIO_OUTPUT', 'ISTIO_INBOUND', 'PREROUTING', 'OUTPUT', '-j', 'RETURN', 'REDIRECT', '--to-ports', '15001',
	'-p', 'tcp', 'udp', '--dport', '9080', '-m', 'owner', '--uid-owner', '1337', '!', '-s', '-d', '127.0.0.6/32', '-o', 'lo',
	'--in', 'eth0', '--uid', '--gid', '0', '10.244.1.6:41000', '10.244.1.5:9080', '10.96.0.50:9080', '127.0.0.1:15000',
	'-c', '--dry-run', '-z', '15006', '-u', '-m', 'TPROXY', '-b', '*', '-i', '-x', '""', '--redirect-dns', '|', 'grep', 'ISTIO',
	'head', '-1', '&&', '||', ';', '$(', ')', "'", '"', '999999999999', '::1', '-', '--', '%', '10.0.0.0/33', 'xyz',
];

describe('rules lab fuzz', () => {
	it('answers every line without throwing, with bounded output', () => {
		const created = createRulesLab({ rules: RULES });
		if (!created.ok) throw new Error(created.error);
		const { shell } = created.lab;
		fc.assert(
			fc.property(fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 12 }), (words) => {
				const r = shell.run(words.join(' '));
				expect(typeof r.exitCode).toBe('number');
				expect(r.stdout.length + r.stderr.length).toBeLessThan(2_000_000);
			}),
			{ numRuns: 4000, seed: 20261121 },
		);
	});
});
