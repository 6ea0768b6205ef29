/**
 * Which tfjs backend the workers start on: the link's `backend=`, else the pick a worker measured
 * on an earlier visit (kept in localStorage), else `auto` (measure now). Every worker bridge of
 * the site reads the same choice, so the split-learning figures train where the live cells do.
 */
import { BACKEND_CHOICES, type BackendChoice, type BackendName } from '../hosts/worker/protocol';

export { BACKEND_CHOICES };

const KEY = 'dlp:backend';

export function isBackendChoice(v: string | null | undefined): v is BackendChoice {
	return (BACKEND_CHOICES as readonly (string | null | undefined)[]).includes(v);
}

/** The measured pick of an earlier visit, or `auto`. */
export function storedBackend(): BackendChoice {
	try {
		const b = localStorage.getItem(KEY);
		return isBackendChoice(b) ? b : 'auto';
	} catch {
		return 'auto';
	}
}

/** Keeps a measured pick for the next visit (and the other workers of this one). */
export function rememberBackend(name: BackendName): void {
	try {
		localStorage.setItem(KEY, name);
	} catch {
		// not stored: the next visit measures again
	}
}

/** The link's valid `backend=` choice, else the stored one. */
export function backendChoiceFor(search: string): BackendChoice {
	const linked = new URLSearchParams(search).get('backend');
	return isBackendChoice(linked) ? linked : storedBackend();
}
