/**
 * Browser mode's way to a finished export: its file's bytes read back from main a page at a time
 * (`history:export-read`: names the export gave, nothing else) and handed to the browser as a
 * download. The renderer never names a path.
 */
import { ok, type Result } from '../../../shared/result';
import { api } from '../../lib/api';
import { formatBytes } from '../../lib/format';

const PAGE_BYTES = 4 * 1024 * 1024;
/** Pages read at most (4 GiB): a bound on the loop, far past any export a browser can hold. */
const MAX_PAGES = 1024;

export async function downloadExport(
	fileName: string,
	onProgress?: (readBytes: number, sizeBytes: number) => void,
): Promise<Result<string>> {
	// Parts, not one buffer: the browser can keep a large Blob's parts out of the page's heap.
	const parts: Uint8Array<ArrayBuffer>[] = [];
	let offset = 0;
	for (let pages = 0; pages < MAX_PAGES; pages++) {
		const page = await api.invoke('history:export-read', { fileName, offset, length: PAGE_BYTES });
		if (!page.ok) return page;
		const { sizeBytes } = page.value;
		if (page.value.bytes.length === 0) break;
		parts.push(new Uint8Array(page.value.bytes));
		offset += page.value.bytes.length;
		onProgress?.(offset, sizeBytes);
		if (offset >= sizeBytes) break;
	}
	const type = fileName.endsWith('.csv') ? 'text/csv' : 'application/x-ndjson';
	const url = URL.createObjectURL(new Blob(parts, { type }));
	const link = document.createElement('a');
	link.href = url;
	link.download = fileName;
	link.click();
	// The download has taken its copy once click() returns.
	URL.revokeObjectURL(url);
	return ok(`Downloaded ${fileName} (${formatBytes(offset)}).`);
}

/** Hands text made in the page (a chart series' CSV) to the browser as a download. */
export function downloadText(fileName: string, text: string, type: string): void {
	const url = URL.createObjectURL(new Blob([text], { type }));
	const link = document.createElement('a');
	link.href = url;
	link.download = fileName;
	link.click();
	URL.revokeObjectURL(url);
}
