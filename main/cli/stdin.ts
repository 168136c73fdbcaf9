/** Reading stdin for the commands: all of it as bytes, or line by line as it comes. */

/** Everything on stdin, as bytes. */
export async function readStdin(): Promise<Uint8Array> {
	const chunks: Buffer[] = [];
	for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Uint8Array));
	return Buffer.concat(chunks);
}

/**
 * Stdin's lines as they arrive, as mosquitto_pub -l reads them: split at '\n' (a '\r' before it
 * stays in the line), empty lines included, a last line without '\n' included when not empty.
 * Ends early when `stop` resolves (stdin is then let go, so the process can exit).
 */
export async function* stdinLines(stop: Promise<unknown>): AsyncGenerator<Uint8Array> {
	const iterator = process.stdin[Symbol.asyncIterator]();
	const stopped = stop.then(() => null);
	let rest = Buffer.alloc(0);
	try {
		for (;;) {
			const next = await Promise.race([iterator.next(), stopped]);
			if (next === null) return;
			if (next.done === true) break;
			rest = Buffer.concat([rest, Buffer.from(next.value as Uint8Array)]);
			let newline = rest.indexOf(0x0a);
			while (newline >= 0) {
				yield rest.subarray(0, newline);
				rest = rest.subarray(newline + 1);
				newline = rest.indexOf(0x0a);
			}
		}
		if (rest.length > 0) yield rest;
	} finally {
		process.stdin.destroy();
	}
}
