// `nc -z` (netcat-openbsd) over the world: for each port, connect to the host's addresses in
// getaddrinfo's order until one accepts, then close at once. Everything it says goes to stderr,
// and only with -v; it exits 0 when some port accepted. The connections are real in the world:
// counters, conntrack, a TIME-WAIT socket per success, Envoy's listener counters.

import type { WorldHandle } from '../../lab/world-handle';
import type { CommandSpec, Lang, Outcome } from '../../shell/types';
import { dial, hangUp, type DialResult, type Tap } from '../../sockets-view/dial';
import { dial6 } from '../../sockets-view/dial6';
import { lookupHost } from '../../sockets-view/resolve';
import { flatten, play, Tape } from '../../sockets-view/tape';
import { namesAt, runTransient } from '../../sockets-view/world';
import { bumpMetrics, exitProcess } from '../../world/mutate';
import type { Location, World } from '../../world/types';
import { listenerMetric } from '../curl/proxy';
import { NC_USAGE, parseNcArgs, type NcOptions } from './args';

export { parseNcArgs, NC_USAGE, NC_HELP_TEXT } from './args';

const NOTICE: Readonly<Record<Lang, (o: string) => string>> = {
	en: (o) => `nc: ${o} is not simulated in this lab (it simulates port checks: nc -zv HOST PORT)\n`,
	zh: (o) => `nc: 本实验未模拟 ${o}（只模拟端口探测：nc -zv 主机 端口）\n`,
};

const ERRNO = { refused: 'Connection refused', unreachable: 'No route to host', netunreach: 'Network is unreachable', timeout: 'Connection timed out' } as const;

/** getaddrinfo's answer, sorted as RFC 6724 sorts loopback (::1 before 127.0.0.1). */
function addresses(world: World, at: Location, o: NcOptions): string[] | undefined {
	const r = lookupHost(world, at, o.host);
	if (r.kind === 'literal') return o.family === 6 && !o.host.includes(':') ? [] : [o.host];
	if (r.kind === 'nxdomain' || o.numeric) return undefined;
	// glibc answers an AF_INET lookup of a hosts line `::1 name` with 127.0.0.1 as well.
	if (o.family === 4) return [...r.v4, ...r.v6.filter((a) => a === '::1').map(() => '127.0.0.1')];
	if (o.family === 6) return [...r.v6];
	return [...r.v6, ...r.v4];
}

function count(world: World, r: DialResult): World {
	if (r.kind !== 'connected') return world;
	const s = r.live.server;
	if (s === undefined || s.pod === undefined || !s.listener.label.startsWith('envoy/') || s.listener.label === 'envoy/admin') return world;
	return bumpMetrics(world, { [`${s.pod.key} ${listenerMetric(s.listener.local.port)}`]: 1 });
}

function scan(handle: WorldHandle, o: NcOptions, tap: Tap | undefined): Outcome {
	const tape = new Tape();
	const names = namesAt(handle.world, handle.location);
	const addrs = addresses(handle.world, handle.location, o);
	const first = o.ports[0] ?? 0;
	if (addrs === undefined || addrs.length === 0) {
		tape.err(`nc: getaddrinfo for host "${o.host}" port ${first}: Name or service not known\n`);
		return flatten(tape, 1);
	}
	const proc = runTransient(handle, 'nc', ['nc', '-z', o.host, ...o.ports.map(String)], true);
	handle.world = proc.world;
	const now = handle.now();
	const literal = lookupHost(handle.world, handle.location, o.host).kind === 'literal';
	let exitCode = 1;
	for (const port of o.ports) {
		for (const address of addrs) {
			const caller = { netns: handle.location.netns, pid: proc.process.pid };
			const dst = { address, port };
			const r = address.includes(':') ? dial6(handle.world, caller, dst, now) : dial(handle.world, caller, dst, now, () => handle.random(), tap);
			handle.world = count(r.world, r);
			const who = literal ? address : `${o.host} (${address})`;
			if (r.kind === 'connected') {
				handle.world = hangUp(handle.world, r.live, now, tap);
				const svc = o.numeric ? undefined : names.service(port, 'tcp');
				if (o.verbose) tape.err(`Connection to ${who} ${port} port [tcp/${svc ?? '*'}] succeeded!\n`);
				exitCode = 0;
				break;
			}
			if (o.timeoutMs !== undefined && r.elapsedMs >= o.timeoutMs) {
				tape.wait(o.timeoutMs);
				if (o.verbose) tape.err(`nc: connect to ${who} port ${port} (tcp) timed out: Operation now in progress\n`);
				continue;
			}
			tape.wait(r.elapsedMs);
			if (o.verbose) tape.err(`nc: connect to ${who} port ${port} (tcp) failed: ${ERRNO[r.kind]}\n`);
		}
	}
	handle.world = exitProcess(handle.world, proc.process.pid);
	return tape.now >= 1000 ? play(tape, exitCode) : flatten(tape, exitCode);
}

/** `nc` in the shell of a world location. */
export function ncCommand(handle: WorldHandle): CommandSpec {
	return ncCommandWith(handle, {});
}

/** `nc` whose packets also go to `hooks.tap` (the lab publishes them to tcpdump's feeds). */
export function ncCommandWith(handle: WorldHandle, hooks: { readonly tap?: Tap }): CommandSpec {
	return {
		name: 'nc',
		aliases: ['netcat'],
		path: '/usr/bin/nc',
		help: { summary: { en: 'arbitrary TCP connections: check that a port accepts (nc -zv HOST PORT)', zh: '任意 TCP 连接：检查端口能否连通（nc -zv 主机 端口）' }, usage: NC_USAGE.split('\n')[0]?.replace(/^usage: /, '') ?? 'nc' },
		run(args, ctx): Outcome {
			const parsed = parseNcArgs(args, namesAt(handle.world, handle.location));
			if (parsed.kind === 'exit') return { stdout: '', stderr: parsed.stderr, exitCode: parsed.exitCode };
			if (parsed.kind === 'unsimulated') return { stdout: '', stderr: NOTICE[ctx.lang](parsed.option), exitCode: 1 };
			return scan(handle, parsed.options, hooks.tap);
		},
	};
}
