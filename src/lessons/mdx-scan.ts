// What a lesson page contains, read from its MDX text: the labs, the exercises, the commands it
// shows and its heading ids, in document order. Tests use it to hold the two languages to the same
// lesson and to run every command a page shows (docs/lessons.md, "Rules the tests enforce").
// It reads the few shapes our pages use, not MDX in general: one JSX tag's attributes as
// "double" or 'single' quoted strings, fenced code blocks with ``` or ~~~.

export interface PageLab {
	readonly scenario: string;
	readonly at?: string;
	readonly id?: string;
}

export interface PageCommand {
	readonly cmd: string;
	/** `run` for a <Run cmd>, `block` for a line of a sh/bash code block. */
	readonly from: 'run' | 'block';
	/** 1-based line of the page where it appears. */
	readonly line: number;
	/**
	 * The index in `labs` of the lab it runs in: the one its `lab="…"` names by id, else the last
	 * `<Lab>` before it (a page with two LabLayouts has a lab for each part); -1 before any lab.
	 */
	readonly lab: number;
}

export interface PageScan {
	readonly labs: PageLab[];
	readonly exercises: { readonly id: string; readonly line: number }[];
	readonly commands: PageCommand[];
	readonly headingIds: string[];
}

const SHELL_LANGS = new Set(['sh', 'bash', 'shell']);

/** The attributes of the first tag `name` starting at `from`, e.g. `<Run cmd="…" lab="x" />`. */
function attributes(text: string): Record<string, string> {
	const out: Record<string, string> = {};
	for (const m of text.matchAll(/([A-Za-z][\w-]*)=(?:"([^"]*)"|'([^']*)')/g)) {
		const name = m[1];
		if (name !== undefined) out[name] = m[2] ?? m[3] ?? '';
	}
	return out;
}

function tags(line: string, name: string): Record<string, string>[] {
	const found: Record<string, string>[] = [];
	const re = new RegExp(`<${name}(?=[\\s/>])((?:[^>"']|"[^"]*"|'[^']*')*)>`, 'g');
	for (const m of line.matchAll(re)) found.push(attributes(m[1] ?? ''));
	return found;
}

export function scanPage(mdx: string): PageScan {
	const labs: PageLab[] = [];
	const exercises: { id: string; line: number }[] = [];
	const commands: PageCommand[] = [];
	const headingIds: string[] = [];
	const lines = mdx.split('\n');
	let fence: { marker: string; shell: boolean } | undefined;
	let pending = '';
	let inFrontmatter = lines[0] === '---';
	for (let i = inFrontmatter ? 1 : 0; i < lines.length; i++) {
		const line = lines[i] ?? '';
		const n = i + 1;
		if (inFrontmatter) {
			if (line === '---') inFrontmatter = false;
			continue;
		}
		if (fence !== undefined) {
			if (line.trim().startsWith(fence.marker)) {
				fence = undefined;
				continue;
			}
			if (!fence.shell) continue;
			const body = line.trim();
			if (body === '' || body.startsWith('#')) continue;
			if (body.endsWith('\\')) {
				pending += `${body.slice(0, -1).trimEnd()} `;
				continue;
			}
			commands.push({ cmd: `${pending}${body}`.trim(), from: 'block', line: n, lab: labs.length - 1 });
			pending = '';
			continue;
		}
		const open = /^\s*(```|~~~)\s*([\w-]*)/.exec(line);
		if (open !== null) {
			fence = { marker: open[1] ?? '```', shell: SHELL_LANGS.has(open[2] ?? '') };
			continue;
		}
		const heading = /^#{2,6}\s.*\{\/\*\s*#([\w-]+)\s*\*\/\}\s*$/.exec(line);
		if (heading?.[1] !== undefined) headingIds.push(heading[1]);
		for (const a of tags(line, 'Lab')) {
			if (a.scenario !== undefined) labs.push({ scenario: a.scenario, ...(a.at !== undefined ? { at: a.at } : {}), ...(a.id !== undefined ? { id: a.id } : {}) });
		}
		for (const a of tags(line, 'Exercise')) {
			if (a.id !== undefined) exercises.push({ id: a.id, line: n });
		}
		for (const a of tags(line, 'Run')) {
			if (a.cmd === undefined) continue;
			const named = a.lab === undefined ? -1 : labs.findIndex((l) => l.id === a.lab);
			commands.push({ cmd: a.cmd, from: 'run', line: n, lab: named >= 0 ? named : labs.length - 1 });
		}
	}
	return { labs, exercises, commands, headingIds };
}
