// The virtual filesystem the shell and its commands see. Paths are absolute and normalised by the
// caller (resolvePath). The world's builder populates it (e.g. /etc/resolv.conf) and may add
// generated files whose content is computed on every read (e.g. /proc/net/tcp from the sockets).

export type FsError = 'ENOENT' | 'ENOTDIR' | 'EISDIR' | 'EACCES' | 'EFBIG';

/** strerror(3) in the C locale, as every GNU tool prints it. */
export const STRERROR: Readonly<Record<FsError, string>> = {
	ENOENT: 'No such file or directory',
	ENOTDIR: 'Not a directory',
	EISDIR: 'Is a directory',
	EACCES: 'Permission denied',
	EFBIG: 'File too large',
};

export interface FileStat {
	readonly type: 'file' | 'dir' | 'device';
	/** st_size: the length of a stored file, 0 for generated ones (as for files under /proc). */
	readonly size: number;
	readonly mode: number;
	readonly uid: number;
	readonly gid: number;
	readonly mtimeMs: number;
}

/** A failed read; an object, because any string (even "ENOENT") can be a file's content. */
export interface FsFailure {
	readonly error: FsError;
}

export interface VirtualFs {
	stat(path: string): FileStat | FsError;
	read(path: string): string | FsFailure;
	write(path: string, data: string, append: boolean): FsError | undefined;
	/** Names in a directory, sorted in byte order (C locale). */
	list(path: string): readonly string[] | FsError;
	mkdir(path: string): FsError | undefined;
}

export function isFsError(v: unknown): v is FsError {
	return typeof v === 'string' && v in STRERROR;
}

/** Resolves `p` against `cwd` the way the kernel walks a path, without following symlinks. */
export function resolvePath(cwd: string, p: string): string {
	const parts: string[] = [];
	for (const seg of `${p.startsWith('/') ? '' : cwd}/${p}`.split('/')) {
		if (seg === '' || seg === '.') continue;
		if (seg === '..') parts.pop();
		else parts.push(seg);
	}
	return `/${parts.join('/')}`;
}

export function dirnameOf(path: string): string {
	const i = path.lastIndexOf('/');
	return i <= 0 ? '/' : path.slice(0, i);
}

export function basenameOf(path: string): string {
	return path.slice(path.lastIndexOf('/') + 1);
}

interface FileOptions {
	readonly mode?: number;
	readonly uid?: number;
	readonly gid?: number;
	readonly mtimeMs?: number;
	readonly readOnly?: boolean;
}

type Entry =
	| { readonly type: 'dir'; readonly mode: number; readonly uid: number; readonly gid: number; readonly mtimeMs: number }
	| { readonly type: 'file'; content: string | (() => string); readonly opts: FileOptions }
	| { readonly type: 'device'; readonly name: 'null' };

const byteOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** An in-memory filesystem with /, /tmp, /root and /dev/null; deterministic, no clock. */
export class MemoryFs implements VirtualFs {
	private readonly entries = new Map<string, Entry>();

	constructor(private readonly maxFileSize = 4 * 1024 * 1024) {
		for (const d of ['/', '/tmp', '/root', '/dev', '/etc', '/proc']) this.mkdirs(d);
		this.entries.set('/dev/null', { type: 'device', name: 'null' });
	}

	/** Creates a directory and its parents (mkdir -p). */
	mkdirs(path: string, mode = 0o755): void {
		let cur = '';
		for (const seg of path.split('/').filter((s) => s !== '')) {
			cur += `/${seg}`;
			if (!this.entries.has(cur)) this.entries.set(cur, { type: 'dir', mode, uid: 0, gid: 0, mtimeMs: 0 });
		}
		if (!this.entries.has('/')) this.entries.set('/', { type: 'dir', mode, uid: 0, gid: 0, mtimeMs: 0 });
	}

	/** Adds a file, creating its directories. A function content is generated on every read. */
	setFile(path: string, content: string | (() => string), opts: FileOptions = {}): void {
		this.mkdirs(dirnameOf(path));
		this.entries.set(path, { type: 'file', content, opts });
	}

	stat(path: string): FileStat | FsError {
		const e = this.entries.get(path);
		if (e === undefined) return this.missing(path);
		if (e.type === 'dir') return { type: 'dir', size: 4096, mode: e.mode, uid: e.uid, gid: e.gid, mtimeMs: e.mtimeMs };
		if (e.type === 'device') return { type: 'device', size: 0, mode: 0o666, uid: 0, gid: 0, mtimeMs: 0 };
		const size = typeof e.content === 'string' ? new TextEncoder().encode(e.content).length : 0;
		return { type: 'file', size, mode: e.opts.mode ?? 0o644, uid: e.opts.uid ?? 0, gid: e.opts.gid ?? 0, mtimeMs: e.opts.mtimeMs ?? 0 };
	}

	read(path: string): string | FsFailure {
		const e = this.entries.get(path);
		if (e === undefined) return { error: this.missing(path) };
		if (e.type === 'dir') return { error: 'EISDIR' };
		if (e.type === 'device') return '';
		return typeof e.content === 'string' ? e.content : e.content();
	}

	write(path: string, data: string, append: boolean): FsError | undefined {
		const e = this.entries.get(path);
		if (e?.type === 'device') return undefined;
		if (e?.type === 'dir') return 'EISDIR';
		if (e === undefined) {
			const parent = this.entries.get(dirnameOf(path));
			if (parent === undefined) return this.missing(dirnameOf(path));
			if (parent.type !== 'dir') return 'ENOTDIR';
		}
		if (e?.type === 'file' && (e.opts.readOnly || typeof e.content !== 'string')) return 'EACCES';
		const before = e?.type === 'file' && append ? (e.content as string) : '';
		if (before.length + data.length > this.maxFileSize) return 'EFBIG';
		this.entries.set(path, { type: 'file', content: before + data, opts: e?.type === 'file' ? e.opts : {} });
		return undefined;
	}

	list(path: string): readonly string[] | FsError {
		const e = this.entries.get(path);
		if (e === undefined) return this.missing(path);
		if (e.type !== 'dir') return 'ENOTDIR';
		const prefix = path === '/' ? '/' : `${path}/`;
		const names: string[] = [];
		for (const key of this.entries.keys()) {
			if (key !== '/' && key.startsWith(prefix) && !key.slice(prefix.length).includes('/')) names.push(key.slice(prefix.length));
		}
		return names.sort(byteOrder);
	}

	mkdir(path: string): FsError | undefined {
		if (this.entries.has(path)) return 'EACCES';
		const parent = this.entries.get(dirnameOf(path));
		if (parent === undefined) return 'ENOENT';
		if (parent.type !== 'dir') return 'ENOTDIR';
		this.entries.set(path, { type: 'dir', mode: 0o755, uid: 0, gid: 0, mtimeMs: 0 });
		return undefined;
	}

	/** ENOTDIR when a parent on the way is a file, ENOENT otherwise. */
	private missing(path: string): FsError {
		for (let p = dirnameOf(path); p !== '/'; p = dirnameOf(p)) {
			const e = this.entries.get(p);
			if (e !== undefined) return e.type === 'dir' ? 'ENOENT' : 'ENOTDIR';
		}
		return 'ENOENT';
	}
}
