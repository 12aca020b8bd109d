/**
 * Markdown plugin (Sätteri mdast visitor): a line break inside a paragraph becomes a space in
 * HTML, which is right for English and wrong for Chinese, where browsers then show a gap in the
 * middle of a sentence ("每一点， 都能"). Authors hard-wrap Chinese prose like any other, so this
 * removes a line break (and the indentation around it) when the character on either side is a
 * CJK character or full-width punctuation.
 */
import type { Text } from 'mdast';

const HAN = /\p{Script=Han}/u;
// Full-width punctuation and CJK quotes: no space on either side, ever.
const CJK_PUNCTUATION = /[\u3000-\u303f\uff00-\uffef\u2018-\u201d]/u;
const LINE_BREAK = /(\S)[ \t]*\n[ \t]*(?=(\S))/gu;

/**
 * Han next to Han, or full-width punctuation on either side: the break disappears. Han next to
 * Latin letters or digits: the break becomes one space, as Chinese technical writing spaces
 * "由 Envoy 决定". Breaks between two non-CJK characters are left alone.
 */
export function joinCjkLines(text: string): string {
	return text.replace(LINE_BREAK, (whole, before: string, after: string) => {
		if (CJK_PUNCTUATION.test(before) || CJK_PUNCTUATION.test(after)) return before;
		const hanBefore = HAN.test(before);
		const hanAfter = HAN.test(after);
		if (hanBefore && hanAfter) return before;
		if (hanBefore || hanAfter) return `${before} `;
		return whole;
	});
}

export const cjkLineBreaks = {
	name: 'sidecar-lab-cjk-line-breaks',
	text: (node: Readonly<Text>): Text | undefined => {
		const value = joinCjkLines(node.value);
		return value === node.value ? undefined : { ...node, value };
	},
};
