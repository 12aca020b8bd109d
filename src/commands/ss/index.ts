// The `ss` command (iproute2 6.1) over the world: `ss -lntp`, `ss -tanp`, `ss -ln` (netlink,
// unix and inet tables), `ss -s`, state and address/port filters, -e, -o, -r, -4/-6, -A, -f.
// runSs is pure over a SocketTable (the conformance tests call it with a kernel recording's
// table); ssCommand is the shell command of a world location.

import type { WorldHandle } from '../../lab/world-handle';
import type { CommandResult, CommandSpec, Lang } from '../../shell/types';
import type { SocketTable } from '../../sockets-view/types';
import { runTransient, socketTableAt } from '../../sockets-view/world';
import { parseSsArgs } from './args';
import { parseFilter } from './filter';
import { SS_HELP, SS_USAGE } from './help';
import { DB, fam, hasDb } from './model';
import { renderSs } from './render';
import { renderSummary } from './summary';

export interface SsEnv {
	/** Terminal width when stdout is a terminal (ss spreads its columns then). */
	readonly screenWidth?: number;
	readonly lang?: Lang;
	readonly cgroup?: string;
}

const UNSIMULATED: Readonly<Record<Lang, (o: string) => string>> = {
	en: (o) => `ss: ${o} is not simulated in this lab (its output needs kernel state the lab does not model)\n`,
	zh: (o) => `ss: 本实验未模拟 ${o}（它的输出依赖实验没有建模的内核状态）\n`,
};

export function runSs(args: readonly string[], table: SocketTable, env: SsEnv = {}): CommandResult {
	const parsed = parseSsArgs(args);
	if (parsed.kind === 'exit') return { stdout: parsed.stdout, stderr: parsed.stderr, exitCode: parsed.exitCode };
	if (parsed.kind === 'unsimulated') return { stdout: '', stderr: UNSIMULATED[env.lang ?? 'en'](parsed.option), exitCode: 1 };
	const o = parsed.options;
	let stdout = o.summary ? renderSummary(table) : '';
	if (o.summaryOnly) return { stdout, stderr: '', exitCode: 0 };
	const f = parseFilter(o.filter, { names: table.names, preferredFamily: o.sel.preferredFamily, udp: hasDb(o.sel, DB.UDP), tcp: hasDb(o.sel, DB.TCP) });
	if (!f.ok && f.kind === 'hostcond') return { stdout, stderr: f.stderr, exitCode: 1 };
	if (!f.ok) return { stdout, stderr: `ss: bison bellows (while parsing filter): "syntax error!" Sorry.\n${SS_USAGE}`, exitCode: 255 };
	// A host condition in another family (`src unix:...`) narrows the families to it.
	const sel = f.family === undefined ? o.sel : { ...o.sel, families: fam(f.family), preferredFamily: f.family };
	stdout += renderSs(table, { ...o, sel }, f.node, { ...(env.screenWidth !== undefined ? { screenWidth: env.screenWidth } : {}), ...(env.cgroup !== undefined ? { cgroup: env.cgroup } : {}) });
	return { stdout, stderr: '', exitCode: 0 };
}

/** `ss` in the shell of a world location. */
export function ssCommand(handle: WorldHandle): CommandSpec {
	return {
		name: 'ss',
		path: '/usr/bin/ss',
		help: SS_HELP,
		run(args, ctx): CommandResult {
			// ss is a process too: it takes a PID, and its own sock_diag socket shows in `ss -a`.
			const self = runTransient(handle, 'ss', ['ss', ...args]);
			handle.world = self.world;
			const table = socketTableAt(handle.world, handle.location, handle.now(), self.seenPid);
			return runSs(args, table, { lang: ctx.lang, ...(ctx.stdoutIsTerminal ? { screenWidth: ctx.columns } : {}) });
		},
	};
}
