// The page builds its worlds from a replay of the build's programming (src/world/build/program.ts):
// the rules istio-iptables and iptables-restore left, shipped as JSON in the lab's data. A replayed
// world must be the world Node builds by running the tools, to the last counter and log line.

import { describe, expect, it } from 'vitest';
import { buildAndRecord, buildWorld, buildWorldWith } from '../../../src/world/build';
import { replayPrograms, type RecordedPrograms } from '../../../src/world/build/program';
import { decodePrograms, encodePrograms } from '../../../src/world/build/program-json';
import { formatScenarioError } from '../../../src/world';
import type { Scenario } from '../../../src/world/scenario/types';
import { mustLoad, RECORDED_AT, scenarioFiles } from './helpers';

const SCENARIOS = ['bookinfo', 'bookinfo-cni', 'bookinfo-tproxy', 'bookinfo-registry-only', 'bookinfo-localhost'];

/** The recording as the page gets it: encoded, through JSON text, decoded. */
function shipped(recorded: RecordedPrograms): RecordedPrograms {
	const decoded = decodePrograms(JSON.parse(JSON.stringify(encodePrograms(recorded))));
	if (!decoded.ok) throw new Error(decoded.error);
	return decoded.value;
}

function record(scenario: Scenario): RecordedPrograms {
	const { built, recorded } = buildAndRecord(scenario, { seed: 1 });
	if (!built.ok) throw new Error(built.errors.map(formatScenarioError).join('\n'));
	return recorded;
}

describe('a world built from the shipped recording is the world the tools build', () => {
	it.each(SCENARIOS.flatMap((id) => [1, 42].map((seed) => [id, seed] as const)))('%s, seed %d', (id, seed) => {
		const scenario = mustLoad(id);
		const recorded = shipped(record(scenario));
		const opts = { seed, now: RECORDED_AT + 60_000 };
		expect(buildWorldWith(scenario, opts, replayPrograms(recorded))).toStrictEqual(buildWorld(scenario, opts));
	});

	it('records every pod and node, and pods programmed alike share one rule set', () => {
		const scenario = mustLoad('bookinfo');
		const encoded = encodePrograms(record(scenario));
		expect(Object.keys(encoded.pods).sort()).toEqual(scenario.pods.map((p) => `${p.manifest.metadata.namespace}/${p.manifest.metadata.name}`).sort());
		expect(Object.keys(encoded.nodes)).toEqual(scenario.doc.nodes.map((n) => n.name).sort());
		const sidecars = Object.values(encoded.pods).filter((p) => p.by !== 'none');
		// Bookinfo's six sidecars run the same istio-init arguments: one rule set between them.
		expect(new Set(sidecars.map((p) => p.state)).size).toBe(1);
		expect(encoded.states.length).toBe(3); // that one, the empty state of pods without a sidecar, the node's
	});

	it('counters survive as bigints', () => {
		const recorded = shipped(record(mustLoad('bookinfo')));
		const node = [...recorded.nodes.values()][0];
		if (node === undefined || !('state' in node)) throw new Error('no node state');
		const counters = node.state.nft.ipv4.tables.flatMap((t) => t.chains.map((c) => c.counters.packets));
		expect(counters.length).toBeGreaterThan(0);
		for (const c of counters) expect(typeof c).toBe('bigint');
	});

	it("a node whose iptables-save the model refuses keeps the tools' warning in the replay", () => {
		const files = { ...scenarioFiles() };
		const scenario0 = mustLoad('bookinfo', files);
		const path = scenario0.doc.nodes[0]?.iptablesSave;
		if (path === undefined) throw new Error('bookinfo has no node iptables-save');
		const key = Object.keys(files).find((k) => k.endsWith(`/${path}`) && k.startsWith('bookinfo/'));
		if (key === undefined) throw new Error(`no file ${path}`);
		files[key] = `${files[key]}*filter\n-A INPUT -m nosuchmatch --x 1 -j ACCEPT\nCOMMIT\n`;
		const scenario = mustLoad('bookinfo', files);
		const opts = { seed: 1 };
		const real = buildWorld(scenario, opts);
		if (!real.ok) throw new Error('the world should still build');
		expect(real.value.warnings.some((w) => w.includes('not loaded into the netfilter model'))).toBe(true);
		expect(buildWorldWith(scenario, opts, replayPrograms(shipped(record(scenario))))).toStrictEqual(real);
	});
});

describe('a recording that does not fit is an error, not an exception', () => {
	it.each([
		['not an object', null, "the lab's data has no recorded rules"],
		['no states', { pods: {}, nodes: {} }, "the lab's data has no recorded rules"],
		['a pod that is not an object', { states: [], pods: { 'default/a': 3 }, nodes: {} }, "the lab's data has a malformed program for pod default/a"],
		['a rule set it lacks', { states: [], pods: { 'default/a': { state: 0 } }, nodes: {} }, "the lab's data names rule set 0 for pod default/a, which it lacks"],
		['a node that is not an object', { states: [], pods: {}, nodes: { n: 'x' } }, "the lab's data has malformed rules for node n"],
		['a node rule set it lacks', { states: [], pods: {}, nodes: { n: { state: 'one' } } }, "the lab's data names rule set one for node n, which it lacks"],
	])('%s', (_name, data, error) => {
		expect(decodePrograms(data)).toEqual({ ok: false, error });
	});

	it('a pod the recording lacks fails the build naming the pod', () => {
		const scenario = mustLoad('bookinfo');
		const recorded = record(scenario);
		const pods = new Map(recorded.pods);
		const [gone] = [...pods.keys()].filter((k) => recorded.pods.get(k)?.by !== 'none');
		if (gone === undefined) throw new Error('no sidecar pod');
		pods.delete(gone);
		const r = buildWorldWith(scenario, { seed: 1 }, replayPrograms({ pods, nodes: recorded.nodes }));
		expect(r.ok).toBe(false);
		if (r.ok) return;
		expect(r.errors.map((e) => e.message)).toEqual([`programming the pod's rules failed: the lab's data has no rules recorded for pod ${gone}`]);
	});

	it('a node the recording lacks builds with a warning naming it', () => {
		const scenario = mustLoad('bookinfo');
		const recorded = record(scenario);
		const r = buildWorldWith(scenario, { seed: 1 }, replayPrograms({ pods: recorded.pods, nodes: new Map() }));
		if (!r.ok) throw new Error(r.errors.map(formatScenarioError).join('\n'));
		const node = scenario.doc.nodes[0]?.name ?? '';
		expect(r.value.warnings.filter((w) => w.includes('not loaded'))).toEqual([expect.stringContaining(`(the lab's data has no rules recorded for node ${node})`)]);
	});
});
