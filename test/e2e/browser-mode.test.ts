/**
 * Browser mode as people meet it: a tab opened without its token, a reload, the core stopped with
 * Ctrl+C while a connection is on screen, the core started again with a new token, and a link that
 * drops while the core lives on.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page, WebSocketRoute } from '@playwright/test';
import mqtt from 'mqtt';
import { expect, startApp, test } from './fixtures';

/** axe-core finds nothing serious or critical on what the page shows now. */
async function expectAccessible(page: Page): Promise<void> {
	const { violations } = await new AxeBuilder({ page }).analyze();
	const grave = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
	expect(grave.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
}

test('a page opened without its token says it needs the address the terminal printed', async ({
	page,
	app,
}) => {
	const origin = new URL(app.url).origin;
	// A second tab or a bookmark: the address without its token.
	await page.goto(`${origin}/`);
	const notice = page.getByTestId('token-needed');
	await expect(notice.getByRole('heading')).toHaveText('This page needs its access token');
	await expect(notice).toContainText('This address has no access token');
	await expect(notice).toContainText('npm run serve');
	await expect(notice).toContainText(`${origin}/?token=…`);
	await expect(page.getByText(/Lost contact/)).toHaveCount(0);
	await expect(page.getByRole('button', { name: 'New connection' })).toHaveCount(0);
	await expect(page).toHaveTitle('Topicscope: access token needed');
	await expectAccessible(page);
	await page.screenshot({ path: 'test-results/screenshots/token-needed.png' });

	// The address from the terminal works in this same tab.
	await page.goto(app.url);
	await expect(page.getByRole('button', { name: 'New connection' })).toBeVisible();
	await expect(notice).toHaveCount(0);
});

test('a wrong token is named as such, and the token survives a reload of its tab', async ({
	page,
	app,
}) => {
	const origin = new URL(app.url).origin;
	await page.goto(`${origin}/?token=an-old-token`);
	const notice = page.getByTestId('token-needed');
	await expect(notice).toContainText('not the one the running core expects');
	await expect(notice).toContainText('restarted');
	await expect(page).toHaveURL(`${origin}/`);

	await page.goto(app.url);
	await expect(page).toHaveURL(`${origin}/`);
	await expect(page.getByRole('button', { name: 'New connection' })).toBeVisible();
	await page.reload();
	await expect(page.getByRole('button', { name: 'New connection' })).toBeVisible();
	await expect(notice).toHaveCount(0);
});

test('stopping the core says so at once and nothing claims to be connected', async ({
	page,
	app,
	broker,
}) => {
	await page.goto(app.url);
	await page.getByLabel('Host', { exact: true }).fill('127.0.0.1');
	await page.getByLabel('Port', { exact: true }).fill(String(broker.port));
	await page.getByLabel('MQTT version').selectOption({ label: 'MQTT 3.1.1' });
	await page.getByRole('button', { name: 'Connect', exact: true }).click();
	await expect(page.getByTestId('connection-state')).toHaveText('connected');

	// Ctrl+C in the terminal where browser mode runs.
	await app.stop('SIGINT');
	const banner = page.getByTestId('core-lost');
	await expect(banner).toContainText('The Topicscope core has stopped');
	await expect(banner).toContainText('Nothing on this page is live');
	await expect(page.getByTestId('connection-state')).toBeHidden();
	await expect(page.getByText('connected', { exact: true })).toBeHidden();
	await expect(page).toHaveTitle('Topicscope: core not answering');
	await expectAccessible(page);
	await page.screenshot({ path: 'test-results/screenshots/core-stopped.png' });

	// Started again on the same port: a new token, which this tab does not have.
	const restarted = await startApp({ port: app.port, dataDir: app.dataDir });
	try {
		const notice = page.getByTestId('token-needed');
		await expect(notice).toContainText('not the one the running core expects');
		await expect(banner).toHaveCount(0);
		await page.screenshot({ path: 'test-results/screenshots/core-restarted.png' });

		await page.goto(restarted.url);
		await expect(page.getByRole('button', { name: 'New connection' })).toBeVisible();
		await expect(page).toHaveTitle('Topicscope');
	} finally {
		await restarted.stop();
	}
});

test('a core that dies without a word is reported as lost at once', async ({
	page,
	app,
	broker,
}) => {
	await page.goto(app.url);
	await page.getByLabel('Host', { exact: true }).fill('127.0.0.1');
	await page.getByLabel('Port', { exact: true }).fill(String(broker.port));
	await page.getByLabel('MQTT version').selectOption({ label: 'MQTT 3.1.1' });
	await page.getByRole('button', { name: 'Connect', exact: true }).click();
	await expect(page.getByTestId('connection-state')).toHaveText('connected');

	await app.stop('SIGKILL');
	const banner = page.getByTestId('core-lost');
	await expect(banner).toContainText('Lost contact with the Topicscope core');
	await expect(page.getByTestId('connection-state')).toBeHidden();
	await expect(banner.getByRole('button', { name: 'Try now' })).toBeVisible();
	await page.screenshot({ path: 'test-results/screenshots/core-lost.png' });
});

test('when the same core answers again, the page picks up where it was and is live again', async ({
	page,
	app,
	broker,
}) => {
	// Every socket of the page goes through here, so the test can cut one as a network would.
	const sockets: { page: WebSocketRoute; core: WebSocketRoute }[] = [];
	await page.routeWebSocket(/\/ipc/, (socket) => {
		sockets.push({ page: socket, core: socket.connectToServer() });
	});
	const publisher = await mqtt.connectAsync(broker.url, { clientId: 'e2e-link-publisher' });
	await publisher.publishAsync('plant/oven', '180', { qos: 1, retain: true });

	await page.goto(app.url);
	await page.getByLabel('Host', { exact: true }).fill('127.0.0.1');
	await page.getByLabel('Port', { exact: true }).fill(String(broker.port));
	await page.getByLabel('MQTT version').selectOption({ label: 'MQTT 3.1.1' });
	await page.getByRole('button', { name: 'Connect', exact: true }).click();
	await expect(page.getByTestId('connection-state')).toHaveText('connected');
	await page.getByRole('button', { name: 'Expand plant' }).click();
	const tree = page.getByRole('tree', { name: 'Topics' });
	await tree.locator('[data-topic="plant/oven"] .label').click();
	const panel = page.getByTestId('message-panel');
	await expect(panel.getByTestId('message-payload')).toHaveText('180');

	const [socket] = sockets;
	await socket?.page.close({ code: 3000, reason: 'network dropped' });
	await socket?.core.close();
	const banner = page.getByTestId('core-lost');
	await expect(banner).toContainText('Lost contact with the Topicscope core');
	await expect(panel).toBeHidden();
	await publisher.publishAsync('plant/oven', '181', { qos: 1, retain: true });

	// The page tries again by itself; the core never went away.
	await expect(banner).toHaveCount(0);
	expect(sockets.length).toBeGreaterThan(1);
	await expect(page.getByTestId('connection-state')).toHaveText('connected');
	await expect(panel.getByTestId('message-topic')).toHaveText('plant/oven');
	await expect(panel.getByTestId('message-payload')).toHaveText('181');
	await publisher.publishAsync('plant/oven', '182', { qos: 1, retain: true });
	await expect(panel.getByTestId('message-payload')).toHaveText('182');
	await expect(tree.locator('[data-topic="plant/oven"]')).toContainText('= 182');
	await publisher.endAsync();
});
