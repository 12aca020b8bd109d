// Every recorded case (tests/fixtures/shell/README.md): the same line run in the simulator, in a
// fresh session over the same files, must print the same stdout and stderr and exit the same.

import { describe, expect, it } from 'vitest';
import { caseShell, recorded } from './fixtures';

const { tools, cases } = recorded();

/** Cases whose output the simulator does not reproduce, with the reason (none at the moment). */
export const KNOWN_GAPS: Readonly<Record<string, string>> = {};

describe(`recorded with ${tools.bash}, ${tools.coreutils}, ${tools.jq}`, () => {
	it('has the recording this suite expects', () => {
		expect(cases.length).toBeGreaterThanOrEqual(200);
	});
	describe.each(cases)('$name', (c) => {
		const gap = KNOWN_GAPS[c.name];
		(gap === undefined ? it : it.skip)(c.line, () => {
			const got = caseShell().run(c.line);
			expect({ stdout: got.stdout, stderr: got.stderr, exitCode: got.exitCode }).toEqual({ stdout: c.stdout, stderr: c.stderr, exitCode: c.exitCode });
		});
	});
});
