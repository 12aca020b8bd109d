import { describe, expect, it } from 'vitest';
import { drawFigure, figureId } from '../../../src/components/diagrams/figure-id';

// The ids lesson diagrams take on one page (src/components/diagrams/figure-id.ts): each instance
// of a diagram gets its own, and a page (an Astro.locals object) never sees another page's ids.

type Step = { take: string } | { draw: string };

/** Runs the steps on one fresh page: figureId for `take`, Figure's check for `draw`. */
function onOnePage(steps: readonly Step[]): (string | undefined)[] {
	const page = {};
	return steps.map((step) => ('take' in step ? figureId(page, step.take) : drawFigure(page, step.draw, '/en/lessons/x/')));
}

describe('figureId and drawFigure', () => {
	it.each<{ name: string; steps: readonly Step[]; expected: (string | undefined)[] }>([
		{ name: 'one diagram keeps its base id', steps: [{ take: 'chain-flow' }, { draw: 'chain-flow' }], expected: ['chain-flow', undefined] },
		{
			name: 'the same diagram three times: -2 and -3 after the first',
			steps: [{ take: 'chain-flow' }, { draw: 'chain-flow' }, { take: 'chain-flow' }, { draw: 'chain-flow-2' }, { take: 'chain-flow' }, { draw: 'chain-flow-3' }],
			expected: ['chain-flow', undefined, 'chain-flow-2', undefined, 'chain-flow-3', undefined],
		},
		{
			name: 'ids taken before either is drawn (siblings rendered side by side) still differ',
			steps: [{ take: 'ports-map' }, { take: 'ports-map' }, { draw: 'ports-map-2' }, { draw: 'ports-map' }],
			expected: ['ports-map', 'ports-map-2', undefined, undefined],
		},
		{
			name: 'two different diagrams each keep their base id',
			steps: [{ take: 'ports-map' }, { take: 'chain-flow' }, { draw: 'ports-map' }, { draw: 'chain-flow' }],
			expected: ['ports-map', 'chain-flow', undefined, undefined],
		},
		{
			name: 'an id a diagram drew without figureId is not handed out again',
			steps: [{ draw: 'init-vs-cni' }, { take: 'init-vs-cni' }, { draw: 'init-vs-cni-2' }],
			expected: [undefined, 'init-vs-cni-2', undefined],
		},
		{
			name: 'a fixed id drawn twice is refused with the fix',
			steps: [{ draw: 'init-vs-cni' }, { draw: 'init-vs-cni' }],
			expected: [
				undefined,
				`Two diagrams on /en/lessons/x/ use the id "init-vs-cni", so their titles and arrow heads would collide. Give each instance its own id: const id = figureId(Astro.locals, 'init-vs-cni') (src/components/diagrams/figure-id.ts).`,
			],
		},
	])('$name', ({ steps, expected }) => {
		expect(onOnePage(steps)).toEqual(expected);
	});

	it('another page starts again from the base id', () => {
		const first = {};
		const second = {};
		expect([figureId(first, 'chain-flow'), figureId(first, 'chain-flow'), figureId(second, 'chain-flow')]).toEqual(['chain-flow', 'chain-flow-2', 'chain-flow']);
		expect([drawFigure(first, 'chain-flow', '/a/'), drawFigure(second, 'chain-flow', '/b/')]).toEqual([undefined, undefined]);
	});
});
