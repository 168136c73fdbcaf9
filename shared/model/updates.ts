/** Where the app stands with its own updates, as the About dialog and the update banner show it. */
import type { UpdateChannel } from './settings';

export type UpdateState =
	/** No updates here: browser mode, a development build, or a package without an update feed. */
	| { readonly kind: 'unavailable'; readonly reason: string }
	/** Not checked yet, or the last background check could not reach the server (said nowhere). */
	| { readonly kind: 'idle' }
	| { readonly kind: 'checking' }
	| { readonly kind: 'up-to-date'; readonly checkedAt: number }
	/** A newer release; nothing is downloaded until the user says so. */
	| {
			readonly kind: 'available';
			readonly version: string;
			readonly releaseDate?: string;
			/** Why the last download failed, when it did: the user may try again. */
			readonly downloadError?: string;
	  }
	| { readonly kind: 'downloading'; readonly version: string; readonly percent: number }
	/** Downloaded: installed when the app restarts (now, or when it next quits). */
	| { readonly kind: 'ready'; readonly version: string }
	/** A check the user asked for failed: said in words, with what to do. */
	| { readonly kind: 'failed'; readonly message: string };

export interface UpdateStatus {
	readonly currentVersion: string;
	readonly channel: UpdateChannel;
	readonly state: UpdateState;
}
