// Words that name members of Object.prototype (`toString`, `constructor`, `__proto__` …) are
// words like any other: a command of that name is not found, an option of that name is not
// recognised, a character class of that name is invalid, as bash and the GNU tools say.

import { describe, expect, it } from 'vitest';
import { MemoryFs, Shell } from '../../../src/shell';
import { standardRegistry } from '../../../src/shell/commands';

function run(line: string): { stdout: string; stderr: string; exitCode: number } {
	const r = new Shell({ registry: standardRegistry(), fs: new MemoryFs() }).run(line);
	return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
}

const WORDS = ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__defineGetter__', 'propertyIsEnumerable', 'toLocaleString'];

describe('Object.prototype names', () => {
	it.each(WORDS)('%s as a command is not found, as bash says', (word) => {
		expect(run(word)).toEqual({ stdout: '', stderr: `bash: ${word}: command not found\n`, exitCode: 127 });
		expect(run(`${word} --help | wc -l; echo $?`)).toEqual({ stdout: '0\n0\n', stderr: `bash: ${word}: command not found\n`, exitCode: 0 });
		expect(run(`x=1 ${word} && echo no`)).toEqual({ stdout: '', stderr: `bash: ${word}: command not found\n`, exitCode: 127 });
	});

	it('a close one gets our usual suggestion', () => {
		const shell = new Shell({ registry: standardRegistry().register({ name: 'tostring', help: { summary: { en: 'x', zh: 'x' } }, run: () => ({ stdout: '', stderr: '', exitCode: 0 }) }), fs: new MemoryFs() });
		const r = shell.run('toString');
		expect([r.stderr, r.exitCode]).toEqual(['bash: toString: command not found\nDid you mean: tostring?\n', 127]);
	});

	it.each([
		['echo a | grep --constructor a', "grep: unrecognized option '--constructor'\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n", 2],
		['echo a | sort --toString', "sort: unrecognized option '--toString'\nTry 'sort --help' for more information.\n", 2],
		['echo a | wc --__proto__', "wc: unrecognized option '--__proto__'\nTry 'wc --help' for more information.\n", 1],
		['ls --hasOwnProperty', "ls: unrecognized option '--hasOwnProperty'\nTry 'ls --help' for more information.\n", 2],
		["echo a | tr '[:constructor:]' x", "tr: invalid character class 'constructor'\n", 1],
		["echo a | tr '[:__proto__:]' x", "tr: invalid character class '__proto__'\n", 1],
		['echo $((1 constructor 2))', 'bash: 1 constructor 2: syntax error in expression (error token is "constructor 2")\n', 1],
	])('%s', (line, stderr, exitCode) => {
		expect(run(line)).toEqual({ stdout: '', stderr, exitCode });
	});

	it('grep treats [[:toString:]] as it treats any unknown class', () => {
		expect(run("echo a | grep '[[:toString:]]'")).toEqual(run("echo a | grep '[[:nosuch:]]'"));
	});
});
