// Running exercises against the simulator outside the page: the facts at build time
// (Exercise.astro) and the solution bot (tests/unit/lessons). Each call builds a fresh lab of the
// exercise's scenario and place with the page's defaults (seed 1, the scenario's clock), so the
// facts are the values the learner's terminal shows.

import { whereOf } from '../components/lab/world-session';
import { createWorldLab, type WorldLab } from '../lab/world-lab';
import type { Attempt, Exercise, Facts, Probe, Ran } from './types';

export type ScenarioFiles = Readonly<Record<string, string>>;

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]|\u001b\][^\u0007]*\u0007/g;

/** What the terminal showed, as the lab's event reports it: stdout and stderr, no escapes. */
export function plain(text: string): string {
	return text.replace(ANSI, '');
}

export function labAt(files: ScenarioFiles, lab: Exercise['lab']): WorldLab {
	const made = createWorldLab({ files, scenario: lab.scenario, at: lab.at });
	if (!made.ok) throw new Error(`the lab ${lab.scenario} at ${lab.at} does not start: ${made.error}`);
	return made.lab;
}

/** The facts of one exercise, read from a lab of its own. */
export function computeFacts(files: ScenarioFiles, exercise: Exercise): Facts {
	const lab = labAt(files, exercise.lab);
	const probe: Probe = {
		world: lab.handle.world,
		run: (line) => {
			const r = lab.shell.run(line);
			return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
		},
	};
	return exercise.facts(probe);
}

/** Runs `lines` in order in a fresh lab and reports each as the page's `sidecar-lab:ran` would. */
export function replay(files: ScenarioFiles, lab: Exercise['lab'], lines: readonly string[]): Ran[] {
	const l = labAt(files, lab);
	return lines.map((line) => {
		const at = whereOf(l.handle.world, l.shell.location);
		const r = l.shell.run(line);
		return { line, output: plain(r.stdout + r.stderr), exitCode: r.exitCode, at };
	});
}

/** The attempt a learner makes by running `lines` and then submitting `answer`. */
export function attempt(files: ScenarioFiles, exercise: Exercise, lines: readonly string[], answer?: string): Attempt {
	const ran = replay(files, exercise.lab, lines);
	return answer === undefined ? { ran } : { ran, answer };
}
