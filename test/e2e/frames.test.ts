import mqtt from 'mqtt';
import { readFile } from 'node:fs/promises';
import { expect, test } from './fixtures';

test('raw frames: paired QoS 1 flow, capabilities, filter, jump to and from the tree, pcapng export', async ({
	page,
	app,
	broker,
}) => {
	await page.goto(app.url);
	await page.getByLabel('Host', { exact: true }).fill('127.0.0.1');
	await page.getByLabel('Port', { exact: true }).fill(String(broker.port));
	await page.getByRole('button', { name: 'Connect', exact: true }).click();
	await expect(page.getByTestId('connection-state')).toHaveText('connected');

	const publisher = await mqtt.connectAsync(broker.url, { clientId: 'e2e-frames-publisher' });
	await publisher.publishAsync('line/press/pressure', '7.25', { qos: 1 });
	await publisher.endAsync();

	const tree = page.getByRole('tree', { name: 'Topics' });
	await page.getByRole('button', { name: 'Expand line' }).click();
	await page.getByRole('button', { name: 'Expand press' }).click();
	await tree.locator('[data-topic="line/press/pressure"] .label').click();
	await page.getByRole('button', { name: 'Show frame' }).click();

	// The PUBLISH that carried the message, decoded, with its PUBACK and the round trip.
	const inspector = page.getByTestId('frame-inspector');
	await expect(inspector.getByText('"line/press/pressure"')).toBeVisible();
	await expect(inspector.getByTestId('paired-frame')).toHaveCount(1);
	await expect(inspector.getByTestId('frame-rtt')).toContainText('round trip');

	const list = page.getByRole('listbox', { name: 'Frames' });
	for (const type of ['CONNECT', 'CONNACK', 'SUBSCRIBE', 'SUBACK', 'PUBLISH', 'PUBACK']) {
		await expect(list.locator(`[data-type="${type}"]`).first()).toBeVisible();
	}
	await expect(page.getByTestId('capabilities')).toContainText('Maximum QoS');
	await expect(page.getByTestId('frame-counts')).toContainText('frames captured');

	// Following the flow from the PUBACK back to its PUBLISH.
	await inspector.getByTestId('paired-frame').click();
	await expect(inspector.locator('header strong')).toHaveText('PUBACK');

	await page.getByLabel('Frame type').selectOption('PUBACK');
	await expect(list.locator('[data-type]')).toHaveCount(1);
	await expect(list.locator('[data-type="PUBACK"]')).toHaveCount(1);
	await page.screenshot({ path: 'test-results/screenshots/frames.png' });

	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('button', { name: 'Export .pcapng' }).click(),
	]);
	expect(download.suggestedFilename()).toMatch(/\.pcapng$/);
	const bytes = await readFile(await download.path());
	expect([...bytes.subarray(0, 4)]).toEqual([0x0a, 0x0d, 0x0d, 0x0a]);

	// Paused, the list stays as it is; resumed, it catches up with what arrived meanwhile.
	await page.getByLabel('Frame type').selectOption('PUBLISH');
	await page.getByRole('button', { name: 'Pause' }).click();
	const late = await mqtt.connectAsync(broker.url, { clientId: 'e2e-frames-late' });
	await late.publishAsync('line/press/late', 'x', { qos: 0 });
	await late.endAsync();
	await expect(list.locator('[data-type="PUBLISH"]')).toHaveCount(1);
	await page.getByRole('button', { name: 'Resume' }).click();
	await expect(list.locator('[data-type="PUBLISH"]')).toHaveCount(2);

	// And back from the frame to the topic tree.
	await list.locator('[data-type="PUBLISH"]').first().click();
	await inspector.getByRole('button', { name: 'Show in topic tree' }).click();
	await expect(page.getByTestId('message-topic')).toHaveText('line/press/pressure');
});
