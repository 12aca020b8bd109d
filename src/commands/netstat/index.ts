// The `netstat` command (net-tools 2.10) over the world: `netstat -tlnp`, `netstat -tanp`,
// `netstat -alp` (with the UNIX domain section), -e, -o, -W, -4/-6/-A. runNetstat is pure over a
// SocketTable; netstatCommand is the shell command of a world location.

import { shDialect } from '../../lab/location-info';
import type { WorldHandle } from '../../lab/world-handle';
import type { CommandResult, CommandSpec, Lang } from '../../shell/types';
import type { SocketTable } from '../../sockets-view/types';
import { socketTableAt } from '../../sockets-view/world';
import { parseNetstatArgs } from './args';
import { NETSTAT_HELP } from './help';
import { inetSection, unixSection } from './render';

const UNSIMULATED: Readonly<Record<Lang, (o: string) => string>> = {
	en: (o) => `netstat: ${o} is not simulated in this lab; ss, ip and conntrack show the same state\n`,
	zh: (o) => `netstat: 本实验未模拟 ${o}；可用 ss、ip 和 conntrack 查看同样的状态\n`,
};

/** An Alpine image's netstat is BusyBox's applet, whose columns and options differ from net-tools'. */
const BUSYBOX: Readonly<Record<Lang, string>> = {
	en: "netstat: this image's netstat is BusyBox's, which this lab does not simulate (net-tools' netstat is in the istio-proxy container; ss on the node)\n",
	zh: 'netstat: 这个镜像里的 netstat 是 BusyBox 的，本实验未模拟（istio-proxy 容器里有 net-tools 的 netstat；节点上有 ss）\n',
};

/** prg_cache_load's complaint when -p cannot read every process. */
function programsNotice(table: SocketTable): string {
	if (!table.hiddenProcesses) return '';
	const anyRead = [...table.procs.values()].some((p) => p.readable);
	return anyRead
		? '(Not all processes could be identified, non-owned process info\n will not be shown, you would have to be root to see it all.)\n'
		: `(No info could be read for "-p": geteuid()=${table.callerUid ?? 0} but you should be root.)\n`;
}

export function runNetstat(args: readonly string[], table: SocketTable, lang: Lang = 'en'): CommandResult {
	const parsed = parseNetstatArgs(args);
	if (parsed.kind === 'exit') return { stdout: parsed.stdout, stderr: parsed.stderr, exitCode: parsed.exitCode };
	if (parsed.kind === 'unsimulated') return { stdout: '', stderr: UNSIMULATED[lang](parsed.option), exitCode: 1 };
	const o = parsed.options;
	let stdout = '';
	if (o.noArg || o.tcp || o.udp || o.raw) stdout += inetSection(table, o);
	if (o.noArg || o.unix) stdout += unixSection(table, o);
	return { stdout, stderr: o.programs ? programsNotice(table) : '', exitCode: 0 };
}

/** `netstat` in the shell of a world location. */
export function netstatCommand(handle: WorldHandle): CommandSpec {
	return {
		name: 'netstat',
		path: '/usr/bin/netstat',
		help: NETSTAT_HELP,
		run(args, ctx): CommandResult {
			if (shDialect(handle.world, handle.location) === 'ash') return { stdout: '', stderr: BUSYBOX[ctx.lang], exitCode: 1 };
			return runNetstat(args, socketTableAt(handle.world, handle.location, handle.now()), ctx.lang);
		},
	};
}
