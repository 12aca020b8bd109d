// Goldens of the simulator's own output (regression, not ground truth: the ground truth of each
// format is the recorded real output its test compares first). `REFRESH_GOLDENS=1 npx vitest run
// tests/unit/commands` rewrites them after a deliberate change; review the diff.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const RECORDED = join(import.meta.dirname, 'recorded');
const GOLDEN = join(import.meta.dirname, 'golden');

export function golden(name: string, actual: string): string {
	const path = join(GOLDEN, name);
	if (process.env.REFRESH_GOLDENS === '1' || !existsSync(path)) writeFileSync(path, actual);
	return readFileSync(path, 'utf8');
}

export const recorded = (name: string): string => readFileSync(join(RECORDED, name), 'utf8');
