/**
 * Copy topic, copy payload, copy as mosquitto_pub and save payload: the same actions wherever a
 * message is shown (the message panel's buttons, the tree rows' context menu). Each answers a
 * sentence for the user.
 */
import { payloadText } from '../../shared/model/payload-text';
import { err, ok, type Result } from '../../shared/result';
import { api } from './api';
import type { ContextMenuItem } from './context-menu.svelte';
import { formatBytes, plainHex } from './format';
import { fetchWholePayload, type PayloadSource } from './payload-fetch';

/** Past this a payload goes to a file, not the clipboard (hex doubles it; editors choke). */
export const MAX_COPY_BYTES = 16 * 1024 * 1024;

async function writeClipboard(text: string): Promise<Result<null>> {
	try {
		await navigator.clipboard.writeText(text);
		return ok(null);
	} catch (error) {
		// The browser refused (no permission, page not focused): say so, the user can retry.
		const reason = error instanceof Error ? error.message : String(error);
		return err('internal', `The clipboard refused the text: ${reason}`);
	}
}

export async function copyTopic(topic: string): Promise<Result<string>> {
	const written = await writeClipboard(topic);
	return written.ok ? ok('Copied the topic.') : written;
}

/**
 * Copies the whole payload: as text when it is text (UTF-8 without control characters), else as
 * plain hex, two digits a byte. The answer says which.
 */
export async function copyPayload(source: PayloadSource): Promise<Result<string>> {
	const whole = await fetchWholePayload(source, MAX_COPY_BYTES);
	if (!whole.ok) {
		return whole.error.code === 'invalid-request'
			? err('invalid-request', `${whole.error.message} Save it to a file instead.`)
			: whole;
	}
	const { bytes } = whole.value;
	const text = payloadText(bytes);
	const written = await writeClipboard(text ?? plainHex(bytes));
	if (!written.ok) return written;
	const size = formatBytes(bytes.length);
	return ok(
		text === null
			? `Copied the payload as hex (${size} of binary).`
			: `Copied the payload as text (${size}).`,
	);
}

/**
 * Copies a shell command that publishes the message again (main builds it from the message and
 * the connection's profile: shared/model/mosquitto-pub.ts). The answer includes its notes: what
 * to set or save before running it.
 */
export async function copyPublishCommand(source: PayloadSource): Promise<Result<string>> {
	const built = await api.invoke('topic:publish-command', source);
	if (!built.ok) return built;
	const written = await writeClipboard(built.value.command);
	if (!written.ok) return written;
	return ok(['Copied the mosquitto_pub command.', ...built.value.notes].join(' '));
}

/** A name for the downloaded file: the topic made safe; `.txt` for text, `.bin` otherwise. */
function fileName(topic: string, isText: boolean): string {
	const base =
		topic
			.replace(/[^\w.-]+/g, '_')
			.replace(/^[._]+/, '')
			.slice(0, 80) || 'payload';
	return `${base}.${isText ? 'txt' : 'bin'}`;
}

/**
 * Saves the payload byte for byte. Electron asks main, which shows the save dialog (the renderer
 * never names a path); browser mode downloads the bytes, read page by page.
 */
export async function savePayload(
	source: PayloadSource,
	onProgress?: (readBytes: number, sizeBytes: number) => void,
): Promise<Result<string>> {
	const asked = await api.invoke('topic:save-payload', source);
	if (!asked.ok) return asked;
	if (asked.value.outcome === 'saved') return ok('Saved the payload.');
	if (asked.value.outcome === 'cancelled') return ok('Not saved.');
	const whole = await fetchWholePayload(source, undefined, onProgress);
	if (!whole.ok) return whole;
	const { bytes } = whole.value;
	const isText = payloadText(bytes.subarray(0, 65_536), bytes.length > 65_536) !== null;
	const url = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
	const link = document.createElement('a');
	link.href = url;
	link.download = fileName(source.topic, isText);
	link.click();
	// The download has taken its copy once click() returns.
	URL.revokeObjectURL(url);
	return ok(`Downloaded the payload (${formatBytes(bytes.length)}).`);
}

/** "Copy topic", "Copy payload" and "Copy as mosquitto_pub" for a context menu on anything that shows a topic's message. */
export function messageMenuItems(source: PayloadSource, hasMessage = true): ContextMenuItem[] {
	return [
		{ label: 'Copy topic', run: () => copyTopic(source.topic) },
		{ label: 'Copy payload', run: () => copyPayload(source), isDisabled: !hasMessage },
		{
			label: 'Copy as mosquitto_pub',
			run: () => copyPublishCommand(source),
			isDisabled: !hasMessage,
		},
	];
}
