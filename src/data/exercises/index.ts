// Every lesson's exercises, by the lesson's slug (src/data/syllabus.ts). One line per lesson file;
// docs/lessons.md explains the format. The page looks exercises up here by id.

import type { Exercise } from '../../lessons/types';
import { exercises as initVsCni } from './init-vs-cni';
import { exercises as iptablesCapture } from './iptables-capture';
import { exercises as packetCapture } from './packet-capture';
import { exercises as passthrough } from './passthrough-127-0-0-6';
import { exercises as portsAndComponents } from './ports-and-components';
import { exercises as requestPath } from './request-path';

export const EXERCISES: Readonly<Record<string, readonly Exercise[]>> = {
	'ports-and-components': portsAndComponents,
	'iptables-capture': iptablesCapture,
	'request-path': requestPath,
	'passthrough-127-0-0-6': passthrough,
	'init-vs-cni': initVsCni,
	'packet-capture': packetCapture,
};

/** The exercise with `id` and the slug of its lesson, or undefined. */
export function findExercise(id: string): { lesson: string; exercise: Exercise } | undefined {
	for (const [lesson, list] of Object.entries(EXERCISES)) {
		const exercise = list.find((e) => e.id === id);
		if (exercise !== undefined) return { lesson, exercise };
	}
	return undefined;
}
