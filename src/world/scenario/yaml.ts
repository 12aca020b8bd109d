// YAML parsing with positions: syntax errors and schema errors point at a line.

import { LineCounter, parseDocument } from 'yaml';
import { fromIssue, type LoadResult, type SourceDoc } from './errors';
import { podManifest, type PodManifest } from './manifest';

function position(lines: LineCounter, offset: number): { line: number; column: number } {
	const p = lines.linePos(offset);
	return { line: p.line, column: p.col };
}

/** Parses YAML text; syntax errors become ScenarioErrors at their line. */
export function parseYaml(file: string, text: string): LoadResult<{ src: SourceDoc; value: unknown }> {
	const lines = new LineCounter();
	const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
	if (doc.errors.length > 0) {
		return {
			ok: false,
			errors: doc.errors.map((e) => ({
				file,
				field: '',
				...position(lines, e.pos[0]),
				message: `YAML syntax error: ${e.message.split('\n')[0] ?? e.code}`,
				fix: e.code === 'DUPLICATE_KEY' ? 'remove one of the two entries with this key' : 'correct the YAML at this line (indentation, quotes, a missing colon)',
			})),
		};
	}
	return { ok: true, value: { src: { file, doc, lines }, value: doc.toJS() as unknown } };
}

/** Parses and checks one pod manifest (kubectl get pod -o yaml). */
export function loadManifest(file: string, text: string): LoadResult<PodManifest> {
	const parsed = parseYaml(file, text);
	if (!parsed.ok) return parsed;
	const r = podManifest.safeParse(parsed.value.value);
	if (r.success) return { ok: true, value: r.data };
	return { ok: false, errors: r.error.issues.flatMap((i) => fromIssue(parsed.value.src, parsed.value.value, i)) };
}

