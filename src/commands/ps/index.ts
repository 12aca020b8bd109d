// `ps` in the pod world. On the node (and after nsenter, which keeps the node's PID namespace and
// /proc) it sees every process of the node: systemd, containerd, the kubelet, each pod's shim,
// pause and containers, and the learner's own shell. In a container it sees that container's PID
// namespace only (PID 1 is the container's first process). Users are named from the /etc/passwd
// of the place ps runs in, so on the node the proxy's processes show as `1337`.

import type { CommandSpec } from '../../shell';
import { filesAt, podByName, processByPid, processesOf, spawnProcess, exitProcess } from '../../world';
import type { Location, Process, World } from '../../world/types';
import { nameDb, shDialect, userName } from '../../lab/location-info';
import type { WorldHandle } from '../../lab/world-handle';
import { parsePsArgs, PS_USAGE } from './args';
import { busyboxPs, busyboxPsError } from './busybox';
import { PS_HELP } from './help';
import { procStat } from './model';
import { COLUMNS, FORMAT_NAMES, renderTable, type Column, type Row } from './render';

/** The processes ps can see from `at`, in its PID namespace's numbering. */
export function visibleProcesses(world: World, at: Location): { p: Process; pid: number; ppid: number }[] {
	if (at.kind === 'exec') {
		return processesOf(world, { pod: at.pod, container: at.container })
			.map((p) => ({ p, pid: p.nsPid, ppid: p.nsPpid }))
			.sort((a, b) => a.pid - b.pid);
	}
	const onNode = (p: Process): boolean => p.container === undefined || podByName(world, p.container.pod)?.nodeName === at.node;
	return world.processes.filter(onNode).map((p) => ({ p, pid: p.pid, ppid: p.ppid }));
}

/** procps prints a name longer than its column cut to 7 characters and a `+`. */
const fit = (name: string): string => (name.length > 8 ? `${name.slice(0, 7)}+` : name);

/** Starts the ps process itself (it lists itself), as a child of the shell that ran it. */
function spawnSelf(world: World, at: Location, shellPid: number | undefined, argv: readonly string[], now: number): { world: World; self: Process } {
	const parent = shellPid === undefined ? undefined : processByPid(world, shellPid);
	const container = at.kind === 'exec' ? { pod: at.pod, container: at.container } : undefined;
	const nsPid = container === undefined ? undefined : Math.max(0, ...processesOf(world, container).map((p) => p.nsPid)) + 1;
	const r = spawnProcess(
		world,
		{
			ppid: parent?.pid ?? 0,
			nsPpid: container === undefined ? (parent?.pid ?? 0) : (parent?.nsPid ?? 0),
			...(nsPid !== undefined ? { nsPid } : {}),
			uid: at.uid,
			gid: at.gid,
			groups: [at.gid],
			comm: 'ps',
			argv: ['ps', ...argv],
			cwd: at.cwd,
			...(container !== undefined ? { container } : {}),
			netns: at.netns,
			capabilities: [],
			threads: 1,
			role: 'ps',
		},
		now,
	);
	return { world: r.world, self: r.process };
}

function columnsFor(a: { readonly user: boolean; readonly full: boolean; readonly format?: readonly string[] }): Column[] | string {
	const pick = (names: readonly string[]): Column[] => names.map((n) => COLUMNS[n] as Column);
	if (a.format !== undefined) {
		const cols: Column[] = [];
		for (const f of a.format) {
			const key = (Object.hasOwn(FORMAT_NAMES, f.toLowerCase()) ? FORMAT_NAMES[f.toLowerCase()] : undefined);
			if (key === undefined) return `error: unknown user-defined format specifier "${f}"\n${PS_USAGE}`;
			cols.push(COLUMNS[key] as Column);
		}
		return cols;
	}
	if (a.user) return pick(['user', 'pid', 'pcpu', 'pmem', 'vsz', 'rss', 'tty', 'stat', 'start', 'bsdtime', 'command']);
	if (a.full) return pick(['uid_hack', 'pid', 'ppid', 'c', 'stime', 'tty', 'time', 'args']);
	return pick(['pid', 'tty', 'time', 'comm']);
}

export function ps(handle: WorldHandle): CommandSpec {
	return {
		name: 'ps',
		path: '/usr/bin/ps',
		help: PS_HELP,
		run(args, ctx) {
			const at = handle.location;
			const now = handle.now();
			const shellPid = Number(ctx.shell.getVar('$') ?? 'NaN');
			const spawned = spawnSelf(handle.world, at, Number.isInteger(shellPid) ? shellPid : undefined, args, now);
			const world = spawned.world;
			// ps ends when it has printed: its PID is spent, the world goes on without it.
			handle.world = exitProcess(world, spawned.self.pid);
			const db = nameDb(filesAt(world, at));
			const seed = world.seed;
			const terminal = handle.terminal !== undefined && (ctx.stdoutIsTerminal || ctx.stdin.isTerminal) ? handle.terminal.columns : undefined;
			const tty = (p: Process): string => (handle.terminal !== undefined && (p.role === 'shell' || p.pid === spawned.self.pid) ? 'pts/0' : '?');
			const visible = visibleProcesses(world, at);

			if (at.kind === 'exec' && shDialect(world, at) === 'ash') {
				const bad = busyboxPsError(args);
				if (bad !== undefined) return { stdout: '', stderr: bad, exitCode: 1 };
				const width = handle.terminal !== undefined && ctx.stdoutIsTerminal ? handle.terminal.columns - 1 : undefined;
				const rows = visible.map(({ p, pid }) => ({ pid, user: userName(db, p.uid) ?? String(p.uid), ticks: procStat(p, seed, now, p.pid === spawned.self.pid).ticks, args: p.argv.length > 0 ? p.argv.join(' ') : `[${p.comm}]` }));
				return { stdout: busyboxPs(rows, width), stderr: '', exitCode: 0 };
			}

			const parsed = parsePsArgs(args);
			if (!parsed.ok) return { stdout: '', stderr: parsed.stderr, exitCode: 1 };
			const a = parsed.args;
			if (a.help === true) return { stdout: PS_USAGE, stderr: '', exitCode: 0 };
			if (a.version === true) return { stdout: 'ps from procps-ng 4.0.2\n', stderr: '', exitCode: 0 };
			const cols = columnsFor(a);
			if (typeof cols === 'string') return { stdout: '', stderr: cols, exitCode: 1 };

			const selfTty = tty(spawned.self);
			const wantUsers = new Set(a.users);
			const selected = visible.filter(({ p, pid }) => {
				if (a.all) return true;
				const picked = a.pids.includes(pid) || a.commands.includes(p.comm) || wantUsers.has(String(p.uid)) || wantUsers.has(userName(db, p.uid) ?? '');
				if (picked) return true;
				if (a.pids.length > 0 || a.commands.length > 0 || a.users.length > 0) return false;
				if (a.bsdA) return tty(p) !== '?';
				if (a.bsdX) return p.uid === at.uid;
				return p.uid === at.uid && tty(p) === selfTty;
			});
			const rows: Row[] = selected.map(({ p, pid, ppid }) => ({
				p,
				pid,
				ppid,
				st: procStat(p, seed, now, p.pid === spawned.self.pid),
				user: fit(userName(db, p.uid) ?? String(p.uid)),
				tty: tty(p),
				elapsed: Math.max(0, now - p.startedAt) / 1000,
			}));
			const width = a.wide >= 2 ? undefined : a.wide === 1 && terminal !== undefined ? Math.max(terminal, 132) : terminal;
			const out = renderTable(rows, cols, new Date(now), { ...(width !== undefined ? { width } : {}), headers: a.headers });
			const nothing = rows.length === 0 && (a.pids.length > 0 || a.commands.length > 0 || a.users.length > 0);
			return { stdout: out, stderr: '', exitCode: nothing ? 1 : 0 };
		},
	};
}
