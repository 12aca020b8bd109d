import { describe, expect, it } from 'vitest';
import { EXERCISES } from '../../../src/data/exercises';
import { attempt, computeFacts } from '../../../src/lessons/simulate';
import { scenarioFiles } from './helpers';

// The solution bot: every exercise's solution, run in the simulator at the exercise's place,
// passes the exercise's own check against facts read from the same world; every wrong attempt is
// turned down. Nothing ships that a learner cannot finish, or finish by accident.

const all = Object.entries(EXERCISES).flatMap(([lesson, list]) => list.map((exercise) => ({ lesson, id: exercise.id, exercise })));

describe('the exercises as data', () => {
	it('have unique ids across the course', () => {
		const ids = all.map((e) => e.id);
		expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
	});

	it.each(all)('$lesson/$id: an id that can be an anchor, an answer field only with an answer', ({ exercise }) => {
		expect(exercise.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
		expect(exercise.answer !== undefined).toBe(exercise.solution.answer !== undefined);
		for (const w of exercise.wrong) expect(w.answer !== undefined).toBe(exercise.answer !== undefined);
	});
});

describe.each(all)('$lesson/$id', ({ exercise }) => {
	const files = scenarioFiles();
	const facts = computeFacts(files, exercise);

	it('has facts the page can embed (strings and numbers)', () => {
		expect(Object.values(facts).every((v) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)))).toBe(true);
	});

	it('accepts its solution', () => {
		const a = attempt(files, exercise, exercise.solution.lines, exercise.solution.answer);
		const failed = a.ran.filter((r) => r.exitCode !== 0);
		expect(failed, 'every solution line succeeds').toEqual([]);
		expect(exercise.check(a, facts)).toBe(true);
	});

	it('is not done before the learner does anything', () => {
		expect(exercise.check({ ran: [] }, facts)).toBe(false);
	});

	it.each(exercise.wrong.map((w) => ({ ...w })))('rejects: $why', (w) => {
		expect(exercise.check(attempt(files, exercise, w.lines, w.answer), facts)).toBe(false);
	});
});
