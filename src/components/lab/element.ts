// `<sidecar-lab>`: the few lines every page with a lab loads at once. The terminal itself (xterm,
// shell, simulator: mount.ts) is imported only when the lab comes within a screen of the
// viewport, is focused or pressed, a run button asks for it, or the URL carries `?run=`
// commands. Until then, and without JavaScript, the lab shows its recorded fallback.
//
// The Full window button (focus.ts) is wired here, with the element: it only moves the panel, so
// it needs nothing from the terminal's chunk, and leaving on disconnect puts the page back.
//
// Configuration is data-* attributes, written by Lab.astro: data-scenario, data-at, data-lang,
// data-lesson, data-input-label, data-failed-template, and for a world lab data-lab-data, the URL
// of its start payload (/lab-data/<scenario>/<hash>.json), fetched while the code loads.
//
// Events, for the lessons' exercises that check a learner's work (a stable contract: add fields,
// never change these). Both bubble and are composed; `lab` is the element's id, or '' without one.
//
//   sidecar-lab:ran    after every command line the terminal ran (typed, a run button, `?run=`),
//                      blank lines aside; detail:
//                      { lab: string, scenario: string,      // data-scenario, e.g. 'bookinfo'
//                        line: string,                       // the line as it ran
//                        output: string,                     // what the terminal showed for it up to
//                                                            // the next prompt: ANSI stripped, \n ends
//                        exitCode: number,                   // $? (130 after Ctrl-C)
//                        at: string,                         // where the shell stood when it ran:
//                                                            // 'node', 'productpage-v1-…' (its netns),
//                                                            // 'productpage-v1-…/istio-proxy', 'sidecar-pod'
//                        request?: RequestPath }             // only when the line made an HTTP request
//                                                            // (curl, `hops curl`): the world's last one
//                                                            // (src/mesh/types.ts), plain JSON data; what
//                                                            // <RequestPath> (RequestPath.astro) draws
//   sidecar-lab:reset  after the lab went back to its starting state (the Reset button, a typed
//                      `reset`, Enter after the shell exited); detail: { lab, scenario }
//
//   document.addEventListener('sidecar-lab:ran', (e) => { if (e.detail.line.startsWith('iptables')) … });
//
// Performance marks let the benchmark time what a learner waits for: `sidecar-lab:visible` (the
// lab first intersects the viewport), `sidecar-lab:load` and `sidecar-lab:code` (the terminal's
// code is asked for, and has arrived and run) and `sidecar-lab:ready` (the prompt is on screen
// and accepts keys).

import xtermCss from '@xterm/xterm/css/xterm.css?url';
import { canFocus, LabFocus } from './focus';
import type { LabConfig, MountedLab } from './mount';

/** Start loading this far before the lab scrolls into view, so it is ready when it arrives. */
const NEAR = '100% 0px 100% 0px';

/** xterm's stylesheet, added with the first terminal: pages without a lab never load it. */
function addXtermStyles(): Promise<void> {
	const id = 'sidecar-lab-xterm-css';
	const existing = document.getElementById(id);
	if (existing instanceof HTMLLinkElement && existing.sheet !== null) return Promise.resolve();
	return new Promise((resolve, reject) => {
		const link = existing instanceof HTMLLinkElement ? existing : document.createElement('link');
		link.addEventListener('load', () => resolve(), { once: true });
		link.addEventListener('error', () => reject(new Error(`cannot load ${xtermCss}`)), { once: true });
		if (link !== existing) {
			link.id = id;
			link.rel = 'stylesheet';
			link.href = xtermCss;
			document.head.append(link);
		}
	});
}

export class SidecarLabElement extends HTMLElement {
	#loading: Promise<MountedLab | undefined> | undefined;
	#lab: MountedLab | undefined;
	#observers: IntersectionObserver[] = [];
	#listeners: AbortController | undefined;
	#focus: LabFocus | undefined;

	connectedCallback(): void {
		this.#listeners = new AbortController();
		const { signal } = this.#listeners;
		const load = (): void => void this.load();
		this.addEventListener('focusin', load, { signal });
		this.addEventListener('pointerdown', load, { signal });
		this.#wireFocus(signal);
		const near = new IntersectionObserver((entries) => {
			if (entries.some((e) => e.isIntersecting)) load();
		}, { rootMargin: NEAR });
		const seen = new IntersectionObserver((entries) => {
			if (!entries.some((e) => e.isIntersecting)) return;
			performance.mark('sidecar-lab:visible');
			seen.disconnect();
		});
		near.observe(this);
		seen.observe(this);
		this.#observers = [near, seen];
		if (this.#runsLink() && new URLSearchParams(window.location.search).has('run')) load();
	}

	disconnectedCallback(): void {
		this.#focus?.leave();
		this.#focus = undefined;
		this.#listeners?.abort();
		for (const o of this.#observers) o.disconnect();
		this.#observers = [];
		this.#lab?.dispose();
		this.#lab = undefined;
		this.#loading = undefined;
	}

	/** Loads and starts the terminal once; resolves to it, or to undefined if it failed to load. */
	load(): Promise<MountedLab | undefined> {
		this.#loading ??= this.#mount();
		return this.#loading;
	}

	/** The Full window button (focus.ts): shown with the other tools once the terminal is up. */
	#wireFocus(signal: AbortSignal): void {
		const panel = this.querySelector<HTMLElement>('.lab');
		const button = this.querySelector<HTMLButtonElement>('button[data-lab-action="focus"]');
		if (panel === null || button === null) return;
		if (!canFocus()) {
			button.hidden = true;
			return;
		}
		const focus = new LabFocus({ host: this, panel, button });
		this.#focus = focus;
		button.addEventListener('click', () => focus.toggle(), { signal });
	}

	/** A run button: types `command` into this lab's terminal and runs it, stopping what runs. */
	async run(command: string): Promise<void> {
		const lab = await this.load();
		lab?.typeAndRun([command], { interrupt: true });
	}

	#config(data: unknown): LabConfig {
		const d = this.dataset;
		const lab = this.id;
		const scenario = d.scenario ?? '';
		const emit = (type: string, detail: object): void => {
			this.dispatchEvent(new CustomEvent(type, { bubbles: true, composed: true, detail: { lab, scenario, ...detail } }));
		};
		return {
			data,
			onLine: (ran) => emit('sidecar-lab:ran', { line: ran.line, output: ran.output, exitCode: ran.exitCode, at: ran.at, ...(ran.request !== undefined ? { request: ran.request } : {}) }),
			onReset: () => emit('sidecar-lab:reset', {}),
			scenario: d.scenario ?? '',
			at: d.at === undefined || d.at === '' ? undefined : d.at,
			lang: d.lang === 'zh' ? 'zh' : 'en',
			lesson: d.lesson ?? window.location.pathname,
			runLink: this.#runsLink(),
			inputLabel: d.inputLabel ?? 'Terminal input',
		};
	}

	/** A world lab's start payload (same origin only), parsed; undefined for a rules lab. */
	async #data(): Promise<unknown> {
		const url = this.dataset.labData;
		if (url === undefined || url === '') return undefined;
		const target = new URL(url, window.location.href);
		if (target.origin !== window.location.origin) throw new Error(`lab data from another origin: ${target.href}`);
		const res = await fetch(target, { credentials: 'same-origin' });
		if (!res.ok) throw new Error(`${target.pathname}: HTTP ${res.status}`);
		return res.json();
	}

	/**
	 * Which lab runs the page's `?run=` commands: the one `?lab=<id>` names, else the first of the page.
	 * (`getElementById` takes the id as text: nothing in the URL becomes a selector or markup.)
	 */
	#runsLink(): boolean {
		const named = new URLSearchParams(window.location.search).get('lab');
		const chosen = named !== null && named !== '' ? document.getElementById(named) : null;
		return (chosen instanceof SidecarLabElement ? chosen : document.querySelector('sidecar-lab')) === this;
	}

	async #mount(): Promise<MountedLab | undefined> {
		this.dataset.state = 'loading';
		performance.mark('sidecar-lab:load');
		try {
			// xterm measures its cells when it opens, so its stylesheet must be in by then. A world
			// lab's data comes at the same time as the code.
			const [{ mountLab }, , data] = await Promise.all([import('./mount'), addXtermStyles(), this.#data()]);
			performance.mark('sidecar-lab:code');
			if (!this.isConnected) return undefined;
			const lab = await mountLab(this, this.#config(data));
			this.#lab = lab;
			await lab.ready;
			// xterm draws in an animation frame: by the next one, the prompt is on screen.
			await new Promise((resolve) => requestAnimationFrame(resolve));
			this.dataset.state = 'ready';
			performance.mark('sidecar-lab:ready');
			return lab;
		} catch (error) {
			this.dataset.state = 'failed';
			const message = error instanceof Error ? error.message : String(error);
			const status = this.querySelector<HTMLElement>('[data-lab-status]');
			if (status !== null) status.textContent = (this.dataset.failedTemplate ?? '{message}').replace('{message}', message);
			console.error('sidecar-lab: the terminal did not load:', error);
			return undefined;
		}
	}
}

/** The lab a run button types into: its `data-lab` (an id), else the lab of its lesson, else the page's first. */
function labFor(button: HTMLElement): SidecarLabElement | null {
	const id = button.dataset.lab;
	const byId = id === undefined ? null : document.getElementById(id);
	if (byId instanceof SidecarLabElement) return byId;
	const inLesson = button.closest('.lab-layout')?.querySelector('sidecar-lab');
	if (inLesson instanceof SidecarLabElement) return inLesson;
	const first = document.querySelector('sidecar-lab');
	return first instanceof SidecarLabElement ? first : null;
}

function onRunClick(event: MouseEvent): void {
	const button = (event.target as Element | null)?.closest<HTMLElement>('[data-run]');
	const command = button?.dataset.run;
	if (button === null || button === undefined || command === undefined) return;
	const lab = labFor(button);
	if (lab === null) return;
	event.preventDefault();
	// Keep focus on the button (a keyboard user goes on reading); bring the terminal into view.
	const box = lab.getBoundingClientRect();
	if (box.bottom < 0 || box.top > window.innerHeight) {
		lab.scrollIntoView({ block: 'nearest', behavior: window.matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
	}
	void lab.run(command);
}

/** Defines `<sidecar-lab>` and the page's run buttons; safe to call from every component that needs them. */
export function defineSidecarLab(): void {
	if (customElements.get('sidecar-lab') !== undefined) return;
	customElements.define('sidecar-lab', SidecarLabElement);
	document.addEventListener('click', onRunClick);
}
