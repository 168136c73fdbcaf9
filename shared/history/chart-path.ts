/**
 * The value a chart plots from each message: the payload itself (`$`, or nothing) or a JSON path
 * as people write it (`data.temp`, `$.data.temp`, `sensors[0].value`, `data["a b"]`), turned into
 * the path SQLite's JSON functions read (`$.data.temp`, `$.sensors[0].value`, `$.data."a b"`).
 */
import { err, ok, type Result } from '../result';

const IDENTIFIER = /^[A-Za-z_$][\w$-]*/;

/** The SQLite JSON path for `input`, or why it is not one. */
export function toSqlJsonPath(input: string): Result<string> {
	let rest = input.trim();
	if (rest.startsWith('$')) rest = rest.slice(1);
	let path = '$';
	let isFirst = true;
	while (rest.length > 0) {
		if (rest.startsWith('[')) {
			const index = /^\[(\d{1,9})\]/.exec(rest);
			const quoted = /^\[("(?:[^"\\]|\\.)*")\]/.exec(rest);
			if (index?.[1] !== undefined) {
				path += `[${Number(index[1])}]`;
				rest = rest.slice(index[0].length);
			} else if (quoted?.[1] !== undefined) {
				const key = JSON.parse(quoted[1]) as string;
				const step = keyStep(key);
				if (!step.ok) return step;
				path += step.value;
				rest = rest.slice(quoted[0].length);
			} else {
				return err(
					'invalid-request',
					`"${input}": a "[" must hold an index ([0]) or a quoted key (["a b"]).`,
				);
			}
		} else {
			if (rest.startsWith('.')) rest = rest.slice(1);
			else if (!isFirst)
				return err('invalid-request', `"${input}": expected "." or "[" before "${rest}".`);
			const name = IDENTIFIER.exec(rest);
			if (name === null) {
				return err(
					'invalid-request',
					`"${input}": a key after "." is a name; write other keys as ["…"].`,
				);
			}
			path += `.${name[0]}`;
			rest = rest.slice(name[0].length);
		}
		isFirst = false;
	}
	return ok(path);
}

function keyStep(key: string): Result<string> {
	// SQLite's path syntax has no escape inside a quoted key.
	if (key.includes('"'))
		return err('invalid-request', `A key with a double quote (${key}) cannot be charted.`);
	return ok(`."${key}"`);
}

/** How a chart names a series: the topic, and the path when it is not the payload itself. */
export function seriesLabel(topic: string, path: string): string {
	return path === '$' || path === ''
		? topic
		: `${topic} ${path.startsWith('$') ? path.slice(1).replace(/^\./, '') : path}`;
}
