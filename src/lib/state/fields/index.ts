/**
 * The scenario fields the UI edits: the declarative table (`table.ts`), the value model
 * (`values.ts`), the text forms (`text.ts`) and the URL codec (`url.ts`).
 */
export type {
	AnyValues,
	ChoiceField,
	FieldGroup,
	FieldSpec,
	FieldValue,
	ListField,
	NumberField,
	ToggleField
} from './types';
export {
	FIELDS,
	FIELD_BY_KEY,
	RESERVED_KEYS,
	applies,
	fieldOf,
	isFieldKey,
	type Field,
	type FieldKey,
	type Values
} from './table';
export {
	checkField,
	defaultValues,
	keySet,
	scenarioInput,
	toScenario,
	valuesFromScenario,
	withValues,
	type FieldParse
} from './values';
export { displayValue, formatField, parseField, shortLabel } from './text';
export {
	NOTICE_MAX,
	decodeUrl,
	encodeUrl,
	searchParams,
	type Decoded,
	type UrlOptions
} from './url';
