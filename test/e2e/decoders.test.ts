import AxeBuilder from '@axe-core/playwright';
import mqtt from 'mqtt';
import type { Page } from '@playwright/test';
import { connectWithForm, selectTopic } from './app';
import { expect, startApp, test } from './fixtures';
import { dataByAlias, dbirth, makePng, nbirth } from '../helpers/samples';

async function publish(url: string, messages: [string, Uint8Array | string][]): Promise<void> {
	const client = await mqtt.connectAsync(url, { clientId: `e2e-decoders-${Date.now()}` });
	for (const [topic, payload] of messages) {
		await client.publishAsync(topic, typeof payload === 'string' ? payload : Buffer.from(payload), {
			qos: 1,
			retain: true,
		});
	}
	await client.endAsync();
}

async function expectNoSeriousAxeViolations(page: Page): Promise<void> {
	const axe = await new AxeBuilder({ page }).include('[data-testid="message-panel"]').analyze();
	const serious = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
	expect(
		serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
	).toEqual([]);
}

test('a binary message switched between decoders, the bytes untouched', async ({
	page,
	app,
	broker,
}) => {
	// 1.0 and -2.5 as little-endian float32.
	const floats = Uint8Array.from([0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x20, 0xc0]);
	await publish(broker.url, [['lab/probe/raw', floats]]);
	await connectWithForm(page, app.url, broker.port);
	await selectTopic(page, 'lab/probe/raw');

	const panel = page.getByTestId('message-panel');
	await expect(panel.getByTestId('payload-kind')).toHaveText('hex');
	await expect(panel.getByTestId('decoded-as')).toHaveText(
		'Decoded as hex (because not text: byte 2 (80) is not UTF-8)',
	);
	await expect(panel.getByTestId('message-payload')).toHaveText(
		'00000000  00 00 80 3f 00 00 20 c0                           ...?.. .',
	);

	const decodeAs = panel.getByLabel('Decode as');
	await decodeAs.selectOption('number:float32');
	await expect(panel.getByTestId('payload-kind')).toHaveText('32-bit float, little endian');
	await expect(panel.getByTestId('message-payload')).toHaveText(
		'[   0] @000000  1\n[   1] @000004  -2.5',
	);
	await page.screenshot({ path: 'test-results/screenshots/decoders-float32.png' });
	await panel.getByLabel('Byte order').selectOption('be');
	await expect(panel.getByTestId('payload-kind')).toHaveText('32-bit float, big endian');
	await expect(panel.getByTestId('message-payload')).toContainText(
		'@000000  4.600602988224807e-41',
	);

	// A decoder that does not fit says why, and the bytes are still shown.
	await decodeAs.selectOption('text');
	await expect(panel.getByTestId('decode-failure')).toHaveText(
		'Could not decode as text (you chose it): Not text: byte 2 (80) is not UTF-8. The bytes are shown as a hex dump instead.',
	);
	await expect(panel.getByTestId('message-payload')).toContainText('00 00 80 3f');
	await page.screenshot({ path: 'test-results/screenshots/decoders-failure.png' });
	await expectNoSeriousAxeViolations(page);

	await decodeAs.selectOption('auto');
	await expect(panel.getByTestId('payload-kind')).toHaveText('hex');
});

test('a decoder bound to a filter applies to every matching topic and is kept', async ({
	page,
	app,
	broker,
}) => {
	// Two devices sending big-endian int16 pairs.
	await publish(broker.url, [
		['sensors/dev1/raw', Uint8Array.from([0x01, 0x00, 0xff, 0xfe])],
		['sensors/dev2/raw', Uint8Array.from([0x00, 0x07])],
	]);
	await connectWithForm(page, app.url, broker.port);
	await selectTopic(page, 'sensors/dev1/raw');
	const panel = page.getByTestId('message-panel');
	await panel.getByLabel('Decode as').selectOption('number:int16');
	await panel.getByLabel('Byte order').selectOption('be');
	await expect(panel.getByTestId('message-payload')).toContainText('@000002  -2');

	await panel.getByRole('button', { name: 'Always…' }).click();
	const form = panel.getByTestId('bind-form');
	await form.getByLabel('Always decode topics matching').fill('sensors/+/raw');
	await expect(form).toContainText('as 16-bit int, big endian');
	await page.screenshot({ path: 'test-results/screenshots/decoders-bind.png' });
	await form.getByRole('button', { name: 'Save binding' }).click();
	await expect(page.getByTestId('action-status')).toHaveText(
		'Messages on topics matching sensors/+/raw are now decoded as 16-bit int, big endian.',
	);
	await expect(panel.getByLabel('Decode as')).toHaveValue('auto');
	await expect(panel.getByTestId('decoded-as')).toHaveText(
		'Decoded as 16-bit int, big endian (because bound to sensors/+/raw)',
	);

	// Another device, never picked by hand, is decoded by the binding.
	await selectTopic(page, 'sensors/dev2/raw');
	await expect(panel.getByTestId('message-payload')).toHaveText('7');

	// Kept across a reload of the page and a restart of the core (it is in the data folder).
	await page.reload();
	await app.stop();
	const restarted = await startApp({ dataDir: app.dataDir });
	try {
		await connectWithForm(page, restarted.url, broker.port);
		await selectTopic(page, 'sensors/dev2/raw');
		await expect(panel.getByTestId('decoded-as')).toHaveText(
			'Decoded as 16-bit int, big endian (because bound to sensors/+/raw)',
		);
		await panel.getByRole('button', { name: 'Bindings & .proto…' }).click();
		const dialog = page.getByRole('dialog', { name: 'Payload decoders' });
		await expect(dialog.getByTestId('bindings').locator('tbody tr')).toHaveText([
			'sensors/+/raw16-bit int, big endianRemove',
		]);
		await page.screenshot({ path: 'test-results/screenshots/decoders-dialog.png' });
		await dialog.getByRole('button', { name: 'Remove the binding for sensors/+/raw' }).click();
		await expect(dialog.getByRole('status')).toHaveText('Removed the binding for sensors/+/raw.');
		await dialog.getByRole('button', { name: 'Close' }).click();
		await expect(panel.getByTestId('payload-kind')).toHaveText('hex');
	} finally {
		await restarted.stop();
	}
});

test('Sparkplug B: metric names resolved from the BIRTH, the node table, Rebirth', async ({
	page,
	app,
	broker,
}) => {
	await connectWithForm(page, app.url, broker.port);
	const edge = await mqtt.connectAsync(broker.url, { clientId: 'e2e-edge' });
	const commands: string[] = [];
	edge.on('message', (topic) => commands.push(topic));
	await edge.subscribeAsync('spBv1.0/Plant1/NCMD/Edge1', { qos: 1 });
	await edge.publishAsync('spBv1.0/Plant1/NBIRTH/Edge1', Buffer.from(nbirth(0, 1)), { qos: 1 });
	await edge.publishAsync('spBv1.0/Plant1/DBIRTH/Edge1/Pump7', Buffer.from(dbirth(1)), { qos: 1 });
	await edge.publishAsync(
		'spBv1.0/Plant1/DDATA/Edge1/Pump7',
		Buffer.from(dataByAlias(2, [{ alias: 3, datatype: 9, value: 4.5 }])),
		{ qos: 1 },
	);
	await edge.publishAsync(
		'spBv1.0/Plant1/NDATA/Edge1',
		Buffer.from(
			dataByAlias(6, [
				{ alias: 1, datatype: 10, value: 23.5 },
				{ alias: 2, datatype: 11, value: true },
			]),
		),
		{ qos: 1 },
	);
	await selectTopic(page, 'spBv1.0/Plant1/NDATA/Edge1');

	const panel = page.getByTestId('message-panel');
	await expect(panel.getByTestId('payload-kind')).toHaveText('Sparkplug B');
	const rows = panel.getByTestId('sparkplug-metrics').locator('tbody tr');
	await expect(rows).toHaveCount(2);
	await expect(rows.nth(0).locator('td').nth(0)).toHaveText('Temperature (from BIRTH)');
	await expect(rows.nth(0).locator('td').nth(3)).toHaveText('23.5');
	await expect(rows.nth(1).locator('td').nth(0)).toHaveText('Pump/Running (from BIRTH)');
	await expect(panel.getByTestId('sparkplug-seq')).toHaveText(
		'seq 6, expected 3: 3 messages missed or out of order',
	);
	await expect(panel.getByTestId('sparkplug-gaps')).toHaveText('1 seq gap');
	await panel.getByText('Metrics of the node').click();
	await expect(panel.getByTestId('sparkplug-node-metrics')).toContainText('Flow/Rate');
	await page.screenshot({ path: 'test-results/screenshots/decoders-sparkplug.png' });
	await expectNoSeriousAxeViolations(page);

	await panel.getByRole('button', { name: 'Rebirth' }).click();
	await expect(page.getByTestId('action-status')).toHaveText(
		'Sent Rebirth (Node Control/Rebirth) on spBv1.0/Plant1/NCMD/Edge1.',
	);
	await expect.poll(() => commands).toEqual(['spBv1.0/Plant1/NCMD/Edge1']);
	await edge.endAsync();
});

test('an image payload is shown inline; a gzip JSON as a tree with paths to copy', async ({
	page,
	app,
	broker,
	context,
}) => {
	await context.grantPermissions(['clipboard-read', 'clipboard-write']);
	const png = makePng(48, 32, (x, y) => [x * 5, y * 8, 160]);
	const { gzipSync } = await import('fflate');
	const json = JSON.stringify({
		line: 'A',
		sensors: [
			{ id: 't1', celsius: 21.5 },
			{ id: 't2', celsius: 19 },
		],
	});
	await publish(broker.url, [
		['cam/door/snapshot', png],
		['plant/line1/state', gzipSync(new TextEncoder().encode(json))],
	]);
	await connectWithForm(page, app.url, broker.port);
	await selectTopic(page, 'cam/door/snapshot');

	const panel = page.getByTestId('message-panel');
	await expect(panel.getByTestId('decoded-as')).toHaveText(
		'Decoded as PNG (because PNG magic bytes 89 50 4E 47)',
	);
	const image = panel.getByTestId('payload-image');
	await expect(image).toBeVisible();
	await expect
		.poll(() => image.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight]))
		.toEqual([48, 32]);
	await expect(panel.locator('figcaption')).toContainText('image/png · 48 × 32 px');
	await page.screenshot({ path: 'test-results/screenshots/decoders-image.png' });

	await selectTopic(page, 'plant/line1/state');
	await expect(panel.getByTestId('decode-stages')).toHaveText(
		/Encoding\s*gzip\s*\(gzip header 1F 8B 08\)\s*Format\s*JSON\s*Schema\s*none/,
	);
	const tree = panel.getByRole('tree', { name: 'Decoded value' });
	await expect(tree).toContainText('"celsius": 19');
	await tree.getByText('"celsius": 19').click();
	await panel.getByRole('button', { name: 'Copy path' }).click();
	await expect(page.getByTestId('action-status')).toHaveText(
		'Copied the path $.sensors[1].celsius.',
	);
	expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('$.sensors[1].celsius');
	// The keyboard collapses the array the active row is in.
	await tree.focus();
	await page.keyboard.press('Home');
	await page.keyboard.press('ArrowDown');
	await page.keyboard.press('ArrowDown');
	await page.keyboard.press('ArrowLeft');
	await expect(tree.getByRole('treeitem', { name: /"sensors"/ })).toHaveAttribute(
		'aria-expanded',
		'false',
	);
	await expect(tree).not.toContainText('"celsius"');
	await page.screenshot({ path: 'test-results/screenshots/decoders-json-tree.png' });
	await expectNoSeriousAxeViolations(page);
});

test('a .proto file added in the dialog decodes protobuf messages by their type', async ({
	page,
	app,
	broker,
}) => {
	const proto =
		'syntax = "proto3";\npackage farm;\nmessage Silo { string name = 1; float fill = 2; uint64 grams = 3; }\n';
	const { default: protobuf } = await import('protobufjs');
	const Silo = protobuf.parse(proto, { keepCase: true }).root.lookupType('farm.Silo');
	const bytes = Silo.encode(
		Silo.fromObject({ name: 'north', fill: 0.75, grams: '18000000000000000000' }),
	).finish();
	await publish(broker.url, [['farm/silo/north', bytes]]);
	await connectWithForm(page, app.url, broker.port);
	await selectTopic(page, 'farm/silo/north');
	const panel = page.getByTestId('message-panel');
	await expect(panel.getByTestId('payload-kind')).toHaveText('hex');

	await panel.getByRole('button', { name: 'Bindings & .proto…' }).click();
	const dialog = page.getByRole('dialog', { name: 'Payload decoders' });
	const upload = dialog.getByTestId('proto-upload');
	await upload.setInputFiles({
		name: 'broken.proto',
		mimeType: 'text/plain',
		buffer: Buffer.from('message {'),
	});
	await expect(dialog.getByRole('status')).toContainText('Not saved: broken.proto:');
	await upload.setInputFiles({
		name: 'farm.proto',
		mimeType: 'text/plain',
		buffer: Buffer.from(proto),
	});
	await expect(dialog.getByRole('status')).toHaveText('Added farm.proto.');
	await expect(dialog.getByTestId('proto-file')).toContainText('Message types: farm.Silo');
	await page.screenshot({ path: 'test-results/screenshots/decoders-proto-dialog.png' });
	await dialog.getByRole('button', { name: 'Close' }).click();

	await panel.getByLabel('Decode as').selectOption('protobuf:farm.Silo');
	await expect(panel.getByTestId('decoded-as')).toHaveText(
		'Decoded as Protocol Buffers (because you chose it)',
	);
	await expect(panel.getByTestId('decode-stages')).toContainText('farm.Silo');
	const tree = panel.getByRole('tree', { name: 'Decoded value' });
	await expect(tree).toContainText('"name": "north"');
	await expect(tree).toContainText('"fill": 0.75');
	await expect(tree).toContainText('"grams": 18000000000000000000');
	await page.screenshot({ path: 'test-results/screenshots/decoders-protobuf.png' });
	await expectNoSeriousAxeViolations(page);
});
