// loadScenario(files, id): the scenario folder's text -> a validated Scenario, or every authoring
// mistake found. Pure: it takes the file contents (keyed by their path under content/scenarios/),
// so the same code runs at build time in Node, in the browser and in tests.

import type { z } from 'zod';
import { fromIssue, positionOf, type LoadResult, type PathKey, type ScenarioError } from './errors';
import { mergeVariant, originOf, whole, type Merged } from './merge';
import { checkReferences } from './references';
import { scenarioSchema, variantSchema, type ScenarioDoc } from './schema';
import { repoPath, SCENARIO_ROOT, type Scenario } from './types';
import { parseYaml } from './yaml';

/** A variant may extend a variant, up to this depth (a guard against long chains). */
const MAX_CHAIN = 4;

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Reads one folder's scenario.yaml and, through `extends`, its bases. */
function readChain(files: Readonly<Record<string, string>>, id: string, seen: readonly string[]): LoadResult<{ merged: Merged; chain: string[]; own: Map<string, Obj> }> {
	const file = repoPath(id, 'scenario.yaml');
	const text = files[`${id}/scenario.yaml`];
	if (text === undefined) {
		const from = seen.at(-1);
		return {
			ok: false,
			errors: [
				from === undefined
					? { file, field: '', message: 'scenario.yaml not found', fix: `create ${file} (docs/scenarios.md, "Adding a scenario")` }
					: { file: repoPath(from, 'scenario.yaml'), field: 'extends', message: `extends "${id}", which has no scenario.yaml`, fix: `name an existing folder under ${SCENARIO_ROOT}/` },
			],
		};
	}
	const parsed = parseYaml(file, text);
	if (!parsed.ok) return parsed;
	const { src, value } = parsed.value;
	if (!isObj(value)) return { ok: false, errors: [{ file, field: '', line: 1, column: 1, message: 'the document is not a mapping', fix: 'start the file with `schema: 1` and the other top-level fields' }] };
	const own = new Map<string, Obj>([[id, value]]);
	const selfId = value.id;
	if (typeof selfId === 'string' && selfId !== id) {
		return { ok: false, errors: [{ file, field: 'id', ...(positionOf(src, ['id']) ?? {}), message: `id "${selfId}" differs from the folder name "${id}"`, fix: `write \`id: ${id}\`, or rename the folder` }] };
	}
	if (value.extends === undefined) return { ok: true, value: { merged: whole(src, value), chain: [id], own } };

	const variant = variantSchema.safeParse(value);
	if (!variant.success) return { ok: false, errors: variant.error.issues.flatMap((i) => fromIssue(src, value, i)) };
	const base = variant.data.extends;
	if (seen.includes(base) || base === id) {
		return { ok: false, errors: [{ file, field: 'extends', ...(positionOf(src, ['extends']) ?? {}), message: `extends "${base}", which extends this scenario again`, fix: 'break the cycle: a base scenario never extends its variants' }] };
	}
	if (seen.length + 1 >= MAX_CHAIN) {
		return { ok: false, errors: [{ file, field: 'extends', ...(positionOf(src, ['extends']) ?? {}), message: `more than ${MAX_CHAIN} scenarios in the extends chain`, fix: 'extend the base scenario directly' }] };
	}
	const parent = readChain(files, base, [...seen, id]);
	if (!parent.ok) return parent;
	for (const [k, v] of parent.value.own) own.set(k, v);
	return { ok: true, value: { merged: mergeVariant(parent.value.merged, src, value), chain: [id, ...parent.value.chain], own } };
}

/** Validates a merged document, pointing each issue at the file the value came from. */
function validate(merged: Merged): LoadResult<ScenarioDoc> {
	const r = scenarioSchema.safeParse(merged.value);
	if (r.success) return { ok: true, value: r.data };
	const errors: ScenarioError[] = [];
	for (const issue of r.error.issues) {
		const o = originOf(merged, issue.path as PathKey[]);
		const local = { ...issue, path: o.path } as z.core.$ZodIssue;
		// The value is looked up in the document it came from.
		errors.push(...fromIssue(o.src, o.src.doc.toJS() as unknown, local));
	}
	return { ok: false, errors };
}

/**
 * Loads scenario `id` from `files`, whose keys are paths under content/scenarios/
 * (`bookinfo/scenario.yaml`, `bookinfo/pods/productpage-v1.yaml`). A variant needs the files of
 * the scenarios it extends in the same record.
 */
export function loadScenario(files: Readonly<Record<string, string>>, id: string): LoadResult<Scenario> {
	const read = readChain(files, id, []);
	if (!read.ok) return read;
	const doc = validate(read.value.merged);
	if (!doc.ok) return doc;
	return checkReferences(files, id, read.value.chain, doc.value, read.value.own, read.value.merged);
}

