import AxeBuilder from '@axe-core/playwright';
import { startScriptedBroker } from '../helpers/scripted-broker';
import { connectWithForm, selectTopic } from './app';
import { expect, test } from './fixtures';

test('frames list an aliased PUBLISH under the topic its alias stands for; Show frame finds it', async ({
	page,
	app,
}) => {
	// mosquitto forwards topic names, not aliases: a scripted MQTT 5 server aliases what it sends.
	const scripted = await startScriptedBroker({ connackProperties: { topicAliasMaximum: 10 } });
	try {
		await connectWithForm(page, app.url, scripted.port, async (form) => {
			await form.getByText('MQTT 5 properties', { exact: true }).click();
			await form.getByLabel('Topic alias maximum').fill('10');
		});
		// The first sets alias 3 with the topic; the second names its topic by the alias alone.
		scripted.publishAliased('plant/7/temp', 3, '21.5');
		await selectTopic(page, 'plant/7/temp');
		scripted.publishAliased('plant/7/temp', 3, '21.7');
		await expect(page.getByTestId('message-payload')).toHaveText('21.7');
		scripted.publishAliased('plant/8/temp', 4, '19.0');

		// Show frame on the message finds the PUBLISH without a topic that carried it.
		await page.getByRole('button', { name: 'Show frame' }).click();
		const inspector = page.getByTestId('frame-inspector');
		await expect(inspector.getByTestId('frame-alias')).toContainText(
			'Topic plant/7/temp, resolved from alias 3',
		);
		await expect(
			inspector.locator('[data-field="topicName"] [data-testid="field-value"]'),
		).toHaveText('""');

		const list = page.getByRole('listbox', { name: 'Frames' });
		const publishes = list.locator('[data-type="PUBLISH"]');
		await expect(publishes).toHaveCount(3);
		await expect(publishes.locator('.topic-text')).toHaveText([
			'plant/7/temp',
			'plant/7/temp',
			'plant/8/temp',
		]);
		// Marked on the row (a badge, and in words for a screen reader); the others are not.
		const badge = publishes.nth(1).getByTestId('topic-alias');
		await expect(badge).toBeVisible();
		await expect(badge).toHaveText('alias 3, resolved from alias 3');
		await expect(publishes.nth(0).getByTestId('topic-alias')).toHaveCount(0);
		await expect(publishes.nth(1)).toContainText('PUBLISH qos0 plant/7/temp (alias 3)');

		// The topic filter matches the aliased frame by the topic it stands for.
		await page.getByLabel('Topic filter').fill('plant/7/#');
		await page.getByLabel('Topic filter').press('Enter');
		await expect(publishes).toHaveCount(2);
		await expect(publishes.nth(1).getByTestId('topic-alias')).toBeVisible();
		await page.screenshot({ path: 'test-results/screenshots/frames-aliases.png' });

		const axe = await new AxeBuilder({ page }).include('[aria-label="Frames"]').analyze();
		const serious = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
		expect(
			serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
		).toEqual([]);
	} finally {
		await scripted.stop();
	}
});
