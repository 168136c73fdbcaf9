/**
 * Every main view in every theme, checked with axe-core (no serious or critical violation, colour
 * contrast included) and photographed for a person to look at: the connect page, a connection
 * with its tree and a message, the publish and subscriptions panels, the retained, tools and broker
 * tabs, the broker check's card with a report, the frames with a frame inspected, the codec panel,
 * the command palette, Settings and About; the topic's history with a JSON diff, and the history
 * page's search, chart (and its table), export / import / replay and database views.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import mqtt from 'mqtt';
import { expect, test } from './fixtures';

const THEMES = ['light', 'dark', 'high-contrast'] as const;

async function expectNoSeriousViolations(page: Page, view: string): Promise<void> {
	const results = await new AxeBuilder({ page }).analyze();
	const serious = results.violations
		.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
		.map(
			(violation) =>
				`${violation.id}: ${violation.nodes.map((node) => `${node.target.join(' ')} ${node.failureSummary ?? ''}`).join('; ')}`,
		);
	expect(serious, `${view}: ${serious.join('\n')}`).toEqual([]);
}

async function chooseTheme(page: Page, theme: (typeof THEMES)[number]): Promise<void> {
	await page.keyboard.press('Control+k');
	const names = {
		light: 'Theme: light',
		dark: 'Theme: dark',
		'high-contrast': 'Theme: high contrast',
	};
	await page.getByRole('combobox', { name: 'Command' }).fill(names[theme]);
	await page.keyboard.press('Enter');
	await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
}

async function check(page: Page, theme: string, view: string): Promise<void> {
	await expectNoSeriousViolations(page, `${view} (${theme})`);
	await page.screenshot({ path: `test-results/screenshots/${theme}-${view}.png` });
}

for (const theme of THEMES) {
	test(`every main view passes axe in the ${theme} theme`, async ({ page, app, broker }) => {
		// A dozen views, each scanned by axe (seconds apiece on a busy machine), and a broker
		// check: a wider bound.
		test.setTimeout(240_000);
		const publisher = await mqtt.connectAsync(broker.url, {
			clientId: `a11y-${theme}`,
			protocolVersion: 5,
		});
		await publisher.publishAsync('plant/oven/temperature', '{"celsius":182.5}', {
			qos: 1,
			retain: true,
			properties: { contentType: 'application/json', userProperties: { site: 'Lyon' } },
		});
		await publisher.publishAsync('plant/press/state', 'running', { qos: 0, retain: true });
		await publisher.endAsync();

		await page.goto(app.url);
		await chooseTheme(page, theme);
		await expect(page.getByRole('heading', { name: 'Built-in local broker' })).toBeVisible();
		await check(page, theme, 'connect');

		// The question before '#' on a public broker.
		await page.getByLabel('Host', { exact: true }).fill('broker.hivemq.com');
		await page.getByRole('button', { name: 'Connect', exact: true }).click();
		const firehose = page.getByRole('dialog', { name: /public broker/ });
		await expect(firehose).toBeVisible();
		await check(page, theme, 'firehose-warning');
		await firehose.getByRole('button', { name: 'Cancel' }).click();

		await page.getByLabel('Host', { exact: true }).fill('127.0.0.1');
		await page.getByLabel('Port', { exact: true }).fill(String(broker.port));
		await page.getByRole('button', { name: 'Connect', exact: true }).click();
		await expect(page.getByTestId('connection-state')).toHaveText('connected');
		await page.getByRole('button', { name: 'Expand plant' }).click();
		await page.getByRole('button', { name: 'Expand oven' }).click();
		await page.locator('[data-topic="plant/oven/temperature"] .label').click();
		await expect(page.getByTestId('message-payload')).toContainText('182.5');
		await page.keyboard.press('Control+f');
		await page.keyboard.type('oven');
		await expect(page.getByTestId('find-status')).toHaveText('2 topics');
		await check(page, theme, 'topics');
		// The tree's toolbar with a filter on, its status shown, sorted by count, retained only.
		const toolbar = page.getByRole('group', { name: 'Topic tree view' });
		await toolbar.getByLabel('Filter topics').fill('oven');
		await toolbar.getByLabel('Sort').selectOption({ label: 'Message count' });
		await toolbar.getByRole('checkbox', { name: 'Retained only' }).check();
		// plant/oven/temperature: plant/oven matches the text but holds no retained message.
		await expect(page.getByTestId('tree-filter-status')).toHaveText('1 topic match');
		await check(page, theme, 'topics-filtered');
		await toolbar.getByRole('checkbox', { name: 'Retained only' }).uncheck();
		await toolbar.getByLabel('Sort').selectOption({ label: 'Name' });
		await toolbar.getByLabel('Filter topics').fill('');

		await page.getByRole('button', { name: 'Publish', exact: true }).click();
		await expect(page.getByTestId('publish-panel')).toBeVisible();
		await check(page, theme, 'publish');
		await page.getByRole('button', { name: 'Subscriptions', exact: true }).click();
		await expect(page.getByTestId('subscriptions-panel')).toContainText('Granted at QoS 2.');
		await check(page, theme, 'subscriptions');
		await page.getByRole('tab', { name: 'Retained' }).click();
		await expect(page.getByText('plant/press/state')).toBeVisible();
		await check(page, theme, 'retained');
		await page.getByRole('tab', { name: 'Tools' }).click();
		// The broker check's card with a report in it.
		const card = page.getByTestId('broker-check');
		await card.getByRole('button', { name: 'Check this broker' }).click();
		await expect(card.getByTestId('check-findings')).toBeVisible({ timeout: 30_000 });
		await check(page, theme, 'tools');

		await page.getByRole('tab', { name: 'Frames' }).click();
		const frames = page.getByRole('listbox', { name: 'Frames' });
		await frames.locator('[data-type="CONNACK"]').click();
		await expect(page.getByTestId('frame-inspector').locator('header strong')).toHaveText(
			'CONNACK',
		);
		await check(page, theme, 'frames');

		// After the frames: the $SYS/# it subscribes to would push the CONNACK out of their window.
		await page.getByRole('tab', { name: 'Broker' }).click();
		// mosquitto's retained $SYS values arrive as soon as the panel subscribes.
		await expect(page.getByTestId('broker-family')).toHaveText('Broker: mosquitto');
		await expect(page.getByTestId('broker-tile').first()).toBeVisible();
		await check(page, theme, 'broker');

		await page.getByRole('button', { name: 'Codec' }).click();
		await expect(page.getByRole('heading', { level: 1, name: 'MQTT codec' })).toBeAttached();
		await check(page, theme, 'codec');

		await page.keyboard.press('Control+k');
		await expect(page.getByRole('dialog', { name: 'Commands' })).toBeVisible();
		await check(page, theme, 'palette');
		await page.keyboard.press('Escape');

		await page.keyboard.press('Control+,');
		await expect(page.getByRole('dialog', { name: 'Settings' })).toBeVisible();
		await check(page, theme, 'settings');
		await page.keyboard.press('Escape');

		await page.keyboard.press('Control+k');
		await page.keyboard.type('about');
		await page.keyboard.press('Enter');
		const about = page.getByRole('dialog', { name: 'About Topicscope' });
		await expect(about.getByTestId('update-state')).toBeVisible();
		await check(page, theme, 'about');
	});

	test(`the history views pass axe in the ${theme} theme`, async ({ page, app, broker }) => {
		const publisher = await mqtt.connectAsync(broker.url, { clientId: `a11y-history-${theme}` });
		await publisher.publishAsync('plant/oven/temperature', '{"celsius":182.5}', {
			qos: 1,
			retain: true,
		});
		await publisher.endAsync();
		await page.goto(app.url);
		await chooseTheme(page, theme);
		await page.getByLabel('Host', { exact: true }).fill('127.0.0.1');
		await page.getByLabel('Port', { exact: true }).fill(String(broker.port));
		await page.getByRole('button', { name: 'Connect', exact: true }).click();
		await expect(page.getByTestId('connection-state')).toHaveText('connected');
		await page.getByRole('button', { name: 'Expand plant' }).click();
		await page.getByRole('button', { name: 'Expand oven' }).click();
		await page.locator('[data-topic="plant/oven/temperature"] .label').click();
		await expect(page.getByTestId('message-payload')).toContainText('182.5');

		// A second reading: the topic's history holds two, and they diff by path.
		const second = await mqtt.connectAsync(broker.url, { clientId: `a11y-${theme}-2` });
		await second.publishAsync('plant/oven/temperature', '{"celsius":190,"door":"open"}', {
			qos: 1,
		});
		await second.endAsync();
		await expect(page.getByTestId('message-payload')).toContainText('190');
		await page.getByRole('button', { name: 'Topic history' }).click();
		const stored = page.getByRole('listbox', { name: 'Stored messages of plant/oven/temperature' });
		await expect(stored.getByRole('option')).toHaveCount(2);
		await stored.getByRole('option').first().click();
		await page.getByRole('button', { name: 'Diff with previous' }).click();
		await expect(page.getByTestId('diff-summary')).toHaveText(
			'2 differences by path: 1 added, 0 removed, 1 changed.',
		);
		await check(page, theme, 'topic-history');

		await page.keyboard.press('Control+Shift+f');
		await expect(page.getByLabel('Topic filter')).toBeFocused();
		await page.keyboard.type('plant/#');
		await page.getByLabel('Text').fill('celsius');
		await page.keyboard.press('Enter');
		const results = page.getByRole('listbox', { name: 'Search results' });
		await expect(results.getByRole('option')).toHaveCount(2);
		await results.getByRole('option').first().click();
		await expect(page.getByTestId('history-message-topic')).toHaveText('plant/oven/temperature');
		await check(page, theme, 'history-search');

		await page.getByRole('tab', { name: 'Charts' }).click();
		await page.getByLabel('Topic', { exact: true }).fill('plant/oven/temperature');
		await page.getByLabel('JSON path').fill('celsius');
		await page.getByRole('button', { name: 'Add series' }).click();
		await expect(page.getByTestId('series-points')).toHaveText(/^2 values in [12] buckets?$/);
		await check(page, theme, 'history-chart');
		await page.getByRole('button', { name: 'Show as table' }).click();
		await expect(page.getByTestId('chart-table')).toContainText('182.5');
		await check(page, theme, 'history-chart-table');

		await page.getByRole('tab', { name: 'Export, import, replay' }).click();
		await expect(page.getByRole('region', { name: 'Replay' })).toBeVisible();
		await check(page, theme, 'history-transfer');
		await page.getByRole('tab', { name: 'Settings' }).click();
		await expect(page.getByTestId('history-rows')).toHaveText(/^[1-9]/);
		await check(page, theme, 'history-settings');
	});
}
