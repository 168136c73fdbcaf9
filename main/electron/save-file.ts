/** The Electron shell's answer to `CoreOptions.saveFile`: the system save dialog, then a write. */
import { BrowserWindow, dialog } from 'electron';
import { writeFile } from 'node:fs/promises';
import { err, ok, type Result } from '../../shared/result';
import type { SaveOutcome } from '../core/core';

export async function saveWithDialog(
	suggestedName: string,
	bytes: Uint8Array,
): Promise<Result<SaveOutcome>> {
	const window = BrowserWindow.getFocusedWindow();
	const options = { defaultPath: suggestedName };
	const answer = window
		? await dialog.showSaveDialog(window, options)
		: await dialog.showSaveDialog(options);
	if (answer.canceled || !answer.filePath) return ok('cancelled');
	try {
		await writeFile(answer.filePath, bytes);
	} catch (error) {
		// The user chose the place: a failure there is theirs to fix, told in plain words.
		const reason = error instanceof Error ? error.message : String(error);
		return err('internal', `The payload could not be saved to ${answer.filePath}: ${reason}`);
	}
	return ok('saved');
}
