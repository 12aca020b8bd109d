import { describe, expect, it } from 'vitest';
import { extractHeadingId, withStableId, type MdNode } from '../../../src/markdown/heading-ids';

const heading = (...children: MdNode[]): MdNode => ({ type: 'heading', children });
const text = (value: string): MdNode => ({ type: 'text', value });

describe('stable heading ids', () => {
	it('reads a {#id} marker in Markdown', () => {
		expect(extractHeadingId('Rule 1 {#rule-1}')).toEqual({ text: 'Rule 1', id: 'rule-1' });
		expect(extractHeadingId('No marker')).toBeUndefined();
		expect(extractHeadingId('Bad {#1st}')).toBeUndefined();
	});

	it('reads the MDX comment form and drops the space before it', () => {
		const result = withStableId(heading(text('规则 1 '), { type: 'mdxTextExpression', value: '/* #rule-1 */' }));
		expect(result?.children).toEqual([text('规则 1')]);
		expect(result?.data?.hProperties).toEqual({ id: 'rule-1' });
	});

	it('keeps inline code and other children before the marker', () => {
		const code: MdNode = { type: 'inlineCode', value: 'ISTIO_OUTPUT' };
		const result = withStableId(heading(code, text(' rules {#istio-output}')));
		expect(result?.children).toEqual([code, text(' rules')]);
		expect(result?.data?.hProperties?.id).toBe('istio-output');
	});

	it('leaves headings without a marker, and other comments, alone', () => {
		expect(withStableId(heading(text('Plain')))).toBeUndefined();
		expect(withStableId(heading(text('A '), { type: 'mdxTextExpression', value: '/* note */' }))).toBeUndefined();
		expect(withStableId(heading())).toBeUndefined();
	});
});
