import mqtt from 'mqtt';
import { retainedAtBroker } from '../helpers/retained';
import { expect, test } from './fixtures';
import { connectTo, seriousViolations } from './pubsub-helpers';

test('a subtree clear removes exactly the retained topics below it, and undo brings them back', async ({
	page,
	app,
	broker,
}) => {
	const seed = await mqtt.connectAsync(broker.url, {
		clientId: 'e2e-retained-seed',
		protocolVersion: 5,
	});
	await seed.publishAsync('plant/line-4/valve', Buffer.from([0x00, 0x01, 0xff]), {
		qos: 1,
		retain: true,
		properties: { contentType: 'x/raw' },
	});
	await seed.publishAsync('plant/line-4/mode', 'auto', { qos: 1, retain: true });
	await seed.publishAsync('plant/line-40/mode', 'manual', { qos: 1, retain: true });
	await seed.publishAsync('office/door', 'closed', { qos: 1, retain: true });
	await connectTo(page, app.url, broker);
	// Seen live only: never retained, so never cleared.
	await seed.publishAsync('plant/line-4/live', 'not retained', { qos: 1 });
	await seed.endAsync();
	const before = await retainedAtBroker(broker, '#');

	await page.getByRole('tab', { name: 'Retained' }).click();
	const panel = page.getByTestId('retained-panel');
	await expect(panel.getByTestId('retained-count')).toHaveText('4 of 4 retained topics');
	await panel.getByLabel('Below topic').fill('plant/line-4');
	await expect(panel.getByTestId('retained-count')).toHaveText('2 of 4 retained topics');
	await expect(panel.getByTestId('retained-row')).toHaveText([
		/plant\/line-4\/mode.*4 B.*auto/,
		/plant\/line-4\/valve.*3 B.*<3 bytes>/,
	]);
	await panel.getByRole('button', { name: 'Clear plant/line-4 and below…' }).click();

	const confirm = panel.getByTestId('clear-confirm');
	await expect(confirm.getByRole('heading')).toHaveText(
		'Clear 2 retained topics at or below plant/line-4?',
	);
	await expect(confirm.getByRole('list', { name: 'Topics that would be cleared' })).toHaveText(
		/plant\/line-4\/mode.*plant\/line-4\/valve/s,
	);
	const clear = confirm.getByRole('button', { name: 'Clear 2 topics' });
	await expect(confirm.getByLabel('Type 2 to confirm')).toBeFocused();
	await expect(clear).toBeDisabled();
	await confirm.getByLabel('Type 2 to confirm').fill('3');
	await expect(clear).toBeDisabled();
	await confirm.getByLabel('Type 2 to confirm').fill('2');
	await page.screenshot({ path: 'test-results/screenshots/retained-clear.png' });
	await clear.click();

	const report = panel.getByTestId('retained-report');
	await expect(report).toContainText('Cleared 2 of 2 topics.');
	await expect(report).toContainText('plant/line-4/mode: acknowledged (Success)');
	await expect(panel.getByTestId('retained-count')).toHaveText('0 of 2 retained topics');
	const after = await retainedAtBroker(broker, '#');
	expect([...after.keys()].sort()).toEqual(['office/door', 'plant/line-40/mode']);

	await panel.getByRole('button', { name: 'Undo' }).click();
	await expect(report).toContainText('Restored 2 of 2 topics.');
	await expect(panel.getByTestId('retained-count')).toHaveText('2 of 4 retained topics');
	expect(await retainedAtBroker(broker, '#')).toEqual(before);
	await expect(panel.getByText(/undone at/)).toBeVisible();
	await page.screenshot({ path: 'test-results/screenshots/retained-undo.png' });
	expect(await seriousViolations(page, '[data-testid="retained-panel"]')).toEqual([]);
});

test('one retained topic cleared from its row', async ({ page, app, broker }) => {
	const seed = await mqtt.connectAsync(broker.url, { clientId: 'e2e-retained-one' });
	await seed.publishAsync('door/front', 'locked', { qos: 1, retain: true });
	await seed.publishAsync('door/back', 'open', { qos: 1, retain: true });
	await seed.endAsync();
	await connectTo(page, app.url, broker, { protocol: 'MQTT 3.1.1' });
	await page.getByRole('tab', { name: 'Retained' }).click();
	const panel = page.getByTestId('retained-panel');
	await expect(panel.getByTestId('retained-count')).toHaveText('2 of 2 retained topics');
	await panel.getByRole('button', { name: 'Clear door/front' }).click();
	const confirm = panel.getByTestId('clear-confirm');
	await expect(confirm.getByRole('heading')).toHaveText(
		'Clear the retained message of door/front?',
	);
	await confirm.getByRole('button', { name: 'Clear 1 topic' }).click();
	await expect(panel.getByTestId('retained-report')).toContainText('Cleared 1 of 1 topics.');
	expect([...(await retainedAtBroker(broker, 'door/#')).keys()]).toEqual(['door/back']);
});
