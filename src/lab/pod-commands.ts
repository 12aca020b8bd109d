// The commands of one network namespace as shell commands: the iptables family, istio-iptables,
// trace and conntrack. Each reads the namespace's current state from the PodHandle and stores
// the state it leaves behind, so one line's changes are the next line's starting point.

import { runConntrack } from '../commands/conntrack';
import { runTrace } from '../commands/trace';
import type { PodEnvironment } from '../istio-iptables/environment';
import { runIstioIptables, type NetfilterDependency } from '../istio-iptables/command';
import type { EngineState } from '../netfilter/engine/types';
import type { NameResolver } from '../netfilter/names';
import { runXtables, TOOL_NAMES } from '../netfilter/tool';
import type { CommandResult, CommandSpec } from '../shell/types';
import { applyRouteActions } from './route-actions';

/** One namespace's mutable slot, plus the injected clock and random source. */
export interface PodHandle {
	state: EngineState;
	readonly resolver: NameResolver;
	/** What istio-iptables reads from the pod: env, interface addresses, resolv.conf, users. */
	readonly podEnvironment: PodEnvironment;
	/** The simulated clock in milliseconds; each call may move it forward. */
	now(): number;
	/** In [0, 1), seeded. */
	random(): number;
}

function basename(argv0: string): string {
	return argv0.slice(argv0.lastIndexOf('/') + 1);
}

function iptablesSpec(pod: PodHandle): CommandSpec {
	const [name = 'iptables', ...aliases] = TOOL_NAMES;
	return {
		name,
		aliases,
		path: '/usr/sbin/iptables',
		help: {
			summary: {
				en: 'list and change the netfilter rules (iptables 1.8.9; also -save, -restore, ip6tables, -nft, -legacy)',
				zh: '查看和修改 netfilter 规则（iptables 1.8.9；另有 -save、-restore、ip6tables、-nft、-legacy）',
			},
			usage: 'iptables -[ACD] chain rule-specification [options]',
		},
		run(args, ctx): CommandResult {
			const argv = [basename(ctx.argv0), ...args];
			const stdin = argv[0]?.endsWith('-restore') ? ctx.stdin.readAll() : '';
			const r = runXtables(argv, stdin, pod.state.netfilter, { resolver: pod.resolver, now: () => new Date(pod.now()) });
			pod.state = { ...pod.state, netfilter: r.state };
			return r.result;
		},
	};
}

/** iptables-save and iptables-restore for one family, as istio-iptables runs them. */
function netfilterDependency(pod: PodHandle): NetfilterDependency {
	const tool = (family: 'ipv4' | 'ipv6', kind: 'save' | 'restore') => `${family === 'ipv4' ? 'iptables' : 'ip6tables'}-${kind}`;
	return {
		save: (family) => runXtables([tool(family, 'save')], '', pod.state.netfilter, { resolver: pod.resolver, now: () => new Date(pod.now()) }).result.stdout,
		restore: (family, input) => {
			const r = runXtables([tool(family, 'restore'), '--noflush'], input, pod.state.netfilter, { resolver: pod.resolver, now: () => new Date(pod.now()) });
			if (r.result.exitCode !== 0) return { exitCode: r.result.exitCode, stderr: r.result.stderr };
			pod.state = { ...pod.state, netfilter: r.state };
			return null;
		},
	};
}

function istioIptablesSpec(pod: PodHandle): CommandSpec {
	return {
		name: 'istio-iptables',
		path: '/usr/local/bin/istio-iptables',
		help: {
			summary: {
				en: "generate the sidecar's interception rules and apply them (--dry-run only prints them)",
				zh: '生成 Sidecar 的流量拦截规则并写入内核（加 --dry-run 则只打印不生效）',
			},
			usage: 'istio-iptables [flags]',
		},
		run(args): CommandResult {
			const r = runIstioIptables(args, { pod: pod.podEnvironment, now: () => new Date(pod.now()), netfilter: netfilterDependency(pod) });
			if (r.routes === undefined || r.routes.length === 0) return r;
			const applied = applyRouteActions(pod.state.netns, r.routes);
			if (!applied.ok) return { stdout: r.stdout, stderr: `${r.stderr}${applied.error}\n`, exitCode: 1 };
			pod.state = { ...pod.state, netns: applied.netns };
			return r;
		},
	};
}

function traceSpec(pod: PodHandle): CommandSpec {
	return {
		name: 'trace',
		path: '/usr/local/bin/trace',
		help: {
			summary: {
				en: "send one connection through the current rules and explain every step (Sidecar Lab's teaching tool)",
				zh: '让一条连接走一遍当前规则，逐步解释每一步（Sidecar 实验室的教学工具）',
			},
			usage: 'trace [-p tcp|udp] [--in IFACE] [--uid N] [--gid N] SRC[:PORT] DST:PORT',
		},
		run(args, ctx): CommandResult {
			const r = runTrace(['trace', ...args], { lang: ctx.lang, state: pod.state, now: pod.now(), random: () => pod.random() });
			pod.state = r.state;
			return r;
		},
	};
}

function conntrackSpec(pod: PodHandle): CommandSpec {
	return {
		name: 'conntrack',
		path: '/usr/sbin/conntrack',
		help: {
			summary: { en: 'list the connection tracking table (conntrack-tools 1.4.7)', zh: '查看连接跟踪表（conntrack-tools 1.4.7）' },
			usage: 'conntrack -L [options]',
		},
		run(args): CommandResult {
			const r = runConntrack(['conntrack', ...args], pod.state.conntrack, pod.now());
			pod.state = { ...pod.state, conntrack: r.table };
			return r;
		},
	};
}

export function podCommands(pod: PodHandle): CommandSpec[] {
	return [iptablesSpec(pod), istioIptablesSpec(pod), traceSpec(pod), conntrackSpec(pod)];
}
