/**
 * Every main view, as a person reaches it, checked with axe-core: no serious or critical
 * violation, and a heading that names the view.
 */
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

test('every main view passes axe and names itself with a heading', async ({
	page,
	app,
	broker,
}) => {
	const publisher = await mqtt.connectAsync(broker.url, { clientId: 'a11y-publisher' });
	await publisher.publishAsync('plant/oven/temperature', '{"celsius":182.5}', {
		qos: 1,
		retain: true,
	});
	await publisher.endAsync();

	await page.goto(app.url);
	await expect(page.getByRole('heading', { level: 1, name: 'Connect to a broker' })).toBeAttached();
	await expectNoSeriousViolations(page, 'connect page');

	await connectWithForm(page, app.url, broker.port);
	await selectTopic(page, 'plant/oven/temperature');
	await expect(page.getByTestId('message-payload')).toContainText('182.5');
	await expect(page.getByRole('heading', { name: 'Topics' })).toBeVisible();
	await expectNoSeriousViolations(page, 'topics and message');

	await page.getByRole('button', { name: 'Subscriptions', exact: true }).click();
	await expect(page.getByRole('heading', { name: 'Subscriptions' })).toBeVisible();
	await expectNoSeriousViolations(page, 'subscriptions panel');
	await page.getByRole('button', { name: 'Publish', exact: true }).click();
	await expect(page.getByRole('heading', { name: 'Publish' })).toBeVisible();
	await expectNoSeriousViolations(page, 'publish panel');

	await page.getByRole('tab', { name: 'Retained' }).click();
	await expect(page.getByRole('heading', { name: 'Retained messages' })).toBeAttached();
	await expect(page.getByTestId('retained-row')).toHaveCount(1);
	await expectNoSeriousViolations(page, 'retained');

	await page.getByRole('tab', { name: 'Tools' }).click();
	await expect(page.getByRole('heading', { name: 'Topic filter tester' })).toBeVisible();
	await expectNoSeriousViolations(page, 'tools');

	await page.getByRole('tab', { name: 'Frames' }).click();
	await expect(page.getByRole('listbox')).toBeVisible();
	await expectNoSeriousViolations(page, 'frames');

	await page.getByRole('button', { name: 'Codec' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'MQTT codec' })).toBeAttached();
	await expectNoSeriousViolations(page, 'codec panel');
});
