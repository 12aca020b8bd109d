// Full window ("focus") mode of a `<sidecar-lab>`: the lab's panel leaves the lesson's grid and
// covers the whole viewport, so the terminal gets as many columns as the screen allows (real
// `iptables -L -v`, `ss -tlnp` and `istioctl proxy-config` rows are 90 to 210 columns wide).
//
// The panel is shown as a manual popover, which puts it in the browser's top layer: above
// Starlight's fixed header whatever its z-index, and out of the lesson layout's container (a
// container query container contains fixed descendants, so `position: fixed` alone would cover
// only the layout, not the viewport). The element is the same one, never moved in the DOM: xterm,
// its scrollback, the shell session and the history stay as they are; the fit addon's
// ResizeObserver refits the terminal to the new size, both ways.
//
// While the lab fills the window the page behind is inert (no Tab stop and nothing for a screen
// reader hidden behind the panel) and does not scroll; the lab itself is not a trap: Tab moves between its
// toolbar, the terminal (Esc leaves it, as everywhere) and its help line, and Esc anywhere in the
// lab but the terminal goes back to the page. Leaving puts back the page's scroll position, the
// layout (the lab's place is held at its height meanwhile) and what was inert before.
// Nothing is remembered across page loads: each visit starts in the page.

/** Whether this browser has popovers (the top layer without a modal dialog); without, no button. */
export function canFocus(): boolean {
	return typeof HTMLElement.prototype.showPopover === 'function';
}

export interface LabFocusParts {
	/** The `<sidecar-lab>` element: holds the lab's place in the page while the panel is out. */
	readonly host: HTMLElement;
	/** The panel that fills the window (the lab's section). */
	readonly panel: HTMLElement;
	/** The toggle button, with aria-pressed. */
	readonly button: HTMLButtonElement;
}

export class LabFocus {
	readonly #parts: LabFocusParts;
	#active: { listeners: AbortController; inert: HTMLElement[]; scrollX: number; scrollY: number } | undefined;

	constructor(parts: LabFocusParts) {
		this.#parts = parts;
	}

	get active(): boolean {
		return this.#active !== undefined;
	}

	toggle(): void {
		if (this.active) this.leave();
		else this.enter();
	}

	enter(): void {
		if (this.active || !canFocus()) return;
		const { host, panel, button } = this.#parts;
		const root = document.documentElement;
		if (root.dataset.labFocus !== undefined) return; // another lab of the page fills the window
		const scrollX = window.scrollX;
		const scrollY = window.scrollY;
		// Hold the lab's place: nothing behind moves, so the way back lands where the learner was.
		host.style.minHeight = `${host.offsetHeight}px`;
		// The page's scrollbar goes with overflow: hidden; its width, as padding, keeps the layout.
		root.style.setProperty('--lab-focus-gutter', `${Math.max(0, window.innerWidth - root.clientWidth)}px`);
		panel.setAttribute('popover', 'manual');
		panel.showPopover();
		host.dataset.focus = '';
		root.dataset.labFocus = '';
		button.setAttribute('aria-pressed', 'true');
		const listeners = new AbortController();
		document.addEventListener('keydown', (event) => this.#onKey(event), { signal: listeners.signal });
		this.#active = { listeners, inert: makeOthersInert(host), scrollX, scrollY };
	}

	/** Back to the page. Focus goes to the button when it was in the lab (or nowhere) before. */
	leave(): void {
		const active = this.#active;
		if (active === undefined) return;
		this.#active = undefined;
		const { host, panel, button } = this.#parts;
		const focused = document.activeElement;
		const refocus = focused === null || focused === document.body || panel.contains(focused);
		active.listeners.abort();
		for (const element of active.inert) element.inert = false;
		if (panel.matches(':popover-open')) panel.hidePopover();
		panel.removeAttribute('popover');
		delete host.dataset.focus;
		delete document.documentElement.dataset.labFocus;
		document.documentElement.style.removeProperty('--lab-focus-gutter');
		button.setAttribute('aria-pressed', 'false');
		host.style.minHeight = '';
		window.scrollTo(active.scrollX, active.scrollY);
		if (refocus && host.isConnected) button.focus({ preventScroll: true });
	}

	/**
	 * Esc goes back to the page from anywhere in the lab but the terminal: there it already means
	 * "leave the terminal" (the LabAddon moves focus to the help line), so a second Esc leaves.
	 */
	#onKey(event: KeyboardEvent): void {
		if (event.key !== 'Escape' || event.defaultPrevented || event.isComposing) return;
		if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
		const target = event.target instanceof Element ? event.target : null;
		if (target !== null && target.closest('.xterm') !== null) return;
		event.preventDefault();
		this.leave();
	}
}

/**
 * Makes everything outside `keep` inert (its ancestors' siblings, up to <body>), and returns what
 * it changed, so that what was inert before stays inert afterwards.
 */
function makeOthersInert(keep: HTMLElement): HTMLElement[] {
	const changed: HTMLElement[] = [];
	for (let node: HTMLElement | null = keep; node !== null && node !== document.body; node = node.parentElement) {
		const parent: HTMLElement | null = node.parentElement;
		if (parent === null) break;
		for (const sibling of Array.from(parent.children)) {
			if (sibling === node || !(sibling instanceof HTMLElement) || sibling.inert) continue;
			if (sibling instanceof HTMLScriptElement || sibling instanceof HTMLStyleElement) continue;
			sibling.inert = true;
			changed.push(sibling);
		}
	}
	return changed;
}
