/**
 * The publish form as plain data, checked field by field before anything is sent, and turned
 * into the draft main publishes (or back, to open a saved message, a history entry or a received
 * message). Pure: the state class holds the form, these decide.
 */
import {
	MAX_DRAFT_PAYLOAD_BYTES,
	type DraftProperties,
	type PayloadEditor,
	type PublishDraft,
} from '../../../shared/model/publish-draft';
import { describeHexProblem, parseHex } from '../../../shared/mqtt/codec/hex';
import type { QoS } from '../../../shared/mqtt/protocol';
import { findTopicNameProblem } from '../../../shared/mqtt/topic';
import { payloadText } from '../../../shared/model/payload-text';
import { bytesOfSource, sourceOfBytes, type TextEditor } from './payload-editor';

export interface PublishForm {
	readonly topic: string;
	readonly editor: PayloadEditor;
	/** What each text editor holds (switching keeps each one's text). */
	readonly sources: Readonly<Record<TextEditor, string>>;
	/** The picked file (never a path: the browser gives a name and bytes). */
	readonly file: { readonly name: string; readonly bytes: Uint8Array } | null;
	readonly qos: QoS;
	readonly retain: boolean;
	/** MQTT 5 properties, as typed. */
	readonly payloadFormat: '' | '0' | '1';
	readonly expirySeconds: string;
	readonly contentType: string;
	readonly responseTopic: string;
	readonly correlation: string;
	readonly correlationMode: 'text' | 'hex';
	readonly topicAlias: string;
	readonly userProperties: readonly (readonly [string, string])[];
}

export const EMPTY_FORM: PublishForm = {
	topic: '',
	editor: 'text',
	sources: { text: '', json: '', hex: '', base64: '' },
	file: null,
	qos: 0,
	retain: false,
	payloadFormat: '',
	expirySeconds: '',
	contentType: '',
	responseTopic: '',
	correlation: '',
	correlationMode: 'text',
	topicAlias: '',
	userProperties: [],
};

export type FormField =
	'topic' | 'payload' | 'expirySeconds' | 'responseTopic' | 'correlation' | 'topicAlias';

export type FormProblems = Partial<Record<FormField, string>>;

export interface CheckedForm {
	/** Null while any field has a problem. */
	readonly draft: PublishDraft | null;
	readonly problems: FormProblems;
}

function wholeNumber(text: string, min: number, max: number): number | null {
	if (!/^\d+$/.test(text.trim())) return null;
	const value = Number(text.trim());
	return value >= min && value <= max ? value : null;
}

function payloadOf(form: PublishForm): { payload?: PublishDraft['payload']; problem?: string } {
	if (form.editor === 'file') {
		if (form.file === null) return { problem: 'Choose a file to send.' };
		return { payload: { kind: 'bytes', bytes: form.file.bytes } };
	}
	const source = form.sources[form.editor];
	const parsed = bytesOfSource(form.editor, source);
	if (!parsed.ok) return { problem: parsed.message };
	// Text and JSON go as text so main expands their variables at sending.
	return form.editor === 'text' || form.editor === 'json'
		? { payload: { kind: 'text', text: source } }
		: { payload: { kind: 'bytes', bytes: parsed.bytes } };
}

function sizeProblem(payload: PublishDraft['payload']): string | undefined {
	const size =
		payload.kind === 'bytes' ? payload.bytes.length : new TextEncoder().encode(payload.text).length;
	return size > MAX_DRAFT_PAYLOAD_BYTES
		? `The payload is ${size.toLocaleString('en-US')} bytes; the panel sends at most ${MAX_DRAFT_PAYLOAD_BYTES.toLocaleString('en-US')} bytes (15 MB).`
		: undefined;
}

function propertiesOf(
	form: PublishForm,
	level: number,
	problems: FormProblems,
): DraftProperties | undefined {
	const properties: {
		-readonly [K in keyof DraftProperties]: DraftProperties[K];
	} = {};
	if (form.payloadFormat !== '')
		properties.payloadFormatIndicator = form.payloadFormat === '1' ? 1 : 0;
	if (form.expirySeconds.trim() !== '') {
		const value = wholeNumber(form.expirySeconds, 0, 4_294_967_295);
		if (value === null) {
			problems.expirySeconds = 'Message expiry: a whole number of seconds from 0 to 4,294,967,295.';
		} else properties.messageExpiryIntervalSeconds = value;
	}
	if (form.contentType !== '') properties.contentType = form.contentType;
	if (form.responseTopic !== '') {
		const problem = findTopicNameProblem(form.responseTopic, level);
		if (problem) problems.responseTopic = `Response topic: ${problem.message}`;
		else properties.responseTopic = form.responseTopic;
	}
	if (form.correlation !== '') {
		if (form.correlationMode === 'hex') {
			const parsed = parseHex(form.correlation);
			if (!parsed.ok)
				problems.correlation = `Correlation data, not hex: ${describeHexProblem(parsed)}`;
			else properties.correlationData = parsed.bytes;
		} else properties.correlationData = new TextEncoder().encode(form.correlation);
		if ((properties.correlationData?.length ?? 0) > 65_535) {
			problems.correlation = 'Correlation data: at most 65,535 bytes.';
		}
	}
	if (form.topicAlias.trim() !== '') {
		const value = wholeNumber(form.topicAlias, 1, 65_535);
		if (value === null) problems.topicAlias = 'Topic alias: a whole number from 1 to 65,535.';
		else properties.topicAlias = value;
	}
	const pairs = form.userProperties
		.filter(([name, value]) => name !== '' || value !== '')
		.map(([name, value]): [string, string] => [name, value]);
	if (pairs.length > 0) properties.userProperties = pairs;
	return Object.keys(properties).length === 0 ? undefined : properties;
}

/** Checks every field; the draft when all are right. Properties only on MQTT 5. */
export function checkForm(form: PublishForm, level: number): CheckedForm {
	const problems: FormProblems = {};
	const topicProblem = findTopicNameProblem(form.topic, level);
	if (topicProblem) problems.topic = topicProblem.message;
	const { payload, problem } = payloadOf(form);
	if (problem !== undefined) problems.payload = problem;
	const tooLarge = payload === undefined ? undefined : sizeProblem(payload);
	if (tooLarge !== undefined) problems.payload = tooLarge;
	const properties = level === 5 ? propertiesOf(form, level, problems) : undefined;
	if (Object.keys(problems).length > 0 || payload === undefined) return { draft: null, problems };
	return {
		draft: {
			topic: form.topic,
			payload,
			editor: form.editor,
			...(form.editor === 'file' && form.file ? { fileName: form.file.name } : {}),
			qos: form.qos,
			retain: form.retain,
			...(properties === undefined ? {} : { properties }),
		},
		problems,
	};
}

/** The form showing `draft` (a saved message, a history entry, a message to republish). */
export function formOfDraft(draft: PublishDraft): PublishForm {
	const p = draft.properties ?? {};
	const sources = { ...EMPTY_FORM.sources };
	let editor = draft.editor;
	let file: PublishForm['file'] = null;
	if (draft.payload.kind === 'text') {
		const target = editor === 'json' ? 'json' : 'text';
		sources[target] = draft.payload.text;
		editor = target;
	} else if (editor === 'file') {
		file = { name: draft.fileName ?? 'payload.bin', bytes: draft.payload.bytes };
	} else {
		const target = editor === 'base64' ? 'base64' : 'hex';
		const shown = sourceOfBytes(target, draft.payload.bytes);
		if (shown === null) {
			// Too large to show as text: keep the bytes as a file.
			editor = 'file';
			file = { name: draft.fileName ?? 'payload.bin', bytes: draft.payload.bytes };
		} else {
			sources[target] = shown;
			editor = target;
		}
	}
	const correlationText = p.correlationData === undefined ? null : payloadText(p.correlationData);
	return {
		...EMPTY_FORM,
		topic: draft.topic,
		editor,
		sources,
		file,
		qos: draft.qos,
		retain: draft.retain,
		payloadFormat:
			p.payloadFormatIndicator === undefined ? '' : p.payloadFormatIndicator === 1 ? '1' : '0',
		expirySeconds:
			p.messageExpiryIntervalSeconds === undefined ? '' : String(p.messageExpiryIntervalSeconds),
		contentType: p.contentType ?? '',
		responseTopic: p.responseTopic ?? '',
		correlation:
			p.correlationData === undefined
				? ''
				: (correlationText ?? sourceOfBytes('hex', p.correlationData) ?? ''),
		correlationMode: p.correlationData !== undefined && correlationText === null ? 'hex' : 'text',
		topicAlias: p.topicAlias === undefined ? '' : String(p.topicAlias),
		userProperties: p.userProperties ?? [],
	};
}

/** The payload's bytes as the current editor holds them, or null when empty or invalid. */
function currentBytes(form: PublishForm): Uint8Array | null {
	if (form.editor === 'file') return form.file?.bytes ?? null;
	const source = form.sources[form.editor];
	const parsed = source === '' ? null : bytesOfSource(form.editor, source);
	return parsed?.ok ? parsed.bytes : null;
}

/**
 * The form with another payload editor, the payload carried over when it can be shown there
 * (text shown as hex, hex as base64…); otherwise the other editor keeps what it had.
 */
export function switchEditor(form: PublishForm, to: PayloadEditor): PublishForm {
	if (to === form.editor) return form;
	const bytes = currentBytes(form);
	if (to === 'file' || bytes === null) return { ...form, editor: to };
	const shown = sourceOfBytes(to, bytes);
	return shown === null
		? { ...form, editor: to }
		: { ...form, editor: to, sources: { ...form.sources, [to]: shown } };
}
