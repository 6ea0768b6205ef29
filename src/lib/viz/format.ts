/**
 * Number formatting shared by the graph, the charts, their exports and the captions. SI units
 * (1 kB = 1000 B), as network bandwidth is counted; thin spaces are not used so that the strings
 * survive CSV and SVG export unchanged.
 */

const BYTE_UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'] as const;

/** Three significant digits at most, without trailing zeros: 1.50 → "1.5", 123.4 → "123". */
function sig3(x: number): string {
	const a = Math.abs(x);
	const digits = a >= 100 ? 0 : a >= 10 ? 1 : 2;
	return String(Number(x.toFixed(digits)));
}

/** Bytes in SI units: 0 → "0 B", 1234 → "1.23 kB", 5e6 → "5 MB", 2.5e9 → "2.5 GB". */
export function formatBytes(bytes: number): string {
	if (!Number.isFinite(bytes)) return '–';
	let v = Math.abs(bytes);
	let u = 0;
	while (v >= 999.5 && u < BYTE_UNITS.length - 1) {
		v /= 1000;
		u++;
	}
	return `${bytes < 0 ? '-' : ''}${sig3(v)} ${BYTE_UNITS[u]}`;
}

/**
 * A duration of simulated time: "0 s", "0.25 s", "12.3 s", "2 min 5 s", "1 h 3 min".
 * Below a minute it keeps three significant digits; above, whole seconds or minutes.
 */
export function formatSeconds(seconds: number): string {
	if (!Number.isFinite(seconds)) return '–';
	const sign = seconds < 0 ? '-' : '';
	const s = Math.abs(seconds);
	if (s < 59.95) return `${sign}${sig3(s)} s`;
	const total = Math.round(s);
	if (total < 3600) {
		const m = Math.floor(total / 60);
		const r = total % 60;
		return `${sign}${m} min${r ? ` ${r} s` : ''}`;
	}
	const minutes = Math.round(s / 60);
	const h = Math.floor(minutes / 60);
	const m = minutes % 60;
	return `${sign}${h} h${m ? ` ${m} min` : ''}`;
}

/** Tick labels for a time axis whose largest value is `max` seconds: one unit for all ticks. */
export function timeTickFormatter(max: number): (seconds: number) => string {
	const [div, unit] = max >= 7200 ? [3600, 'h'] : max >= 120 ? [60, 'min'] : [1, 's'];
	return (seconds) => `${Number((seconds / div).toFixed(2))} ${unit}`;
}

/** A fraction as a percentage with one decimal: 0.9123 → "91.2 %". */
export function formatPercent(fraction: number, decimals = 1): string {
	if (!Number.isFinite(fraction)) return '–';
	return `${(fraction * 100).toFixed(decimals)} %`;
}

/** A loss value: four significant digits, "–" for non-finite values. */
export function formatLoss(loss: number): string {
	if (!Number.isFinite(loss)) return '–';
	return loss >= 100 ? loss.toFixed(0) : loss.toPrecision(4);
}

/** An integer with thousands separators: 12345 → "12,345". */
export function formatCount(n: number): string {
	return Math.round(n).toLocaleString('en-US');
}

/**
 * A setting's value, compact: up to 3 significant digits below 100 (0.123, 12.3), whole above, with
 * thousands separators for integers (12,345).
 */
export function formatNumber(n: number): string {
	if (!Number.isFinite(n)) return String(n);
	if (Number.isInteger(n)) return n.toLocaleString('en-US');
	const abs = Math.abs(n);
	if (abs >= 100) return n.toFixed(0);
	return String(Number(n.toPrecision(abs < 1 ? 2 : 3)));
}
