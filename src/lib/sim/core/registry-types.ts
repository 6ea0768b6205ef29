/**
 * Shapes shared by the registries of aggregators and attacks. A parameter's range is the schema's
 * (core/schema.ts); its label, help and slider are its row in state/fields/table.ts.
 */

/** The outcome of a precondition check: errors block a run, warnings explain a void guarantee. */
export interface Checks {
	readonly errors: string[];
	readonly warnings: string[];
}
