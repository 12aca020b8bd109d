/**
 * Markdown plugin (Sätteri mdast visitor): a heading ending in an id marker gets that exact id,
 * and the marker is removed from its text. In MDX the marker is a comment expression,
 * `## Heading text {/* #stable-id *\/}` (a bare `{#id}` would be parsed as JavaScript); in plain
 * Markdown it is `## Heading text {#stable-id}`. English and Chinese pages use the same ids, so
 * `/zh/…#rule-1` works wherever `/en/…#rule-1` does, and a support link survives rewording a
 * heading. Astro's heading-id pass keeps an id that is already set, and so does the table of
 * contents.
 */
import type { Heading } from 'mdast';

export interface MdNode {
	type: string;
	value?: string;
	children?: MdNode[];
	data?: { hProperties?: Record<string, unknown> };
}

const MARKER = /\s*\{#([A-Za-z][\w-]*)\}\s*$/;
const COMMENT_MARKER = /^\s*\/\*\s*#([A-Za-z][\w-]*)\s*\*\/\s*$/;

/** Splits `Text {#id}` into its text and id; undefined when there is no marker. */
export function extractHeadingId(text: string): { text: string; id: string } | undefined {
	const match = MARKER.exec(text);
	if (!match || match[1] === undefined) return undefined;
	return { text: text.slice(0, match.index), id: match[1] };
}

/** The heading with its marker removed and its id set, or undefined to leave it alone. */
export function withStableId(heading: MdNode): MdNode | undefined {
	const children = heading.children ?? [];
	const last = children.at(-1);
	if (last?.value === undefined) return undefined;
	let id: string | undefined;
	let rest: MdNode[];
	if (last.type === 'mdxTextExpression') {
		id = COMMENT_MARKER.exec(last.value)?.[1];
		rest = trimTrailingSpace(children.slice(0, -1));
	} else if (last.type === 'text') {
		const found = extractHeadingId(last.value);
		id = found?.id;
		rest = [...children.slice(0, -1), { ...last, value: found?.text ?? last.value }];
	} else {
		return undefined;
	}
	if (id === undefined) return undefined;
	return {
		...heading,
		children: rest,
		data: { ...heading.data, hProperties: { ...heading.data?.hProperties, id } },
	};
}

/** `Text {/* #id *\/}` leaves `Text ` behind; drop that trailing space. */
function trimTrailingSpace(children: MdNode[]): MdNode[] {
	const last = children.at(-1);
	if (last?.type !== 'text' || last.value === undefined) return children;
	return [...children.slice(0, -1), { ...last, value: last.value.trimEnd() }];
}

export const stableHeadingIds = {
	name: 'sidecar-lab-stable-heading-ids',
	// Sätteri passes mdast's Heading; this plugin only reads `type`, `value` and `children`, and
	// returns the same shape, so the structural MdNode view is enough.
	heading: (node: Readonly<Heading>): Heading | undefined =>
		withStableId(node as unknown as MdNode) as unknown as Heading | undefined,
};
