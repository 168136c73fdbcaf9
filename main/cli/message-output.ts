/**
 * How `topicscope sub` and `rr` print a message, with mosquitto_sub's habits: the payload alone,
 * `-v` (topic, a space, the payload; an empty payload as `(null)`), `-F format`, `-N` (no newline
 * after each message), or `--json` (the one NDJSON shape of shared/model/message-json.ts).
 *
 * `-F` takes this subset of mosquitto's specifiers (the rest are refused, by name, when parsed):
 *   %t topic   %p payload (its bytes)   %x / %X payload as hex   %l payload length   %q QoS
 *   %r retain flag (0/1)   %I time, ISO 8601 with offset   %U Unix time with nanoseconds
 *   %P user properties (name:value, space separated)   %C content type   %R response topic
 *   %D correlation data (its bytes)   %E message expiry interval   %F payload format indicator
 *   %S subscription identifier(s), comma separated   %% a percent sign
 *   \n newline  \t tab  \\ backslash  \a bell  \e escape  \v vertical tab
 *
 * Pure: the commands hand messages in and write the bytes out.
 */
import type { MqttMessage } from '../../shared/model/message';
import { messageToJsonLine } from '../../shared/model/message-json';
import { toHex } from '../../shared/mqtt/codec/hex';
import { err, ok, type Result } from '../../shared/result';

const SPECIFIERS = 'tpxXlqrIUPCRDEFS%';

/** What mosquitto has that we do not, with the alternative. */
const UNSUPPORTED: Readonly<Record<string, string>> = {
	j: 'use --json (one NDJSON object per message, the history export keys)',
	J: 'use --json (one NDJSON object per message, the history export keys)',
	m: 'the packet id of a received message is not kept',
	A: 'the topic alias is resolved: %t prints the topic',
};

export type FormatToken =
	| { readonly kind: 'text'; readonly text: string }
	| { readonly kind: 'field'; readonly field: string };

export type OutputMode =
	| { readonly kind: 'payload' }
	| { readonly kind: 'verbose' }
	| { readonly kind: 'format'; readonly tokens: readonly FormatToken[] }
	/** `connection`: the name written in each line's `connection` key. */
	| { readonly kind: 'json'; readonly connection: string };

export interface OutputOptions {
	readonly mode: OutputMode;
	/** -N: no newline after each message (not with --json: NDJSON is lines). */
	readonly isNoNewline: boolean;
}

const ESCAPES: Readonly<Record<string, string>> = {
	n: '\n',
	t: '\t',
	'\\': '\\',
	a: '\x07',
	e: '\x1b',
	v: '\v',
};

/** `-F` text as tokens, or the reason it cannot be used. */
export function parseFormat(format: string): Result<FormatToken[]> {
	const tokens: FormatToken[] = [];
	let text = '';
	for (let i = 0; i < format.length; i++) {
		const character = format[i] ?? '';
		const next = format[i + 1];
		if (character === '\\' && next !== undefined && ESCAPES[next] !== undefined) {
			text += ESCAPES[next];
			i++;
		} else if (character === '%') {
			if (next === undefined) {
				return err(
					'invalid-options',
					`-F '${format}' ends with a lone '%': write %% for a percent sign.`,
				);
			}
			i++;
			if (next === '%') {
				text += '%';
				continue;
			}
			if (!SPECIFIERS.includes(next)) {
				const why = UNSUPPORTED[next];
				return err(
					'invalid-options',
					`-F: %${next} is not supported${why === undefined ? '' : ` (${why})`}. Supported: ${[
						...SPECIFIERS,
					]
						.filter((s) => s !== '%')
						.map((s) => `%${s}`)
						.join(' ')} and %%.`,
				);
			}
			if (text !== '') tokens.push({ kind: 'text', text });
			text = '';
			tokens.push({ kind: 'field', field: next });
		} else {
			text += character;
		}
	}
	if (text !== '') tokens.push({ kind: 'text', text });
	return ok(tokens);
}

function pad(value: number, width = 2): string {
	return String(Math.trunc(Math.abs(value))).padStart(width, '0');
}

/** `2016-08-10T09:47:38+0100`: local time with its offset, as mosquitto's %I prints it. */
export function isoLocalTime(timeUs: number): string {
	const date = new Date(Math.floor(timeUs / 1000));
	const offset = -date.getTimezoneOffset();
	const sign = offset >= 0 ? '+' : '-';
	return (
		`${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T` +
		`${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}` +
		`${sign}${pad(offset / 60)}${pad(offset % 60)}`
	);
}

function field(message: MqttMessage, name: string): string | Uint8Array {
	const p = message.properties;
	switch (name) {
		case 't':
			return message.topic;
		case 'p':
			return message.payload;
		case 'x':
			return toHex(message.payload);
		case 'X':
			return toHex(message.payload).toUpperCase();
		case 'l':
			return String(message.payload.length);
		case 'q':
			return String(message.qos);
		case 'r':
			return message.retain ? '1' : '0';
		case 'I':
			return isoLocalTime(message.timeUs);
		case 'U':
			// Microseconds are what we measure; mosquitto prints nanoseconds.
			return `${Math.floor(message.timeUs / 1_000_000)}.${String(message.timeUs % 1_000_000).padStart(6, '0')}000`;
		case 'P':
			return (p?.userProperties ?? []).map(([key, value]) => `${key}:${value}`).join(' ');
		case 'C':
			return p?.contentType ?? '';
		case 'R':
			return p?.responseTopic ?? '';
		case 'D':
			return p?.correlationData ?? '';
		case 'E':
			return p?.messageExpiryIntervalSeconds === undefined
				? ''
				: String(p.messageExpiryIntervalSeconds);
		case 'F':
			return p?.payloadFormatIndicator === undefined ? '' : String(p.payloadFormatIndicator);
		case 'S':
			return (p?.subscriptionIdentifiers ?? []).join(',');
		default:
			return '';
	}
}

const encoder = new TextEncoder();

function concat(parts: readonly (string | Uint8Array)[]): Uint8Array {
	const chunks = parts.map((part) => (typeof part === 'string' ? encoder.encode(part) : part));
	const out = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
	let offset = 0;
	for (const chunk of chunks) {
		out.set(chunk, offset);
		offset += chunk.length;
	}
	return out;
}

/** The bytes to write for one message. */
export function formatMessage(message: MqttMessage, options: OutputOptions): Uint8Array {
	const { mode } = options;
	const end = options.isNoNewline ? '' : '\n';
	switch (mode.kind) {
		case 'payload':
			return concat([message.payload, end]);
		case 'verbose':
			return concat([
				message.topic,
				' ',
				message.payload.length === 0 ? '(null)' : message.payload,
				end,
			]);
		case 'format':
			return concat([
				...mode.tokens.map((token) =>
					token.kind === 'text' ? token.text : field(message, token.field),
				),
				end,
			]);
		case 'json':
			return encoder.encode(
				`${messageToJsonLine({
					timeUs: message.timeUs,
					connection: mode.connection,
					topic: message.topic,
					qos: message.qos,
					retain: message.retain,
					direction: message.direction,
					payload: message.payload,
					properties: message.properties,
				})}\n`,
			);
	}
}

/** The output mode the options ask for, or why they do not go together. */
export function outputModeFrom(
	values: {
		readonly verbose?: boolean;
		readonly format?: string;
		readonly json?: boolean;
		readonly 'no-newline'?: boolean;
	},
	connection: string,
): Result<OutputOptions> {
	const isNoNewline = values['no-newline'] === true;
	if (values.json === true) {
		if (values.format !== undefined || values.verbose === true || isNoNewline) {
			return err(
				'invalid-options',
				'--json prints one NDJSON object per message: leave out -F, -v and -N.',
			);
		}
		return ok({ mode: { kind: 'json', connection }, isNoNewline: false });
	}
	if (values.format !== undefined) {
		// mosquitto: -F replaces -v.
		const tokens = parseFormat(values.format);
		if (!tokens.ok) return tokens;
		return ok({ mode: { kind: 'format', tokens: tokens.value }, isNoNewline });
	}
	return ok({ mode: { kind: values.verbose === true ? 'verbose' : 'payload' }, isNoNewline });
}
