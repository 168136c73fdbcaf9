/**
 * The `topicscope` command line: `decode` frames from hex text, `encode` JSON models to hex; the
 * other commands (pub, sub, rr, check, record, history, replay) live in modules of their own.
 *
 * decode: stdin holds frames as hex (one per line; a multi-line hex dump or C array is one frame).
 * Prints one JSON object per frame; exits 1 after printing if any frame was malformed.
 * encode: stdin holds one JSON object per line in the decode output shape; prints hex per line.
 * Problems go to stderr with the line number; exits 1 if any line failed, 2 on bad usage.
 */
import {
	chooseLevel,
	decodeFrame,
	describeHexProblem,
	encodePacket,
	frameToJson,
	packetFromJson,
	parseHex,
	splitHexBlocks,
	toHex,
	type ChosenLevel,
	type HexProblem,
	type ProtocolLevel,
} from '../../shared/mqtt/codec/index';
import { PROTOCOL_NAMES } from '../../shared/mqtt/protocol';
import { runCheck } from './check';
import { runHistory } from './history';
import { runPub } from './pub';
import { runRecord } from './record';
import { runReplay } from './replay';
import { runRr } from './rr';
import { runSub } from './sub';

/** Commands with modules of their own under main/cli: one line each. */
const COMMANDS: Readonly<Record<string, (args: readonly string[]) => Promise<number>>> = {
	pub: runPub,
	sub: runSub,
	rr: runRr,
	check: runCheck,
	record: runRecord,
	history: runHistory,
	replay: runReplay,
};

/** The mosquitto-like clients: they report every refusal themselves. */
const CLIENT_COMMANDS = new Set(['pub', 'sub', 'rr', 'check']);

const USAGE = `Usage:
  topicscope pub -t TOPIC -m MESSAGE [--url URL | -h HOST -p PORT] …   publish (as mosquitto_pub)
  topicscope sub -t FILTER [-v | -F FORMAT | --json] …   print messages (as mosquitto_sub)
  topicscope rr -t TOPIC [-e RESPONSE_TOPIC] -m MESSAGE …   request/response (as mosquitto_rr)
  topicscope check --url URL [--json]    probe what a broker supports
  topicscope decode [--protocol 3|4|5]   hex frames on stdin → one JSON object per frame
  topicscope encode [--protocol 3|4|5]   JSON objects on stdin → one hex frame per line
  topicscope record --db FILE --url URL [-t FILTER]…    record messages into a history file
  topicscope history export|search|import --db FILE …   query, export or import a history
  topicscope replay --db FILE --url URL [--speed N|max]  send stored messages to a broker

Frames may be plain hex, hex with spaces or colons, 0x bytes, a C array, or a Wireshark / xxd /
hexdump -C dump (a dump block of several lines is one frame). Without --protocol the level comes
from the last CONNECT in the input; before any CONNECT each frame is read at the level its bytes
allow, and "levelReason" in the output says why.
`;

interface Options {
	readonly command: 'decode' | 'encode';
	readonly protocolLevel: ProtocolLevel | undefined;
}

function parseArguments(args: readonly string[]): Options | string {
	let command: Options['command'] | undefined;
	let protocolLevel: ProtocolLevel | undefined;
	for (let i = 0; i < args.length; i++) {
		const arg = args[i] ?? '';
		if (arg === 'decode' || arg === 'encode') {
			command = arg;
		} else if (arg === '--protocol' || arg.startsWith('--protocol=')) {
			const value = arg.includes('=') ? arg.slice('--protocol='.length) : args[++i];
			if (value !== '3' && value !== '4' && value !== '5') {
				return `--protocol takes 3 (MQTT 3.1), 4 (3.1.1) or 5 (5.0), not ${value ?? 'nothing'}.`;
			}
			protocolLevel = Number(value) as ProtocolLevel;
		} else if (arg === '--help' || arg === '-h') {
			return '';
		} else {
			return `Unknown argument '${arg}'.`;
		}
	}
	if (command === undefined) return 'Say decode or encode.';
	return { command, protocolLevel };
}

async function readStdin(): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Uint8Array));
	return Buffer.concat(chunks).toString('utf8');
}

/** The error line for text that is not hex: the line and column of the culprit in the input. */
function notHexJson(failure: HexProblem, blockLine: number): string {
	const position = failure.position;
	const where =
		position === undefined
			? { line: blockLine }
			: { line: blockLine + position.line - 1, column: position.column };
	return JSON.stringify({
		...where,
		error: { offset: 0, rule: 'input', message: describeHexProblem(failure, blockLine) },
	});
}

/** The frame's JSON with `levelReason` after `protocolLevel`: why that level was chosen. */
function chosenJson(chosen: ChosenLevel): string {
	const { type, protocolLevel, ...rest } = frameToJson(chosen.frame);
	const other = chosen.alternative?.protocolLevel;
	const levelReason =
		other === undefined
			? chosen.reason
			: `${chosen.reason} It also reads without error as ${PROTOCOL_NAMES[other]} ` +
				`(--protocol ${other} gives that reading).`;
	return JSON.stringify({ type, protocolLevel, levelReason, ...rest });
}

/** Decodes every frame in the text; returns the output lines and whether all were well-formed. */
export function decodeText(
	text: string,
	fixedLevel: ProtocolLevel | undefined,
): { lines: string[]; isClean: boolean } {
	const lines: string[] = [];
	let isClean = true;
	let connectLevel: ProtocolLevel | undefined;
	for (const block of splitHexBlocks(text)) {
		const parsed = parseHex(block.text);
		if (!parsed.ok) {
			isClean = false;
			lines.push(notHexJson(parsed, block.line));
			continue;
		}
		if (fixedLevel !== undefined) {
			const frame = decodeFrame(parsed.bytes, { protocolLevel: fixedLevel });
			if (frame.error !== undefined) isClean = false;
			lines.push(JSON.stringify(frameToJson(frame)));
			continue;
		}
		// The level the bytes allow, or the one the last CONNECT asked for (shared/mqtt/codec/
		// choose-level.ts): the same rule as the codec panel's Auto.
		const chosen = chooseLevel(parsed.bytes, { connectLevel });
		if (chosen.frame.type === 'CONNECT') connectLevel = chosen.frame.protocolLevel;
		if (chosen.frame.error !== undefined) isClean = false;
		lines.push(chosenJson(chosen));
	}
	return { lines, isClean };
}

/** Encodes every JSON line; returns hex lines, problems for stderr, and whether all succeeded. */
export function encodeText(
	text: string,
	fixedLevel: ProtocolLevel | undefined,
): { lines: string[]; problems: string[] } {
	const lines: string[] = [];
	const problems: string[] = [];
	let level: ProtocolLevel = fixedLevel ?? 4;
	text.split(/\r?\n/).forEach((line, index) => {
		if (line.trim().length === 0) return;
		const where = `line ${index + 1}`;
		let value: unknown;
		try {
			value = JSON.parse(line);
		} catch (error) {
			// Expected bad input, reported rather than rethrown.
			problems.push(
				`${where}: invalid JSON: ${error instanceof Error ? error.message : String(error)}`,
			);
			return;
		}
		const model = packetFromJson(value, level);
		if (!model.ok) {
			problems.push(`${where}: ${model.error.message}`);
			return;
		}
		const { packet, protocolLevel } = model.value;
		if (fixedLevel === undefined && packet.type === 'CONNECT') level = protocolLevel;
		const encoded = encodePacket(packet, { protocolLevel: fixedLevel ?? protocolLevel });
		if (!encoded.ok) {
			const path = encoded.error.detail === undefined ? '' : ` (at ${encoded.error.detail})`;
			problems.push(`${where}: cannot encode ${packet.type}: ${encoded.error.message}${path}`);
			return;
		}
		lines.push(toHex(encoded.value));
	});
	return { lines, problems };
}

async function main(): Promise<void> {
	const [command, ...rest] = process.argv.slice(2);
	const run =
		command !== undefined && Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
	if (run !== undefined) {
		// These commands say what matters in their own words on stderr; the log adds only trouble
		// (for the clients, whose refusals and reconnects are already said, only bugs).
		process.env.TOPICSCOPE_LOG ??= CLIENT_COMMANDS.has(command ?? '') ? 'error' : 'warn';
		let isDone = false;
		// Node ends a process whose event loop empties while a promise waits: that is a bug, not success.
		process.once('beforeExit', () => {
			if (isDone) return;
			process.stderr.write(`topicscope ${command}: internal error: stopped before finishing.\n`);
			process.exitCode = 70;
		});
		process.exitCode = await run(rest);
		isDone = true;
		return;
	}
	const options = parseArguments(process.argv.slice(2));
	if (typeof options === 'string') {
		if (options.length > 0) process.stderr.write(`topicscope: ${options}\n\n`);
		process.stderr.write(USAGE);
		process.exitCode = options.length > 0 ? 2 : 0;
		return;
	}
	const input = await readStdin();
	if (options.command === 'decode') {
		const { lines, isClean } = decodeText(input, options.protocolLevel);
		if (lines.length > 0) process.stdout.write(`${lines.join('\n')}\n`);
		process.exitCode = isClean ? 0 : 1;
	} else {
		const { lines, problems } = encodeText(input, options.protocolLevel);
		if (lines.length > 0) process.stdout.write(`${lines.join('\n')}\n`);
		for (const problem of problems) process.stderr.write(`topicscope encode: ${problem}\n`);
		process.exitCode = problems.length === 0 ? 0 : 1;
	}
}

main().catch((error: unknown) => {
	// A bug: say so once, with the stack, and fail.
	process.stderr.write(
		`topicscope: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
	);
	process.exitCode = 70;
});
