// `<request-path-diagram>`: the page side of RequestPath.astro. The server drew the default
// request; this element adds stepping (Previous / Next / Whole path buttons, ←/→/Home/End while
// focus is in the diagram), announces the current hop in a polite live region, marks the current
// station and hop with aria-current="step", and follows its lab: on `sidecar-lab:ran` carrying a
// `request` (src/components/lab/element.ts) it redraws for that request with the same renderer,
// and on `sidecar-lab:reset` it goes back to the default request.
//
// Configuration (data-*, written by RequestPath.astro): data-lab (the lab's id; none: the page's
// first <sidecar-lab>), data-lang, data-id, data-sections (JSON: the lesson sections that exist),
// data-default (JSON: the default RequestPath).

import type { RequestPath } from '../../mesh/types';
import { announcement, renderRequestPath, type RenderOptions } from './render';
import { stationsOf, type Stations } from './stations';
import type { DiagramLang } from './text';

/** The part of a `sidecar-lab:ran` detail the diagram reads. */
interface RanDetail {
	readonly request?: RequestPath;
}

/** A request as the lab sent it: checked enough that drawing it cannot throw. */
function isRequestPath(x: unknown): x is RequestPath {
	if (typeof x !== 'object' || x === null) return false;
	const p = x as Record<string, unknown>;
	return typeof p['method'] === 'string' && typeof p['url'] === 'string' && typeof p['from'] === 'string' && typeof p['status'] === 'number' && Array.isArray(p['hops']) && p['hops'].every((h) => typeof h === 'object' && h !== null && typeof (h as { kind?: unknown }).kind === 'string');
}

function parse(json: string | undefined): unknown {
	try {
		return JSON.parse(json ?? '');
	} catch {
		return undefined;
	}
}

export class RequestPathElement extends HTMLElement {
	#path: RequestPath | undefined;
	#default: RequestPath | undefined;
	#stations: Stations | undefined;
	/** -1: the whole path; else the index of the current hop. */
	#step = -1;
	#opts: RenderOptions | undefined;
	#listeners: AbortController | undefined;

	connectedCallback(): void {
		const lang: DiagramLang = this.dataset.lang === 'zh' ? 'zh' : 'en';
		const sections = parse(this.dataset.sections);
		const path = parse(this.dataset.default);
		const view = this.querySelector<HTMLElement>('[data-rp-view]');
		const controls = this.querySelector<HTMLElement>('[data-rp-controls]');
		// RequestPath.astro writes all of these; without them the static picture stays as drawn.
		if (!isRequestPath(path) || !Array.isArray(sections) || view === null || controls === null) return;
		this.#opts = { lang, sections: new Set(sections.filter((s): s is string => typeof s === 'string')), id: this.dataset.id ?? 'request-path' };
		this.#default = path;
		this.#show(path);
		this.#listeners = new AbortController();
		const signal = this.#listeners.signal;
		controls.hidden = false;
		const follow = this.querySelector<HTMLElement>('[data-rp-follow]');
		if (follow !== null && this.#lab() !== null) follow.hidden = false;
		controls.addEventListener(
			'click',
			(e) => {
				const action = (e.target as Element | null)?.closest<HTMLButtonElement>('button[data-rp-action]')?.dataset.rpAction;
				if (action === 'previous') this.#go(this.#step - 1);
				else if (action === 'next') this.#go(this.#step + 1);
				else if (action === 'whole') this.#go(-1);
			},
			{ signal },
		);
		this.addEventListener('keydown', (e) => this.#key(e), { signal });
		document.addEventListener('sidecar-lab:ran', (e) => this.#ran(e), { signal });
		document.addEventListener('sidecar-lab:reset', (e) => this.#reset(e), { signal });
	}

	disconnectedCallback(): void {
		this.#listeners?.abort();
	}

	/** The lab this diagram follows: the one named by data-lab, or the page's first. */
	#lab(): Element | null {
		const id = this.dataset.lab;
		if (id === undefined || id === '') return document.querySelector('sidecar-lab');
		return document.getElementById(id);
	}

	#fromOurLab(e: Event): boolean {
		const lab = this.#lab();
		return lab !== null && e.target instanceof Node && (e.target === lab || lab.contains(e.target));
	}

	#ran(e: Event): void {
		if (!this.#fromOurLab(e)) return;
		const request = (e as CustomEvent<RanDetail>).detail?.request;
		if (!isRequestPath(request)) return;
		this.#show(request);
		this.#announce();
	}

	#reset(e: Event): void {
		if (!this.#fromOurLab(e) || this.#default === undefined || this.#path === this.#default) return;
		this.#show(this.#default);
		this.#announce();
	}

	#key(e: KeyboardEvent): void {
		if (e.altKey || e.ctrlKey || e.metaKey) return;
		const to = e.key === 'ArrowRight' ? this.#step + 1 : e.key === 'ArrowLeft' ? this.#step - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? (this.#path?.hops.length ?? 0) - 1 : undefined;
		if (to === undefined) return;
		e.preventDefault();
		this.#go(to);
	}

	/** Draws a request, its whole path shown. */
	#show(path: RequestPath): void {
		const view = this.querySelector<HTMLElement>('[data-rp-view]');
		if (view === null || this.#opts === undefined) return;
		this.#path = path;
		this.#stations = stationsOf(path);
		this.#step = -1;
		// The markup is ours, from the same renderer the build used; every value in it is escaped.
		view.innerHTML = renderRequestPath(path, this.#opts);
		this.#mark();
	}

	#go(step: number): void {
		const n = this.#path?.hops.length ?? 0;
		const to = Math.max(-1, Math.min(n - 1, step));
		if (to === this.#step) return;
		this.#step = to;
		this.#mark();
		this.#announce();
	}

	/** aria-current on the current station and hop; the buttons enabled where they lead somewhere. */
	#mark(): void {
		const station = this.#step < 0 ? undefined : this.#stations?.stationOf[this.#step];
		for (const el of this.querySelectorAll<Element>('.rp-station[data-station]')) {
			if (el.getAttribute('data-station') === station) el.setAttribute('aria-current', 'step');
			else el.removeAttribute('aria-current');
		}
		for (const el of this.querySelectorAll<Element>('.rp-hops > li[data-hop]')) {
			if (el.getAttribute('data-hop') === String(this.#step)) el.setAttribute('aria-current', 'step');
			else el.removeAttribute('aria-current');
		}
		const n = this.#path?.hops.length ?? 0;
		const button = (a: string): HTMLButtonElement | null => this.querySelector<HTMLButtonElement>(`button[data-rp-action="${a}"]`);
		const prev = button('previous');
		const next = button('next');
		const whole = button('whole');
		if (prev !== null) prev.disabled = this.#step < 0;
		if (next !== null) next.disabled = this.#step >= n - 1;
		if (whole !== null) whole.disabled = this.#step < 0;
		// A button that just became disabled would drop the focus to the page: keep it in the diagram.
		const active = document.activeElement;
		if (active instanceof HTMLButtonElement && active.disabled && this.contains(active)) (this.#step < 0 ? next : prev)?.focus();
	}

	#announce(): void {
		const live = this.querySelector<HTMLElement>('[data-rp-live]');
		const path = this.#path;
		if (live === null || path === undefined || this.#opts === undefined) return;
		live.textContent = announcement(path, this.#step, this.#opts.lang);
	}
}

export function defineRequestPath(): void {
	if (customElements.get('request-path-diagram') === undefined) customElements.define('request-path-diagram', RequestPathElement);
}
