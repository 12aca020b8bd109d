import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it, vi } from 'vitest';

/**
 * The page checks Envoy JSON with src/components/lab/zod-subset.ts in place of zod (astro.config.mjs
 * swaps it in for src/envoy in the client build). Both module graphs are loaded here, src/envoy on
 * zod and src/envoy on the subset, and every loader must give the same result: the same model for a
 * good dump, the same error text for a bad one.
 */
type Envoy = typeof import('../../../src/envoy');

const root = join(import.meta.dirname, '..', '..', '..');
const dumps = readdirSync(join(root, 'content', 'scenarios'))
	.flatMap((s) => {
		const dir = join(root, 'content', 'scenarios', s, 'envoy');
		try {
			return readdirSync(dir).filter((n) => n.endsWith('config_dump.json')).map((n) => join(dir, n));
		} catch {
			return [];
		}
	})
	.sort();

let real: Envoy;
let subset: Envoy;
beforeAll(async () => {
	real = await import('../../../src/envoy');
	vi.resetModules();
	vi.doMock('zod', () => import('../../../src/components/lab/zod-subset'));
	subset = await import('../../../src/envoy');
	vi.doUnmock('zod');
	vi.resetModules();
});

/** The model without its Maps (deep equality compares them too, but a diff of JSON reads better). */
const same = (text: string): void => {
	const a = real.loadConfigDump(text);
	const b = subset.loadConfigDump(text);
	expect(b).toEqual(a);
	expect(subset.loadAdminClusters(text)).toEqual(real.loadAdminClusters(text));
};

type J = null | boolean | number | string | J[] | { [k: string]: J };

/** Every path to a value inside `v` (objects and arrays included), the root aside. */
function paths(v: J, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
	if (Array.isArray(v)) v.forEach((x, i) => (out.push([...at, i]), paths(x, [...at, i], out)));
	else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) (out.push([...at, k]), paths(x, [...at, k], out));
	return out;
}

function replaced(v: J, path: readonly (string | number)[], value: J | undefined): J {
	if (path.length === 0) return value ?? null;
	const [head, ...rest] = path;
	if (Array.isArray(v)) return v.map((x, i) => (i === head ? replaced(x, rest, value) : x)).filter((x, i) => !(i === head && rest.length === 0 && value === undefined));
	if (v !== null && typeof v === 'object') {
		const out: Record<string, J> = {};
		for (const [k, x] of Object.entries(v)) {
			if (k !== head) out[k] = x;
			else if (rest.length > 0 || value !== undefined) out[k] = replaced(x, rest, value);
		}
		return out;
	}
	return v;
}

/** What a mutation puts in place of a value: every JSON type, numeric and other strings, or nothing (the key removed). */
const replacement: fc.Arbitrary<J | undefined> = fc.oneof(
	fc.constant(undefined),
	fc.constant(null),
	fc.boolean(),
	fc.integer({ min: -5, max: 70000 }),
	fc.constantFrom('', 'x', '15001', '-1', '1.5', 'TCP', 'UDP'),
	fc.constant([] as J[]),
	fc.constant([1, 'a', null] as J[]),
	fc.constant({} as J),
	fc.constant({ socketAddress: { address: 1 } } as J),
);

describe('the page checks Envoy JSON exactly as zod does', () => {
	it('finds the recorded dumps', () => {
		expect(dumps.length).toBeGreaterThanOrEqual(6);
	});

	it.each(dumps.map((d) => [d.slice(root.length + 1), d] as const))('%s loads to the same model', (_name, file) => {
		const text = readFileSync(file, 'utf8');
		expect(real.loadConfigDump(text).ok).toBe(true);
		same(text);
	});

	it('a mutated dump loads, or fails, the same way', () => {
		const base = JSON.parse(readFileSync(dumps.find((d) => d.includes('productpage')) ?? dumps[0] ?? '', 'utf8')) as J;
		const all = paths(base);
		fc.assert(
			fc.property(fc.array(fc.tuple(fc.nat(all.length - 1), replacement), { minLength: 1, maxLength: 3 }), (edits) => {
				let doc = base;
				for (const [i, value] of edits) doc = replaced(doc, all[i] ?? [], value);
				same(JSON.stringify(doc));
			}),
			{ seed: 5, numRuns: 120 },
		);
	});

	it('top-level shapes: what is not a dump fails with the same words', () => {
		for (const text of ['null', '[]', '1', '"x"', '{}', '{"configs":{}}', '{"configs":[1]}', '{"configs":[{}]}', '{"configs":[{"@type":5}]}', '{"configs":[{"@type":"type.googleapis.com/envoy.admin.v3.ListenersConfigDump","dynamicListeners":[{"activeState":{"listener":{"address":{"socketAddress":{"portValue":"x"}}}}}]}]}']) same(text);
	});

	const ADMIN = {
		cluster_statuses: [
			{ name: 'outbound|9080||reviews.default.svc.cluster.local', host_statuses: [{ address: { socket_address: { address: '10.244.0.7', port_value: 9080 } }, health_status: { eds_health_status: 'HEALTHY' } }] },
		],
		clusterStatuses: [{ name: 'x', hostStatuses: [{ address: { socketAddress: { address: '10.0.0.1', portValue: 80 } }, healthStatus: { edsHealthStatus: 'HEALTHY', failedOutlierCheck: false } }] }],
	} as J;

	it("Envoy's /clusters answer, and mutations of it, check the same (zod's own message)", () => {
		same(JSON.stringify(ADMIN));
		const all = paths(ADMIN);
		fc.assert(
			fc.property(fc.array(fc.tuple(fc.nat(all.length - 1), replacement), { minLength: 1, maxLength: 2 }), (edits) => {
				let doc = ADMIN;
				for (const [i, value] of edits) doc = replaced(doc, all[i] ?? [], value);
				same(JSON.stringify(doc));
			}),
			{ seed: 7, numRuns: 300 },
		);
		// Not vacuous: some of those fail, with zod's words.
		expect(real.loadAdminClusters('{"clusterStatuses":[{"name":3}]}')).toEqual({ ok: false, error: 'Invalid input: expected string, received number' });
		expect(subset.loadAdminClusters('{"clusterStatuses":[{"name":3}]}')).toEqual({ ok: false, error: 'Invalid input: expected string, received number' });
	});
});
