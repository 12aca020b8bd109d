// The `ip` command (iproute2 6.1) over a network namespace of the simulator: `ip address`,
// `ip link`, `ip route` (show, get, add, del) and `ip rule` (show, add, del), as pure functions
// from (argv, namespace) to (output, namespace). Output and messages as recorded from the real
// tool (tests/fixtures/ip/recorded.json, tests/conformance/recordings/*/topology).
//
// The lab binds it to a namespace with an IpHandle: the current Netns, where to store the changed
// one, and the LinkInfo of the devices (veth peers) that the Netns model does not hold.

import type { Netns } from '../../netns/types';
import type { CommandResult, CommandSpec } from '../../shell/types';
import { findObject, matches, parseGlobals } from './args';
import { IP_USAGE, IP_VERSION, ROUTE_USAGE } from './help';
import { ipAddress, ipLink } from './link';
import { routeModify } from './route-edit';
import { routeGet, routeShow } from './route-show';
import { ipRule } from './rule';
import type { IpContext, IpOutput, IpRun, LinkInfo } from './types';

export type { IpContext, IpOutput, IpRun, LinkInfo } from './types';

type Lang = 'en' | 'zh';

const NOT_SIMULATED = {
	en: (what: string) => `ip: \`${what}' is not simulated in Sidecar Lab (try ip address, ip link, ip route, ip rule)\n`,
	zh: (what: string) => `ip: Sidecar 实验室没有模拟 \`${what}'（可以试试 ip address、ip link、ip route、ip rule）\n`,
} as const;

const ROUTE_COMMANDS = ['add', 'change', 'replace', 'prepend', 'append', 'test', 'delete', 'list', 'flush', 'get', 'save', 'restore', 'showdump', 'help'];

function route(ctx: IpContext, globals: Parameters<typeof routeShow>[1], args: readonly string[]): IpRun | { unsupported: string } {
	const ns = ctx.netns;
	const cmd = args[0];
	const run = (r: IpOutput, netns: Netns = ns): IpRun => ({ ...r, netns });
	if (cmd === undefined || matches(cmd, 'list') || matches(cmd, 'show') || cmd === 'lst') return run(routeShow(ns, globals, cmd === undefined ? [] : args.slice(1)));
	const known = ROUTE_COMMANDS.find((c) => matches(cmd, c));
	if (known === 'get') {
		if (globals.family === 'ipv6' || args.slice(1).some((a) => a.includes(':'))) return { unsupported: 'ip route get (IPv6)' };
		return run(routeGet(ns, args.slice(1), ctx.uid ?? 0));
	}
	if (known === 'add' || known === 'delete' || known === 'replace' || known === 'append') {
		if (globals.family === 'ipv6') return { unsupported: 'ip -6 route' };
		const r = routeModify(ns, known === 'delete' ? 'del' : known, args.slice(1));
		return run(r, r.netns);
	}
	if (known === 'help') return run({ stdout: '', stderr: ROUTE_USAGE, exitCode: 255 });
	if (known !== undefined) return { unsupported: `ip route ${known}` };
	return run({ stdout: '', stderr: `Command "${cmd}" is unknown, try "ip route help".\n`, exitCode: 255 });
}

/** Runs `ip ARGS` (without the command name) against a namespace. */
export function runIp(args: readonly string[], ctx: IpContext, lang: Lang = 'en'): IpRun {
	const ns = ctx.netns;
	const links: Readonly<Record<string, LinkInfo>> = ctx.links ?? {};
	const result = (stdout: string, stderr: string, exitCode: number): IpRun => ({ stdout, stderr, exitCode, netns: ns });
	const unsupported = (what: string): IpRun => result('', NOT_SIMULATED[lang](what), 1);
	const g = parseGlobals(args);
	if (!g.ok) return g.unsupported !== undefined ? unsupported(`ip -${g.unsupported}`) : result('', g.stderr, g.exitCode);
	if (g.version) return result(IP_VERSION, '', 0);
	const [word, ...rest] = g.rest;
	if (g.help || word === undefined) return result('', IP_USAGE, 255);
	const object = findObject(word);
	let r: IpRun | IpOutput | { unsupported: string };
	switch (object) {
		case undefined:
			return result('', `Object "${word}" is unknown, try "ip help".\n`, 1);
		case 'help':
			return result('', IP_USAGE, 255);
		case 'address':
			r = ipAddress(ns, links, g.globals, rest);
			break;
		case 'link':
			r = ipLink(ns, links, g.globals, rest);
			break;
		case 'route':
			r = route(ctx, g.globals, rest);
			break;
		case 'rule':
			r = ipRule(ns, g.globals, rest);
			break;
		default:
			return unsupported(`ip ${object}`);
	}
	if ('unsupported' in r) return unsupported(r.unsupported);
	return 'netns' in r ? r : { ...r, netns: ns };
}

/** One namespace's slot as the lab keeps it: read it, store what `ip` leaves behind. */
export interface IpHandle {
	netns(): Netns;
	setNetns(ns: Netns): void;
	links?(): Readonly<Record<string, LinkInfo>>;
	uid?(): number;
}

/** The shell command, bound to one namespace. */
export function ipCommand(handle: IpHandle): CommandSpec {
	return {
		name: 'ip',
		path: '/usr/sbin/ip',
		help: {
			summary: {
				en: "show the pod's interfaces, addresses, routes and policy rules; change routes and rules (iproute2 6.1)",
				zh: '查看 Pod 的网卡、地址、路由和策略路由规则；修改路由和规则（iproute2 6.1）',
			},
			usage: 'ip [ OPTIONS ] OBJECT { COMMAND | help }',
		},
		run(args, ctx): CommandResult {
			const before = handle.netns();
			const r = runIp(args, { netns: before, ...(handle.links ? { links: handle.links() } : {}), ...(handle.uid ? { uid: handle.uid() } : {}) }, ctx.lang);
			if (r.netns !== before) handle.setNetns(r.netns);
			return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
		},
	};
}
