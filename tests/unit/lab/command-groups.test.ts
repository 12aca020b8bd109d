// The page's command groups (src/lab/groups, src/lab/lazy-commands.ts): the catalog says what the
// real commands say (names, paths, help; REFRESH_CATALOG=1 rewrites it), the loaders load the
// groups Node lists, a lab whose groups arrive on demand prints exactly what the lab with every
// command prints, and a stand-in run before its group arrives says so in the learner's language.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../../src/lab/groups/catalog';
import { GROUP_IDS, type GroupId } from '../../../src/lab/groups/ids';
import { GROUP_LOADERS } from '../../../src/lab/groups/lazy';
import type { LabControl } from '../../../src/lab/lab-control';
import { type CatalogEntry, type CommandCatalog, type GroupLoaders, LazyCommands, specInfo } from '../../../src/lab/lazy-commands';
import { COMMAND_GROUPS, CORE_COMMANDS } from '../../../src/lab/world-commands';
import { worldLabFrom, type WorldLab } from '../../../src/lab/world-lab';
import { specsOf } from '../../../src/lab/world-registry';
import type { Lang } from '../../../src/shell';
import { buildWorld } from '../../../src/world/build';
import { mustLoad, REPO } from '../world/helpers';
import { lab, PRODUCTPAGE, run, SLEEP } from './helpers';

const REFRESH = process.env.REFRESH_CATALOG === '1';
const CATALOG_FILE = join(REPO, 'src/lab/groups/catalog.ts');
const HOW = 'run REFRESH_CATALOG=1 npx vitest run tests/unit/lab/command-groups.test.ts and review the diff';
const WORLD_SCENARIOS = ['bookinfo', 'bookinfo-cni', 'bookinfo-tproxy', 'bookinfo-registry-only', 'bookinfo-localhost'];

/** Binding a command needs no control: only running one does. */
const NO_CONTROL: LabControl = {
	exec: () => {
		throw new Error('not in this test');
	},
	enterShell: () => {
		throw new Error('not in this test');
	},
	hasProgram: () => false,
	requestReset: () => {
		throw new Error('not in this test');
	},
};

/** The catalog the real commands make, bound to a lab of `scenario`. */
function catalogOf(scenario: string): CommandCatalog {
	const handle = lab({ scenario }).handle;
	const out = {} as Record<GroupId, CatalogEntry[]>;
	for (const id of GROUP_IDS) out[id] = COMMAND_GROUPS[id].map((c) => ({ where: c.where, specs: specsOf(c.factory(handle, NO_CONTROL)).map(specInfo) }));
	return out;
}

function catalogSource(catalog: CommandCatalog): string {
	return `// Made by tests/unit/lab/command-groups.test.ts from the real commands (REFRESH_CATALOG=1 rewrites
// it; without, a stale file fails the test): each group's commands, in the order of its COMMANDS,
// with their names, paths and help, so the page can list, complete and place them before it
// loads them (../lazy-commands.ts).

import type { CommandCatalog } from '../lazy-commands';

export const CATALOG: CommandCatalog = ${JSON.stringify(catalog, null, '\t')};
`;
}

describe('the command catalog', () => {
	it('lists every group, and Node lists the same groups', () => {
		expect(Object.keys(COMMAND_GROUPS).sort()).toEqual([...GROUP_IDS].sort());
		expect(Object.keys(GROUP_LOADERS).sort()).toEqual([...GROUP_IDS].sort());
	});

	it('is what the real commands say, the same for every world scenario', () => {
		const made = catalogOf('bookinfo');
		for (const scenario of WORLD_SCENARIOS.slice(1)) expect(catalogOf(scenario), scenario).toEqual(made);
		const text = catalogSource(made);
		if (REFRESH) {
			if (!existsSync(CATALOG_FILE) || readFileSync(CATALOG_FILE, 'utf8') !== text) writeFileSync(CATALOG_FILE, text);
			return;
		}
		expect(readFileSync(CATALOG_FILE, 'utf8'), `src/lab/groups/catalog.ts is stale: ${HOW}`).toBe(text);
		expect(CATALOG).toEqual(made);
	});

	it('no command name is in two groups, nor in the core', () => {
		const handle = lab().handle;
		const core = CORE_COMMANDS.flatMap((c) => specsOf(c.factory(handle, NO_CONTROL)).flatMap((s) => [s.name, ...(s.aliases ?? [])]));
		const names = GROUP_IDS.flatMap((id) => CATALOG[id].flatMap((e) => e.specs.flatMap((s) => [s.name, ...(s.aliases ?? [])])));
		expect(new Set(names).size).toBe(names.length);
		expect(names.filter((n) => core.includes(n))).toEqual([]);
	});

	it.each([...GROUP_IDS])('the loader of %s brings the commands Node lists', async (id) => {
		expect(await GROUP_LOADERS[id]()).toBe(COMMAND_GROUPS[id]);
	});
});

/** A lab whose groups come from `loaders` on demand, as the page builds it. */
function lazyLab(opts: { at?: string; lang?: Lang; loaders?: GroupLoaders; scenario?: string } = {}): { lab: WorldLab; lazy: LazyCommands } {
	const lazy = new LazyCommands(CATALOG, opts.loaders ?? GROUP_LOADERS);
	const made = worldLabFrom(mustLoad(opts.scenario ?? 'bookinfo'), { tty: false, ...(opts.at !== undefined ? { at: opts.at } : {}), ...(opts.lang !== undefined ? { lang: opts.lang } : {}) }, [...CORE_COMMANDS, ...lazy.commands()], buildWorld);
	if (!made.ok) throw new Error(made.error);
	return { lab: made.lab, lazy };
}

/** Lines that use every group, from the node, a pod's namespace and the proxy container. */
const LINES = [
	'help', 'type iptables ss curl jq awk', 'which iptables-save kubectl', 'help ss', 'id', 'hostname',
	'iptables -t nat -S', 'iptables-save | awk \'/^-A KUBE/ {print $2}\' | sort | uniq -c', 'ip6tables -S', 'conntrack -L',
	'ip addr', 'ip route show table local', 'ss -lntp', "ss -s | sed -n '1,2p'", 'kubectl get pods -o wide', `kubectl describe pod ${PRODUCTPAGE}`,
	'docker ps', 'crictl ps --name istio-proxy', 'ps -ef | head -5', `istioctl proxy-config listeners ${PRODUCTPAGE}`, `istioctl pc clusters ${PRODUCTPAGE} --port 9080`,
	`kubectl exec ${SLEEP} -- curl -s http://details:9080/details/0`, `hops curl http://details:9080/details/0 --from ${SLEEP}`,
	'nsenter -t 3074 -n', 'ss -lnt', 'iptables -t nat -L -n -v', 'trace --in eth0 10.244.1.6:41000 10.244.1.5:9080', 'curl -s -o /dev/null -w "%{http_code}\\n" http://10.96.0.50:9080/details/0', 'conntrack -L', 'exit',
	`kubectl exec -it ${PRODUCTPAGE} -c istio-proxy -- bash`, 'netstat -tlnp', 'lsof -i :15001', 'curl -s localhost:15000/config_dump | jq -r \'.configs[0]["@type"]\'', 'nc -zv 127.0.0.1 15001', 'tcpdump -D', 'exit',
	'echo "$HOME" | sed s/root/ROOT/', 'istio-iptables --help | head -3',
];

describe('a lab whose commands arrive on demand', () => {
	it('prints, line by line, what the lab with every command prints', async () => {
		const full = lab({ tty: false });
		const { lab: lazyOne, lazy } = lazyLab();
		for (const line of LINES) {
			await lazy.load(lazy.needed(line));
			const ran = run(lazyOne, line);
			expect(ran, line).toEqual(run(full, line));
			expect(`${ran.stdout}${ran.stderr}`, line).not.toMatch(/command not found|still loading|could not be loaded/);
			// Entering and leaving a shell prints nothing; every other line prints something.
			if (!/^(nsenter -t \d+ -n|kubectl exec -it .* -- bash|exit)$/.test(line)) expect(`${ran.stdout}${ran.stderr}`, line).not.toBe('');
		}
		// Every group was needed by some line.
		for (const id of GROUP_IDS) expect(lazy.loaded(id), id).toBe(true);
	});

	it('lists, places and completes the commands before any group arrives', () => {
		const full = lab({ tty: false });
		const { lab: lazyOne, lazy } = lazyLab();
		for (const line of ['help', 'type -a iptables-save istioctl jq', 'which ss tcpdump', 'help kubectl']) expect(run(lazyOne, line), line).toEqual(run(full, line));
		expect(lazyOne.shell.complete('ip', 2)).toEqual(full.shell.complete('ip', 2));
		expect(GROUP_IDS.filter((id) => lazy.loaded(id))).toEqual([]);
	});

	it('finds the groups a line needs in its words', () => {
		const { lazy } = lazyLab();
		const cases: [string, GroupId[]][] = [
			['ls /etc', []],
			['hostname -i', []],
			['nsenter -t 3074 -n ss -lntp', ['sockets']],
			[`kubectl exec ${SLEEP} -- /usr/sbin/iptables-save -t nat`, ['pod-tools', 'kubectl']],
			["iptables -S | awk '{print $1}' | sort", ['pod-tools', 'awk']],
			['C=tcpdump', ['tcpdump']],
			["sh -c 'netstat -tlnp; lsof -i'", ['sockets']],
			['curl -s localhost:15000/config_dump | jq .configs', ['traffic', 'jq']],
		];
		for (const [line, ids] of cases) expect(lazy.needed(line).sort(), line).toEqual([...ids].sort());
		// A line that can make a command's name as it runs needs every group.
		for (const line of ['$CMD -lnt', 'echo "$(ss -lnt)"', 'eval "$x"', 'echo `id`', 'source ./x.sh']) expect(lazy.needed(line).sort(), line).toEqual([...GROUP_IDS].sort());
	});

	it('a command run before its group arrives says so, and runs once it has', async () => {
		for (const [lang, text] of [
			['en', 'sidecar-lab: ss is still loading; run the line again in a moment.\n'],
			['zh', 'sidecar-lab：ss 还在加载，请稍后重新运行这一行。\n'],
		] as const) {
			const { lab: l, lazy } = lazyLab({ lang });
			expect(run(l, 'ss -lnt')).toEqual({ stdout: '', stderr: text, exitCode: 126 });
			await lazy.load(['sockets']);
			expect(run(l, 'ss -lnt')).toEqual(run(lab({ tty: false, lang }), 'ss -lnt'));
		}
	});

	it('a group that fails to load is tried again on the next line', async () => {
		let attempts = 0;
		const flaky: GroupLoaders = {
			...GROUP_LOADERS,
			sockets: () => {
				attempts += 1;
				return attempts === 1 ? Promise.reject(new TypeError('Failed to fetch dynamically imported module')) : GROUP_LOADERS.sockets();
			},
		};
		for (const [lang, text] of [
			['en', 'sidecar-lab: ss could not be loaded (is the network down?); run the line again to retry.\n'],
			['zh', 'sidecar-lab：无法加载 ss（网络断开了吗？），重新运行这一行即可重试。\n'],
		] as const) {
			attempts = 0;
			const { lab: l, lazy } = lazyLab({ lang, loaders: flaky });
			await lazy.load(lazy.needed('ss -lnt'));
			expect(lazy.loaded('sockets')).toBe(false);
			expect(run(l, 'ss -lnt')).toEqual({ stdout: '', stderr: text, exitCode: 126 });
			await lazy.load(lazy.needed('ss -lnt'));
			expect(attempts).toBe(2);
			expect(run(l, 'ss -lnt').exitCode).toBe(0);
		}
	});
});
