/**
 * The history UI end to end, in Chromium through browser mode with a real broker: a topic's
 * stored messages under its message, the diff of two JSON messages, "Chart this" on a JSON path
 * with its table alternative, a search across topics opened in the tree, export (a download) and
 * re-import (an upload), and a replay dry run; axe on each view, the lists driven by keyboard.
 */
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import mqtt from 'mqtt';
import type { Page } from '@playwright/test';
import { connectWithForm, selectTopic } from './app';
import { expect, test } from './fixtures';

async function expectNoSeriousViolations(page: Page, view: string): Promise<void> {
	const results = await new AxeBuilder({ page }).analyze();
	const serious = results.violations
		.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
		.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target).join(' ')}`);
	expect(serious, `${view}: ${serious.join('\n')}`).toEqual([]);
}

const READINGS = [
	{ data: { temp: 20.5 }, state: 'ok' },
	{ data: { temp: 21 }, state: 'ok' },
	{ data: { temp: 23.5 }, state: 'hot', alarm: true },
];

/** Connects, publishes three readings on plant/line1 and one message on two other topics. */
async function connectAndPublish(page: Page, url: string, brokerUrl: string, port: number) {
	await connectWithForm(page, url, port);
	const publisher = await mqtt.connectAsync(brokerUrl, { clientId: 'e2e-history-publisher' });
	for (const reading of READINGS) {
		await publisher.publishAsync('plant/line1', JSON.stringify(reading), { qos: 1 });
	}
	await publisher.publishAsync('plant/line2', JSON.stringify({ data: { temp: 19 } }), { qos: 0 });
	await publisher.publishAsync('office/door', 'hot coffee', { qos: 1, retain: true });
	await publisher.endAsync();
}

/** Opens the selected topic's history and waits for its rows. */
async function openHistory(page: Page, rows: number): Promise<void> {
	await page
		.getByRole('group', { name: 'Panels beside the tree' })
		.getByRole('button', { name: 'History' })
		.click();
	const list = page.getByRole('listbox', { name: /^Stored messages of/ });
	await expect(list.getByRole('option')).toHaveCount(rows);
}

test('a topic shows its stored messages; two JSON messages diff by path, by mouse and keyboard', async ({
	page,
	app,
	broker,
}) => {
	await connectAndPublish(page, app.url, broker.url, broker.port);
	await selectTopic(page, 'plant/line1');
	await openHistory(page, 3);
	const list = page.getByRole('listbox', { name: 'Stored messages of plant/line1' });
	const options = list.getByRole('option');
	await expect(options.first()).toContainText('"hot"');
	await expect(options.first()).toContainText('QoS 1');
	await expect(page.getByTestId('history-count')).toHaveText('3 messages');

	// Selecting a row shows that message, not the topic's last one.
	await options.nth(1).click();
	const shown = page.getByTestId('history-message');
	await expect(shown.getByTestId('history-message-topic')).toHaveText('plant/line1');
	await expect(shown.getByRole('tree', { name: 'Decoded value' })).toContainText('21');
	await expect(shown).toContainText('received');

	// One and its previous: 21 → 20.5 is the older pair.
	await page.getByRole('button', { name: 'Diff with previous' }).click();
	const diff = page.getByTestId('json-diff');
	await expect(diff.getByRole('row')).toHaveCount(2);
	await expect(diff.getByRole('row').nth(1)).toHaveText(
		/~ changed\s*\$\.data\.temp\s*20\.5\s*21\s*\+0\.5/,
	);
	await expectNoSeriousViolations(page, 'history panel with a diff');
	await page.screenshot({ path: 'test-results/history-diff.png' });

	// Two chosen: the newest, then Ctrl+click the oldest.
	await page.getByRole('button', { name: 'Close diff' }).click();
	await options.first().click();
	await options.nth(2).click({ modifiers: ['Control'] });
	await expect(options.nth(2)).toHaveAttribute('aria-selected', 'true');
	await page.getByRole('button', { name: 'Diff marked' }).click();
	await expect(page.getByTestId('diff-summary')).toHaveText(
		'3 differences by path: 1 added, 0 removed, 2 changed.',
	);
	const rows = diff.getByRole('row');
	await expect(rows.nth(1)).toHaveText(/~ changed\s*\$\.data\.temp\s*20\.5\s*23\.5\s*\+3/);
	await expect(rows.nth(2)).toHaveText(/~ changed\s*\$\.state\s*"ok"\s*"hot"/);
	await expect(rows.nth(3)).toHaveText(/\+ added\s*\$\.alarm\s*true/);
	await page.getByRole('button', { name: 'Close diff' }).click();

	// Keyboard: the list is one Tab stop; arrows select, Space marks a second row.
	await list.focus();
	await page.keyboard.press('Home');
	await expect(options.first()).toHaveAttribute('aria-selected', 'true');
	await page.keyboard.press('ArrowDown');
	await expect(options.nth(1)).toHaveAttribute('aria-selected', 'true');
	await expect(page.getByTestId('history-message')).toContainText('stored message');
	await page.keyboard.press('Control+ArrowDown');
	await expect(options.nth(1)).toHaveAttribute('aria-selected', 'true');
	await page.keyboard.press('Space');
	await expect(options.nth(2)).toHaveAttribute('aria-selected', 'true');
	await expect(page.getByRole('button', { name: 'Diff marked' })).toBeEnabled();

	// New messages come in at the top while the panel is open.
	const late = await mqtt.connectAsync(broker.url, { clientId: 'e2e-history-late' });
	await late.publishAsync('plant/line1', JSON.stringify({ data: { temp: 30 } }), { qos: 1 });
	await late.endAsync();
	await expect(options).toHaveCount(4);
	await expect(options.first()).toContainText('30');
	await page.getByRole('button', { name: 'Show live message' }).click();
	await expect(page.getByTestId('message-panel')).toBeVisible();
});

test('"Chart this" on a JSON number charts its path from history, with a table alternative', async ({
	page,
	app,
	broker,
}) => {
	await connectAndPublish(page, app.url, broker.url, broker.port);
	await selectTopic(page, 'plant/line1');
	const tree = page.getByRole('tree', { name: 'Decoded value' });
	await tree.getByRole('treeitem').filter({ hasText: '"temp"' }).click();
	await expect(page.getByTestId('tree-path')).toHaveText('$.data.temp');
	await page.getByRole('button', { name: 'Chart this' }).click();

	await expect(page.getByRole('tab', { name: 'Charts' })).toHaveAttribute('aria-selected', 'true');
	const series = page.getByTestId('chart-series');
	await expect(series).toHaveCount(1);
	await expect(series).toContainText('plant/line1 data.temp');
	await expect(series.getByTestId('series-points')).toHaveText(/^3 values in [1-3] buckets?$/);
	await expect(page.locator('canvas')).toHaveCount(1);
	await page.screenshot({ path: 'test-results/history-chart.png' });
	await expectNoSeriousViolations(page, 'chart');

	// A second series from the form: the other line's temperature.
	await page.getByLabel('Topic', { exact: true }).fill('plant/line2');
	await page.getByLabel('JSON path').fill('data.temp');
	await page.getByRole('button', { name: 'Add series' }).click();
	await expect(series).toHaveCount(2);
	await expect(series.nth(1).getByTestId('series-points')).toHaveText('1 value in 1 bucket');
	await page.screenshot({ path: 'test-results/history-chart-two.png' });

	// The table alternative: the same buckets, in text.
	await page.getByRole('button', { name: 'Show as table' }).click();
	const table = page.getByTestId('chart-table');
	// Messages published a few microseconds apart may share a bucket: the values are what counts.
	await expect(table).toContainText('20.5');
	await expect(table).toContainText('23.5');
	await expect(table).toContainText('19');
	await expectNoSeriousViolations(page, 'chart table');
	await page.screenshot({ path: 'test-results/history-chart-table.png' });

	// CSV of a series: a download.
	const download = page.waitForEvent('download');
	await series.first().getByRole('button', { name: 'CSV' }).click();
	const csv = readFileSync((await (await download).path()) ?? '', 'utf8');
	expect(csv.split('\r\n').slice(0, 1)).toEqual(['from,to,min,max,count']);
	expect(csv).toContain(',23.5,');
	expect(csv).toContain('20.5,');
});

test('a search across topics finds stored messages and opens one in the topic tree', async ({
	page,
	app,
	broker,
}) => {
	await connectAndPublish(page, app.url, broker.url, broker.port);
	await page.getByRole('button', { name: 'History', exact: true }).click();
	const history = page.getByTestId('history-page');
	await expect(history).toBeVisible();
	await page.getByLabel('Topic filter').fill('#');
	await page.getByLabel('Text').fill('hot');
	await page.getByRole('button', { name: 'Search', exact: true }).click();
	const results = page.getByRole('listbox', { name: 'Search results' });
	await expect(results.getByRole('option')).toHaveCount(2);
	await expect(page.getByTestId('search-status')).toContainText('2 matches');
	await expect(results.getByRole('option').first()).toContainText('office/door');
	await expect(results.getByRole('option').nth(1)).toContainText('plant/line1');

	// A filter with + keeps to one level; QoS narrows.
	await page.getByLabel('Topic filter').fill('plant/+');
	await page.getByLabel('Text').fill('');
	await page.getByRole('checkbox', { name: '0' }).check();
	await page.getByRole('button', { name: 'Search', exact: true }).click();
	await expect(results.getByRole('option')).toHaveCount(1);
	await expect(results.getByRole('option')).toContainText('plant/line2');

	// Keyboard: arrows select a result, which is shown beside the list.
	await page.getByRole('checkbox', { name: '0' }).uncheck();
	await page.getByLabel('Text').fill('hot');
	await page.getByLabel('Topic filter').fill('plant/#');
	await page.getByRole('button', { name: 'Search', exact: true }).click();
	await expect(results.getByRole('option')).toHaveCount(1);
	await results.focus();
	await page.keyboard.press('ArrowDown');
	await expect(page.getByTestId('history-message-topic')).toHaveText('plant/line1');
	await expectNoSeriousViolations(page, 'search');
	await page.screenshot({ path: 'test-results/history-search.png' });

	await page.getByRole('button', { name: 'Show in topic tree' }).click();
	await expect(page.getByTestId('connection-panel')).toBeVisible();
	const selectedRow = page.getByRole('tree', { name: 'Topics' }).locator('[aria-selected="true"]');
	await expect(selectedRow).toHaveAttribute('data-topic', 'plant/line1');
	const stored = page.getByRole('listbox', { name: 'Stored messages of plant/line1' });
	await expect(stored.locator('[aria-selected="true"]')).toContainText('"hot"');
	await expect(page.getByTestId('history-message')).toContainText('alarm');
});

test('export downloads NDJSON that imports back; replay runs dry; settings show the database', async ({
	page,
	app,
	broker,
}) => {
	await connectAndPublish(page, app.url, broker.url, broker.port);
	await page.getByRole('button', { name: 'History', exact: true }).click();
	await page.getByRole('tab', { name: 'Export, import, replay' }).click();
	const exportSection = page.getByRole('region', { name: 'Export' });
	await exportSection.getByLabel('Topic filter').fill('plant/#');
	const download = page.waitForEvent('download');
	await exportSection.getByRole('button', { name: 'Export', exact: true }).click();
	const file = await download;
	await expect(exportSection.getByTestId('job-status')).toHaveText(/^Done: 4 messages written/);
	const path = (await file.path()) ?? '';
	const lines = readFileSync(path, 'utf8').trim().split('\n');
	expect(lines).toHaveLength(4);
	const first = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
	expect(Object.keys(first)).toEqual([
		'time',
		'connection',
		'topic',
		'qos',
		'retain',
		'direction',
		'payloadBase64',
		'payloadText',
		'size',
		'properties',
	]);
	// The connection numbers its subscriptions: which one matched travels with the message.
	expect(first.properties).toEqual({ subscriptionIdentifier: 1 });
	expect(first).toMatchObject({ topic: 'plant/line1', payloadText: JSON.stringify(READINGS[0]) });

	// CSV of the same selection, for a spreadsheet: RFC 4180, the payload as text.
	await exportSection.getByRole('radio', { name: 'CSV' }).check();
	const csvDownload = page.waitForEvent('download');
	await exportSection.getByRole('button', { name: 'Export', exact: true }).click();
	const csvFile = await csvDownload;
	expect(csvFile.suggestedFilename()).toMatch(/\.csv$/);
	await expect(exportSection.getByTestId('job-status')).toHaveText(/^Done: 4 messages written/);
	const csv = readFileSync((await csvFile.path()) ?? '', 'utf8').split('\r\n');
	expect(csv[0]).toBe(
		'time,connection,topic,qos,retain,direction,size,payloadEncoding,payload,properties',
	);
	expect(csv[1]).toContain(
		',plant/line1,1,false,in,35,text,"{""data"":{""temp"":20.5},""state"":""ok""}",',
	);

	const importSection = page.getByRole('region', { name: 'Import' });
	await importSection.getByLabel('NDJSON file').setInputFiles({
		name: 'plant.ndjson',
		mimeType: 'application/x-ndjson',
		buffer: readFileSync(path),
	});
	await expect(importSection.getByTestId('job-status')).toHaveText('Done: 4 messages imported.');

	const replaySection = page.getByRole('region', { name: 'Replay' });
	await replaySection.getByLabel('Topic filter').fill('plant/line1');
	await replaySection.getByLabel('Publish through').selectOption({ index: 1 });
	await replaySection.getByRole('radio', { name: 'as fast as possible' }).check();
	await replaySection.getByRole('button', { name: 'Replay' }).click();
	await expect(replaySection.getByTestId('job-status')).toHaveText(
		'Done: 6 messages would be sent.',
	);
	await expectNoSeriousViolations(page, 'export, import, replay');
	await page.screenshot({ path: 'test-results/history-transfer.png', fullPage: true });

	await page.getByRole('tab', { name: 'Settings' }).click();
	await expect(page.getByTestId('history-path')).toHaveText(/history\.sqlite$/);
	await expect(page.getByTestId('history-rows')).toHaveText('9');
	await expect(page.getByRole('rowheader', { name: /\(plant\)/ })).toBeVisible();
	await expect(page.getByTestId('writer-shed')).toHaveText('0');
	await page.getByLabel('Maximum age, all connections').fill('30d');
	await page.getByLabel('Keep at least, per topic, all connections').fill('5');
	await page.getByRole('button', { name: 'Save retention' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Retention saved' })).toBeVisible();
	await page.getByLabel('Maximum age, all connections').fill('forever');
	await page.getByRole('button', { name: 'Save retention' }).click();
	await expect(page.getByText('All connections, maximum age: write a duration')).toBeVisible();
	await expectNoSeriousViolations(page, 'history settings');
	await page.screenshot({ path: 'test-results/history-settings.png', fullPage: true });
});

test('search results stream in as the list scrolls, and a search stops when asked', async ({
	page,
	app,
	broker,
}) => {
	const COUNT = 260;
	await connectWithForm(page, app.url, broker.port);
	const publisher = await mqtt.connectAsync(broker.url, { clientId: 'e2e-history-fleet' });
	for (let index = 0; index < COUNT; index++) {
		await publisher.publishAsync(`fleet/${index}`, `needle ${index}`, { qos: 0 });
	}
	await publisher.endAsync();
	await page.getByRole('button', { name: 'History', exact: true }).click();
	// Every message stored before searching: the database's row count says so.
	await page.getByRole('tab', { name: 'Settings' }).click();
	await expect(async () => {
		await page.getByRole('button', { name: 'Refresh' }).click();
		await expect(page.getByTestId('history-rows')).toHaveText(String(COUNT), { timeout: 1_000 });
	}).toPass();

	await page.getByRole('tab', { name: 'Search' }).click();
	await page.getByLabel('Topic filter').fill('fleet/#');
	await page.getByLabel('Text').fill('needle');
	await page.getByRole('button', { name: 'Search', exact: true }).click();
	const status = page.getByTestId('search-status');
	const results = page.getByRole('listbox', { name: 'Search results' });
	// A page of 100 at a time: the first pages fill the view, the rest wait for the scroll.
	await expect(status).toHaveText(/^[12]00\s+matches · \d+ messages looked at; scroll for more$/);
	await expect(results.getByRole('option').first()).toContainText(`fleet/${COUNT - 1}`);
	await results.focus();
	await expect(async () => {
		await page.keyboard.press('End');
		await expect(status).toHaveText(`${COUNT} matches · searched to the oldest message`, {
			timeout: 1_000,
		});
	}).toPass();
	// End now reaches the oldest match.
	await page.keyboard.press('End');
	await expect(results.locator('[aria-selected="true"]')).toContainText('needle 0');

	// Again, stopped after its first pages: no more come, whatever the scroll.
	await page.getByRole('button', { name: 'Search', exact: true }).click();
	await expect(status).toHaveText(/scroll for more$/);
	await page.getByRole('button', { name: 'Stop' }).click();
	await expect(status).toHaveText(/^[12]00\s+matches · stopped after looking at \d+ messages$/);
	const shown = await results.getByRole('option').count();
	await results.focus();
	await page.keyboard.press('End');
	await expect(results.locator('[aria-selected="true"]')).toContainText(/needle \d+/);
	await expect(status).toHaveText(/stopped after looking at/);
	expect(await results.getByRole('option').count()).toBeLessThanOrEqual(shown);
});

test('a replay at the original timing rewrites the topic prefix, strips retain, shows progress and stops', async ({
	page,
	app,
	broker,
}) => {
	await connectWithForm(page, app.url, broker.port);
	// A recording with a minute between messages, imported as a connection of its own.
	const recorded = [0, 60, 120].map((second, index) =>
		JSON.stringify({
			time: `2026-01-01T00:0${second / 60}:00.000000Z`,
			connection: 'recorded',
			topic: 'plant/pump',
			qos: 1,
			retain: true,
			direction: 'in',
			payloadBase64: Buffer.from(`rpm ${index}`).toString('base64'),
			payloadText: `rpm ${index}`,
			size: `rpm ${index}`.length,
		}),
	);
	await page.getByRole('button', { name: 'History', exact: true }).click();
	await page.getByRole('tab', { name: 'Export, import, replay' }).click();
	const importSection = page.getByRole('region', { name: 'Import' });
	await importSection.getByLabel('NDJSON file').setInputFiles({
		name: 'pumps.ndjson',
		mimeType: 'application/x-ndjson',
		buffer: Buffer.from(`${recorded.join('\n')}\n`),
	});
	await expect(importSection.getByTestId('job-status')).toHaveText('Done: 3 messages imported.');

	const listener = await mqtt.connectAsync(broker.url, { clientId: 'e2e-replay-listener' });
	const received: { topic: string; payload: string; retain: boolean }[] = [];
	listener.on('message', (topic, payload, packet) => {
		received.push({ topic, payload: payload.toString(), retain: packet.retain });
	});
	await listener.subscribeAsync('replayed/#', { qos: 1 });

	const replay = page.getByRole('region', { name: 'Replay' });
	await replay.getByRole('checkbox', { name: 'recorded (pumps)' }).check();
	await replay.getByLabel('Publish through').selectOption({ index: 1 });
	await replay.getByRole('radio', { name: 'original' }).check();
	await replay.getByLabel('Replace topic prefix').fill('plant/');
	await replay.getByLabel('with').fill('replayed/plant/');
	await replay.getByRole('checkbox', { name: 'Strip the retain flag' }).check();
	await replay.getByRole('checkbox', { name: 'Dry run' }).uncheck();
	await replay.getByRole('button', { name: 'Replay' }).click();

	// The first goes at once, the next a minute later: progress says one is sent, then Stop.
	await expect(replay.getByTestId('job-status')).toHaveText(/^1\s+message…$/);
	await expect.poll(() => received.length).toBe(1);
	expect(received[0]).toEqual({ topic: 'replayed/plant/pump', payload: 'rpm 0', retain: false });
	await replay.getByRole('button', { name: 'Stop' }).click();
	await expect(replay.getByTestId('job-status')).toHaveText('Stopped: 1 message sent.');
	await expectNoSeriousViolations(page, 'replay stopped');
	await page.screenshot({ path: 'test-results/history-replay-stopped.png', fullPage: true });
	await listener.endAsync();
	expect(received).toHaveLength(1);
});

test('the chart and export lists name a connection that stored its first message after they were first shown', async ({
	page,
	app,
	broker,
}) => {
	// History looked at before anything is stored: no connection to chart yet.
	await page.goto(app.url);
	await page.getByRole('button', { name: 'History', exact: true }).click();
	await page.getByRole('tab', { name: 'Charts' }).click();
	await expect(page.getByText('No series yet.')).toBeVisible();
	await page.getByRole('tab', { name: 'Export, import, replay' }).click();
	await expect(page.getByRole('region', { name: 'Export' })).toBeVisible();

	// Then a connection stores a reading.
	await page.getByRole('button', { name: 'New connection' }).click();
	await page.getByLabel('Host', { exact: true }).fill('127.0.0.1');
	await page.getByLabel('Port', { exact: true }).fill(String(broker.port));
	await page.getByRole('button', { name: 'Connect', exact: true }).click();
	await expect(page.getByTestId('connection-state')).toHaveText('connected');
	const publisher = await mqtt.connectAsync(broker.url, { clientId: 'e2e-history-first' });
	await publisher.publishAsync('boiler/temp', '61.5', { qos: 1 });
	await publisher.endAsync();
	await expect(
		page.getByRole('tree', { name: 'Topics' }).locator('[data-topic="boiler"]'),
	).toBeVisible();

	// Back in history, both lists name it.
	await page.getByRole('button', { name: 'History', exact: true }).click();
	const exportSection = page.getByRole('region', { name: 'Export' });
	await expect(
		exportSection.getByRole('checkbox', { name: `127.0.0.1:${broker.port}` }),
	).toBeVisible();
	await page.getByRole('tab', { name: 'Charts' }).click();
	await expect(
		page.getByRole('form', { name: 'Add a series' }).getByRole('combobox'),
	).toContainText(`127.0.0.1:${broker.port}`);
	await page.getByLabel('Topic', { exact: true }).fill('boiler/temp');
	await page.getByRole('button', { name: 'Add series' }).click();
	await expect(page.getByTestId('series-points')).toHaveText('1 value in 1 bucket');
});
