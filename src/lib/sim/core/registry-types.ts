/** Shapes shared by the registries of aggregators and attacks (read by the UI, the URL codec, the CLI). */

/** One tunable parameter of a registered rule or attack, for pickers and sliders. */
export interface ParameterInfo {
	/** The field name in the scenario. */
	readonly key: string;
	readonly label: string;
	readonly description: string;
	/** Inclusive range of a numeric parameter. */
	readonly min?: number;
	readonly max?: number;
	readonly step?: number;
	/** The allowed values of a choice. */
	readonly options?: readonly string[];
	/** What an absent value means (the parameter is then automatic). */
	readonly auto?: string;
}

/** The outcome of a precondition check: errors block a run, warnings explain a void guarantee. */
export interface Checks {
	readonly errors: string[];
	readonly warnings: string[];
}
