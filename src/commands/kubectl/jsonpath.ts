// The part of kubectl's JSONPath (-o jsonpath='…', k8s.io/client-go/util/jsonpath) lessons use:
// text with `{.field.path}` expressions, array indexes `[0]`, `[-1]` and wildcards `[*]`, quoted
// keys `['app']`, string literals `{"\n"}` and `{range .items[*]}…{end}`. Several results of one
// expression are joined by spaces; a map or list prints as JSON; a missing key prints nothing
// (kubectl's --allow-missing-template-keys, on by default).

type Step = { kind: 'key'; key: string } | { kind: 'index'; index: number } | { kind: 'all' };
type Node = { kind: 'text'; text: string } | { kind: 'path'; steps: Step[] } | { kind: 'range'; steps: Step[]; body: Node[] };

function parsePath(expr: string): Step[] | undefined {
	const steps: Step[] = [];
	let s = expr.trim();
	if (s.startsWith('$')) s = s.slice(1);
	while (s !== '') {
		let m: RegExpExecArray | null;
		if ((m = /^\.([A-Za-z0-9_-]+)/.exec(s)) !== null) steps.push({ kind: 'key', key: m[1] ?? '' });
		else if ((m = /^\[\*\]/.exec(s)) !== null || (m = /^\.\*/.exec(s)) !== null) steps.push({ kind: 'all' });
		else if ((m = /^\[(-?\d+)\]/.exec(s)) !== null) steps.push({ kind: 'index', index: Number(m[1]) });
		else if ((m = /^\[['"]([^'"]*)['"]\]/.exec(s)) !== null) steps.push({ kind: 'key', key: m[1] ?? '' });
		else if ((m = /^\.$/.exec(s)) !== null) break;
		else return undefined;
		s = s.slice(m[0].length);
	}
	return steps;
}

/** Splits the template into text and `{…}` actions; undefined when a brace is not closed. */
function parseTemplate(template: string): Node[] | undefined {
	const root: Node[] = [];
	const stack: Node[][] = [root];
	let i = 0;
	while (i < template.length) {
		const open = template.indexOf('{', i);
		const top = stack[stack.length - 1] as Node[];
		if (open < 0) {
			top.push({ kind: 'text', text: template.slice(i) });
			break;
		}
		if (open > i) top.push({ kind: 'text', text: template.slice(i, open) });
		const close = template.indexOf('}', open);
		if (close < 0) return undefined;
		const inner = template.slice(open + 1, close).trim();
		i = close + 1;
		const lit = /^"((?:[^"\\]|\\.)*)"$/.exec(inner);
		if (lit !== null) {
			top.push({ kind: 'text', text: (lit[1] ?? '').replace(/\\n/g, '\n').replace(/\\t/g, '\t').replace(/\\"/g, '"').replace(/\\\\/g, '\\') });
		} else if (inner.startsWith('range ')) {
			const steps = parsePath(inner.slice(6));
			if (steps === undefined) return undefined;
			const node: Node = { kind: 'range', steps, body: [] };
			top.push(node);
			stack.push(node.body);
		} else if (inner === 'end') {
			if (stack.length === 1) return undefined;
			stack.pop();
		} else {
			const steps = parsePath(inner);
			if (steps === undefined) return undefined;
			top.push({ kind: 'path', steps });
		}
	}
	return stack.length === 1 ? root : undefined;
}

function walk(values: readonly unknown[], steps: readonly Step[]): unknown[] {
	let cur = [...values];
	for (const step of steps) {
		const next: unknown[] = [];
		for (const v of cur) {
			if (step.kind === 'key') {
				if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.hasOwn(v, step.key)) next.push((v as Record<string, unknown>)[step.key]);
			} else if (step.kind === 'index') {
				if (Array.isArray(v)) {
					const at = step.index < 0 ? v.length + step.index : step.index;
					if (at >= 0 && at < v.length) next.push(v[at]);
				}
			} else if (Array.isArray(v)) next.push(...v);
			else if (v !== null && typeof v === 'object') next.push(...Object.values(v));
		}
		cur = next;
	}
	return cur;
}

const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : v === null ? 'null' : JSON.stringify(v));

function run(nodes: readonly Node[], data: unknown): string {
	let out = '';
	for (const n of nodes) {
		if (n.kind === 'text') out += n.text;
		else if (n.kind === 'path') out += walk([data], n.steps).map(text).join(' ');
		else for (const item of walk([data], n.steps)) out += run(n.body, item);
	}
	return out;
}

/** The template's output, or kubectl's error when it does not parse. */
export function jsonpath(template: string, data: unknown): { ok: true; text: string } | { ok: false; error: string } {
	const nodes = parseTemplate(template);
	if (nodes === undefined) return { ok: false, error: `error: error parsing jsonpath ${template}, unclosed action\n` };
	return { ok: true, text: run(nodes, data) };
}
