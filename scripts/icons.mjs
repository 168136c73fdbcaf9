// Renders every icon electron-builder needs from the one source, build/icon.svg, with Chromium
// (the same one the end-to-end tests use; CHROMIUM_PATH to use another):
//   build/icon.png         1024 × 1024 (the source of truth for any other tool)
//   build/icon.ico         16–256 px, PNG-compressed entries (Windows installer and exe)
//   build/icon.icns        16–1024 px incl. @2x, PNG entries (macOS)
//   build/icons/NxN.png    16–1024 px (Linux: AppImage, deb, rpm)
//   renderer/public/icon.svg  the page's favicon, a copy of the source
// Run with `npm run icons` after editing build/icon.svg, and commit the results.
import { chromium } from '@playwright/test';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const SOURCE = 'build/icon.svg';
const SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const LINUX_SIZES = [16, 32, 48, 64, 128, 256, 512, 1024];
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
// ICNS types holding PNG data, by pixel size (the @2x types reuse the larger renders).
const ICNS_TYPES = [
	['icp4', 16],
	['icp5', 32],
	['icp6', 64],
	['ic07', 128],
	['ic08', 256],
	['ic09', 512],
	['ic10', 1024],
	['ic11', 32],
	['ic12', 64],
	['ic13', 256],
	['ic14', 512],
];

async function render(svg) {
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		args: ['--no-sandbox', '--disable-gpu'],
	});
	try {
		const page = await browser.newPage();
		const pngs = new Map();
		for (const size of SIZES) {
			await page.setViewportSize({ width: size, height: size });
			await page.setContent(
				`<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`,
			);
			pngs.set(size, await page.screenshot({ omitBackground: true, type: 'png' }));
		}
		return pngs;
	} finally {
		await browser.close();
	}
}

function ico(pngs) {
	const header = Buffer.alloc(6 + 16 * ICO_SIZES.length);
	header.writeUInt16LE(0, 0);
	header.writeUInt16LE(1, 2); // 1: icon
	header.writeUInt16LE(ICO_SIZES.length, 4);
	let offset = header.length;
	const images = [];
	ICO_SIZES.forEach((size, index) => {
		const png = pngs.get(size);
		const entry = 6 + 16 * index;
		header.writeUInt8(size >= 256 ? 0 : size, entry); // 0 means 256
		header.writeUInt8(size >= 256 ? 0 : size, entry + 1);
		header.writeUInt8(0, entry + 2); // no palette
		header.writeUInt8(0, entry + 3);
		header.writeUInt16LE(1, entry + 4); // colour planes
		header.writeUInt16LE(32, entry + 6); // bits per pixel
		header.writeUInt32LE(png.length, entry + 8);
		header.writeUInt32LE(offset, entry + 12);
		offset += png.length;
		images.push(png);
	});
	return Buffer.concat([header, ...images]);
}

function icns(pngs) {
	const chunks = ICNS_TYPES.map(([type, size]) => {
		const png = pngs.get(size);
		const head = Buffer.alloc(8);
		head.write(type, 0, 'ascii');
		head.writeUInt32BE(png.length + 8, 4);
		return Buffer.concat([head, png]);
	});
	const body = Buffer.concat(chunks);
	const head = Buffer.alloc(8);
	head.write('icns', 0, 'ascii');
	head.writeUInt32BE(body.length + 8, 4);
	return Buffer.concat([head, body]);
}

const svg = readFileSync(SOURCE, 'utf8');
const pngs = await render(svg);
writeFileSync('build/icon.png', pngs.get(1024));
writeFileSync('build/icon.ico', ico(pngs));
writeFileSync('build/icon.icns', icns(pngs));
rmSync('build/icons', { recursive: true, force: true });
mkdirSync('build/icons');
for (const size of LINUX_SIZES) writeFileSync(`build/icons/${size}x${size}.png`, pngs.get(size));
copyFileSync(SOURCE, 'renderer/public/icon.svg');
console.log(`icons written from ${SOURCE}: png, ico, icns, ${LINUX_SIZES.length} Linux sizes`);
