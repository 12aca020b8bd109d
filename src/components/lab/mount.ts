// The lab in the page: the chunk `<sidecar-lab>` imports when it nears the viewport or is focused
// (element.ts, which also adds xterm's stylesheet). It brings xterm, the shell and the simulator, opens a terminal in
// the lab's screen in place of the recorded fallback, and wires what the page adds around the
// LabAddon: fitting the panel (ResizeObserver), Starlight's light and dark themes, the Reset and
// text-size buttons, Escape to the help line, and `?run=` links. Every listener and observer is
// released by dispose().

import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import { commandsFromSearch, History, type KeyValueStorage, LabAddon, type Lang, type LineRan, MAX_LINK_COMMANDS, MAX_LINK_LENGTH, type Notice, themeFor, timerScheduler } from '../../terminal';
import type { RequestPath } from '../../mesh/types';
import { sameOriginFetch } from './lazy-files';
import { createLabSession } from './sessions';

export interface LabConfig {
	readonly scenario: string;
	readonly at: string | undefined;
	readonly lang: Lang;
	/** History is kept per lesson under this key. */
	readonly lesson: string;
	/** Whether this lab runs the page's `?run=` commands (the first lab of a page does). */
	readonly runLink: boolean;
	/** The accessible name of xterm's input (its textarea). */
	readonly inputLabel: string;
	/** A world lab's start payload, parsed (element.ts fetched it while this code loaded). */
	readonly data?: unknown;
	/** After every line that ran, and after every reset: element.ts turns them into events. */
	readonly onLine?: (ran: LineRan & { readonly request?: RequestPath }) => void;
	readonly onReset?: () => void;
}

/** A world lab's last request (WorldLabSession.lastRequest); undefined for a rules lab. */
const lastRequestOf = (session: object): RequestPath | undefined => ('lastRequest' in session && typeof session.lastRequest === 'function' ? (session.lastRequest() as RequestPath | undefined) : undefined);

export interface MountedLab {
	/** Resolves once xterm has drawn the first prompt: from then on keys are accepted. */
	readonly ready: Promise<void>;
	typeAndRun(commands: readonly string[], opts?: { readonly interrupt?: boolean }): void;
	reset(): void;
	focus(): void;
	dispose(): void;
}

export const FONT_SIZES = { min: 10, max: 32, step: 2, default: 14, narrowDefault: 13 } as const;
const FONT_KEY = 'sidecar-lab:font-size';
const FONT_FAMILY = "ui-monospace, 'SFMono-Regular', 'DejaVu Sans Mono', 'Noto Sans Mono', 'Noto Sans Mono CJK SC', Menlo, Consolas, monospace";

/** localStorage, or nothing where the browser refuses it (sandboxed frames, some private modes). */
function storage(): KeyValueStorage | undefined {
	try {
		return window.localStorage;
	} catch {
		return undefined;
	}
}

function initialFontSize(store: KeyValueStorage | undefined): number {
	let saved: number | undefined;
	try {
		saved = Number(store?.getItem(FONT_KEY) ?? Number.NaN);
	} catch {
		saved = undefined;
	}
	if (saved !== undefined && Number.isInteger(saved) && saved >= FONT_SIZES.min && saved <= FONT_SIZES.max) return saved;
	return window.matchMedia('(max-width: 30rem)').matches ? FONT_SIZES.narrowDefault : FONT_SIZES.default;
}

/** Runs `task` when the browser is idle (within 2 s), or soon where it cannot say. */
function whenIdle(task: () => void): void {
	if (typeof window.requestIdleCallback === 'function') window.requestIdleCallback(task, { timeout: 2000 });
	else setTimeout(task, 200);
}

function part<T extends Element>(root: Element, selector: string): T {
	const found = root.querySelector<T>(selector);
	// Lab.astro renders every part; a missing one is a bug in the component, not bad input.
	if (found === null) throw new Error(`broken invariant: <sidecar-lab> has no ${selector}`);
	return found;
}

export async function mountLab(root: HTMLElement, config: LabConfig): Promise<MountedLab> {
	const screen = part<HTMLElement>(root, '[data-lab-screen]');
	const help = part<HTMLElement>(root, '[data-lab-help]');
	const tools = part<HTMLElement>(root, '[data-lab-tools]');
	const fontShown = part<HTMLElement>(root, '[data-lab-font-size]');
	const made = await createLabSession(config.scenario, { at: config.at, lang: config.lang, data: config.data, fetcher: sameOriginFetch(window.location.href) });
	if (!made.ok) throw new Error(made.error);
	// For the benchmark's phases (element.ts has the others): the session, its world built.
	performance.mark('sidecar-lab:world');

	const focusWasInside = screen.contains(document.activeElement);
	for (const fallback of screen.querySelectorAll<HTMLElement>('[data-lab-fallback]')) fallback.hidden = true;
	const host = document.createElement('div');
	host.className = 'lab-xterm';
	screen.append(host);

	const store = storage();
	let fontSize = initialFontSize(store);
	const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
	Terminal.strings.promptLabel = config.inputLabel;
	const xterm = new Terminal({
		allowProposedApi: true, // terminal.unicode: the lab's widths (src/terminal/xterm-unicode.ts)
		fontFamily: FONT_FAMILY,
		fontSize,
		// Room below the baseline: at 1.0 some fonts lose their underscores to the next row.
		lineHeight: 1.15,
		theme: themeFor(document.documentElement.dataset.theme),
		minimumContrastRatio: 4.5,
		cursorBlink: !reducedMotion,
		scrollback: 5000,
		screenReaderMode: true,
		macOptionIsMeta: true,
	});
	const fit = new FitAddon();
	xterm.loadAddon(fit);
	xterm.open(host);
	fit.fit();
	performance.mark('sidecar-lab:terminal');

	const link = config.runLink ? commandsFromSearch(window.location.search) : { commands: [], dropped: 0 };
	const notices: Notice[] = [];
	if (link.commands.length > 0) notices.push({ key: 'terminal.link.intro' });
	if (link.dropped > 0) notices.push({ key: 'terminal.link.dropped', vars: { dropped: link.dropped, max: MAX_LINK_COMMANDS, length: MAX_LINK_LENGTH } });
	// A line that made a request (curl, `hops curl`) carries it: the world's lastRequest, when the line changed it.
	let lastRequest = lastRequestOf(made.session);
	const onLine = config.onLine === undefined ? undefined : (ran: LineRan): void => {
		const request = lastRequestOf(made.session);
		const changed = request !== lastRequest;
		lastRequest = request;
		config.onLine?.({ ...ran, ...(changed && request !== undefined ? { request } : {}) });
	};
	const onReset = config.onReset === undefined ? undefined : (): void => {
		lastRequest = lastRequestOf(made.session);
		config.onReset?.();
	};
	const lab = new LabAddon({
		session: made.session,
		scheduler: timerScheduler(),
		history: new History({ key: config.lesson, ...(store !== undefined ? { storage: store } : {}) }),
		lang: config.lang,
		banner: true,
		notices,
		onEscape: () => help.focus(),
		...(onLine !== undefined ? { onLine } : {}),
		...(onReset !== undefined ? { onReset } : {}),
	});
	xterm.loadAddon(lab);
	if (link.commands.length > 0) lab.typeAndRun(link.commands);
	xterm.textarea?.setAttribute('aria-describedby', help.id);

	// The panel changes size with the window, the sidebar and the text size: refit once a frame,
	// and only after xterm has parsed what was written for the old width (the editor redraws its
	// line for the new width when xterm reports the resize; see renderer.ts resize()).
	let frame = 0;
	const refit = (): void => {
		cancelAnimationFrame(frame);
		frame = requestAnimationFrame(() =>
			xterm.write('', () => {
				// Narrower rows rewrap the scrollback into more lines; a learner who was at the
				// prompt stays at the prompt (xterm keeps the old scroll position otherwise).
				const buffer = xterm.buffer.active;
				const atBottom = buffer.viewportY >= buffer.baseY;
				fit.fit();
				if (atBottom) xterm.scrollToBottom();
			}),
		);
	};
	const resized = new ResizeObserver(refit);
	resized.observe(screen);
	const themed = new MutationObserver(() => {
		xterm.options.theme = themeFor(document.documentElement.dataset.theme);
	});
	themed.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });

	const listeners = new AbortController();
	const showFont = (): void => {
		fontShown.textContent = `${fontSize}px`;
		for (const button of tools.querySelectorAll<HTMLButtonElement>('[data-lab-action="smaller"]')) button.disabled = fontSize <= FONT_SIZES.min;
		for (const button of tools.querySelectorAll<HTMLButtonElement>('[data-lab-action="larger"]')) button.disabled = fontSize >= FONT_SIZES.max;
	};
	const setFont = (size: number): void => {
		fontSize = Math.min(FONT_SIZES.max, Math.max(FONT_SIZES.min, size));
		xterm.options.fontSize = fontSize;
		try {
			store?.setItem(FONT_KEY, String(fontSize));
		} catch {
			// The size lasts as long as the page.
		}
		showFont();
		refit();
	};
	tools.addEventListener(
		'click',
		(event) => {
			const button = (event.target as Element | null)?.closest<HTMLButtonElement>('button[data-lab-action]');
			if (button === null || button === undefined) return;
			const action = button.dataset.labAction;
			if (action === 'reset') {
				lab.reset();
				xterm.focus();
			} else if (action === 'smaller') setFont(fontSize - FONT_SIZES.step);
			else if (action === 'larger') setFont(fontSize + FONT_SIZES.step);
		},
		{ signal: listeners.signal },
	);
	showFont();
	tools.hidden = false;
	help.hidden = false;
	if (focusWasInside) xterm.focus();

	const ready = new Promise<void>((resolve) => xterm.write('', resolve));
	// The page's run buttons name what the learner will most likely type: once the prompt is up and
	// the browser idle, a world lab fetches those commands' groups (the rest come on first use).
	const session = made.session;
	if (session.prefetch !== undefined) {
		const lines = [...document.querySelectorAll<HTMLElement>('[data-run]')].map((b) => b.dataset.run ?? '');
		void ready.then(() => whenIdle(() => session.prefetch?.(lines)));
	}

	return {
		ready,
		typeAndRun: (commands, opts) => lab.typeAndRun(commands, opts),
		reset: () => lab.reset(),
		focus: () => xterm.focus(),
		dispose: () => {
			listeners.abort();
			cancelAnimationFrame(frame);
			resized.disconnect();
			themed.disconnect();
			xterm.dispose(); // disposes its addons: the lab and fit
			host.remove();
			tools.hidden = true;
			help.hidden = true;
			for (const fallback of screen.querySelectorAll<HTMLElement>('[data-lab-fallback]')) fallback.hidden = false;
		},
	};
}
