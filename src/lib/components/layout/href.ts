/** The route of a chapter by slug, typed for `resolve()` (which adds the site's base path). */
import type { Pathname } from '$app/types';

export function chapterPath(slug: string): Pathname {
	return `/${slug}/` as Pathname;
}
