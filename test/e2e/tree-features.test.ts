import type { Locator, Page } from '@playwright/test';
import mqtt from 'mqtt';
import { startBroker } from '../helpers/broker';
import { connectWithForm } from './app';
import { expect, test } from './fixtures';
import { seriousViolations } from './pubsub-helpers';

/** The topics of the tree's rows on screen, in order. */
async function shownTopics(tree: Locator): Promise<string[]> {
	return tree
		.locator('[role="treeitem"]')
		.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-topic') ?? ''));
}

async function addSubscription(page: Page, filter: string): Promise<void> {
	await page.getByRole('button', { name: 'Subscriptions', exact: true }).click();
	const panel = page.getByTestId('subscriptions-panel');
	await panel.getByLabel('Topic filter').fill(filter);
	await panel.getByRole('button', { name: 'Subscribe', exact: true }).click();
	await expect(panel.getByTestId('subscription-row')).toHaveCount(2);
	await page.getByRole('button', { name: 'Subscriptions', exact: true }).click();
}

test('sort, filter, hide $SYS, retained only, expand all and collapse all', async ({
	page,
	app,
}) => {
	// mosquitto publishes its $SYS tree every second with this setting.
	const broker = await startBroker({ extraConfig: 'sys_interval 1' });
	try {
		const publisher = await mqtt.connectAsync(broker.url, { clientId: 'e2e-tree-features' });
		await publisher.publishAsync('fleet/a/temp', '21.5', { qos: 1, retain: true });
		await publisher.publishAsync('fleet/b/temp', '19', { qos: 0 });
		await connectWithForm(page, app.url, broker.port);
		await addSubscription(page, '$SYS/#');
		for (let i = 0; i < 5; i++) await publisher.publishAsync('zoo/x', `z${i}`, { qos: 1 });
		await publisher.publishAsync('fleet/b/temp', '19.5', { qos: 0 });

		const tree = page.getByRole('tree', { name: 'Topics' });
		const toolbar = page.getByRole('group', { name: 'Topic tree view' });
		// $SYS is shown by default, and natural name order puts it first.
		await expect.poll(() => shownTopics(tree)).toEqual(['$SYS', 'fleet', 'zoo']);

		// Hide $SYS.
		await toolbar.getByRole('checkbox', { name: '$SYS' }).uncheck();
		await expect.poll(() => shownTopics(tree)).toEqual(['fleet', 'zoo']);

		// Sort by message count: zoo (5) before fleet (3).
		await toolbar.getByLabel('Sort').selectOption({ label: 'Message count' });
		await expect.poll(() => shownTopics(tree)).toEqual(['zoo', 'fleet']);
		await toolbar.getByLabel('Sort').selectOption({ label: 'Name' });
		await expect.poll(() => shownTopics(tree)).toEqual(['fleet', 'zoo']);

		// Filter by text: the matches with their ancestors, opened.
		const filter = toolbar.getByLabel('Filter topics');
		await filter.fill('temp');
		await expect(page.getByTestId('tree-filter-status')).toHaveText('2 topics match');
		await expect
			.poll(() => shownTopics(tree))
			.toEqual(['fleet', 'fleet/a', 'fleet/a/temp', 'fleet/b', 'fleet/b/temp']);

		// Filter by an MQTT topic filter.
		await toolbar.getByLabel('Filter kind').selectOption({ label: 'Topic filter' });
		await filter.fill('+/a/#');
		await expect.poll(() => shownTopics(tree)).toEqual(['fleet', 'fleet/a', 'fleet/a/temp']);
		await filter.fill('fleet/#/temp');
		await expect(page.getByTestId('tree-filter-status')).toContainText("'#' must be the last");
		// '#' leaves $SYS out even when it is shown: the '$' rule.
		await toolbar.getByRole('checkbox', { name: '$SYS' }).check();
		await filter.fill('#');
		await expect.poll(() => shownTopics(tree)).not.toContain('$SYS');
		await filter.fill('$SYS/broker/version');
		await expect
			.poll(() => shownTopics(tree))
			.toEqual(['$SYS', '$SYS/broker', '$SYS/broker/version']);
		await filter.press('Escape');
		await expect(filter).toHaveValue('');
		await toolbar.getByRole('checkbox', { name: '$SYS' }).uncheck();

		// Retained only: fleet/a/temp was published retained, fleet/b/temp and zoo/x were not.
		await toolbar.getByRole('checkbox', { name: 'Retained only' }).check();
		await expect.poll(() => shownTopics(tree)).toEqual(['fleet', 'fleet/a', 'fleet/a/temp']);
		await toolbar.getByRole('checkbox', { name: 'Retained only' }).uncheck();

		// Expand all, then collapse all.
		await toolbar.getByRole('button', { name: 'Expand all' }).click();
		await expect
			.poll(() => shownTopics(tree))
			.toEqual(['fleet', 'fleet/a', 'fleet/a/temp', 'fleet/b', 'fleet/b/temp', 'zoo', 'zoo/x']);
		// Each topic row tells its last message: QoS, size, time and count.
		await expect(tree.locator('[data-topic="zoo/x"] [data-testid="row-meta"]')).toContainText(
			/^QoS 1 · 2 B · \d\d:\d\d:\d\d\.\d{3} · 5 messages$/,
		);
		await expect(tree.locator('[data-topic="fleet/a/temp"]')).toContainText('(retained)');
		await page.screenshot({ path: 'test-results/screenshots/tree-features.png' });
		await toolbar.getByRole('button', { name: 'Collapse all' }).click();
		await expect.poll(() => shownTopics(tree)).toEqual(['fleet', 'zoo']);

		// The same from the command palette (the actions registry).
		await page.keyboard.press('Control+K');
		await page.getByRole('combobox', { name: 'Command' }).fill('Expand all topics');
		await page.keyboard.press('Enter');
		await expect.poll(() => shownTopics(tree)).toContain('zoo/x');
		expect(await seriousViolations(page, '[data-testid="tree-toolbar"]')).toEqual([]);
		await publisher.endAsync();
	} finally {
		await broker.stop();
	}
});

test('rows light up on a message, but not with reduced motion', async ({ page, app, broker }) => {
	const publisher = await mqtt.connectAsync(broker.url, { clientId: 'e2e-tree-activity' });
	await connectWithForm(page, app.url, broker.port);
	await publisher.publishAsync('pulse', '1');
	const row = page.getByRole('tree', { name: 'Topics' }).locator('[data-topic="pulse"]');
	await expect(row).toBeVisible();
	// Not on first sight: only a message arriving while the row is on screen.
	await expect(row.getByTestId('row-activity')).toHaveCount(0);
	await publisher.publishAsync('pulse', '2');
	const activity = row.getByTestId('row-activity');
	await expect(activity).toHaveCount(1);
	expect(await activity.evaluate((element) => getComputedStyle(element).animationName)).not.toBe(
		'none',
	);

	await page.emulateMedia({ reducedMotion: 'reduce' });
	await publisher.publishAsync('pulse', '3');
	await expect(row).toContainText('= 3');
	expect(
		await activity.evaluate((element) => {
			const style = getComputedStyle(element);
			return [style.display, style.animationName];
		}),
	).toEqual(['none', 'none']);
	await publisher.endAsync();
});

test('subscribing to # on a public broker asks first, and Cancel sends nothing', async ({
	page,
	app,
}) => {
	await page.goto(app.url);
	await page.getByLabel('Host', { exact: true }).fill('test.mosquitto.org');
	await page.getByRole('button', { name: 'Connect', exact: true }).click();
	const dialog = page.getByRole('dialog', { name: 'Subscribe to everything on a public broker?' });
	await expect(dialog.getByTestId('firehose-warning')).toContainText(
		'test.mosquitto.org is a public broker: subscribing to “#” there',
	);
	await page.screenshot({ path: 'test-results/screenshots/firehose-warning.png' });
	await dialog.getByRole('button', { name: 'Cancel' }).click();
	await expect(dialog).toHaveCount(0);
	await expect(page.getByTestId('connect-error')).toHaveCount(0);
	await expect(page.getByTestId('connection-state')).toHaveCount(0);

	// Going on tries the broker (this machine has no internet: its name does not resolve).
	await page.getByRole('button', { name: 'Connect', exact: true }).click();
	await dialog.getByRole('button', { name: 'Subscribe anyway' }).click();
	await expect(dialog).toHaveCount(0);
	await expect(page.getByTestId('connect-error')).toContainText('test.mosquitto.org');
});
