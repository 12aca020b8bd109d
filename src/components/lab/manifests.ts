// The page's stand-in for the `yaml` package inside src/commands/kubectl (astro.config.mjs resolves
// `yaml` to this module for the client build, and only when kubectl imports it). kubectl reads the
// pods' manifests, `kubectl get pod -o yaml` text that is scenario data: the build parses each one
// with yaml itself and sends the result with the lab's data (lab-data.ts `manifests`), and
// sessions.ts registers it here before the world is built. So the page answers with the very
// objects yaml made, without yaml (~30 KB gzip); tests/unit/terminal/world-session.test.ts runs
// kubectl in a lab built this way against the CLI's.

const parsed = new Map<string, unknown>();

/** The manifests of a lab's data: each text with the object the build's YAML parser made of it. */
export function registerManifests(entries: Iterable<readonly [text: string, value: unknown]>): void {
	for (const [text, value] of entries) parsed.set(text, value);
}

/**
 * The object of a registered manifest. Every text kubectl can meet in the page is a scenario's
 * manifest, registered with the data; anything else reads as an empty document (null), as yaml
 * reads an empty text, rather than failing the command.
 */
export function parse(text: string): unknown {
	return parsed.get(text) ?? null;
}
