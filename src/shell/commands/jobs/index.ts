// bash's job builtins over the interactive shell's job table (../../jobs.ts): `jobs`, `fg`,
// `kill` (jobs only: the world's processes are not this shell's to signal here) and `wait`.
// Messages and exit statuses are bash 5.2's, recorded in an interactive bash.

import { parseSignal } from '../../jobs';
import type { CommandContext, CommandSpec, JobControl, JobSignal, Outcome } from '../../types';
import { fail, ok } from '../util';

/** In a script's subshell (no job table) the builtins see no jobs, as bash's do there. */
function table(ctx: CommandContext): JobControl | undefined {
	return ctx.shell.jobs();
}

export const jobs: CommandSpec = {
	name: 'jobs',
	builtin: true,
	help: { summary: { en: 'list the background jobs of this shell (started with &)', zh: '列出这个 shell 的后台任务（用 & 启动的）' }, usage: 'jobs' },
	run(args, ctx) {
		const bad = args.find((a) => a.startsWith('-') && a !== '-l');
		if (bad !== undefined) return fail(`bash: jobs: ${bad.slice(0, 2)}: invalid option\njobs: usage: jobs [-lnprs] [jobspec ...] or jobs -x command [args]\n`, 2);
		return ok(table(ctx)?.list() ?? '');
	},
};

export const fg: CommandSpec = {
	name: 'fg',
	builtin: true,
	help: { summary: { en: 'bring a background job to the foreground (Ctrl-C then stops it)', zh: '把后台任务调回前台（之后可用 Ctrl-C 停止）' }, usage: 'fg [job_spec]' },
	run(args, ctx): Outcome {
		const jt = table(ctx);
		if (jt === undefined) return fail('bash: fg: no job control\n');
		const got = jt.foreground(args[0]);
		return typeof got === 'string' ? fail(got) : got;
	},
};

const KILL_USAGE = 'kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n';

export const kill: CommandSpec = {
	name: 'kill',
	builtin: true,
	help: { summary: { en: 'send a signal to a background job: kill %1 (TERM), kill -INT %1', zh: '向后台任务发送信号：kill %1（TERM）、kill -INT %1' }, usage: 'kill [-s sigspec | -sigspec] pid | jobspec ...' },
	run(args, ctx) {
		let sig: JobSignal = 'TERM';
		let i = 0;
		const first = args[0];
		if (first === '-s' || first === '-n') {
			const spec = args[1];
			if (spec === undefined) return fail(`bash: kill: ${first}: option requires an argument\n`, 2);
			const s = parseSignal(spec);
			if (s === undefined) return fail(`bash: kill: ${spec}: invalid signal specification\n`);
			sig = s;
			i = 2;
		} else if (first !== undefined && first.startsWith('-') && first !== '--' && first.length > 1) {
			const s = parseSignal(first.slice(1));
			if (s === undefined) return fail(`bash: kill: ${first.slice(1)}: invalid signal specification\n`);
			sig = s;
			i = 1;
		}
		if (args[i] === '--') i++;
		const targets = args.slice(i);
		if (targets.length === 0) return fail(KILL_USAGE, 2);
		const jt = table(ctx);
		let stderr = '';
		for (const target of targets) {
			const err = jt === undefined ? `bash: kill: ${target}: no such job\n` : jt.signal(target, sig);
			if (err !== undefined) stderr += err;
		}
		return stderr === '' ? ok() : fail(stderr);
	},
};

export const wait: CommandSpec = {
	name: 'wait',
	builtin: true,
	help: { summary: { en: 'wait for background jobs to end', zh: '等待后台任务结束' }, usage: 'wait [id ...]' },
	run(args, ctx): Outcome {
		return table(ctx)?.wait(args) ?? ok();
	},
};
