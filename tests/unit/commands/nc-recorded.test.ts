import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ncCommand } from '../../../src/commands/nc';
import { lab, PRODUCTPAGE, run } from '../lab/helpers';

// nc -z against netcat-openbsd 1.219's recordings (tests/fixtures/curl/README.md), run where the
// world has nc: the istio-proxy container (uid 1337, so iptables lets its connections through
// unredirected). A recorded server port becomes a port with a listener in the pod (15000 on
// 127.0.0.1, 15020 on dual-stack ::), the dropped 10.244.1.6:81 becomes 192.0.2.1:81, which
// nobody answers; the other cases need no substitution.

const DIR = join(import.meta.dirname, '../../fixtures/curl/nc-1.219');
const rec = (name: string, ext: string): string => readFileSync(join(DIR, `${name}.${ext}`), 'utf8');

const CASES: readonly { name: string; args: string; from?: RegExp; to?: string }[] = [
	{ name: 'ok', args: '-zv 127.0.0.1 15000', from: /18082/g, to: '15000' },
	{ name: 'quiet', args: '-z 127.0.0.1 15000' },
	{ name: 'lh', args: '-zv localhost 15000', from: /18082/g, to: '15000' },
	{ name: 'lh6', args: '-zv localhost 15020', from: /18086/g, to: '15020' },
	{ name: 'v6lit', args: '-zv ::1 15020', from: /18086/g, to: '15020' },
	{ name: 'refused', args: '-zv 127.0.0.1 18081' },
	{ name: 'quietfail', args: '-z 127.0.0.1 18081' },
	{ name: 'lhrefused', args: '-zv localhost 18081' },
	{ name: 'lhhttp', args: '-zv localhost http' },
	{ name: 'four', args: '-zv -4 localhost 18081' },
	{ name: 'arp', args: '-zv 10.244.1.99 80' },
	{ name: 'wtimeout', args: '-zv -w 2 192.0.2.1 81', from: /10\.244\.1\.6/g, to: '192.0.2.1' },
	{ name: 'nlh', args: '-zvn localhost 18082' },
	{ name: 'noport', args: '-zv 127.0.0.1' },
	{ name: 'badport', args: '-zv 127.0.0.1 abc' },
	{ name: 'small', args: '-zv 127.0.0.1 0' },
	{ name: 'large', args: '-zv 127.0.0.1 70000' },
	{ name: 'badopt', args: '-Q' },
	{ name: 'nohost', args: '-zv' },
	{ name: 'help', args: '-h' },
	{ name: 'badw', args: '-zvw abc 127.0.0.1 80' },
];

describe('nc against its recording', () => {
	it.each(CASES)('$name: nc $args', ({ name, args, from, to }) => {
		const l = lab({ at: `${PRODUCTPAGE}/istio-proxy`, tty: false, extraCommands: [{ factory: ncCommand, where: 'program' }] });
		const sub = (s: string): string => (from === undefined ? s : s.replace(from, to ?? ''));
		expect(run(l, `nc ${args}`)).toEqual({ stdout: sub(rec(name, 'out')), stderr: sub(rec(name, 'err')), exitCode: Number(rec(name, 'rc')) });
	});
});
