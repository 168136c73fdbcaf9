/**
 * The user's .proto files compiled into one protobufjs root: message types to decode with, and
 * each file's problems in words (a syntax error with its line, an import that is not there, a
 * type that does not resolve). One broken file does not take the others down.
 */
import protobuf from 'protobufjs';
import { err, ok, type Result } from '../../shared/result';
import type { ProtoFileInfo } from '../../shared/decode/settings';

export interface ProtoSource {
	readonly name: string;
	readonly text: string;
}

export interface ProtoSchemas {
	readonly root: protobuf.Root;
	readonly files: readonly ProtoFileInfo[];
	/** Fully qualified names of the message types that resolve, without a leading dot. */
	readonly messageTypes: readonly string[];
}

function reason(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

/** The types declared in a namespace and below, by full name, skipping google.protobuf's own. */
function typesIn(namespace: protobuf.NamespaceBase): protobuf.Type[] {
	const found: protobuf.Type[] = [];
	for (const nested of namespace.nestedArray) {
		if (nested instanceof protobuf.Type) found.push(nested);
		if (nested instanceof protobuf.Namespace || nested instanceof protobuf.Type) {
			if (nested.fullName === '.google.protobuf') continue;
			found.push(...typesIn(nested));
		}
	}
	return found;
}

function addCommon(root: protobuf.Root, name: string, added: Set<string>): boolean {
	const json = protobuf.common.get(name);
	if (json === null) return false;
	if (!added.has(name)) {
		added.add(name);
		root.addJSON(json.nested ?? {});
	}
	return true;
}

/** Parses one file on its own: the syntax check a save gets before the file is kept. */
export function checkProtoFile(source: ProtoSource): Result<{ imports: readonly string[] }> {
	try {
		const parsed = protobuf.parse(source.text, new protobuf.Root(), { keepCase: true });
		return ok({ imports: [...(parsed.imports ?? []), ...(parsed.weakImports ?? [])] });
	} catch (error) {
		return err('invalid-request', `${source.name}: ${reason(error)}`);
	}
}

/** Compiles every file into one root; each file's own problems are reported beside it. */
export function compileProtoFiles(sources: readonly ProtoSource[]): ProtoSchemas {
	const root = new protobuf.Root();
	const common = new Set<string>();
	const names = new Set(sources.map((source) => source.name));
	const problems = new Map<string, string[]>();
	const typesOf = new Map<string, string[]>();
	const problem = (name: string, text: string): void => {
		problems.set(name, [...(problems.get(name) ?? []), text]);
	};
	for (const source of sources) {
		const checked = checkProtoFile(source);
		if (!checked.ok) {
			problem(source.name, checked.error.message);
			continue;
		}
		for (const imported of checked.value.imports) {
			const isKnown = names.has(imported) || addCommon(root, imported, common);
			if (!isKnown) {
				problem(source.name, `imports "${imported}", which is not among the .proto files: add it.`);
			}
		}
		const before = new Set(typesIn(root).map((type) => type.fullName));
		try {
			protobuf.parse(source.text, root, { keepCase: true });
		} catch (error) {
			// Parsed alone but not beside the others: most often a name declared twice.
			problem(source.name, `${source.name}: ${reason(error)}`);
		}
		typesOf.set(
			source.name,
			typesIn(root)
				.map((type) => type.fullName)
				.filter((name) => !before.has(name)),
		);
	}
	const messageTypes: string[] = [];
	for (const type of typesIn(root)) {
		const name = type.fullName.replace(/^\./, '');
		try {
			type.resolveAll();
			messageTypes.push(name);
		} catch (error) {
			const file = [...typesOf.entries()].find(([, types]) => types.includes(type.fullName))?.[0];
			if (file !== undefined) problem(file, `${name}: ${reason(error)}`);
		}
	}
	messageTypes.sort();
	return {
		root,
		messageTypes,
		files: sources.map((source) => ({
			name: source.name,
			sizeBytes: new TextEncoder().encode(source.text).length,
			messageTypes: (typesOf.get(source.name) ?? [])
				.map((name) => name.replace(/^\./, ''))
				.filter((name) => messageTypes.includes(name)),
			problems: problems.get(source.name) ?? [],
		})),
	};
}

/** Looks up a message type; a name that is not there is answered with the ones that are. */
export function findMessageType(schemas: ProtoSchemas, name: string): Result<protobuf.Type> {
	const wanted = name.replace(/^\./, '');
	if (!schemas.messageTypes.includes(wanted)) {
		const known =
			schemas.messageTypes.length === 0
				? 'none: add a .proto file'
				: schemas.messageTypes.slice(0, 10).join(', ');
		return err('not-found', `No message type ${wanted} in the .proto files (known: ${known}).`);
	}
	return ok(schemas.root.lookupType(wanted));
}

/** Every Long inside a decoded protobuf message, as a bigint (for the tree's exact integers). */
export function unwrapLong(value: unknown): { note: string; value: unknown } | null {
	return isLong(value) ? { note: '', value: BigInt(value.toString()) } : null;
}

/** A 64-bit integer as protobufjs gives it (a Long from the 'long' package). */
export function isLong(value: unknown): value is protobuf.Long {
	if (typeof value !== 'object' || value === null) return false;
	const candidate = value as Partial<protobuf.Long>;
	return (
		typeof candidate.low === 'number' &&
		typeof candidate.high === 'number' &&
		typeof candidate.unsigned === 'boolean'
	);
}
