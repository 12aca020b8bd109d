// Ids of the lesson diagrams on one page. A diagram's title, description and arrow heads are
// referenced by id (aria-labelledby, marker-end="url(#…)"), and a page may show the same diagram
// twice: each instance needs ids of its own, or the second one's references land on the first.
// Astro renders every page with its own `Astro.locals` object, so the ids a page has used are
// kept per locals object, and forgotten with it.

interface PageIds {
	/** Handed out by figureId, not necessarily drawn yet. */
	readonly reserved: Set<string>;
	/** Drawn by Figure.astro. */
	readonly drawn: Set<string>;
}

const pages = new WeakMap<object, PageIds>();

function idsOf(page: object): PageIds {
	let ids = pages.get(page);
	if (ids === undefined) {
		ids = { reserved: new Set(), drawn: new Set() };
		pages.set(page, ids);
	}
	return ids;
}

/**
 * The id one diagram instance uses: `base` for the first on the page, then `base-2`, `base-3`…
 * `page` is `Astro.locals`. Call it once per instance, in the component's frontmatter, and pass
 * the result to <Figure id={…}> and to every `url(#${id}-arrow)` the diagram draws.
 */
export function figureId(page: object, base: string): string {
	const ids = idsOf(page);
	let id = base;
	for (let n = 2; ids.reserved.has(id) || ids.drawn.has(id); n++) id = `${base}-${n}`;
	ids.reserved.add(id);
	return id;
}

/**
 * Records that Figure.astro draws `id` on the page. An id drawn twice is an authoring mistake
 * (two instances of a diagram that took a fixed id instead of figureId's): the message says so,
 * and Figure.astro stops the build with it.
 */
export function drawFigure(page: object, id: string, where: string): string | undefined {
	const ids = idsOf(page);
	if (ids.drawn.has(id)) {
		return `Two diagrams on ${where} use the id "${id}", so their titles and arrow heads would collide. Give each instance its own id: const id = figureId(Astro.locals, '${id}') (src/components/diagrams/figure-id.ts).`;
	}
	ids.drawn.add(id);
	return undefined;
}
