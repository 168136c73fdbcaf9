/** Reads a file the user picked (an upload: the renderer never names paths). */

export function fileFromEvent(event: Event): File | null {
	const input = event.currentTarget as HTMLInputElement;
	const file = input.files?.[0] ?? null;
	input.value = '';
	return file;
}

export async function readBase64(file: File): Promise<string> {
	const bytes = new Uint8Array(await file.arrayBuffer());
	let binary = '';
	for (const byte of bytes) binary += String.fromCharCode(byte);
	return btoa(binary);
}
