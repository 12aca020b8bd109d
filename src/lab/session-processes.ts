// The learner's own shells are processes of the world too, so `ps` finds them where a real node
// would: the node's bash (started by `docker exec -it kind-worker bash`, hence PPID 0 in the node
// container), the bash nsenter execs in its place (same parent), the shell `kubectl exec -it`
// starts in a container (a child of the pod's containerd-shim, PPID 0 inside the container).

import { exitProcess, podByName, processByPid, processesOf, spawnProcess } from '../world';
import type { Location, Process, World } from '../world/types';
import { identityAt, capabilitiesAt } from './location-info';

const basename = (p: string): string => p.slice(p.lastIndexOf('/') + 1);

/** Starts a shell process at `at`; `parent` is the host PID of the process that started it (0: none here). */
export function spawnShell(world: World, at: Location, argv: readonly string[], parent: number, now: number): { world: World; pid: number } {
	const id = identityAt(world, at);
	const base = {
		uid: id.uid,
		gid: id.gid,
		groups: id.groups,
		comm: basename(argv[0] ?? 'bash').slice(0, 15),
		argv,
		cwd: at.cwd,
		netns: at.netns,
		capabilities: capabilitiesAt(world, at),
		threads: 1,
		role: 'shell',
	};
	if (at.kind !== 'exec') {
		const r = spawnProcess(world, { ...base, ppid: parent, nsPpid: parent }, now);
		return { world: r.world, pid: r.process.pid };
	}
	// In the container's own PID namespace: the next number after its processes, parent 0.
	const ref = { pod: at.pod, container: at.container };
	const nsPid = Math.max(0, ...processesOf(world, ref).map((p) => p.nsPid)) + 1;
	const pod = podByName(world, at.pod);
	const shim = pod === undefined ? 0 : (processByPid(world, pod.sandbox.pid)?.ppid ?? 0);
	const r = spawnProcess(world, { ...base, container: ref, ppid: shim, nsPpid: 0, nsPid }, now);
	return { world: r.world, pid: r.process.pid };
}

/** The shell process ends (exit). */
export function endShell(world: World, pid: number): World {
	return exitProcess(world, pid);
}

/** Whether a process is one of the learner's shells (ps shows them on a terminal). */
export const isSessionShell = (p: Process): boolean => p.role === 'shell';

/**
 * A background job of a shell (`tcpdump -i eth0 -n &`): bash forks a subshell that execs the
 * command, so the job is one process named after its first word, a child of the shell.
 */
export function spawnJob(world: World, at: Location, text: string, shellPid: number, now: number): { world: World; pid: number; seenPid: number } {
	const argv = text.split(' ').filter((w) => w !== '');
	const id = identityAt(world, at);
	const shell = processByPid(world, shellPid);
	const container = at.kind === 'exec' ? { pod: at.pod, container: at.container } : undefined;
	const nsPid = container === undefined ? undefined : Math.max(0, ...processesOf(world, container).map((p) => p.nsPid)) + 1;
	const r = spawnProcess(
		world,
		{
			uid: id.uid,
			gid: id.gid,
			groups: id.groups,
			comm: basename(argv[0] ?? 'bash').slice(0, 15),
			argv: argv.length > 0 ? argv : ['bash'],
			cwd: at.cwd,
			netns: at.netns,
			capabilities: capabilitiesAt(world, at),
			threads: 1,
			role: 'shell',
			ppid: shellPid,
			nsPpid: shell?.nsPid ?? 0,
			...(container !== undefined ? { container } : {}),
			...(nsPid !== undefined ? { nsPid } : {}),
		},
		now,
	);
	return { world: r.world, pid: r.process.pid, seenPid: container === undefined ? r.process.pid : r.process.nsPid };
}
