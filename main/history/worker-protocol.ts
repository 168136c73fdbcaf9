/** Messages between the history recorder (main thread) and its writer worker. */
import type { RetentionPolicy } from '../../shared/model/history';

export type ToWorker =
	| {
			readonly type: 'open';
			readonly path: string;
			readonly nativeBinding?: string;
			readonly retention: RetentionPolicy;
			readonly pruneIntervalMs: number;
			readonly indexIntervalMs: number;
	  }
	| {
			readonly type: 'batch';
			readonly buffer: ArrayBuffer;
			readonly byteLength: number;
			readonly messages: number;
			readonly payloadBytes: number;
	  }
	| { readonly type: 'retention'; readonly policy: RetentionPolicy }
	| { readonly type: 'close' };

export type FromWorker =
	| { readonly type: 'opened'; readonly retention: RetentionPolicy }
	| { readonly type: 'open-failed'; readonly message: string; readonly code: string }
	| {
			readonly type: 'written';
			readonly messages: number;
			readonly payloadBytes: number;
			readonly lastId: number;
			readonly indexedUpTo: number;
	  }
	| {
			readonly type: 'write-failed';
			readonly messages: number;
			readonly payloadBytes: number;
			readonly message: string;
	  }
	| { readonly type: 'indexed'; readonly indexedUpTo: number }
	| { readonly type: 'pruned'; readonly deleted: number }
	| { readonly type: 'problem'; readonly message: string }
	| { readonly type: 'closed' };
