// The vocabulary of exercises: what a learner did (Attempt), what the simulator says is true
// (Facts), and an exercise as data (Exercise). Read this file first; docs/lessons.md explains
// how to write one. Everything here is pure: the same definitions run in the page (the check),
// at build time (the facts) and in the solution bot (tests/unit/lessons/solutions.test.ts).

/** One command line the learner ran, as the lab reports it in its `sidecar-lab:ran` event. */
export interface Ran {
	/** The line as typed (or as a <Run> button typed it). */
	readonly line: string;
	/** What the terminal showed for it, stdout and stderr together, without ANSI escapes. */
	readonly output: string;
	readonly exitCode: number;
	/** Where the lab was when the line started (the lab's own label of the place). */
	readonly at: string;
}

/** Everything the check sees: the lines run in this lab since its last reset, and the answer field. */
export interface Attempt {
	readonly ran: readonly Ran[];
	/** What the learner typed into the exercise's answer field (absent: they have not submitted). */
	readonly answer?: string;
}

/**
 * Values read from the simulator's world at build time (the PID of Envoy, the number of rules of
 * a chain), embedded in the page as JSON and passed to the check. Never type such a value into a
 * check by hand: when the scenario changes, the facts follow it.
 */
export type Facts = Readonly<Record<string, string | number>>;

/** What `facts` may use: a fresh lab of the exercise's scenario and place, for this call only. */
export interface Probe {
	/** The world as built from the scenario (import its types with `import type` only). */
	readonly world: import('../world/types').World;
	/** Runs one line in the probe's own shell; state carries over between calls. */
	run(line: string): { readonly stdout: string; readonly stderr: string; readonly exitCode: number };
}

/** The scenarios an exercise can run on: the world labs of src/data/labs.ts. */
export type ExerciseScenario = 'bookinfo' | 'bookinfo-cni' | 'bookinfo-tproxy';

/** A learner's attempt that the check must turn down, with why (for the test's message). */
export interface WrongAttempt {
	readonly why: string;
	readonly lines: readonly string[];
	readonly answer?: string;
}

export interface Exercise<F extends Facts = Facts> {
	/** Unique in the course, kebab-case; also the page anchor `#exercise-<id>`. Never rename. */
	readonly id: string;
	/** The lab the exercise is done in: the same scenario and place as the page's `<Lab>`. */
	readonly lab: { readonly scenario: ExerciseScenario; readonly at: string };
	/** Present when the learner types an answer; `number` gives the field a numeric keyboard. */
	readonly answer?: { readonly kind: 'text' | 'number' };
	/** The simulator's truth the check compares against, computed at build time. */
	readonly facts: (probe: Probe) => F;
	/** Done or not: a pure function of what the learner did and the facts. */
	readonly check: (attempt: Attempt, facts: F) => boolean;
	/** Lines that solve it from a freshly reset lab, and the answer to type if the exercise asks one. */
	readonly solution: { readonly lines: readonly string[]; readonly answer?: string };
	/** At least one attempt the check must reject. */
	readonly wrong: readonly [WrongAttempt, ...WrongAttempt[]];
}

/** Keeps `F` checked inside one definition while the registry holds exercises of any facts. */
export function defineExercise<F extends Facts>(e: Exercise<F>): Exercise {
	return e as unknown as Exercise;
}
