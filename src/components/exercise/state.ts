// What the exercise element remembers, kept apart from the DOM so it can be tested in Node: the
// lines its lab ran since the last reset, the last answer submitted, and the done marks of a
// lesson in localStorage (`sidecar-lab:exercises:<lesson>`, a JSON array of exercise ids).

import type { Attempt, Exercise, Facts, Ran } from '../../lessons/types';

/** The detail of the lab's `sidecar-lab:ran` event. */
export interface RanDetail {
	readonly lab: string;
	readonly scenario: string;
	readonly line: string;
	readonly output: string;
	readonly exitCode: number;
	readonly at: string;
}

/** Whether an event of a lab concerns an exercise bound to `scenario` (and to lab `lab` if given). */
export function concerns(detail: { lab?: unknown; scenario?: unknown }, scenario: string, lab: string | undefined): boolean {
	if (detail.scenario !== scenario) return false;
	return lab === undefined || lab === '' || detail.lab === lab;
}

/** A `sidecar-lab:ran` detail as a Ran, or undefined when it is not one. */
export function toRan(detail: unknown): (Ran & { lab: string; scenario: string }) | undefined {
	if (typeof detail !== 'object' || detail === null) return undefined;
	const d = detail as Partial<RanDetail>;
	if (typeof d.line !== 'string' || typeof d.output !== 'string' || typeof d.exitCode !== 'number' || typeof d.scenario !== 'string') return undefined;
	return { line: d.line, output: d.output, exitCode: d.exitCode, at: typeof d.at === 'string' ? d.at : '', lab: typeof d.lab === 'string' ? d.lab : '', scenario: d.scenario };
}

/** A check that throws is a bug in the exercise; the learner sees "not yet", never an error. */
export function safeCheck(exercise: Exercise, attempt: Attempt, facts: Facts): boolean {
	try {
		return exercise.check(attempt, facts) === true;
	} catch {
		return false;
	}
}

export function storageKey(lesson: string): string {
	return `sidecar-lab:exercises:${lesson}`;
}

/** The done ids stored for a lesson; anything unreadable counts as none. */
export function parseDone(stored: string | null): string[] {
	if (stored === null) return [];
	try {
		const v: unknown = JSON.parse(stored);
		return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
	} catch {
		return [];
	}
}

/** The stored value with `id` added, ids kept unique and sorted. */
export function withDone(stored: string | null, id: string): string {
	return JSON.stringify([...new Set([...parseDone(stored), id])].sort());
}
