/**
 * The decode worker thread: large payloads are decoded here so main's event loop (which takes
 * every message of every connection) never waits on a 30 MB JSON.parse. It runs the same
 * pipeline as main, with the .proto files main sends when they change.
 */
import { parentPort } from 'node:worker_threads';
import { decodePayload } from './pipeline';
import { compileProtoFiles, type ProtoSchemas } from './proto-schemas';
import type { FromDecodeWorker, ToDecodeWorker } from './decode-worker-protocol';

let schemas: { version: number; compiled: ProtoSchemas } | null = null;

parentPort?.on('message', (request: ToDecodeWorker) => {
	let reply: FromDecodeWorker;
	try {
		if (request.protoSources !== undefined) {
			schemas = {
				version: request.protoVersion,
				compiled: compileProtoFiles(request.protoSources),
			};
		}
		const compiled = schemas?.version === request.protoVersion ? schemas.compiled : null;
		reply = { id: request.id, result: decodePayload({ ...request.input, schemas: compiled }) };
	} catch (error) {
		// The pipeline does not throw on any payload; this is a bug, reported to main to log.
		reply = {
			id: request.id,
			error: error instanceof Error ? (error.stack ?? error.message) : String(error),
		};
	}
	parentPort?.postMessage(reply);
});
