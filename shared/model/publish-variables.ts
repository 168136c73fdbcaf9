/**
 * Variables in a published topic, text payload or user property value, expanded by main at the
 * moment each message is sent (so a repeat run gives every message its own values).
 *
 * Only the names below are replaced; any other `{{…}}` is left as written, so a payload that
 * happens to contain a template of another tool goes out unchanged.
 */

export interface VariableValues {
	/** Milliseconds since the epoch, read when the message is sent. */
	readonly nowMs: number;
	/** A fresh random UUID for each occurrence. */
	readonly uuid: () => string;
	/** 1 for the first message a connection publishes, then 2, 3… (repeat runs included). */
	readonly counter: number;
}

/** The variables and what they become, for the panel's hint. */
export const VARIABLES: readonly { readonly name: string; readonly meaning: string }[] = [
	{ name: '{{now}}', meaning: 'the time of sending, ISO 8601 (2025-05-01T12:00:00.000Z)' },
	{ name: '{{timestamp}}', meaning: 'the time of sending in milliseconds since 1970' },
	{ name: '{{uuid}}', meaning: 'a new random UUID for each message' },
	{ name: '{{counter}}', meaning: '1, 2, 3… counting the messages this connection publishes' },
];

const PATTERN = /\{\{(now|timestamp|uuid|counter)\}\}/g;

/** Whether `text` uses any variable. */
export function hasVariables(text: string): boolean {
	PATTERN.lastIndex = 0;
	return PATTERN.test(text);
}

/** `text` with every variable replaced by its value. */
export function expandVariables(text: string, values: VariableValues): string {
	if (!text.includes('{{')) return text;
	return text.replace(PATTERN, (_match, name: string) => {
		switch (name) {
			case 'now':
				return new Date(values.nowMs).toISOString();
			case 'timestamp':
				return String(values.nowMs);
			case 'uuid':
				return values.uuid();
			default:
				return String(values.counter);
		}
	});
}

/**
 * `text` with each variable replaced by a sample of its kind, for checking a JSON template before
 * sending: `{"n": {{counter}}}` is valid JSON once expanded, not before.
 */
export function withSampleValues(text: string): string {
	return expandVariables(text, {
		nowMs: 0,
		uuid: () => '00000000-0000-4000-8000-000000000000',
		counter: 1,
	});
}
