// `?run=<command>` (repeatable): commands a support engineer or a lesson links to, run on load
// and typed visibly. A URL is text from anyone: each value is only ever a line of characters for
// the editor (controls removed, never HTML, never escape sequences), and there are bounds on how
// many and how long, reported to the learner in the page's language.

import { sanitize } from './width';

export const MAX_LINK_COMMANDS = 20;
export const MAX_LINK_LENGTH = 1000;

export interface LinkCommands {
	readonly commands: readonly string[];
	/** How many were left out (beyond MAX_LINK_COMMANDS, or longer than MAX_LINK_LENGTH). */
	readonly dropped: number;
}

/** Reads the `run` parameters of a query string (`location.search`, with or without its `?`). */
export function commandsFromSearch(search: string, param = 'run'): LinkCommands {
	let values: string[];
	try {
		values = new URLSearchParams(search).getAll(param);
	} catch {
		return { commands: [], dropped: 0 };
	}
	const lines = values
		.flatMap((v) => v.split(/\r\n|\r|\n/))
		.map((l) => sanitize(l).trim())
		.filter((l) => l !== '');
	const fitting = lines.filter((l) => l.length <= MAX_LINK_LENGTH);
	const commands = fitting.slice(0, MAX_LINK_COMMANDS);
	return { commands, dropped: lines.length - commands.length };
}

/** A link that runs `commands` on `base` (a page URL), for "copy a link to this" buttons. */
export function linkWithCommands(base: string, commands: readonly string[], param = 'run'): string {
	const url = new URL(base);
	url.searchParams.delete(param);
	for (const c of commands) url.searchParams.append(param, c);
	return url.toString();
}
