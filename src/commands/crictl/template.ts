// The part of Go's text/template that `crictl inspect --output go-template --template '…'` and
// `docker inspect --format '…'` are used with: text around `{{.Field.Path}}` actions, and
// `{{json .X}}`. Values come from JSON, so numbers are float64 and print as Go's %v does.

function goValue(v: unknown): string {
	if (v === undefined) return '<no value>';
	if (v === null) return '<nil>';
	if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) < 1e21 ? String(v) : String(v).replace('e+', 'e+');
	if (typeof v === 'string') return v;
	if (typeof v === 'boolean') return String(v);
	if (Array.isArray(v)) return `[${v.map(goValue).join(' ')}]`;
	const o = v as Record<string, unknown>;
	return `map[${Object.keys(o).sort().map((k) => `${k}:${goValue(o[k])}`).join(' ')}]`;
}

function lookup(data: unknown, path: string): unknown {
	if (path === '.') return data;
	let cur: unknown = data;
	for (const key of path.split('.').slice(1)) {
		if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
		cur = (cur as Record<string, unknown>)[key];
	}
	return cur;
}

/** Executes the template on `data`; an action it does not understand is Go's parse error. */
export function goTemplate(template: string, data: unknown, name = 'template'): { ok: true; text: string } | { ok: false; error: string } {
	let out = '';
	let i = 0;
	while (i < template.length) {
		const open = template.indexOf('{{', i);
		if (open < 0) {
			out += template.slice(i);
			break;
		}
		out += template.slice(i, open);
		const close = template.indexOf('}}', open);
		if (close < 0) return { ok: false, error: `template: ${name}:1: unclosed action` };
		const action = template.slice(open + 2, close).trim();
		i = close + 2;
		const json = /^json\s+(\.[\w.]*)$/.exec(action);
		if (json !== null) {
			out += JSON.stringify(lookup(data, json[1] ?? '.') ?? null);
			continue;
		}
		if (!/^\.[\w.]*$/.test(action)) return { ok: false, error: `template: ${name}:1: function "${action.split(/\s/)[0] ?? ''}" not defined` };
		out += goValue(lookup(data, action));
	}
	return { ok: true, text: out };
}
