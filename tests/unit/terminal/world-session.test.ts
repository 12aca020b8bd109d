// The world lab as the page builds it: from lab data (the scenario loaded at build time, sent as
// JSON), with Envoy's config dumps fetched lazily. It must answer exactly as the CLI's
// createWorldLab does from the scenario's files, wherever the shell starts.

import { describe, expect, it } from 'vitest';
import { labData } from '../../../src/components/lab/lab-data-build';
import { decodeLabData } from '../../../src/components/lab/lab-data';
import type { Fetcher } from '../../../src/components/lab/lazy-files';
import { dumpsNeeded, WorldLabSession } from '../../../src/components/lab/world-session';
import { LAB_SCENARIOS, WORLD_LABS } from '../../../src/data/labs';
import { GROUP_IDS } from '../../../src/lab/groups/ids';
import { createWorldLab } from '../../../src/lab/world-lab';
import type { JobStep } from '../../../src/shell';
import { scenarioFiles } from '../world/helpers';

/** A fetcher whose answers the test releases; it records what was asked. */
function manualFetcher(texts: Readonly<Record<string, string>>) {
	const asked: string[] = [];
	const pending: { url: string; resolve: (t: string) => void; reject: (e: Error) => void }[] = [];
	const fetcher: Fetcher = (url) =>
		new Promise<string>((resolve, reject) => {
			asked.push(url);
			pending.push({ url, resolve, reject });
		});
	return {
		fetcher,
		asked,
		release: () => {
			for (const p of pending.splice(0)) {
				const text = texts[p.url];
				if (text === undefined) p.reject(new Error('HTTP 404'));
				else p.resolve(text);
			}
		},
		fail: () => {
			for (const p of pending.splice(0)) p.reject(new Error('Failed to fetch'));
		},
	};
}

const lazyTexts = (scenario: string): Record<string, string> => Object.fromEntries(labData(scenario).lazy.map((f) => [f.url, f.body]));

/** A page session whose command groups have all arrived (the groups' own waiting is tested below). */
async function session(scenario: string, at: string | undefined, fetcher: Fetcher = () => new Promise<string>(() => {})): Promise<WorldLabSession> {
	const s = coldSession(scenario, at, fetcher);
	await s.commands.loadAll();
	return s;
}

/** A page session as the page starts it: no command group loaded yet. */
function coldSession(scenario: string, at: string | undefined, fetcher: Fetcher = () => new Promise<string>(() => {})): WorldLabSession {
	const decoded = decodeLabData(JSON.parse(labData(scenario).start.body));
	if (!decoded.ok) throw new Error(decoded.error);
	const made = WorldLabSession.create({ scenario: decoded.scenario, programs: decoded.programs, lazy: decoded.lazy, fetcher, at, lang: 'en' });
	if (!made.ok) throw new Error(made.error);
	return made.session;
}

const flush = () => new Promise((r) => setTimeout(r, 0));

function drain(step: () => JobStep, more: () => JobStep, max = 50): { output: string; exitCode: number | undefined } {
	let s = step();
	let output = s.output.map((e) => e.text).join('');
	for (let i = 0; !s.done && i < max; i++) {
		s = more();
		output += s.output.map((e) => e.text).join('');
	}
	return { output, exitCode: s.exitCode };
}

const LINES = ['kubectl get pods -o wide', 'ss -ltnp', 'iptables -t nat -S', 'ps aux | head -5', 'ip -br addr', 'cat /etc/resolv.conf', 'id', 'hostname', 'nosuch'];

describe('a world lab built from lab data', () => {
	it.each(WORLD_LABS.flatMap((id) => ['node', 'productpage-v1', 'productpage-v1/istio-proxy', 'sleep/sleep'].map((at) => [id, at] as const)))('%s at %s answers as createWorldLab from files', async (id, at) => {
		expect(LAB_SCENARIOS[id].locations).toContain(at);
		const page = await session(id, at);
		const cli = createWorldLab({ files: scenarioFiles(), scenario: id, at });
		if (!cli.ok) throw new Error(cli.error);
		expect(page.prompt()).toBe(cli.lab.shell.prompt());
		for (const line of LINES) {
			const a = page.run(line);
			const b = cli.lab.shell.run(line);
			expect({ line, stdout: a.stdout, stderr: a.stderr, exitCode: a.exitCode }).toEqual({ line, stdout: b.stdout, stderr: b.stderr, exitCode: b.exitCode });
		}
	});

	it('says where the shell stands, as it moves', async () => {
		const s = await session('bookinfo', 'node');
		expect(s.where()).toBe('node');
		s.run('kubectl exec -it productpage-v1-54bb874995-hhx8q -c istio-proxy -- bash');
		expect(s.where()).toBe('productpage-v1-54bb874995-hhx8q/istio-proxy');
		s.run('exit');
		expect(s.where()).toBe('node');
		expect((await session('bookinfo', 'reviews-v2')).where()).toBe('reviews-v2-6f85cb9b7c-kz4n9');
		expect((await session('bookinfo', 'sleep/sleep')).where()).toBe('sleep-5577c64d7c-9xn2w/sleep');
	});
});

describe('command groups come when a line names them', () => {
	it('the page starts with none; a line waits, silently, for its groups and then runs as the CLI does', async () => {
		const s = coldSession('bookinfo', 'node');
		expect(GROUP_IDS.filter((id) => s.commands.loaded(id))).toEqual([]);
		const line = "iptables-save -t nat | awk '/^-A KUBE-SERVICES/' | wc -l";
		const job = s.start(line);
		expect(job.advance(0)).toEqual({ output: [], done: false, wake: expect.any(Promise) });
		await s.prepare(line);
		const ran = drain(() => job.advance(0), () => job.advance(50));
		const cli = createWorldLab({ files: scenarioFiles(), scenario: 'bookinfo', at: 'node' });
		if (!cli.ok) throw new Error(cli.error);
		const expected = cli.lab.shell.run(line);
		expect(ran).toEqual({ output: expected.stdout + expected.stderr, exitCode: expected.exitCode });
		expect(GROUP_IDS.filter((id) => s.commands.loaded(id))).toEqual(['pod-tools', 'awk']);
	});

	it('a line of core commands starts at once', () => {
		const s = coldSession('bookinfo', 'node');
		const step = s.start('hostname; id -u').advance(0);
		expect(step).toEqual({ output: [{ fd: 1, text: 'kind-worker\n' }, { fd: 1, text: '0\n' }], done: true, exitCode: 0 });
	});

	it('Ctrl-C while a group loads ends the line with 130 and nothing printed', () => {
		const s = coldSession('bookinfo', 'node');
		const job = s.start('istioctl version');
		expect(job.advance(0)).toEqual({ output: [], done: false, wake: expect.any(Promise) });
		expect(job.interrupt()).toEqual({ output: [], done: true, exitCode: 130 });
	});

	it("Tab on a command whose group has not come fetches it; the page's run buttons prefetch theirs", async () => {
		const s = coldSession('bookinfo', 'node');
		s.complete('iptables -t n', 13);
		s.prefetch(['kubectl get pods', 'ss -lntp']);
		await s.prepare('iptables kubectl ss');
		expect(GROUP_IDS.filter((id) => s.commands.loaded(id)).sort()).toEqual(['kubectl', 'pod-tools', 'sockets']);
		expect(s.complete('iptables -t n', 13).candidates).toEqual(['nat']);
	});
});

describe("Envoy's config dumps come lazily", () => {
	const dumpPod = 'default/productpage-v1-54bb874995-hhx8q';
	const dumpOf = (s: WorldLabSession) => s.lab.handle.world.pods.find((p) => p.key === dumpPod)?.sidecar?.configDump;

	it('the start payload has none; each pod has one lazy file, fetched when the learner enters the pod', async () => {
		const data = labData('bookinfo');
		expect(Object.values(data.data.files).filter((f) => f.text === undefined).length).toBe(Object.keys(data.data.lazy).length);
		expect(Object.keys(data.data.lazy).length).toBeGreaterThanOrEqual(6);
		const f = manualFetcher(lazyTexts('bookinfo'));
		const s = await session('bookinfo', 'node', f.fetcher);
		expect(f.asked).toEqual([]);
		s.run('kubectl exec -it productpage-v1-54bb874995-hhx8q -c istio-proxy -- bash');
		expect(f.asked).toEqual([data.data.lazy['envoy/productpage-v1.config_dump.json']?.url]);
		expect(dumpOf(s)).toBeUndefined();
		f.release();
		await flush();
		s.run('true');
		expect(dumpOf(s)).toBe(lazyTexts('bookinfo')[data.data.lazy['envoy/productpage-v1.config_dump.json']?.url ?? '']);
		// Reset brings back the world as built, with the dumps that arrived.
		s.reset();
		expect(dumpOf(s)).toBeDefined();
	});

	it('a line that may read a dump waits for it, silently; then runs with it', async () => {
		const f = manualFetcher(lazyTexts('bookinfo'));
		const s = await session('bookinfo', 'node', f.fetcher);
		const job = s.start('kubectl exec productpage-v1-54bb874995-hhx8q -c istio-proxy -- curl -s localhost:15000/config_dump');
		expect(job.advance(0)).toEqual({ output: [], done: false, wake: expect.any(Promise) });
		expect(job.advance(50)).toEqual({ output: [], done: false, wake: expect.any(Promise) });
		f.release();
		await flush();
		const ran = drain(() => job.advance(50), () => job.advance(50));
		const cli = createWorldLab({ files: scenarioFiles(), scenario: 'bookinfo', at: 'node' });
		if (!cli.ok) throw new Error(cli.error);
		const expected = cli.lab.shell.run('kubectl exec productpage-v1-54bb874995-hhx8q -c istio-proxy -- curl -s localhost:15000/config_dump');
		expect(ran).toEqual({ output: expected.stdout + expected.stderr, exitCode: expected.exitCode });
		expect(dumpOf(s)).toBeDefined();
	});

	it('Ctrl-C while waiting ends the line with 130 and nothing printed', async () => {
		const f = manualFetcher(lazyTexts('bookinfo'));
		const s = await session('bookinfo', 'productpage-v1/istio-proxy', f.fetcher);
		const job = s.start('curl -s localhost:15000/config_dump');
		expect(job.advance(0)).toEqual({ output: [], done: false, wake: expect.any(Promise) });
		expect(job.interrupt()).toEqual({ output: [], done: true, exitCode: 130 });
		expect(job.done).toBe(true);
	});

	it('a failed fetch is said in our words, and the line runs without the dump', async () => {
		const f = manualFetcher({});
		const s = await session('bookinfo', 'productpage-v1/istio-proxy', f.fetcher);
		f.fail();
		const job = s.start('curl -s localhost:15000/config_dump');
		await flush();
		f.fail();
		await flush();
		const first = job.advance(0);
		expect(first.output[0]).toEqual({ fd: 2, text: 'sidecar-lab: could not fetch envoy/productpage-v1.config_dump.json (Failed to fetch); the command runs without it.\n' });
		expect(dumpOf(s)).toBeUndefined();
	});

	it.each([
		['ss -ltnp', 'productpage-v1/istio-proxy', []],
		['curl -s localhost:15000/config_dump', 'productpage-v1/istio-proxy', ['default/productpage-v1-54bb874995-hhx8q']],
		['curl -s 10.244.1.7:15000/config_dump', 'node', 'by-ip'],
		['kubectl exec reviews-v2-6f85cb9b7c-kz4n9 -c istio-proxy -- curl localhost:15000/config_dump', 'node', ['default/reviews-v2-6f85cb9b7c-kz4n9']],
		['istioctl proxy-config listeners reviews-v1', 'node', ['default/reviews-v1-6584ddcf65-dq2tx']],
		['curl -s localhost:15000/config_dump', 'node', []],
	] as const)('%s at %s may need %j', (line, at, pods) => {
		const s = coldSession('bookinfo', at);
		const world = s.lab.handle.world;
		const expected = pods === 'by-ip' ? world.pods.filter((p) => p.ip === '10.244.1.7' && p.sidecar !== undefined).map((p) => p.key) : pods;
		expect(dumpsNeeded(line, world, s.lab.shell.location)).toEqual(expected);
	});
});
