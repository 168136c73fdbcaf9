/**
 * Scoped loggers writing JSON lines to stderr (and to a file when the shell sets one).
 *
 * Level from TOPICSCOPE_LOG: debug | info | warn | error | silent (default info; under Vitest
 * only errors, so expected failures in tests do not flood the output). Never pass payload bytes, passwords, keys or tokens in `fields`.
 */
import { appendFileSync } from 'node:fs';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const RANK: Record<LogLevel | 'silent', number> = {
	debug: 10,
	info: 20,
	warn: 30,
	error: 40,
	silent: 99,
};

export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
	debug(message: string, fields?: LogFields): void;
	info(message: string, fields?: LogFields): void;
	warn(message: string, fields?: LogFields): void;
	error(message: string, fields?: LogFields): void;
}

let logFile: string | null = null;

/** Also append every line to this file (the Electron shell sets the app's log folder). */
export function setLogFile(path: string | null): void {
	logFile = path;
}

function threshold(): number {
	const configured = process.env.TOPICSCOPE_LOG ?? (process.env.VITEST ? 'error' : 'info');
	return RANK[configured as LogLevel] ?? RANK.info;
}

function serialiseField(value: unknown): unknown {
	if (value instanceof Error)
		return { name: value.name, message: value.message, stack: value.stack };
	return value;
}

export function createLogger(scope: string): Logger {
	const write = (level: LogLevel, message: string, fields?: LogFields): void => {
		if (RANK[level] < threshold()) return;
		const entry: Record<string, unknown> = {
			time: new Date().toISOString(),
			level,
			scope,
			message,
		};
		for (const [key, value] of Object.entries(fields ?? {})) entry[key] = serialiseField(value);
		const line = `${JSON.stringify(entry)}\n`;
		process.stderr.write(line);
		if (logFile) appendFileSync(logFile, line);
	};
	return {
		debug: (message, fields) => write('debug', message, fields),
		info: (message, fields) => write('info', message, fields),
		warn: (message, fields) => write('warn', message, fields),
		error: (message, fields) => write('error', message, fields),
	};
}
