// The `lsof` command (lsof 4.95) for network sockets: `lsof -i`, `lsof -i :15001`,
// `lsof -nP -iTCP -sTCP:LISTEN`, `lsof -i -a -c envoy`. Files that are not Internet sockets
// (libraries, cwd, pipes, unix sockets with -U) are outside the world's model: asking for them
// says so. runLsof is pure over a SocketTable; lsofCommand is the shell command of a location.

import type { WorldHandle } from '../../lab/world-handle';
import type { CommandResult, CommandSpec, Lang } from '../../shell/types';
import type { SocketTable } from '../../sockets-view/types';
import { socketTableAt } from '../../sockets-view/world';
import { parseLsofArgs } from './args';
import { LSOF_HELP } from './help';
import { openSockets, renderLsof, select } from './render';

const UNSIMULATED: Readonly<Record<Lang, (o: string) => string>> = {
	en: (o) => `lsof: ${o} is not simulated in this lab: it lists open files, and the lab models only network sockets (try lsof -i)\n`,
	zh: (o) => `lsof: 本实验未模拟 ${o}：它列出的是打开的文件，而实验只模拟了网络套接字（可试 lsof -i）\n`,
};

/** uid of a user name, from the passwd file behind table.names. */
function uidLookup(table: SocketTable): (user: string) => number | undefined {
	return (user) => {
		for (let uid = 0; uid < 70000; uid = uid < 2000 ? uid + 1 : uid === 2000 ? 65534 : 70000) if (table.names.user(uid) === user) return uid;
		return undefined;
	};
}

export function runLsof(args: readonly string[], table: SocketTable, lang: Lang = 'en'): CommandResult {
	const parsed = parseLsofArgs(args, table.names, uidLookup(table));
	if (parsed.kind === 'exit') return { stdout: parsed.stdout, stderr: parsed.stderr, exitCode: parsed.exitCode };
	if (parsed.kind === 'unsimulated') return { stdout: '', stderr: UNSIMULATED[lang](parsed.option), exitCode: 1 };
	const o = parsed.options;
	const selects = o.inet !== undefined || o.commands.include.length + o.pids.include.length + o.uids.include.length > 0;
	// Without -i (or with -c/-p/-u OR-ed to it) lsof would list every kind of open file.
	const onlySockets = o.inet !== undefined && (o.and || o.commands.include.length + o.pids.include.length + o.uids.include.length === 0);
	if (o.other !== undefined) return { stdout: '', stderr: UNSIMULATED[lang](o.other), exitCode: 1 };
	if (!selects || !onlySockets) return { stdout: '', stderr: UNSIMULATED[lang](args.length === 0 ? 'lsof' : `lsof ${args.join(' ')}`), exitCode: 1 };
	const { files, unmatched } = select(openSockets(table), o);
	const r = renderLsof(files, o, table);
	return { stdout: r.stdout, stderr: r.stderr, exitCode: files.length === 0 || unmatched.length > 0 ? 1 : 0 };
}

/** `lsof` in the shell of a world location. */
export function lsofCommand(handle: WorldHandle): CommandSpec {
	return {
		name: 'lsof',
		path: '/usr/bin/lsof',
		help: LSOF_HELP,
		run(args, ctx): CommandResult {
			return runLsof(args, socketTableAt(handle.world, handle.location, handle.now()), ctx.lang);
		},
	};
}
