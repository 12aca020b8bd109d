// Small pure helpers for exercise checks. A check reads what the learner did (the lines, their
// outputs and exit codes) and what they typed; these helpers make the common questions one call.

import type { Attempt, Ran } from './types';

const FULL_WIDTH = /[\uff01-\uff5e]/g;

/**
 * An answer as typed, made comparable: full-width characters from a Chinese input method become
 * ASCII (１５０００ → 15000), surrounding spaces, quotes and backticks go, a final full stop
 * goes, letters are lower-cased.
 */
export function normalize(answer: string): string {
	return answer
		.replace(FULL_WIDTH, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
		.replace(/\u3000/g, ' ')
		.trim()
		.replace(/[.。]$/, '')
		.replace(/^["'`“‘](.*)["'`”’]$/, '$1')
		.trim()
		.toLowerCase();
}

/** Whether the answer equals one of `accepted` once both are normalized. */
export function answerIs(attempt: Attempt, ...accepted: readonly (string | number)[]): boolean {
	if (attempt.answer === undefined) return false;
	const got = normalize(attempt.answer);
	return accepted.some((a) => normalize(String(a)) === got);
}

/** The answer as a whole number, or undefined when it is not one. */
export function answerNumber(attempt: Attempt): number | undefined {
	if (attempt.answer === undefined) return undefined;
	const s = normalize(attempt.answer);
	return /^\d+$/.test(s) ? Number(s) : undefined;
}

/** The words of a command line before any pipe, e.g. `iptables -t nat -S | head` → ['iptables', '-t', 'nat', '-S']. */
export function words(line: string): string[] {
	const first = line.split('|')[0] ?? '';
	return first.trim().split(/\s+/).filter((w) => w !== '');
}

/** The lines that ran successfully (exit status 0). */
export function succeeded(attempt: Attempt): Ran[] {
	return attempt.ran.filter((r) => r.exitCode === 0);
}

/** Whether a successful line printed `text` (a string to find, or a pattern to match). */
export function printed(attempt: Attempt, text: string | RegExp): boolean {
	return succeeded(attempt).some((r) => (typeof text === 'string' ? r.output.includes(text) : text.test(r.output)));
}

/** Whether a successful line whose first word is `program` printed `text`. */
export function printedBy(attempt: Attempt, program: string, text: string | RegExp): boolean {
	return succeeded(attempt).some((r) => words(r.line)[0] === program && (typeof text === 'string' ? r.output.includes(text) : text.test(r.output)));
}

/** The last line that ran, or undefined. */
export function last(attempt: Attempt): Ran | undefined {
	return attempt.ran[attempt.ran.length - 1];
}

/** nsenter's options whose value is the next word (util-linux nsenter(1); -r and -w only take one attached). */
const NSENTER_LONG_WITH_VALUE = new Set(['--target', '--setuid', '--setgid', '--wdns']);
const NSENTER_SHORT_WITH_VALUE = 'tSG';
const NSENTER_SHORT_OPTIONAL_VALUE = 'mnuipUCTrw';

/**
 * The words of the command a line ran in a pod's network namespace: the line itself when the
 * shell stood in a pod, or CMD of `nsenter -t PID -n CMD` run on the node (nsenter's own options
 * dropped). Undefined for any other line on the node, and for a bare `nsenter -t PID -n`, which
 * only opens a shell there (the lines typed in it arrive with the pod as `at`). Which pod PID
 * names is not known here: checks tell pods apart by the addresses in the output.
 */
export function inPod(ran: Ran): string[] | undefined {
	const all = words(ran.line);
	if (ran.at !== 'node') return all;
	if (all[0] !== 'nsenter') return undefined;
	let net = false;
	let i = 1;
	for (; i < all.length; i++) {
		const w = all[i] ?? '';
		if (w === '--') {
			i++;
			break;
		}
		if (!w.startsWith('-') || w === '-') break;
		if (w.startsWith('--')) {
			if (w === '--net' || w.startsWith('--net=')) net = true;
			else if (NSENTER_LONG_WITH_VALUE.has(w)) i++;
			continue;
		}
		// Bundled short options (getopt): a letter that takes a value ends the bundle, the rest
		// of the word being its value; -t, -S and -G take the next word when nothing is left.
		// The namespace letters, -r and -w take only an attached value (-n/proc/PID/ns/net).
		for (let c = 1; c < w.length; c++) {
			const letter = w[c] ?? '';
			if (letter === 'n') net = true;
			if (NSENTER_SHORT_WITH_VALUE.includes(letter)) {
				if (c === w.length - 1) i++;
				break;
			}
			if (NSENTER_SHORT_OPTIONAL_VALUE.includes(letter)) break;
		}
	}
	const command = all.slice(i);
	return net && command.length > 0 ? command : undefined;
}

/** printedBy for a program run in a pod's network namespace: in a shell there, or from the node through `nsenter … -n`. */
export function printedInPod(attempt: Attempt, program: string, text: string | RegExp): boolean {
	return succeeded(attempt).some((r) => inPod(r)?.[0] === program && (typeof text === 'string' ? r.output.includes(text) : text.test(r.output)));
}
