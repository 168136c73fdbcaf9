/**
 * Whether the connection form holds unsaved edits: pure functions over plain values, so the rule is
 * tested in Node and the form state only wires it.
 */
import type { Profile, SecretField } from '../../../shared/model/profile';

/**
 * A text that is equal for two drafts exactly when saving one or the other stores the same thing.
 *
 * Keys are sorted and empty values dropped (null from a cleared number input, undefined from an
 * unset option, '' from a text field typed in and emptied, [] from a list emptied), so a field the
 * user touched and put back, or a key order that differs between main's copy and the form's, does
 * not count as an edit: each of those saves as "not set". Typed secrets are in the profile; secrets
 * the user asked to forget are added beside it.
 */
export function draftKey(
	profile: Profile,
	clearedSecrets: Readonly<Partial<Record<SecretField, boolean>>> = {},
): string {
	const cleared = Object.keys(clearedSecrets)
		.filter((field) => clearedSecrets[field as SecretField] === true)
		.sort();
	return stableJson({ profile, cleared });
}

function stableJson(value: unknown): string {
	return JSON.stringify(sorted(value));
}

function sorted(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(sorted);
	if (typeof value !== 'object' || value === null) return value;
	const entries = Object.entries(value)
		.filter(([, item]) => !isEmpty(item))
		.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
		.map(([key, item]) => [key, sorted(item)]);
	return Object.fromEntries(entries);
}

/**
 * The client id a copy of a saved profile gets: a fresh one when it still has the original's.
 *
 * Two profiles with one client id take each other's session over on the same broker; an empty id
 * stays empty (the broker assigns one per connection, so it is never shared).
 */
export function clientIdForCopy(
	clientId: string,
	originalClientId: string,
	generate: () => string,
): string {
	return clientId !== '' && clientId === originalClientId ? generate() : clientId;
}

function isEmpty(value: unknown): boolean {
	return (
		value === null ||
		value === undefined ||
		value === '' ||
		(Array.isArray(value) && value.length === 0)
	);
}
