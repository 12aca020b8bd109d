// `kubectl exec [-n NS] POD [-c C] [-i] [-t] -- COMMAND…`: the command runs in the container
// with the container's user, files, programs and the pod's network, and the terminal stays where
// it was; `-it … -- sh` (or bash) opens the container's shell instead, which `exit` leaves.
// A program the image lacks fails in the runtime (containerd 2 with runc), and kubectl reports a
// non-zero exit as `command terminated with exit code N`.

import type { CommandContext, Outcome, Process } from '../../shell';
import { isProcess } from '../../shell';
import { kubectlExec } from '../../world';
import type { LabControl } from '../../lab/lab-control';
import type { WorldHandle } from '../../lab/world-handle';
import { hashLabel } from '../../world/random';
import type { KubectlArgs } from './args';
import { defaultContainer, findPod } from './pods';

type Result = { stdout: string; stderr: string; exitCode: number };

/** containerd's exec id: 64 hex digits (random there, derived here). */
function execId(handle: WorldHandle, n: number): string {
	let s = '';
	for (let i = 0; s.length < 64; i++) s += hashLabel(handle.world.seed, `exec/${n}/${i}`).toString(16).padStart(8, '0');
	return s.slice(0, 64);
}

function notFound(handle: WorldHandle, name: string): string {
	const why = name.includes('/') ? `exec: "${name}": stat ${name}: no such file or directory` : `exec: "${name}": executable file not found in $PATH`;
	const id = execId(handle, Math.floor(handle.random() * 0x7fffffff));
	return `error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "${id}": OCI runtime exec failed: exec failed: unable to start container process: ${why}: unknown\n`;
}

/** Appends kubectl's report of a non-zero exit to a finished command, or to a process when it ends. */
function reportExit(o: Outcome, notice: string): Outcome {
	const tail = (code: number): string => (code === 0 ? '' : `command terminated with exit code ${code}\n`);
	if (!isProcess(o)) return { stdout: o.stdout, stderr: notice + o.stderr + tail(o.exitCode), exitCode: o.exitCode };
	let first = true;
	const wrap = (s: ReturnType<Process['advance']>): ReturnType<Process['advance']> => {
		const pre = first ? notice : '';
		first = false;
		return { ...s, stderr: pre + s.stderr + (s.exitCode !== undefined ? tail(s.exitCode) : '') };
	};
	return { kind: 'process', advance: (ms) => wrap(o.advance(ms)), signal: (sig) => wrap(o.signal(sig)) };
}

export function kubectlExecCommand(handle: WorldHandle, lab: LabControl, a: KubectlArgs, ctx: CommandContext): Outcome {
	const [ref, ...extra] = a.operands;
	if (ref === undefined) return fail('error: pod, type/name or --filename must be specified\n');
	if (a.command === undefined || a.command.length === 0) {
		if (extra.length > 0) return fail("error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples\n");
		return fail('error: you must specify at least one command for the container\n');
	}
	const world = handle.world;
	const found = findPod(world, ref, a.namespace ?? 'default');
	if (!found.ok) return fail(found.stderr);
	const pod = found.value;
	let container = a.container;
	let notice = '';
	if (container === undefined) {
		const d = defaultContainer(pod);
		container = d.container?.name ?? '';
		notice = a.quiet ? '' : d.notice;
	}
	const moved = kubectlExec(world, pod.name, { namespace: pod.namespace, container });
	if (!moved.ok) return fail(notice + moved.stderr, moved.exitCode);
	const at = moved.location;
	const argv = a.command;
	const r = lab.exec(at, argv, ctx, { env: 'container' });
	if (r.kind === 'missing') return fail(notice + notFound(handle, argv[0] ?? ''));
	if (r.kind === 'interactive') {
		// Without -i the shell's stdin is not attached: it reads end of file and exits at once.
		if (!a.stdin) return { stdout: '', stderr: notice, exitCode: 0 };
		lab.enterShell(at, r.dialect, 'kubectl', argv);
		return { stdout: '', stderr: notice, exitCode: 0 };
	}
	return reportExit(r.outcome, notice);
}

function fail(stderr: string, exitCode = 1): Result {
	return { stdout: '', stderr, exitCode };
}
