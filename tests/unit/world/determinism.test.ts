// Same seed, same world; another seed, other numbers but the same world.

import { describe, expect, it } from 'vitest';
import type { World } from '../../../src/world';
import { buildWorld } from '../../../src/world/build';
import { mustLoad, RECORDED_AT } from './helpers';

const scenario = mustLoad('bookinfo');
const build = (seed: number, now = RECORDED_AT): World => {
	const r = buildWorld(scenario, { seed, now });
	if (!r.ok) throw new Error('bookinfo must build');
	return r.value;
};

/** The numbers the seed decides: ephemeral ports, inodes, fds, PIDs, veth names. */
function seeded(w: World): { ports: number[]; inodes: number[]; pids: number[]; veths: string[] } {
	const sockets = Object.values(w.netns).flatMap((n) => n.sockets);
	return {
		ports: sockets.flatMap((s) => (s.kind === 'inet' && s.local.port >= 32768 ? [s.local.port] : [])),
		inodes: sockets.map((s) => s.inode),
		pids: w.processes.map((p) => p.pid),
		veths: w.pods.flatMap((p) => (p.hostVeth ? [p.hostVeth] : [])),
	};
}

/** What the seed must not change. */
function shape(w: World): unknown {
	return {
		pods: w.pods.map((p) => [p.key, p.ip, p.containers.map((c) => c.name)]),
		// Sandbox ids are seeded too; they appear in the shims' command lines.
		processes: w.processes.map((p) => [p.comm, p.uid, p.container?.container ?? '', p.argv.join(' ').replace(/[0-9a-f]{64}/, '<sandbox>')]),
		listeners: Object.values(w.netns).map((n) => n.sockets.flatMap((s) => (s.kind === 'inet' && s.state === 'LISTEN' ? [`${s.local.address}:${s.local.port}`] : []))),
		services: w.services,
	};
}

describe('determinism', () => {
	it('two builds with the same seed are deep-equal', () => {
		expect(build(7)).toEqual(build(7));
	});

	it('another seed changes ports, inodes, PIDs and veth names, not the world', () => {
		const a = build(1);
		const b = build(2);
		const sa = seeded(a);
		const sb = seeded(b);
		expect(sa.ports).not.toEqual(sb.ports);
		expect(sa.inodes).not.toEqual(sb.inodes);
		expect(sa.pids).not.toEqual(sb.pids);
		expect(sa.veths).not.toEqual(sb.veths);
		expect(shape(a)).toEqual(shape(b));
	});

	it('ephemeral ports stay in the kernel range and never repeat in a namespace', () => {
		for (const ns of Object.values(build(3).netns)) {
			const ports = ns.sockets.flatMap((s) => (s.kind === 'inet' && s.state === 'ESTABLISHED' && s.local.port >= 32768 ? [`${s.local.address}:${s.local.port}`] : []));
			expect(new Set(ports).size).toBe(ports.length);
			for (const p of ports) expect(Number(p.split(':').at(-1))).toBeLessThanOrEqual(60999);
		}
	});

	it('takes its clock from `now`: conntrack timers run from it', () => {
		const w = build(1, RECORDED_AT + 60_000);
		expect(w.builtAt).toBe(RECORDED_AT + 60_000);
		const entry = Object.values(w.netns).flatMap((n) => n.conntrack.entries)[0];
		// The last packet was a few seconds before `now`; the ESTABLISHED timeout is five days.
		expect(((entry?.expires ?? 0) - w.builtAt) / 1000).toBeGreaterThan(431_900);
	});

	it('does not change the scenario it was built from', () => {
		const before = JSON.stringify(scenario);
		build(5);
		expect(JSON.stringify(scenario)).toBe(before);
	});
});
