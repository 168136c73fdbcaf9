import mqtt from 'mqtt';
import type { Page } from '@playwright/test';
import { connectWithForm as connect } from './app';
import { expect, test } from './fixtures';

const NO_MESSAGE = 'No message on this topic itself';

/**
 * Records every text the message pane shows from now on: a MutationObserver in the page appends
 * the pane's text after each batch of DOM changes (a flash between two renders is a batch too).
 */
async function recordMessagePane(page: Page): Promise<void> {
	await page.evaluate(() => {
		const seen: string[] = [];
		const record = (): void => {
			const panel = document.querySelector('[data-testid="message-panel"]');
			const text = panel?.textContent ?? '<no message panel>';
			if (seen.at(-1) !== text) seen.push(text);
		};
		record();
		new MutationObserver(record).observe(document.body, {
			subtree: true,
			childList: true,
			characterData: true,
		});
		(window as unknown as { messagePaneTexts: string[] }).messagePaneTexts = seen;
	});
}

function recordedTexts(page: Page): Promise<string[]> {
	return page.evaluate(
		() => (window as unknown as { messagePaneTexts: string[] }).messagePaneTexts,
	);
}

test('the selected message stays put while other topics receive a firehose', async ({
	page,
	app,
	broker,
}) => {
	const publisher = await mqtt.connectAsync(broker.url, { clientId: 'e2e-flicker-publisher' });
	await publisher.publishAsync('boiler/setpoint', '72.5', { qos: 1, retain: true });
	await connect(page, app.url, broker.port);

	const tree = page.getByRole('tree', { name: 'Topics' });
	await page.getByRole('button', { name: 'Expand boiler' }).click();
	await tree.locator('[data-topic="boiler/setpoint"] .label').click();
	const panel = page.getByTestId('message-panel');
	await expect(panel.getByTestId('message-payload')).toHaveText('72.5');
	await recordMessagePane(page);

	// 100 messages/s on 20 other topics for 3 s: bounded in count (300) and in time.
	const ROUNDS = 30;
	const PER_ROUND = 10;
	for (let round = 0; round < ROUNDS; round++) {
		const sent: Promise<unknown>[] = [];
		for (let i = 0; i < PER_ROUND; i++) {
			sent.push(publisher.publishAsync(`load/${i % 20}/${round % 2}`, `v${round}.${i}`));
		}
		await Promise.all(sent);
		// Pacing the load generator, not waiting for the app.
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	// The tree has seen the whole firehose (300 + the retained message) before we judge.
	await expect(page.getByTestId('total-messages')).toHaveText('301 messages');

	const texts = await recordedTexts(page);
	expect(texts.filter((text) => text.includes(NO_MESSAGE))).toEqual([]);
	expect(texts.every((text) => text.includes('72.5'))).toBe(true);
	await expect(panel.getByTestId('message-payload')).toHaveText('72.5');

	// A message on the selected topic itself does update the panel.
	await publisher.publishAsync('boiler/setpoint', '68.0', { qos: 1 });
	await expect(panel.getByTestId('message-payload')).toHaveText('68.0');
	await expect(panel.getByTestId('message-retain')).toHaveText('no');
	await publisher.endAsync();
	expect((await recordedTexts(page)).filter((text) => text.includes(NO_MESSAGE))).toEqual([]);
});

test('a topic without a message of its own says so once its answer has come', async ({
	page,
	app,
	broker,
}) => {
	const publisher = await mqtt.connectAsync(broker.url, { clientId: 'e2e-parent-publisher' });
	await publisher.publishAsync('hall/door', 'closed', { qos: 1, retain: true });
	await publisher.endAsync();
	await connect(page, app.url, broker.port);
	await page.getByRole('tree', { name: 'Topics' }).locator('[data-topic="hall"] .label').click();
	await expect(page.getByTestId('message-panel')).toContainText(NO_MESSAGE);
});

test("a tree row's context menu copies its topic and payload, by mouse and by keyboard", async ({
	page,
	app,
	broker,
	context,
}) => {
	await context.grantPermissions(['clipboard-read', 'clipboard-write']);
	const publisher = await mqtt.connectAsync(broker.url, { clientId: 'e2e-menu-publisher' });
	await publisher.publishAsync('hall/door', 'closed', { qos: 1, retain: true });
	await publisher.publishAsync('hall/light', 'on', { qos: 1, retain: true });
	await publisher.endAsync();
	await connect(page, app.url, broker.port);
	const tree = page.getByRole('tree', { name: 'Topics' });
	await page.getByRole('button', { name: 'Expand hall' }).click();
	const clipboard = (): Promise<string> => page.evaluate(() => navigator.clipboard.readText());

	// Right click.
	await tree.locator('[data-topic="hall/door"]').click({ button: 'right' });
	const menu = page.getByRole('menu', { name: 'Topic' });
	await expect(menu.getByRole('menuitem')).toHaveText([
		'Copy topic',
		'Copy payload',
		'Copy as mosquitto_pub',
		'Expand all below',
		'Collapse all',
	]);
	// A leaf has nothing below it to expand.
	await expect(menu.getByRole('menuitem', { name: 'Expand all below' })).toHaveAttribute(
		'aria-disabled',
		'true',
	);
	await page.screenshot({ path: 'test-results/screenshots/tree-context-menu.png' });
	await menu.getByRole('menuitem', { name: 'Copy topic' }).click();
	await expect(menu).toBeHidden();
	await expect(page.getByTestId('menu-status')).toHaveText('Copied the topic.');
	expect(await clipboard()).toBe('hall/door');

	// Shift+F10 on the focused row; the arrows move in the menu; Enter runs the item.
	await tree.locator('[data-topic="hall/light"] .label').click();
	await page.keyboard.press('Shift+F10');
	await expect(menu.getByRole('menuitem', { name: 'Copy topic' })).toBeFocused();
	await page.keyboard.press('ArrowDown');
	await expect(menu.getByRole('menuitem', { name: 'Copy payload' })).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(page.getByTestId('menu-status')).toHaveText('Copied the payload as text (2 B).');
	expect(await clipboard()).toBe('on');
	await expect(tree).toBeFocused();

	// Copy as mosquitto_pub, the third item up from the last (End).
	await page.keyboard.press('Shift+F10');
	await page.keyboard.press('End');
	await expect(menu.getByRole('menuitem', { name: 'Collapse all' })).toBeFocused();
	await page.keyboard.press('ArrowUp');
	await page.keyboard.press('ArrowUp');
	await expect(menu.getByRole('menuitem', { name: 'Copy as mosquitto_pub' })).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(page.getByTestId('menu-status')).toHaveText('Copied the mosquitto_pub command.');
	expect(await clipboard()).toBe(
		`mosquitto_pub -h 127.0.0.1 -p ${broker.port} -V 5 -t hall/light -q 1 -r -m on`,
	);

	// The ContextMenu key opens it too; Escape closes it and gives the keyboard back to the tree.
	await page.keyboard.press('ArrowUp');
	await page.keyboard.press('ContextMenu');
	await expect(menu.getByRole('menuitem', { name: 'Copy topic' })).toBeFocused();
	await page.keyboard.press('Escape');
	await expect(menu).toBeHidden();
	await expect(tree).toBeFocused();
	// A parent level has no message of its own: its Copy payload is offered but disabled.
	await page.keyboard.press('Home');
	await page.keyboard.press('Shift+F10');
	await expect(menu.getByRole('menuitem', { name: 'Copy payload' })).toHaveAttribute(
		'aria-disabled',
		'true',
	);
	await page.keyboard.press('Escape');
});
