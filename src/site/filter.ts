/**
 * The ports page filter. A row matches when every word of the query matches it, in any order:
 * - a word of digits matches the start of the row's port number, so typing 1, 15, 150, 15006
 *   narrows the table step by step to exactly one port (rows without a port, the Unix sockets,
 *   are searched as text instead);
 * - any other word must occur in the row's text (both languages and keywords), ignoring case.
 * Pure, so it is tested without a browser and reused by the page script.
 */
export interface FilterRow {
	/** The port number, or undefined for rows that are not ports (sockets, addresses). */
	port?: string | undefined;
	/** Lower-case text the row is searched by. */
	text: string;
}

export function queryTerms(query: string): string[] {
	return query.toLowerCase().split(/\s+/).filter((term) => term.length > 0);
}

export function rowMatches(row: FilterRow, terms: readonly string[]): boolean {
	return terms.every((term) =>
		/^\d+$/.test(term) && row.port !== undefined && /^\d+$/.test(row.port)
			? row.port.startsWith(term)
			: row.text.includes(term),
	);
}

/** Text a row is searched by: everything it shows in both languages plus its keywords. */
export function searchText(parts: ReadonlyArray<string | undefined>): string {
	return parts.filter((part): part is string => Boolean(part)).join(' ').toLowerCase();
}
