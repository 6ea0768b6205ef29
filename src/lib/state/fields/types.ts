/**
 * The shapes of the rows of the field table: a number with a slider, a choice, a list of whole
 * numbers, an on/off switch. Imports nothing from the table so that the table can be typed by them.
 */
import type { ScenarioInput } from '../../sim/core/schema';

export type FieldValue = number | string | boolean | readonly number[];
/**
 * Field values keyed by URL key, as the applicability predicates read them. Loosely keyed so that
 * the table's own type can be derived from the table (`FieldKey` in `table.ts`); everywhere else
 * uses the keyed `Values`.
 */
export type AnyValues = { readonly [key: string]: FieldValue | undefined };
export type FieldGroup = 'run' | 'data' | 'model' | 'training' | 'devices' | 'robust' | 'privacy';

interface FieldCommon {
	/** Short URL key, unique across the table (`alpha`, `C`, `lr`). */
	readonly key: string;
	/** Where the value lives in the `Scenario`. */
	readonly path: readonly string[];
	readonly label: string;
	/** Compact name for run legends and captions (`α`, `C`); defaults to the key. */
	readonly short?: string;
	/** One line that says what the knob does. */
	readonly help: string;
	readonly unit?: string;
	readonly group: FieldGroup;
	/** Whether the field applies to the scenario the other values describe (default: always). */
	readonly when?: (v: AnyValues) => boolean;
	/** A scenario in which the field exists, to read its default from the schema. */
	readonly context?: ScenarioInput;
}

export interface NumberField extends FieldCommon {
	readonly kind: 'number';
	/** Slider range (the schema may allow more, typed in the number box or the URL). */
	readonly min: number;
	readonly max: number;
	readonly step: number;
	readonly integer?: boolean;
	/** Slider moves on a log scale. */
	readonly log?: boolean;
	/**
	 * A named non-numeric value the field also takes (batch size `full`); with `absent`, choosing it
	 * leaves the field out of the scenario (an optional field whose absence means "automatic").
	 */
	readonly special?: { readonly value: string; readonly label: string; readonly absent?: boolean };
}

/** An on/off switch, written `1` / `0` in the URL. */
export interface ToggleField extends FieldCommon {
	readonly kind: 'toggle';
}

export interface ChoiceField extends FieldCommon {
	readonly kind: 'choice';
	readonly options: readonly { readonly value: string; readonly label: string }[];
}

/** A list of whole numbers (hidden-layer widths, convolution filters), written `200,200`. */
export interface ListField extends FieldCommon {
	readonly kind: 'list';
	readonly min: number;
	readonly max: number;
	readonly minLength: number;
	readonly maxLength: number;
}

/** The shape of a row, before its key is narrowed to `FieldKey` (see `Field` in `table.ts`). */
export type FieldSpec = NumberField | ChoiceField | ListField | ToggleField;
