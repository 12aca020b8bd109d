// util-linux 2.38.1's nsenter, as the seeds use it: `nsenter -t PID -n [-u] [program...]`.
// With a program it runs there and the shell stays where it was; without one it starts $SHELL
// there, and `exit` comes back. The network and UTS namespaces are modelled; -m, -p, -i, -C, -U
// and -T are accepted and change nothing (the lab keeps the node's mounts and PIDs).
// Messages and exit statuses recorded on Debian 12 (tests/unit/commands/nsenter.test.ts).

import { resolvePath, type CommandResult, type CommandSpec } from '../../shell';
import { nsenter as enter, processByPid } from '../../world';
import type { LabControl } from '../../lab/lab-control';
import type { WorldHandle } from '../../lab/world-handle';
import { NSENTER_HELP, NSENTER_USAGE } from './help';

const TRY = "Try 'nsenter --help' for more information.\n";
const fail = (stderr: string, exitCode = 1): CommandResult => ({ stdout: '', stderr, exitCode });

/** Namespace options by short letter, in the order nsenter opens their files (namespace_files[]). */
const NAMESPACES: readonly { short: string; long: string; file: string }[] = [
	{ short: 'U', long: 'user', file: 'user' },
	{ short: 'C', long: 'cgroup', file: 'cgroup' },
	{ short: 'i', long: 'ipc', file: 'ipc' },
	{ short: 'u', long: 'uts', file: 'uts' },
	{ short: 'n', long: 'net', file: 'net' },
	{ short: 'p', long: 'pid', file: 'pid' },
	{ short: 'm', long: 'mount', file: 'mnt' },
	{ short: 'T', long: 'time', file: 'time' },
];

interface Parsed {
	target?: string;
	readonly ns: Set<string>;
	readonly program: string[];
	help?: boolean;
	version?: boolean;
}

/** getopt_long with "+": options up to the first operand, which starts the program. */
function parse(args: readonly string[]): Parsed | string {
	const out: Parsed = { ns: new Set(), program: [] };
	const valued: Readonly<Record<string, string>> = { t: 'target', S: 'setuid', G: 'setgid', W: 'wdns' };
	const longs: Readonly<Record<string, string>> = { target: 't', all: 'a', setuid: 'S', setgid: 'G', root: 'r', wd: 'w', wdns: 'W', 'no-fork': 'F', 'follow-context': 'Z', 'preserve-credentials': 'P', help: 'h', version: 'V', ...Object.fromEntries(NAMESPACES.map((n) => [n.long, n.short])) };
	for (let i = 0; i < args.length; i++) {
		const a = args[i] ?? '';
		if (a === '--') {
			out.program.push(...args.slice(i + 1));
			break;
		}
		if (a.startsWith('--')) {
			const [name, inline] = a.includes('=') ? [a.slice(2, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a.slice(2), undefined];
			const hits = Object.keys(longs).filter((k) => k === name || k.startsWith(name));
			const key = hits.includes(name) ? name : hits.length === 1 ? hits[0] : undefined;
			if (key === undefined || name === '') return `nsenter: unrecognized option '${a}'\n${TRY}`;
			const c = longs[key] ?? '';
			if (c in valued) {
				const v = inline ?? args[++i];
				if (v === undefined) return `nsenter: option '--${key}' requires an argument\n${TRY}`;
				if (c === 't') out.target = v;
			} else if (c === 'h') out.help = true;
			else if (c === 'V') out.version = true;
			else if (c === 'a') for (const n of NAMESPACES) out.ns.add(n.short);
			else if (NAMESPACES.some((n) => n.short === c)) out.ns.add(c);
			continue;
		}
		if (a.startsWith('-') && a !== '-') {
			for (let j = 1; j < a.length; j++) {
				const c = a[j] ?? '';
				if (c in valued) {
					const v = j + 1 < a.length ? a.slice(j + 1) : args[++i];
					if (v === undefined) return `nsenter: option requires an argument -- '${c}'\n${TRY}`;
					if (c === 't') out.target = v;
					break;
				}
				if (c === 'h') out.help = true;
				else if (c === 'V') out.version = true;
				else if (c === 'a') for (const n of NAMESPACES) out.ns.add(n.short);
				else if (NAMESPACES.some((n) => n.short === c)) out.ns.add(c);
				else if (!'FrwZ'.includes(c)) return `nsenter: invalid option -- '${c}'\n${TRY}`;
			}
			continue;
		}
		out.program.push(...args.slice(i));
		break;
	}
	return out;
}

export function nsenterCommand(handle: WorldHandle, lab: LabControl): CommandSpec {
	return {
		name: 'nsenter',
		path: '/usr/bin/nsenter',
		help: NSENTER_HELP,
		run(args, ctx) {
			const p = parse(args);
			if (typeof p === 'string') return fail(p);
			if (p.help === true) return { stdout: NSENTER_USAGE, stderr: '', exitCode: 0 };
			if (p.version === true) return { stdout: 'nsenter from util-linux 2.38.1\n', stderr: '', exitCode: 0 };
			const from = handle.location;
			let to = from;
			if (p.ns.size > 0) {
				if (p.target === undefined) {
					const first = NAMESPACES.find((n) => p.ns.has(n.short));
					return fail(`nsenter: neither filename nor target pid supplied for ns/${first?.file ?? 'net'}\n`);
				}
				if (!/^\d+$/.test(p.target)) return fail(`nsenter: failed to parse pid: '${p.target}'\n`);
				const pid = Number(p.target);
				const first = NAMESPACES.find((n) => p.ns.has(n.short))?.file ?? 'net';
				if (processByPid(handle.world, pid) === undefined || from.kind === 'exec') return fail(`nsenter: cannot open /proc/${pid}/ns/${first}: No such file or directory\n`);
				if (from.uid !== 0) return fail(`nsenter: cannot open /proc/${pid}/ns/${first}: Permission denied\n`);
				const net = p.ns.has('n');
				const uts = p.ns.has('u');
				if (net || uts) {
					const moved = enter(handle.world, from, pid, { net, uts });
					if (!moved.ok) return fail(moved.stderr, moved.exitCode);
					to = moved.location;
				}
			} else if (p.target !== undefined && !/^\d+$/.test(p.target)) return fail(`nsenter: failed to parse pid: '${p.target}'\n`);

			// No program: $SHELL, as nsenter execs it (the shell replaces nsenter, no fork).
			const argv = p.program.length > 0 ? p.program : [ctx.env.get('SHELL') ?? '/bin/sh'];
			const r = lab.exec(to, argv, ctx, { env: 'inherit' });
			if (r.kind === 'ran') return r.outcome;
			if (r.kind === 'interactive') {
				lab.enterShell(to, r.dialect, 'nsenter', argv);
				return { stdout: '', stderr: '', exitCode: 0 };
			}
			const name = argv[0] ?? '';
			const st = name.includes('/') ? ctx.fs.stat(resolvePath(ctx.cwd, name)) : 'ENOENT';
			if (typeof st !== 'string') return fail(`nsenter: failed to execute ${name}: Permission denied\n`, 126);
			return fail(`nsenter: failed to execute ${name}: No such file or directory\n`, 127);
		},
	};
}
