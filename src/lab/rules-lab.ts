// A lab on one network namespace with a rule file: the kernel recorder's sidecar pod (see
// recorder-pod.ts) with its shell. `sidecar-lab --rules FILE` and the conformance tests use it.

import { RECORDER_POD_ETC, RECORDER_POD_RESOLVER, loadRules, recorderPodState } from './recorder-pod';
import { podCommands, type PodHandle } from './pod-commands';
import { SimClock } from './clock';
import { fork } from '../world/random';
import { MemoryFs, Registry, Shell, type CommandSpec, type Lang } from '../shell';
import { standardRegistry } from '../shell/commands';

export interface RulesLabOptions {
	/** An iptables-save or iptables-restore text; omitted: a namespace without rules. */
	readonly rules?: string;
	readonly tproxy?: boolean;
	readonly lang?: Lang;
	readonly seed?: number;
	/** Start of the simulated clock, ms since the epoch. */
	readonly start?: number;
	/** Whether stdout is a terminal (decides `ls` columns and similar). */
	readonly tty?: boolean;
	/** The shell's own commands (builtins, text tools); default: all of them (standardRegistry). */
	readonly tools?: readonly CommandSpec[];
}

export interface RulesLab {
	readonly shell: Shell;
	readonly pod: PodHandle;
}

/** 2026-11-21 08:00:00 UTC: a fixed moment, so output never depends on when it runs. */
export const DEFAULT_START = Date.UTC(2026, 10, 21, 8, 0, 0);

export function createRulesLab(opts: RulesLabOptions = {}): { ok: true; lab: RulesLab } | { ok: false; error: string } {
	const clock = new SimClock(opts.start ?? DEFAULT_START);
	const random = fork(opts.seed ?? 1, 'rules-lab');
	let state = recorderPodState({ tproxy: opts.tproxy === true });
	if (opts.rules !== undefined) {
		const loaded = loadRules(opts.rules, () => new Date(clock.tick()));
		if (!loaded.ok) return { ok: false, error: loaded.stderr };
		state = { ...state, netfilter: loaded.state };
	}
	const pod: PodHandle = {
		state,
		resolver: RECORDER_POD_RESOLVER,
		podEnvironment: {
			env: {},
			interfaceAddrs: ['127.0.0.1/8', '10.244.1.5/24'],
			resolvConf: 'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n',
			users: { 'istio-proxy': '1337' },
		},
		now: () => clock.tick(),
		random: () => random.next(),
	};
	const fs = new MemoryFs();
	fs.setFile('/etc/passwd', RECORDER_POD_ETC.passwd);
	fs.setFile('/etc/group', RECORDER_POD_ETC.group);
	fs.setFile('/etc/hosts', RECORDER_POD_ETC.hosts);
	fs.setFile('/etc/resolv.conf', pod.podEnvironment.resolvConf ?? '');
	const registry = opts.tools === undefined ? standardRegistry() : new Registry(opts.tools);
	for (const spec of podCommands(pod)) registry.register(spec);
	const shell = new Shell({ registry, fs, lang: opts.lang ?? 'en', tty: opts.tty ?? false, env: { HOSTNAME: 'sidecar-pod' } });
	return { ok: true, lab: { shell, pod } };
}
