/**
 * Decoder settings in the app's data folder: `decoders.json` holds the bindings (topic filter →
 * decoder), `proto/` the user's .proto files as they uploaded them. Small, human-readable, written
 * whole and renamed into place so a crash never leaves half a file. Without a data folder
 * (tests, a throwaway core) they live in memory.
 *
 * A file that cannot be read is set aside (renamed, never deleted) and the user is told.
 */
import {
	existsSync,
	mkdirSync,
	readdirSync,
	readFileSync,
	renameSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import * as v from 'valibot';
import { BindingSchema, validateBindingFilter, type Binding } from '../../shared/decode/binding';
import type { Decoder } from '../../shared/decode/decoder';
import { MAX_PROTO_FILE_CHARS, type DecoderSettings } from '../../shared/decode/settings';
import { err, ok, type Result } from '../../shared/result';
import { createLogger } from '../log/logger';
import {
	checkProtoFile,
	compileProtoFiles,
	type ProtoSchemas,
	type ProtoSource,
} from './proto-schemas';

const log = createLogger('decoders');

const SETTINGS_FILE = 'decoders.json';
const PROTO_FOLDER = 'proto';
const MAX_BINDINGS = 1_000;
const MAX_PROTO_FILES = 200;

const FileSchema = v.object({
	version: v.literal(1),
	bindings: v.array(v.unknown()),
});

function reason(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

function stamp(): string {
	return new Date().toISOString().replace(/[:.]/g, '-');
}

/** Writes a file whole: to a temporary name first, then renamed over the old one. */
function writeWhole(path: string, text: string): void {
	const temporary = `${path}.${process.pid}.tmp`;
	writeFileSync(temporary, text, { mode: 0o600 });
	renameSync(temporary, path);
}

export class DecoderSettingsStore {
	#bindings: Binding[];
	readonly #protos: Map<string, string>;
	#schemas: ProtoSchemas | null = null;
	#problem: string | null;
	/** Bumped when a .proto file changes, so a worker knows to compile them again. */
	#protoVersion = 0;

	private constructor(
		readonly dataDir: string | null,
		bindings: Binding[],
		protos: Map<string, string>,
		problem: string | null,
	) {
		this.#bindings = bindings;
		this.#protos = protos;
		this.#problem = problem;
	}

	/** Opens the settings in `dataDir` (made if missing), or in memory without one. */
	static open(dataDir: string | undefined): DecoderSettingsStore {
		if (dataDir === undefined) return new DecoderSettingsStore(null, [], new Map(), null);
		const problems: string[] = [];
		const bindings = readBindings(dataDir, problems);
		const protos = readProtos(dataDir, problems);
		const problem = problems.length === 0 ? null : problems.join(' ');
		if (problem !== null) log.warn('decoder settings partly unreadable', { problem });
		return new DecoderSettingsStore(dataDir, bindings, protos, problem);
	}

	get bindings(): readonly Binding[] {
		return this.#bindings;
	}

	/** The .proto files compiled, once per change. */
	get schemas(): ProtoSchemas {
		this.#schemas ??= compileProtoFiles(this.#protoSources());
		return this.#schemas;
	}

	get protoVersion(): number {
		return this.#protoVersion;
	}

	/** The .proto files as stored, to hand to a worker thread. */
	protoSources(): ProtoSource[] {
		return this.#protoSources();
	}

	#protoSources(): ProtoSource[] {
		return [...this.#protos.entries()]
			.sort(([a], [b]) => a.localeCompare(b))
			.map(([name, text]) => ({ name, text }));
	}

	settings(): DecoderSettings {
		const schemas = this.schemas;
		return {
			bindings: this.#bindings,
			protoFiles: schemas.files,
			messageTypes: schemas.messageTypes,
			problem: this.#problem,
		};
	}

	/** Binds a filter to a decoder; a binding of the same filter is replaced. */
	bind(filter: string, decoder: Decoder): Result<DecoderSettings> {
		const valid = validateBindingFilter(filter);
		if (!valid.ok) return valid;
		const others = this.#bindings.filter((binding) => binding.filter !== filter);
		if (others.length >= MAX_BINDINGS) {
			return err('invalid-request', `At most ${MAX_BINDINGS} bindings are kept: remove one first.`);
		}
		return this.#saveBindings([...others, { filter, decoder }]);
	}

	unbind(filter: string): Result<DecoderSettings> {
		if (!this.#bindings.some((binding) => binding.filter === filter)) {
			return err('not-found', `No binding for ${filter}.`);
		}
		return this.#saveBindings(this.#bindings.filter((binding) => binding.filter !== filter));
	}

	#saveBindings(bindings: Binding[]): Result<DecoderSettings> {
		if (this.dataDir !== null) {
			try {
				mkdirSync(this.dataDir, { recursive: true, mode: 0o700 });
				writeWhole(
					join(this.dataDir, SETTINGS_FILE),
					`${JSON.stringify({ version: 1, bindings }, null, '\t')}\n`,
				);
			} catch (error) {
				return err('internal', `The bindings could not be saved: ${reason(error)}.`);
			}
		}
		this.#bindings = bindings;
		log.info('bindings saved', { count: bindings.length });
		return ok(this.settings());
	}

	/** Keeps a .proto file (replacing one of the same name) once it parses on its own. */
	saveProto(name: string, text: string): Result<DecoderSettings> {
		if (text.length > MAX_PROTO_FILE_CHARS) {
			return err('invalid-request', `${name} is larger than the 1 MB a .proto file may be here.`);
		}
		if (!this.#protos.has(name) && this.#protos.size >= MAX_PROTO_FILES) {
			return err(
				'invalid-request',
				`At most ${MAX_PROTO_FILES} .proto files are kept: remove one first.`,
			);
		}
		const checked = checkProtoFile({ name, text });
		if (!checked.ok) return err('invalid-request', `Not saved: ${checked.error.message}`);
		if (this.dataDir !== null) {
			try {
				const folder = join(this.dataDir, PROTO_FOLDER);
				mkdirSync(folder, { recursive: true, mode: 0o700 });
				writeWhole(join(folder, name), text);
			} catch (error) {
				return err('internal', `${name} could not be saved: ${reason(error)}.`);
			}
		}
		this.#protos.set(name, text);
		this.#schemas = null;
		this.#protoVersion += 1;
		log.info('proto file saved', { name, sizeChars: text.length });
		return ok(this.settings());
	}

	removeProto(name: string): Result<DecoderSettings> {
		if (!this.#protos.has(name)) return err('not-found', `No .proto file named ${name}.`);
		if (this.dataDir !== null) {
			try {
				rmSync(join(this.dataDir, PROTO_FOLDER, name), { force: true });
			} catch (error) {
				return err('internal', `${name} could not be removed: ${reason(error)}.`);
			}
		}
		this.#protos.delete(name);
		this.#schemas = null;
		this.#protoVersion += 1;
		return ok(this.settings());
	}
}

function readBindings(dataDir: string, problems: string[]): Binding[] {
	const path = join(dataDir, SETTINGS_FILE);
	if (!existsSync(path)) return [];
	let parsed: v.InferOutput<typeof FileSchema>;
	try {
		parsed = v.parse(FileSchema, JSON.parse(readFileSync(path, 'utf8')));
	} catch (error) {
		const aside = `${path}.unreadable-${stamp()}`;
		try {
			renameSync(path, aside);
		} catch (renameError) {
			problems.push(`${SETTINGS_FILE} could not be set aside either: ${reason(renameError)}.`);
		}
		problems.push(
			`${SETTINGS_FILE} could not be read (${reason(error)}); it was kept as ${aside} and the bindings start empty.`,
		);
		return [];
	}
	const bindings: Binding[] = [];
	for (const entry of parsed.bindings) {
		const binding = v.safeParse(BindingSchema, entry);
		if (binding.success && validateBindingFilter(binding.output.filter).ok) {
			bindings.push(binding.output);
		} else {
			problems.push(
				`A binding in ${SETTINGS_FILE} was not understood and is ignored: ${JSON.stringify(entry).slice(0, 200)}.`,
			);
		}
	}
	return bindings;
}

function readProtos(dataDir: string, problems: string[]): Map<string, string> {
	const folder = join(dataDir, PROTO_FOLDER);
	const protos = new Map<string, string>();
	if (!existsSync(folder)) return protos;
	try {
		for (const name of readdirSync(folder).sort()) {
			if (!name.endsWith('.proto') || protos.size >= MAX_PROTO_FILES) continue;
			protos.set(name, readFileSync(join(folder, name), 'utf8'));
		}
	} catch (error) {
		problems.push(`The .proto folder could not be read: ${reason(error)}.`);
	}
	return protos;
}
