// Property tests: more than 20,000 random and mutated command lines through parser, expansion,
// interpreter and every text tool. Nothing may throw, output stays within the bound, exit codes
// are bytes, and every line ends within its step budget.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryFs, parse, Shell } from '../../../src/shell';
import { standardRegistry } from '../../../src/shell/commands';
import { CASE_DIR, caseFs, recorded } from './fixtures';

const LIMITS = { maxSteps: 3000, maxOutput: 16 * 1024, maxInput: 64 * 1024, maxFileSize: 64 * 1024 };
const NOTE_ROOM = 200;
const registry = standardRegistry();
const SEED_LINES = recorded().cases.map((c) => c.line);

const TOKENS = [
	'echo', 'printf', 'cat', 'ls', 'grep', 'sed', 'awk', 'jq', 'head', 'tail', 'wc', 'sort', 'uniq', 'cut', 'tee', 'xargs', 'seq', 'sleep', 'yes',
	'cd', 'pwd', 'export', 'unset', 'true', 'false', 'exit', 'history', 'clear', 'type', 'which', 'help', 'nope', '/usr/bin/grep', './x',
	'-n', '-c', '-v', '-i', '-E', '-o', '-r', '-u', '-k2', '-t:', '-d:', '-f1', '-A1', '-B2', '-C', '-s', '-e', '-w', '-x', '-l', '-1', '--', '-',
	'passwd', 'ss.txt', 'tcp', 'resolv.conf', 'config.json', 'listeners.json', 'words.txt', 'ports.txt', '/tmp', '/dev/null', 'nope', '*', '*.txt',
	'|', '||', '&&', ';', ';;', '&', '(', ')', '{', '}', '!', '>', '>>', '<', '2>', '2>&1', '&>', '>&2', '<<<', '<<', '#',
	"'", '"', '`', '\\', '$', '$X', '${X}', '${X:-d}', '${#X}', '${X%%-*}', '$(', '$((', '))', '$?', '$$', '~', 'X=1', 'X=$(seq 3)',
	"'{print $1}'", "'$1==\"tcp\"'", "'s/a/b/g'", "'2p'", "'1,3d'", "'.[] | .name'", "'.configs[0][\"@type\"]'", "'keys'", "'length'",
	"'select(.port > 1)'", "'^[a-z]+'", "'(a|b'", "'[[:digit:]]'", "'\\(x\\)'", '0', '3', '-5', '1e3', 'inf', '\n', ' ', '  ',
	// Names of Object.prototype's members, as commands, options, classes and operators.
	'toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf', '--constructor', '--toString', "'[[:toString:]]'", "'[:constructor:]'", '$((1 constructor 2))',
	// Jobs.
	'jobs', 'fg', 'kill', 'wait', '%1', '%%', '%-', '-9', '-HUP', 'sleep 9 &',
];

const mutation = fc.oneof(
	fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 6 }) }),
	fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom(...TOKENS.map((t) => ` ${t}`), ...TOKENS) }),
	fc.record({ kind: fc.constant('char' as const), at: fc.nat(), text: fc.string({ maxLength: 3 }) }),
	fc.record({ kind: fc.constant('swap' as const), a: fc.nat(), b: fc.nat() }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(line: string, muts: readonly Mutation[]): string {
	let t = line;
	for (const m of muts) {
		if (m.kind === 'delete') {
			const at = m.at % (t.length + 1);
			t = t.slice(0, at) + t.slice(at + m.len);
		} else if (m.kind === 'insert' || m.kind === 'char') {
			const at = m.at % (t.length + 1);
			t = t.slice(0, at) + m.text + t.slice(at);
		} else if (t.length > 0) {
			const a = m.a % t.length;
			const b = m.b % t.length;
			const chars = [...t];
			[chars[a], chars[b]] = [chars[b] as string, chars[a] as string];
			t = chars.join('');
		}
	}
	return t;
}

const fuzzFs = caseFs();

function check(line: string): void {
	const shell = new Shell({ registry, fs: fuzzFs, cwd: CASE_DIR, limits: LIMITS, tty: line.length % 2 === 0 });
	const r = shell.run(line);
	expect(r.stdout.length + r.stderr.length).toBeLessThanOrEqual(LIMITS.maxOutput + NOTE_ROOM);
	expect(Number.isInteger(r.exitCode) && r.exitCode >= 0 && r.exitCode <= 255).toBe(true);
	// The same line again in the same session must behave as well (state left by the first run).
	const again = shell.run(line);
	expect(again.stdout.length + again.stderr.length).toBeLessThanOrEqual(LIMITS.maxOutput + NOTE_ROOM);
}

describe('fuzz', () => {
	it('mutated recorded lines: 8,000 runs', () => {
		fc.assert(fc.property(fc.constantFrom(...SEED_LINES), fc.array(mutation, { minLength: 1, maxLength: 6 }), (seed, muts) => check(mutate(seed, muts))), { numRuns: 8000, seed: 42 });
	}, 120_000);

	it('lines of random tokens: 8,000 runs', () => {
		fc.assert(fc.property(fc.array(fc.constantFrom(...TOKENS), { minLength: 1, maxLength: 14 }), fc.array(fc.constantFrom(' ', ''), { minLength: 14, maxLength: 14 }), (toks, seps) => check(toks.map((t, i) => t + (seps[i] ?? ' ')).join(''))), { numRuns: 8000, seed: 7 });
	}, 120_000);

	it('arbitrary strings through the parser: 6,000 runs', () => {
		fc.assert(
			fc.property(fc.string({ maxLength: 80, unit: fc.constantFrom(...'abc $(){}[]|&;<>\'"`\\#!*?~=-_.0123456789\n\t'.split('')) }), (line) => {
				const p = parse(line);
				expect(['ok', 'error', 'incomplete', 'unsupported']).toContain(p.kind);
				check(line);
			}),
			{ numRuns: 6000, seed: 3 },
		);
	}, 120_000);

	it('long-running and endless producers always end', () => {
		for (const line of ['yes', 'yes | cat', 'yes | sort', 'yes | grep y | wc -l', 'seq 1 1e9', 'seq 1e9 | tail -n 1', 'sleep inf', 'tail -f passwd', 'yes > f; wc -c f', 'cat /dev/null | yes | head -c 5']) {
			const shell = new Shell({ registry, fs: new MemoryFs(), limits: LIMITS });
			const r = shell.run(line);
			expect(r.stdout.length + r.stderr.length).toBeLessThanOrEqual(LIMITS.maxOutput + NOTE_ROOM);
		}
	}, 60_000);
});
