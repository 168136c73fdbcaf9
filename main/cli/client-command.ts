/**
 * The start `pub`, `sub` and `rr` share, as the mosquitto clients do: -D properties taken out of
 * the arguments, the options parsed, --quiet and --help honoured, usage errors said one way.
 */
import type { ParseArgsConfig, parseArgs } from 'node:util';
import { EXIT_USAGE, parseCommandArgs } from './cli-common';
import {
	extractPropertyArgs,
	propertiesFromArgs,
	type PropertyArgs,
	type PropertyCommand,
} from './property-args';

type Options = NonNullable<ParseArgsConfig['options']>;
type Values<O extends Options> = ReturnType<
	typeof parseArgs<{ options: O; allowPositionals: true }>
>['values'];

export interface ClientCommand<O extends Options> {
	readonly values: Values<O>;
	readonly properties: PropertyArgs;
	/** A line on stderr, unless --quiet. */
	readonly say: (text: string) => void;
	/** Says a usage error with the pointer to --help; returns the usage exit status. */
	readonly usage: (text: string) => number;
}

/** The parsed command, or the exit status to return at once (--help, a usage error). */
export function startClientCommand<O extends Options>(
	tool: 'pub' | 'sub' | 'rr',
	args: readonly string[],
	options: O,
	help: string,
	allowedProperties: readonly PropertyCommand[],
): ClientCommand<O> | number {
	// Known before parsing (a parse error is said quietly too), confirmed by the parse after.
	let isQuiet = args.includes('--quiet');
	const say = (text: string): void => {
		if (!isQuiet) process.stderr.write(`topicscope ${tool}: ${text}\n`);
	};
	const usage = (text: string): number => {
		say(`${text}\nRun 'topicscope ${tool} --help' for the options.`);
		return EXIT_USAGE;
	};
	const extracted = extractPropertyArgs(args, options);
	if (!extracted.ok) return usage(extracted.error.message);
	const parsed = parseCommandArgs(extracted.value.rest, options);
	if (!parsed.ok) return usage(parsed.error.message);
	const { values } = parsed.value;
	const flags: { readonly quiet?: unknown; readonly help?: unknown } = values;
	isQuiet = flags.quiet === true;
	if (flags.help === true) {
		process.stdout.write(help);
		return 0;
	}
	const properties = propertiesFromArgs(extracted.value.properties, allowedProperties, tool);
	if (!properties.ok) return usage(properties.error.message);
	return { values, properties: properties.value, say, usage };
}
