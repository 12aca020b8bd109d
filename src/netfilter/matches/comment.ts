// -m comment: a note stored in the rule (up to 255 bytes, XT_MAX_COMMENT_LEN 256 with the NUL).

import { ok } from '../errors';
import { MATCHED } from '../engine/types';
import { quoteIfNeeded, type MatchExtension } from '../extension';

export interface CommentData {
	readonly text: string;
}

export const comment: MatchExtension<CommentData> = {
	kind: 'match',
	name: 'comment',
	options: [{ name: 'comment', args: 1, required: true }],
	init: () => ({ text: '' }),
	// The kernel keeps 255 bytes and a NUL; iptables cuts longer comments without a word.
	parse: (_d, _o, args) => ok({ text: (args[0] ?? '').slice(0, 255) }),
	matches: () => MATCHED,
	save: (d) => `--comment ${quoteIfNeeded(d.text)}`,
	list: (d) => `/* ${d.text} */`,
};
