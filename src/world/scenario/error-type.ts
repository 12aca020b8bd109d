// What an authoring mistake is, and how it prints (./errors.ts makes them). Apart from the YAML
// helpers so that code which only prints errors (the page's world lab) does not load the parser.

export interface ScenarioError {
	/** Path from the repository root: `content/scenarios/bookinfo/scenario.yaml`. */
	readonly file: string;
	/** YAML path of the offending value, `` for the whole document. */
	readonly field: string;
	readonly line?: number;
	readonly column?: number;
	readonly message: string;
	readonly fix: string;
}

export type LoadResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: readonly ScenarioError[] };

/** `content/scenarios/x/scenario.yaml:12:5: pods[2].manifest: <message>\n  fix: <fix>`. */
export function formatScenarioError(e: ScenarioError): string {
	const where = e.line === undefined ? e.file : `${e.file}:${e.line}:${e.column ?? 1}`;
	return `${where}: ${e.field === '' ? '' : `${e.field}: `}${e.message}\n  fix: ${e.fix}`;
}
