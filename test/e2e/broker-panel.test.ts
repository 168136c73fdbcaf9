/**
 * The broker panel in Chromium: on mosquitto with `$SYS` every second it subscribes to `$SYS/#`
 * (and says so), shows mosquitto's tiles with its version, and ranks a flood by topic and by
 * subtree; on mosquitto with its `$SYS` tree off it explains the silence. Opened through the
 * command palette's "Open broker panel", as a person would.
 */
import mqtt from 'mqtt';
import type { Page } from '@playwright/test';
import { startBroker } from '../helpers/broker';
import { expect, test } from './fixtures';

async function connectTo(page: Page, port: number): Promise<void> {
	await page.getByLabel('Host', { exact: true }).fill('127.0.0.1');
	await page.getByLabel('Port', { exact: true }).fill(String(port));
	await page.getByRole('button', { name: 'Connect', exact: true }).click();
	await expect(page.getByTestId('connection-state')).toHaveText('connected');
}

async function openBrokerPanel(page: Page): Promise<void> {
	await page.keyboard.press('Control+k');
	await page.getByRole('combobox', { name: 'Command' }).fill('Open broker panel');
	await page.keyboard.press('Enter');
	await expect(page.getByRole('tab', { name: 'Broker' })).toHaveAttribute('aria-selected', 'true');
}

test('the broker panel shows mosquitto $SYS tiles and what floods the broker', async ({
	page,
	app,
}) => {
	const broker = await startBroker({ kind: 'mosquitto', extraConfig: 'sys_interval 1' });
	const publisher = await mqtt.connectAsync(broker.url, { clientId: 'flood' });
	try {
		await page.goto(app.url);
		await connectTo(page, broker.port);
		await openBrokerPanel(page);
		const panel = page.getByTestId('broker-panel');
		await expect(panel.getByTestId('broker-sys-watch')).toContainText(
			'This panel subscribed to $SYS/# on this connection',
		);
		await expect(panel.getByTestId('broker-family')).toHaveText('Broker: mosquitto');
		await expect(panel.getByTestId('broker-version')).toHaveText(
			/^mosquitto version \d+\.\d+\.\d+$/,
		);
		// Ours and the flood's publisher.
		await expect(
			panel.locator('[data-key="clients/connected"] [data-testid="broker-tile-value"]'),
		).toHaveText('2');
		await expect(
			panel.locator('[data-key="messages/received"] [data-testid="broker-tile-value"]'),
		).toHaveText(/^[\d.,]+\/s$/);

		// A flood on one subtree while the panel watches: 40 bursts of 25 over four topics (s0 gets 7 of each).
		for (let burst = 0; burst < 40; burst++) {
			for (let i = 0; i < 25; i++) publisher.publish(`factory/line1/s${i % 4}`, 'x'.repeat(64));
			publisher.publish('factory/line2/door', 'open');
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
		const subtrees = panel.getByTestId('broker-top-subtrees');
		await expect(subtrees.locator('tbody tr').first()).toHaveAttribute('data-prefix', 'factory');
		await panel.getByLabel('Subtree depth').selectOption('2');
		await expect(subtrees.locator('caption')).toHaveText('Top subtrees at depth 2');
		await expect(subtrees.locator('[data-prefix="factory/line1"] td').first()).toHaveText('4');
		const topics = panel.getByTestId('broker-top-topics');
		await expect(topics.locator('[data-topic="factory/line1/s0"] td').nth(2)).toHaveText('280');
		await expect(topics.locator('[data-topic="factory/line1/s0"] td').nth(3)).toHaveText(
			'64 B / 64 B / 64 B',
		);
		await expect(panel.getByTestId('broker-explanation')).toHaveCount(0);
		await page.screenshot({ path: 'test-results/screenshots/broker-panel.png', fullPage: true });

		// The past: the $SYS values history stored since the panel opened.
		await expect(async () => {
			await panel.getByRole('button', { name: 'Show' }).click();
			await expect(
				panel.getByTestId('broker-past').getByRole('rowheader', { name: 'Messages received /s' }),
			).toBeVisible({ timeout: 1_000 });
		}).toPass({ timeout: 20_000 });

		await panel
			.getByTestId('broker-past')
			.screenshot({ path: 'test-results/screenshots/broker-past.png' });

		// The same tiles as a table (the text alternative).
		await panel.getByText(/All \d+ \$SYS values as a table/).click();
		await expect(
			panel.getByTestId('broker-sys-table').getByRole('rowheader', { name: '$SYS/broker/version' }),
		).toBeVisible();
	} finally {
		await publisher.endAsync();
		await broker.stop();
	}
});

test('the broker panel explains a broker that sends no $SYS', async ({ page, app }) => {
	const broker = await startBroker({ kind: 'mosquitto', extraConfig: 'sys_interval 0' });
	try {
		await page.goto(app.url);
		await connectTo(page, broker.port);
		await page.getByRole('tab', { name: 'Broker' }).click();
		const explanation = page.getByTestId('broker-explanation');
		await expect(explanation).toContainText('EMQX allows $SYS only from localhost by default', {
			timeout: 20_000,
		});
		await expect(explanation).toContainText('HiveMQ has no $SYS tree');
		// The measured figures work for any broker.
		await expect(page.getByTestId('broker-rate-messages')).toContainText('msg/s');
		await page.screenshot({ path: 'test-results/screenshots/broker-panel-no-sys.png' });
	} finally {
		await broker.stop();
	}
});
