/**
 * The topic tree and the connection's tabs by keyboard (WAI-ARIA tree view and tabs patterns),
 * view state kept across connection switches, and "Show in topic tree" on a far row: on a tree
 * large enough (3,000 devices) that the rows reached lie far outside the first window main sends.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import mqtt from 'mqtt';
import type { TestBroker } from '../helpers/broker';
import { expect, test } from './fixtures';

const DEVICES = 3_000;
/** alpha, fleet, device-0 … device-2999, fleet/gateway, zeta; and one status under each device. */
const TOTAL_MESSAGES = DEVICES + 3;

async function connectTo(page: Page, url: string, broker: TestBroker, name: string): Promise<void> {
	await page.goto(url);
	await page.getByLabel('Name', { exact: true }).fill(name);
	await page.getByLabel('Host', { exact: true }).fill('127.0.0.1');
	await page.getByLabel('Port', { exact: true }).fill(String(broker.port));
	await page.getByRole('button', { name: 'Connect', exact: true }).click();
	await expect(page.getByTestId('connection-state')).toHaveText('connected');
}

/** Publishes the fleet; QoS 0 in bulk, then one QoS 1 message once the rest are on their way. */
async function publishFleet(broker: TestBroker): Promise<void> {
	const publisher = await mqtt.connectAsync(broker.url, { clientId: 'e2e-tree-fleet' });
	publisher.publish('alpha', 'a', { qos: 0 });
	for (let i = 0; i < DEVICES; i++) publisher.publish(`fleet/device-${i}/status`, `ok ${i}`);
	publisher.publish('zeta', 'z', { qos: 0 });
	await publisher.publishAsync('fleet/gateway', 'up', { qos: 1 });
	await publisher.endAsync();
}

async function waitForFleet(page: Page): Promise<void> {
	await expect(page.getByTestId('total-messages')).toHaveText(
		`${TOTAL_MESSAGES.toLocaleString('en')} messages`,
		{ timeout: 30_000 },
	);
}

/** The topic of the row the tree names as focused (aria-activedescendant). */
function focusedTopic(tree: Locator): Promise<string | null> {
	return tree.evaluate((element) => {
		const id = element.getAttribute('aria-activedescendant');
		const row = id === null ? null : document.getElementById(id);
		return row?.getAttribute('data-topic') ?? null;
	});
}

/** The tree has the DOM focus, names `topic`'s row as focused, and that row is fully in view. */
async function expectFocusOn(tree: Locator, topic: string): Promise<Locator> {
	await expect(tree).toBeFocused();
	await expect.poll(() => focusedTopic(tree)).toBe(topic);
	const row = tree.locator(`[data-topic="${topic}"]`);
	await expect(row).toBeInViewport({ ratio: 1 });
	return row;
}

test('the topic tree is one Tab stop and moves by arrows, Home/End, Right/Left and type-ahead', async ({
	page,
	app,
	broker,
}) => {
	await connectTo(page, app.url, broker, 'fleet broker');
	await publishFleet(broker);
	await waitForFleet(page);
	const tree = page.getByRole('tree', { name: 'Topics' });
	const messageTopic = page.getByTestId('message-topic');

	// One Tab from the control before the tree (the last of its view controls) lands on the tree,
	// on its first row.
	await page.getByRole('button', { name: 'Collapse all' }).focus();
	await page.keyboard.press('Tab');
	const alpha = await expectFocusOn(tree, 'alpha');
	await expect(alpha).toHaveAttribute('role', 'treeitem');
	await expect(alpha).toHaveAttribute('aria-level', '1');
	await expect(alpha).toHaveAttribute('aria-setsize', '3');
	await expect(alpha).toHaveAttribute('aria-posinset', '1');
	await expect(alpha).not.toHaveAttribute('aria-expanded');
	// Nothing inside the tree is a Tab stop of its own.
	await expect(tree.locator('[tabindex="0"], button:not([tabindex="-1"])')).toHaveCount(0);

	// Down moves focus, and the selection follows it.
	await page.keyboard.press('ArrowDown');
	const fleet = await expectFocusOn(tree, 'fleet');
	await expect(fleet).toHaveAttribute('aria-selected', 'true');
	await expect(fleet).toHaveAttribute('aria-expanded', 'false');
	await expect(fleet).toHaveAttribute('aria-posinset', '2');
	await expect(messageTopic).toHaveText('fleet');

	// Right opens a node, Right again steps into it.
	await page.keyboard.press('ArrowRight');
	await expect(fleet).toHaveAttribute('aria-expanded', 'true');
	await expect.poll(() => focusedTopic(tree)).toBe('fleet');
	await page.keyboard.press('ArrowRight');
	const first = await expectFocusOn(tree, 'fleet/device-0');
	await expect(first).toHaveAttribute('aria-level', '2');
	await expect(first).toHaveAttribute('aria-setsize', String(DEVICES + 1));
	await expect(first).toHaveAttribute('aria-posinset', '1');

	// Down twice (natural order: device-2 comes before device-10), open it, step in, and back out.
	await page.keyboard.press('ArrowDown');
	await page.keyboard.press('ArrowDown');
	const second = await expectFocusOn(tree, 'fleet/device-2');
	await expect(second).toHaveAttribute('aria-posinset', '3');
	await page.keyboard.press('ArrowRight');
	await expect(second).toHaveAttribute('aria-expanded', 'true');
	await page.keyboard.press('ArrowRight');
	const status = await expectFocusOn(tree, 'fleet/device-2/status');
	await expect(status).toHaveAttribute('aria-level', '3');
	await expect(status).toHaveAttribute('aria-setsize', '1');
	await page.keyboard.press('ArrowLeft');
	await expectFocusOn(tree, 'fleet/device-2');
	await page.keyboard.press('ArrowLeft');
	await expect(second).toHaveAttribute('aria-expanded', 'false');
	await page.screenshot({ path: 'test-results/screenshots/tree-keyboard.png' });

	// End and Home: the last and the first of 3,004 rows.
	await page.keyboard.press('End');
	const zeta = await expectFocusOn(tree, 'zeta');
	await expect(zeta).toHaveAttribute('aria-posinset', '3');
	await expect(messageTopic).toHaveText('zeta');
	await page.keyboard.press('Home');
	await expectFocusOn(tree, 'alpha');
	await expect(messageTopic).toHaveText('alpha');

	// Page Down / Page Up: as many rows as fit in view (alpha, fleet, then device-0 at row 2).
	const pageRows = await tree.evaluate((element) => Math.floor(element.clientHeight / 26));
	await page.keyboard.press('PageDown');
	await expectFocusOn(tree, `fleet/device-${pageRows - 2}`);
	await page.keyboard.press('PageUp');
	await expectFocusOn(tree, 'alpha');

	// Type-ahead finds a row 3,000 rows down, which the renderer does not hold.
	await page.keyboard.type('gat');
	const gateway = await expectFocusOn(tree, 'fleet/gateway');
	await expect(gateway).toHaveAttribute('aria-posinset', String(DEVICES + 1));
	await expect(messageTopic).toHaveText('fleet/gateway');
	// Any other key (here Escape) ends a search, as a pause does: the next letters start afresh.
	await page.keyboard.press('Escape');
	await page.keyboard.type('device-2987');
	await expectFocusOn(tree, 'fleet/device-2987');

	// Left on a row whose parent is 2,988 rows above the window goes to the parent.
	await page.keyboard.press('ArrowLeft');
	await expectFocusOn(tree, 'fleet');
	await expect(messageTopic).toHaveText('fleet');
	await page.keyboard.press('ArrowLeft');
	await expect(fleet).toHaveAttribute('aria-expanded', 'false');
	await page.screenshot({ path: 'test-results/screenshots/tree-keyboard-parent.png' });
	// Enter opens and closes too.
	await page.keyboard.press('Enter');
	await expect(fleet).toHaveAttribute('aria-expanded', 'true');
	await page.keyboard.press('Enter');
	await expect(fleet).toHaveAttribute('aria-expanded', 'false');

	// One Tab leaves the tree; Shift+Tab comes back to the same row.
	await page.keyboard.press('Tab');
	await expect(tree).not.toBeFocused();
	expect(await tree.evaluate((element) => element.contains(document.activeElement))).toBe(false);
	await page.keyboard.press('Shift+Tab');
	await expectFocusOn(tree, 'fleet');

	const results = await new AxeBuilder({ page })
		.include('[data-testid="connection-panel"]')
		.analyze();
	const serious = results.violations.filter(
		(violation) => violation.impact === 'serious' || violation.impact === 'critical',
	);
	expect(serious.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);
});

test('the connection tabs follow the tabs pattern', async ({ page, app, broker }) => {
	await connectTo(page, app.url, broker, 'tabs broker');
	const topicsTab = page.getByRole('tab', { name: 'Topics' });
	const framesTab = page.getByRole('tab', { name: 'Frames' });
	await expect(topicsTab).toHaveAttribute('aria-selected', 'true');
	await expect(topicsTab).toHaveAttribute('tabindex', '0');
	await expect(framesTab).toHaveAttribute('tabindex', '-1');

	await topicsTab.focus();
	await page.keyboard.press('ArrowRight');
	const retainedTab = page.getByRole('tab', { name: 'Retained' });
	await expect(retainedTab).toBeFocused();
	await expect(retainedTab).toHaveAttribute('aria-selected', 'true');
	const brokerTab = page.getByRole('tab', { name: 'Broker' });
	await page.keyboard.press('End');
	await expect(brokerTab).toBeFocused();
	await expect(brokerTab).toHaveAttribute('aria-selected', 'true');
	await page.keyboard.press('ArrowLeft');
	await expect(framesTab).toBeFocused();
	await expect(framesTab).toHaveAttribute('aria-selected', 'true');
	await expect(framesTab).toHaveAttribute('tabindex', '0');
	await expect(topicsTab).toHaveAttribute('tabindex', '-1');
	await expect(page.getByRole('tabpanel', { name: 'Frames' })).toBeVisible();
	await expect(page.getByRole('listbox', { name: 'Frames' })).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Frames' })).toBeAttached();

	// Right wraps from the last tab to the first; End and Home go to the last and the first.
	await page.keyboard.press('ArrowRight');
	await expect(brokerTab).toBeFocused();
	await page.keyboard.press('ArrowRight');
	await expect(topicsTab).toBeFocused();
	await expect(page.getByRole('tabpanel', { name: 'Topics' })).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Topics' })).toBeVisible();
	await page.keyboard.press('End');
	await expect(brokerTab).toBeFocused();
	await expect(brokerTab).toHaveAttribute('aria-selected', 'true');
	await page.keyboard.press('ArrowLeft');
	await expect(framesTab).toBeFocused();
	await page.keyboard.press('End');
	await page.keyboard.press('Home');
	await expect(topicsTab).toBeFocused();
	await expect(topicsTab).toHaveAttribute('aria-selected', 'true');

	// The tab list is one Tab stop: the next Tab leaves it.
	await page.keyboard.press('Tab');
	await expect(page.getByRole('button', { name: 'Disconnect' })).toBeFocused();
});

test("switching connection or opening the codec panel keeps each connection's tree and tab", async ({
	page,
	app,
	broker,
}) => {
	await connectTo(page, app.url, broker, 'fleet broker');
	await publishFleet(broker);
	await waitForFleet(page);
	const tree = page.getByRole('tree', { name: 'Topics' });
	const messageTopic = page.getByTestId('message-topic');

	// Expanded, scrolled far down with the mouse wheel and a row selected there.
	await page.getByRole('button', { name: 'Expand fleet' }).click();
	await tree.hover();
	const gateway = tree.locator('[data-topic="fleet/gateway"]');
	await expect(async () => {
		await page.mouse.wheel(0, 100_000);
		await expect(gateway).toBeInViewport({ ratio: 1, timeout: 1_000 });
	}).toPass();
	await gateway.locator('.label').click();
	await expect(messageTopic).toHaveText('fleet/gateway');

	// Another connection (the built-in broker), then back.
	const fleetTab = page.getByRole('button', { name: 'fleet broker' });
	await page.getByRole('button', { name: 'New connection' }).click();
	await page.getByRole('button', { name: 'Start built-in local broker' }).click();
	await expect(page.getByTestId('connection-state')).toHaveText('connected');
	await expect(tree.locator('[data-topic="maison"]')).toBeVisible();
	await fleetTab.click();
	await expect(gateway).toBeInViewport({ ratio: 1 });
	await expect(gateway).toHaveAttribute('aria-selected', 'true');
	await expect(messageTopic).toHaveText('fleet/gateway');

	// The codec panel, then back.
	await page.getByRole('button', { name: 'Codec' }).click();
	await expect(tree).toHaveCount(0);
	await fleetTab.click();
	await expect(gateway).toBeInViewport({ ratio: 1 });
	await expect(gateway).toHaveAttribute('aria-selected', 'true');
	await expect(messageTopic).toHaveText('fleet/gateway');
	await tree.evaluate((element) => element.scrollTo({ top: 0 }));
	await expect(tree.locator('[data-topic="fleet"]')).toHaveAttribute('aria-expanded', 'true');

	// The active tab is kept too, and the frames filter with its controls.
	await page.getByRole('tab', { name: 'Frames' }).click();
	await page.getByLabel('Frame type').selectOption('SUBACK');
	await page.getByLabel('Direction').selectOption('in');
	await page.getByLabel('Topic filter').fill('fleet/#');
	await page.getByLabel('Topic filter').press('Enter');
	await page.getByRole('button', { name: 'Built-in local broker' }).click();
	await expect(page.getByRole('tab', { name: 'Topics' })).toHaveAttribute('aria-selected', 'true');
	await fleetTab.click();
	await expect(page.getByRole('tab', { name: 'Frames' })).toHaveAttribute('aria-selected', 'true');
	await expect(page.getByLabel('Frame type')).toHaveValue('SUBACK');
	await expect(page.getByLabel('Direction')).toHaveValue('in');
	await expect(page.getByLabel('Topic filter')).toHaveValue('fleet/#');
});

test('Show in topic tree scrolls to a row far down a large tree, selects and focuses it', async ({
	page,
	app,
	broker,
}) => {
	await connectTo(page, app.url, broker, 'fleet broker');
	await publishFleet(broker);
	await waitForFleet(page);

	await page.getByRole('tab', { name: 'Frames' }).click();
	await page.getByLabel('Topic filter').fill('fleet/device-2987/status');
	await page.getByLabel('Topic filter').press('Enter');
	const list = page.getByRole('listbox', { name: 'Frames' });
	await expect(list.locator('[data-type="PUBLISH"]')).toHaveCount(1);
	await list.locator('[data-type="PUBLISH"]').click();
	await page
		.getByTestId('frame-inspector')
		.getByRole('button', { name: 'Show in topic tree' })
		.click();

	await expect(page.getByRole('tab', { name: 'Topics' })).toHaveAttribute('aria-selected', 'true');
	const tree = page.getByRole('tree', { name: 'Topics' });
	const row = tree.locator('[data-topic="fleet/device-2987/status"]');
	await expect(row).toBeInViewport({ ratio: 1 });
	await expect(row).toHaveAttribute('aria-selected', 'true');
	await expect(row).toHaveAttribute('aria-level', '3');
	await expectFocusOn(tree, 'fleet/device-2987/status');
	await expect(page.getByTestId('message-topic')).toHaveText('fleet/device-2987/status');
	await expect(page.getByTestId('message-payload')).toHaveText('ok 2987');
	await page.screenshot({ path: 'test-results/screenshots/show-in-tree.png' });
});
