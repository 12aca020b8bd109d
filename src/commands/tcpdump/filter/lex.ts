// Tokens of the pcap filter language (libpcap 1.10's scanner, pcap-filter(7)): keywords, names
// and numbers, dotted addresses, and the punctuation of arithmetic and logic. A name may contain
// '-' and '.', which is how `portrange 20000-65535` and `reviews.default.svc` are one token each
// (the scanner takes the longest match); a keyword such as `tcp-syn` wins over a name of the same
// text; `\tcp` is the name "tcp", not the keyword.

export type Token =
	| { readonly kind: 'word'; readonly text: string; readonly escaped: boolean }
	| { readonly kind: 'punct'; readonly text: string }
	| { readonly kind: 'end' };

const PUNCT = ['&&', '||', '<<', '>>', '<=', '>=', '==', '!=', '(', ')', '[', ']', ':', '!', '&', '|', '+', '-', '*', '/', '%', '^', '<', '>', '='];

const WORD_START = /[A-Za-z0-9_]/;
const WORD_CHAR = /[A-Za-z0-9_.\-]/;

/** Splits an expression into tokens; undefined for a character the scanner does not know. */
export function lex(src: string): Token[] | undefined {
	const out: Token[] = [];
	let depth = 0;
	let i = 0;
	while (i < src.length) {
		const c = src[i] ?? '';
		if (/\s/.test(c)) {
			i++;
			continue;
		}
		const escaped = c === '\\';
		const start = escaped ? i + 1 : i;
		if (WORD_START.test(src[start] ?? '') || (depth === 0 && src[start] === ':' && src[start + 1] === ':')) {
			let j = start;
			// Outside brackets a colon belongs to the word: IPv6 (`::1`) and MAC addresses.
			while (j < src.length && (WORD_CHAR.test(src[j] ?? '') || (depth === 0 && src[j] === ':'))) j++;
			// A trailing '-' or '.' is not part of a name (the scanner's pattern ends on [.A-Za-z0-9]).
			while (j > start + 1 && /[-]/.test(src[j - 1] ?? '')) j--;
			out.push({ kind: 'word', text: src.slice(start, j), escaped });
			i = j;
			continue;
		}
		if (escaped) return undefined;
		const p = PUNCT.find((x) => src.startsWith(x, i));
		if (p === undefined) return undefined;
		if (p === '[') depth++;
		if (p === ']') depth = Math.max(0, depth - 1);
		out.push({ kind: 'punct', text: p });
		i += p.length;
	}
	out.push({ kind: 'end' });
	return out;
}
