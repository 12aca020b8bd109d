// Which simulator runs behind each lab: a small factory keyed by `data-scenario`. Today every
// lab is a rules lab (one network namespace and its shell); when the Bookinfo world lab
// (src/lab/world-lab.ts) is ready, a scenario switches to it by changing its one line in FACTORIES.
//
// A lab ships the shell tools it needs, named here one by one rather than through
// standardRegistry(), so the bundler leaves the others out: the lab's JavaScript has a budget of
// 200 KB gzip (tests/site/lab-budget.test.ts) and jq alone weighs 12 KB of it. The recorder pod
// has no JSON to filter, so it has every tool but jq.

import { SIDECAR_INIT_DEFAULT_V4 } from '../../data/lab-rules';
import { checkLabProps, type LabScenarioId } from '../../data/labs';
import { SimClock } from '../../lab/clock';
import { podCommands, type PodHandle } from '../../lab/pod-commands';
import { loadRules, RECORDER_POD_ETC, RECORDER_POD_RESOLVER, recorderPodState } from '../../lab/recorder-pod';
import { awk } from '../../shell/commands/awk';
import { cat } from '../../shell/commands/cat';
import { cd } from '../../shell/commands/cd';
import { clear } from '../../shell/commands/clear';
import { cut } from '../../shell/commands/cut';
import { echo } from '../../shell/commands/echo';
import { exit } from '../../shell/commands/exit';
import { exportBuiltin } from '../../shell/commands/export';
import { falseCommand } from '../../shell/commands/false';
import { grep } from '../../shell/commands/grep';
import { head } from '../../shell/commands/head';
import { help } from '../../shell/commands/help';
import { history } from '../../shell/commands/history';
import { ls } from '../../shell/commands/ls';
import { printf } from '../../shell/commands/printf';
import { pwd } from '../../shell/commands/pwd';
import { sed } from '../../shell/commands/sed';
import { seq } from '../../shell/commands/seq';
import { sleep } from '../../shell/commands/sleep';
import { sort } from '../../shell/commands/sort';
import { tail } from '../../shell/commands/tail';
import { tee } from '../../shell/commands/tee';
import { tr } from '../../shell/commands/tr';
import { trueCommand } from '../../shell/commands/true';
import { type } from '../../shell/commands/type';
import { uniq } from '../../shell/commands/uniq';
import { unset } from '../../shell/commands/unset';
import { wc } from '../../shell/commands/wc';
import { which } from '../../shell/commands/which';
import { xargs } from '../../shell/commands/xargs';
import { yes } from '../../shell/commands/yes';
import { MemoryFs } from '../../shell/fs';
import { Registry } from '../../shell/registry';
import { Shell } from '../../shell/session';
import type { CommandSpec } from '../../shell/types';
import { type LabSession, type Lang, ShellSession } from '../../terminal';
import { fork } from '../../world/random';

export interface SessionOptions {
	/** Where the shell starts (see LAB_SCENARIOS' locations). */
	readonly at: string | undefined;
	readonly lang: Lang;
}

type Factory = (opts: SessionOptions) => LabSession;

/** bash's builtins and the text tools, as src/shell/commands/index.ts lists them, without jq. */
export const RULES_LAB_TOOLS: readonly CommandSpec[] = [
	echo, printf, cd, pwd, exportBuiltin, unset, trueCommand, falseCommand, exit, history, type, help,
	cat, ls, grep, sed, awk, head, tail, wc, sort, uniq, cut, tee, tr, xargs, seq, sleep, yes, clear, which,
];

/** 2026-11-21 08:00:00 UTC, as the rules lab of the CLI: output never depends on when it runs. */
const START = Date.UTC(2026, 10, 21, 8, 0, 0);

/**
 * The kernel recorder's sidecar pod with `rules` loaded, built as src/lab/rules-lab.ts builds it
 * for `sidecar-lab --rules` (same namespace, files, clock and seed), with `tools` as its shell's.
 */
export function recorderPodLab(rules: string, lang: Lang, tools: readonly CommandSpec[]): { shell: Shell; pod: PodHandle } {
	const clock = new SimClock(START);
	const random = fork(1, 'rules-lab');
	const loaded = loadRules(rules, () => new Date(clock.tick()));
	// The rules are fixed data checked by the tests: failing to load them is a bug.
	if (!loaded.ok) throw new Error(`broken invariant: the lab's rules do not load: ${loaded.stderr}`);
	const resolvConf = 'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n';
	const pod: PodHandle = {
		state: { ...recorderPodState(), netfilter: loaded.state },
		resolver: RECORDER_POD_RESOLVER,
		podEnvironment: { env: {}, interfaceAddrs: ['127.0.0.1/8', '10.244.1.5/24'], resolvConf, users: { 'istio-proxy': '1337' } },
		now: () => clock.tick(),
		random: () => random.next(),
	};
	const fs = new MemoryFs();
	fs.setFile('/etc/passwd', RECORDER_POD_ETC.passwd);
	fs.setFile('/etc/group', RECORDER_POD_ETC.group);
	fs.setFile('/etc/hosts', RECORDER_POD_ETC.hosts);
	fs.setFile('/etc/resolv.conf', resolvConf);
	const registry = new Registry(tools);
	for (const spec of podCommands(pod)) registry.register(spec);
	const shell = new Shell({ registry, fs, lang, tty: true, env: { HOSTNAME: 'sidecar-pod' } });
	return { shell, pod };
}

/** A rules lab as a terminal session; its prompt is bash's in colour, `root@sidecar-pod:~# `. */
function rulesSession(rules: string, opts: SessionOptions): LabSession {
	return new ShellSession({ colour: true, create: () => recorderPodLab(rules, opts.lang, RULES_LAB_TOOLS) });
}

const FACTORIES: Readonly<Record<LabScenarioId, Factory>> = {
	'recorder-pod': (opts) => rulesSession(SIDECAR_INIT_DEFAULT_V4, opts),
};

export function createLabSession(scenario: string, opts: SessionOptions): { ok: true; session: LabSession } | { ok: false; error: string } {
	const checked = checkLabProps(scenario, opts.at);
	if (!checked.ok) return checked;
	return { ok: true, session: FACTORIES[checked.scenario]({ ...opts, at: checked.at }) };
}
