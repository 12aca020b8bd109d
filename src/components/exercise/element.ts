// <sidecar-exercise>: the live part of <Exercise>. It listens to the labs of the page
// (`sidecar-lab:ran` after every line, `sidecar-lab:reset`), runs the exercise's check after each
// line and on each answer submitted, and shows "Not yet" / "Done ✓" in a polite status region.
// Done marks are kept per lesson in localStorage, so they survive a reload. Configuration comes in
// data-* attributes written by Exercise.astro; the check and the facts' shape come from
// src/data/exercises (the same definitions the solution bot runs).

import { findExercise } from '../../data/exercises';
import type { Exercise, Facts, Ran } from '../../lessons/types';
import { concerns, parseDone, safeCheck, storageKey, toRan, withDone } from './state';

function readStorage(key: string): string | null {
	try {
		return window.localStorage.getItem(key);
	} catch {
		return null; // storage disabled (private mode, a sandboxed frame): marks last for the visit
	}
}

function writeStorage(key: string, value: string): void {
	try {
		window.localStorage.setItem(key, value);
	} catch {
		// as above: nothing to keep them in
	}
}

class SidecarExercise extends HTMLElement {
	#exercise: Exercise | undefined;
	#facts: Facts = {};
	#ran: Ran[] = [];
	#answer: string | undefined;
	#done = false;
	readonly #abort = new AbortController();

	connectedCallback(): void {
		const id = this.dataset.exercise ?? '';
		this.#exercise = findExercise(id)?.exercise;
		if (this.#exercise === undefined) return; // the build refuses unknown ids; nothing to do
		try {
			const parsed: unknown = JSON.parse(this.dataset.facts ?? '{}');
			if (typeof parsed === 'object' && parsed !== null) this.#facts = parsed as Facts;
		} catch {
			this.#facts = {};
		}
		if (parseDone(readStorage(storageKey(this.dataset.lesson ?? ''))).includes(id)) this.#markDone(false);
		const signal = this.#abort.signal;
		document.addEventListener('sidecar-lab:ran', (e) => this.#onRan(e), { signal });
		document.addEventListener('sidecar-lab:reset', (e) => this.#onReset(e), { signal });
		const form = this.querySelector<HTMLFormElement>('[data-exercise-form]');
		form?.addEventListener('submit', (e) => this.#onSubmit(e, form), { signal });
	}

	disconnectedCallback(): void {
		this.#abort.abort();
	}

	#mine(detail: unknown): boolean {
		return typeof detail === 'object' && detail !== null && concerns(detail, this.dataset.scenario ?? '', this.dataset.lab);
	}

	#onRan(e: Event): void {
		const detail = (e as CustomEvent<unknown>).detail;
		if (!this.#mine(detail)) return;
		const ran = toRan(detail);
		if (ran === undefined) return;
		this.#ran.push({ line: ran.line, output: ran.output, exitCode: ran.exitCode, at: ran.at });
		this.#evaluate();
	}

	#onReset(e: Event): void {
		if (this.#mine((e as CustomEvent<unknown>).detail)) this.#ran = [];
	}

	#onSubmit(e: SubmitEvent, form: HTMLFormElement): void {
		e.preventDefault();
		const input = form.querySelector<HTMLInputElement>('input[name="answer"]');
		const value = input?.value ?? '';
		if (value.trim() === '') {
			this.#feedback(this.dataset.textEmpty ?? '');
			input?.focus();
			return;
		}
		this.#answer = value;
		if (this.#evaluate()) return;
		// Emptied first, so a screen reader announces the message again on a second wrong answer.
		this.#feedback('');
		requestAnimationFrame(() => this.#feedback(this.dataset.textWrong ?? ''));
	}

	/** Runs the check; marks the exercise done when it passes. Returns whether it is done. */
	#evaluate(): boolean {
		if (this.#exercise === undefined) return false;
		const attempt = this.#answer === undefined ? { ran: this.#ran } : { ran: this.#ran, answer: this.#answer };
		if (safeCheck(this.#exercise, attempt, this.#facts)) {
			this.#markDone(true);
			return true;
		}
		return this.#done;
	}

	#markDone(store: boolean): void {
		if (!this.#done) {
			this.#done = true;
			this.dataset.state = 'done';
			const status = this.querySelector('[data-exercise-status]');
			if (status !== null) status.textContent = this.dataset.textDone ?? '';
		}
		this.#feedback('');
		if (store) {
			const key = storageKey(this.dataset.lesson ?? '');
			writeStorage(key, withDone(readStorage(key), this.dataset.exercise ?? ''));
		}
	}

	#feedback(text: string): void {
		const el = this.querySelector('[data-exercise-feedback]');
		if (el !== null && el.textContent !== text) el.textContent = text;
	}
}

export function defineSidecarExercise(): void {
	if (customElements.get('sidecar-exercise') === undefined) customElements.define('sidecar-exercise', SidecarExercise);
}
