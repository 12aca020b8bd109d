// The test session of the recorded cases: the same files, at the same path, as the recorder's
// (tests/fixtures/shell/record.ts), so `pwd`, `~` and file names print the same.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryFs, Shell, type Registry } from '../../../src/shell';
import { standardRegistry } from '../../../src/shell/commands';

export const FIXTURES = join(process.cwd(), 'tests/fixtures/shell');
export const CASE_DIR = '/tmp/sidecar-lab-shell';

export interface RecordedCase {
	readonly name: string;
	readonly line: string;
	readonly stdout: string;
	readonly stderr: string;
	readonly exitCode: number;
}

export function recorded(): { tools: Record<string, string>; cases: RecordedCase[] } {
	return JSON.parse(readFileSync(join(FIXTURES, 'recorded.json'), 'utf8'));
}

export function caseFs(): MemoryFs {
	const fs = new MemoryFs();
	fs.mkdirs(CASE_DIR);
	for (const f of readdirSync(join(FIXTURES, 'files'))) fs.setFile(`${CASE_DIR}/${f}`, readFileSync(join(FIXTURES, 'files', f), 'utf8'));
	return fs;
}

export function caseShell(registry: Registry = standardRegistry()): Shell {
	return new Shell({ registry, fs: caseFs(), cwd: CASE_DIR, tty: false, env: { HOME: CASE_DIR, PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', LC_ALL: 'C', TERM: 'dumb' } });
}
