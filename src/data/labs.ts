// The labs a lesson can put in its panel, by the id `<Lab scenario="…">` names. This file is
// data only (the page checks a lesson's props against it at build time without loading the
// simulator); src/components/lab/sessions.ts maps each id to the code that builds its session.

import type { UiKey } from '../i18n/ui';

export interface LabScenarioInfo {
	/** Where the shell can start (`at`), the first being the default; omitted: the lab decides. */
	readonly locations?: readonly string[];
	/** The lab's caption above the terminal. */
	readonly title: UiKey;
}

export const LAB_SCENARIOS = {
	/**
	 * The kernel recorder's sidecar pod (src/lab/recorder-pod.ts) with the rules istio-init writes
	 * by default (src/data/lab-rules.ts): one network namespace, its shell as root.
	 */
	'recorder-pod': { locations: ['sidecar-pod'], title: 'lab.title.recorder-pod' },
} as const satisfies Readonly<Record<string, LabScenarioInfo>>;

export type LabScenarioId = keyof typeof LAB_SCENARIOS;

export function isLabScenario(id: string): id is LabScenarioId {
	return Object.hasOwn(LAB_SCENARIOS, id);
}

/** Checks `<Lab scenario at>`; the error names the value received and how to fix it. */
export function checkLabProps(scenario: string, at: string | undefined): { ok: true; scenario: LabScenarioId; at: string | undefined } | { ok: false; error: string } {
	if (!isLabScenario(scenario)) {
		return { ok: false, error: `scenario="${scenario}" is not a lab; use one of: ${Object.keys(LAB_SCENARIOS).join(', ')} (src/data/labs.ts)` };
	}
	const locations: readonly string[] | undefined = LAB_SCENARIOS[scenario].locations;
	if (locations === undefined) return { ok: true, scenario, at };
	if (at === undefined) return { ok: true, scenario, at: locations[0] };
	if (!locations.includes(at)) {
		return { ok: false, error: `at="${at}" is not a place in the ${scenario} lab; use one of: ${locations.join(', ')}, or leave at out` };
	}
	return { ok: true, scenario, at };
}
