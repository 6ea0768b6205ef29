/**
 * Light / dark / follow-the-system theme, stored in localStorage and applied as `data-theme` on
 * <html> (app.html applies the stored choice before the first paint, so there is no flash).
 */
export type ThemeChoice = 'light' | 'dark' | 'system';

const KEY = 'dlp:theme';

function stored(): ThemeChoice {
	try {
		const v = localStorage.getItem(KEY);
		return v === 'light' || v === 'dark' ? v : 'system';
	} catch {
		return 'system';
	}
}

export class Theme {
	choice = $state<ThemeChoice>('system');

	/** Reads the stored choice; call in the browser. */
	load(): void {
		this.choice = stored();
	}

	set(choice: ThemeChoice): void {
		this.choice = choice;
		try {
			if (choice === 'system') localStorage.removeItem(KEY);
			else localStorage.setItem(KEY, choice);
		} catch {
			// private mode: the choice lasts for this page only
		}
		if (choice === 'system') delete document.documentElement.dataset.theme;
		else document.documentElement.dataset.theme = choice;
	}

	/** Light → dark → system → light. */
	cycle(): void {
		this.set(this.choice === 'light' ? 'dark' : this.choice === 'dark' ? 'system' : 'light');
	}
}
