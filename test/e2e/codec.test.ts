import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { decodeFrame, encodePacket, toHex } from '../../shared/mqtt/codec';
import type { Field } from '../../shared/mqtt/codec/types';
import { expect, test } from './fixtures';

function v5Publish(): Uint8Array {
	const encoded = encodePacket(
		{
			type: 'PUBLISH',
			dup: false,
			qos: 1,
			retain: false,
			topicName: 'plant/line1/temperature',
			packetId: 42,
			properties: {
				messageExpiryInterval: 300,
				contentType: 'application/json',
				userProperties: [['site', 'lyon']],
			},
			payload: new TextEncoder().encode('{"celsius":182.5}'),
		},
		{ protocolLevel: 5 },
	);
	if (!encoded.ok) throw new Error(encoded.error.message);
	return encoded.value;
}

function findField(fields: readonly Field[], name: string): Field | undefined {
	for (const item of fields) {
		if (item.name === name) return item;
		const inner = item.children === undefined ? undefined : findField(item.children, name);
		if (inner !== undefined) return inner;
	}
	return undefined;
}

function field(fields: readonly Field[], name: string): Field {
	const found = findField(fields, name);
	if (found === undefined) throw new Error(`no field ${name}`);
	return found;
}

function offsets(start: number, end: number): number[] {
	return Array.from({ length: end - start }, (_, index) => start + index);
}

async function highlightedOffsets(page: Page): Promise<number[]> {
	return page
		.getByTestId('byte-viewer')
		.locator('[data-offset].highlighted')
		.evaluateAll((cells) => cells.map((cell) => Number(cell.getAttribute('data-offset'))));
}

test('decode a v5 PUBLISH, follow fields to bytes, see a broken frame, build a packet', async ({
	page,
	app,
}) => {
	const bytes = v5Publish();
	const frame = decodeFrame(bytes, { protocolLevel: 5 });
	const topic = field(frame.fields, 'topicName');
	const userProperty = field(frame.fields, 'userProperty');

	await page.goto(app.url);
	await page.getByRole('button', { name: 'Codec', exact: true }).click();
	const panel = page.getByTestId('codec-panel');
	await expect(panel).toBeVisible();

	await page.getByLabel('Protocol level').selectOption({ label: '5.0' });
	await page.getByTestId('decode-input').fill(toHex(bytes).replace(/(..)(?!$)/g, '$1 '));
	const summary = page.getByTestId('frame-summary');
	await expect(summary).toContainText('PUBLISH');
	await expect(summary).toContainText('MQTT 5.0');
	await expect(summary).toContainText(`remaining length ${frame.remainingLength}`);
	await expect(summary).toContainText(`${bytes.length} bytes`);

	const tree = page.getByTestId('field-tree');
	const topicRow = tree.locator('[data-field="topicName"]');
	await expect(topicRow.getByTestId('field-value')).toHaveText('"plant/line1/temperature"');
	await expect(topicRow).toContainText(`[${topic.start}–${topic.end})`);
	await expect(tree.locator('[data-field="userProperty"]').getByTestId('field-value')).toHaveText(
		'"site" = "lyon"',
	);

	// Field → bytes: exactly the topic's bytes light up.
	await topicRow.locator('.label').hover();
	await expect.poll(() => highlightedOffsets(page)).toEqual(offsets(topic.start, topic.end));
	await page.screenshot({ path: 'test-results/screenshots/codec.png' });

	// Byte → field: a byte inside the user property marks its row and its whole range.
	const viewer = page.getByTestId('byte-viewer');
	await viewer.locator(`[data-offset="${userProperty.start + 3}"]`).hover();
	await expect(tree.locator('[data-field="userProperty"]')).toHaveAttribute(
		'aria-selected',
		'true',
	);
	await expect
		.poll(() => highlightedOffsets(page))
		.toEqual(offsets(userProperty.start, userProperty.end));

	// Keyboard: focusing a field highlights it too.
	await tree.locator('[data-field="packetId"]').focus();
	const packetId = field(frame.fields, 'packetId');
	await expect.poll(() => highlightedOffsets(page)).toEqual(offsets(packetId.start, packetId.end));

	// A SUBSCRIBE whose only topic filter is empty: fields so far plus the error and its byte.
	const broken = Uint8Array.from([0x82, 0x05, 0x00, 0x01, 0x00, 0x00, 0x00]);
	const expected = decodeFrame(broken, { protocolLevel: 4 }).error;
	expect(expected).toMatchObject({ offset: 4, rule: '[MQTT-4.7.3-1]' });
	await page.getByLabel('Protocol level').selectOption({ label: '3.1.1' });
	await page.getByTestId('decode-input').fill('82 05 00 01 00 00 00');
	await expect(page.getByTestId('error-rule')).toHaveText('[MQTT-4.7.3-1]');
	await expect(page.getByTestId('field-error')).toContainText('byte 4');
	await expect(page.getByTestId('error-message')).toHaveText(expected?.message ?? '');
	await expect(page.getByTestId('summary-error')).toContainText('malformed at byte 4');
	await expect(tree.locator('[data-field="packetId"]').getByTestId('field-value')).toHaveText('1');
	const errorCells = await viewer
		.locator('.cell.error')
		.evaluateAll((cells) => cells.map((cell) => cell.getAttribute('data-offset')));
	expect(errorCells).toEqual(['4']);
	await page.screenshot({ path: 'test-results/screenshots/codec-error.png' });

	// Text that is not hex gets its own message.
	await page.getByTestId('decode-input').fill('30 0z');
	await expect(page.getByTestId('hex-error')).toContainText("'z' is not a hex digit.");

	// Build a 3.1.1 PUBLISH, check its hex, and decode it.
	await page.getByRole('tab', { name: 'Build' }).click();
	await page.getByLabel('Packet type').selectOption('PUBLISH');
	await page.getByLabel('Build for').selectOption({ label: 'MQTT 3.1.1' });
	await page.getByLabel('Topic name').fill('a/b');
	await page.getByLabel('Payload', { exact: true }).fill('hi');
	await page.getByLabel('QoS').selectOption({ label: '1 — at least once' });
	await page.getByLabel('Packet identifier').fill('9');
	await expect(page.getByTestId('build-hex')).toHaveText('32 09 00 03 61 2f 62 00 09 68 69');
	await page.getByRole('button', { name: 'Copy' }).click();
	await expect(page.getByTestId('copy-status')).toContainText(/Copied\.|Copying is not available/);

	// An encoding problem is shown with the encoder's message.
	await page.getByLabel('Packet identifier').fill('70000');
	await expect(page.getByTestId('build-error')).toHaveText(
		'packetId must be an integer from 0 to 65535. (packetId)',
	);
	await page.getByLabel('Packet identifier').fill('9');

	await page.getByRole('button', { name: 'Decode this' }).click();
	await expect(page.getByTestId('decode-input')).toHaveValue('32 09 00 03 61 2f 62 00 09 68 69');
	await expect(summary).toContainText('PUBLISH');
	await expect(summary).toContainText('well-formed');
	await expect(tree.locator('[data-field="payload"]').getByTestId('field-value')).toHaveText(
		'68 69',
	);

	// The same PUBLISH for MQTT 5 with a property and a user property.
	await page.getByRole('tab', { name: 'Build' }).click();
	await page.getByLabel('Build for').selectOption({ label: 'MQTT 5.0' });
	await page
		.getByLabel('Add to PUBLISH properties')
		.selectOption({ label: 'Message Expiry Interval' });
	await page.getByLabel('Message Expiry Interval', { exact: true }).fill('60');
	await page.getByRole('button', { name: '+ Add' }).click();
	await page.getByLabel('User properties 1 name').fill('k');
	await page.getByLabel('User properties 1 value').fill('v');
	await expect(page.getByTestId('build-hex')).toHaveText(
		'32 16 00 03 61 2f 62 00 09 0c 02 00 00 00 3c 26 00 01 6b 00 01 76 68 69',
	);
	await page.screenshot({ path: 'test-results/screenshots/codec-build.png' });

	// An example fills the box; a connection tab or "+ New connection" leaves the codec.
	await page.getByRole('tab', { name: 'Decode' }).click();
	await page.getByTestId('examples').selectOption({ label: 'AUTH (5.0)' });
	await expect(summary).toContainText('AUTH');
	await page.getByRole('button', { name: 'New connection' }).click();
	await expect(panel).toBeHidden();
});

test('Auto reads a pasted v5 PUBLISH as MQTT 5.0 and says why; a hex typo is pointed at', async ({
	page,
	app,
}) => {
	const bytes = v5Publish();
	const block = field(decodeFrame(bytes, { protocolLevel: 5 }).fields, 'properties');

	await page.goto(app.url);
	await page.getByRole('button', { name: 'Codec', exact: true }).click();
	await expect(page.getByLabel('Protocol level')).toHaveValue('auto');
	await page.getByTestId('decode-input').fill(toHex(bytes).replace(/(..)(?!$)/g, '$1 '));

	const summary = page.getByTestId('frame-summary');
	const note = page.getByTestId('auto-level');
	const tree = page.getByTestId('field-tree');
	await expect(summary).toContainText('MQTT 5.0');
	await expect(summary).toContainText('well-formed');
	await expect(note).toContainText('Auto chose MQTT 5.0.');
	await expect(note).toContainText(
		`The ${block.end - block.start} bytes after the packet id read as an MQTT 5 property block ` +
			'(Message Expiry Interval, Content Type, User Property) that ends exactly where its ' +
			'length says; as 3.1.1 they would be part of the payload.',
	);
	await expect(note).toContainText('Both readings are well-formed.');
	await expect(tree.locator('[data-field="userProperty"]').getByTestId('field-value')).toHaveText(
		'"site" = "lyon"',
	);
	await page.screenshot({ path: 'test-results/screenshots/codec-auto.png' });

	// One click for the other reading: as 3.1.1 the property block is part of the payload.
	await note.getByRole('button', { name: 'Read as MQTT 3.1.1' }).click();
	await expect(summary).toContainText('MQTT 3.1.1');
	await expect(note).toContainText('Showing the MQTT 3.1.1 reading.');
	await expect(tree.locator('[data-field="userProperty"]')).toHaveCount(0);
	await expect(tree.locator('[data-field="payload"]')).toBeVisible();
	await page.screenshot({ path: 'test-results/screenshots/codec-auto-other.png' });
	await note.getByRole('button', { name: 'Back to MQTT 5.0' }).click();
	await expect(summary).toContainText('MQTT 5.0');
	await expect(note).toContainText('Auto chose MQTT 5.0.');

	const axe = await new AxeBuilder({ page }).include('[data-testid="codec-panel"]').analyze();
	const severe = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
	expect(severe.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

	// A typo on the second line: the error names line and column and marks the character.
	const input = page.getByTestId('decode-input');
	await input.fill('32 16 00 03 61 2f 62\n00 09 0c 02 0h 00 00 3c');
	const error = page.getByTestId('hex-error');
	await expect(error).toContainText("Line 2, column 14: 'h' is not a hex digit.");
	await expect(page.getByTestId('hex-error-char')).toHaveText('h');
	// The culprit's line with a caret under the 14th character.
	const excerpt = await page.getByTestId('hex-error-excerpt').textContent();
	expect(excerpt).toBe(`00 09 0c 02 0h 00 00 3c\n${' '.repeat(13)}^`);
	await page.screenshot({ path: 'test-results/screenshots/codec-hex-error.png' });
	await error.getByRole('button', { name: 'Select it in the box' }).click();
	await expect(input).toBeFocused();
	const selection = await input.evaluate((element) => {
		const area = element as HTMLTextAreaElement;
		return area.value.slice(area.selectionStart, area.selectionEnd);
	});
	expect(selection).toBe('h');
});

test('a CONNECT without a will shows every connect flag with its bits, Will QoS and Will Retain included', async ({
	page,
	app,
}) => {
	await page.goto(app.url);
	await page.getByRole('button', { name: 'Codec', exact: true }).click();
	await page.getByLabel('Protocol level').selectOption({ label: '3.1.1' });
	// A 3.1.1 CONNECT with a user name and clean session, no will: connect flags 0x82 at byte 9.
	await page
		.getByTestId('decode-input')
		.fill('10 10 00 04 4d 51 54 54 04 82 00 3c 00 01 63 00 01 75');
	const tree = page.getByTestId('field-tree');
	await expect(page.getByTestId('frame-summary')).toContainText('18 bytes');
	await expect(page.getByTestId('field-error')).toHaveCount(0);
	const flags = tree.locator('[data-field="connectFlags"]');
	await expect(flags.getByTestId('field-value')).toHaveText('130');
	const rows: [string, string, string][] = [
		['usernameFlag', 'true', '1... ....'],
		['passwordFlag', 'false', '.0.. ....'],
		['willRetain', 'false', '..0. ....'],
		['willQos', '0', '...0 0...'],
		['willFlag', 'false', '.... .0..'],
		['cleanSession', 'true', '.... ..1.'],
		['reserved', 'false', '.... ...0'],
	];
	for (const [name, value, bits] of rows) {
		const row = tree.locator(`[data-field="${name}"]`);
		await expect(row.getByTestId('field-value'), name).toHaveText(value);
		await expect(row.getByTestId('field-bits'), name).toHaveText(bits);
		await expect(row, name).toContainText('[9–10)');
	}
	await page.screenshot({ path: 'test-results/screenshots/codec-connect-flags.png' });
});
