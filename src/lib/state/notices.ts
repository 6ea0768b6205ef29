/** Readable messages for the page: bad links, bad imports, worker errors, a diverged model. */
export type NoticeLevel = 'error' | 'warning' | 'info';

export interface Notice {
	readonly id: number;
	readonly level: NoticeLevel;
	readonly title: string;
	/** One line per detail (e.g. one per rejected URL parameter). */
	readonly details: readonly string[];
}

let nextId = 1;

export function notice(level: NoticeLevel, title: string, details: readonly string[] = []): Notice {
	return { id: nextId++, level, title, details };
}
