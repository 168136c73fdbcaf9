/**
 * The decoder settings kept in the app's data folder: bindings (topic filter → decoder) and the
 * user's .proto files. Requests are validated here; answers are the types below.
 */
import * as v from 'valibot';
import type { Binding } from './binding';

/** A .proto file name: a plain file name, no folders (the files live in one folder of the app's data). */
export const ProtoFileName = v.pipe(
	v.string(),
	v.regex(
		/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}\.proto$/,
		'expected a file name ending in .proto, of letters, digits, _ . and -',
	),
);

/** Text of one .proto file, at most 1 MB. */
export const MAX_PROTO_FILE_CHARS = 1_000_000;

export interface ProtoFileInfo {
	readonly name: string;
	readonly sizeBytes: number;
	/** Message types the file declares that resolve. */
	readonly messageTypes: readonly string[];
	/** What is wrong with it, in words; empty when it compiled. */
	readonly problems: readonly string[];
}

export interface DecoderSettings {
	readonly bindings: readonly Binding[];
	readonly protoFiles: readonly ProtoFileInfo[];
	/** Every message type that can be decoded with, across the files. */
	readonly messageTypes: readonly string[];
	/** Why the settings could not be read or saved, when that happened (they are then kept in memory). */
	readonly problem: string | null;
}
