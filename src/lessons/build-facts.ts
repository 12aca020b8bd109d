// Exercise facts at build time, for Exercise.astro: the scenario files read from
// content/scenarios once, each exercise's facts computed once per build.

import { findScenarios } from '../cli/scenario-files';
import { computeFacts, type ScenarioFiles } from './simulate';
import type { Exercise, Facts } from './types';

const files = new Map<string, ScenarioFiles>();
const facts = new Map<string, Facts>();

function filesOf(scenario: string): ScenarioFiles {
	let found = files.get(scenario);
	if (found === undefined) {
		const r = findScenarios(scenario, import.meta.url);
		if (!r.ok) throw new Error(`exercise facts: ${r.error}`);
		found = r.files;
		files.set(scenario, found);
	}
	return found;
}

export function exerciseFacts(exercise: Exercise): Facts {
	let f = facts.get(exercise.id);
	if (f === undefined) {
		f = computeFacts(filesOf(exercise.lab.scenario), exercise);
		facts.set(exercise.id, f);
	}
	return f;
}
