/**
 * Scoped loggers writing JSON lines to stderr and, when the shell sets one, to a rotating file in
 * the app's log folder.
 *
 * Level from TOPICSCOPE_LOG: debug | info | warn | error | silent (default info; under Vitest
 * only errors, so expected failures in tests do not flood the output). Never pass payload bytes,
 * passwords, keys or tokens in `fields`: fields named like them are redacted anyway (redact.ts).
 */
import { RotatingLogFile } from './log-file';
import { redact } from './redact';

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

let logFile: RotatingLogFile | null = null;

/**
 * Also append every line to this file, rotated by size (the Electron shell's log folder, or
 * `logs/` in browser mode's data folder). Returns the file, or null when it cannot be created.
 */
export function setLogFile(path: string | null): RotatingLogFile | null {
	try {
		logFile = path === null ? null : new RotatingLogFile(path);
	} catch (error) {
		logFile = null;
		createLogger('log').warn('no log file: logging to stderr only', { path, error });
	}
	return logFile;
}

/** The log file in use, if any. */
export function currentLogFile(): RotatingLogFile | null {
	return logFile;
}

function threshold(): number {
	const configured = process.env.TOPICSCOPE_LOG ?? (process.env.VITEST ? 'error' : 'info');
	return RANK[configured as LogLevel] ?? RANK.info;
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
		const safe = redact(fields ?? {});
		for (const [key, value] of Object.entries(safe ?? {})) {
			// A field never overwrites the line's own time, level, scope or message.
			entry[Object.hasOwn(entry, key) ? `field.${key}` : key] = value;
		}
		const line = `${JSON.stringify(entry)}\n`;
		process.stderr.write(line);
		try {
			logFile?.append(line);
		} catch (error) {
			// A full or vanished disk: stderr keeps logging; a logger must never crash the app.
			const reason = error instanceof Error ? error.message : String(error);
			process.stderr.write(`log file ${logFile?.path} dropped: ${reason}\n`);
			logFile = null;
		}
	};
	return {
		debug: (message, fields) => write('debug', message, fields),
		info: (message, fields) => write('info', message, fields),
		warn: (message, fields) => write('warn', message, fields),
		error: (message, fields) => write('error', message, fields),
	};
}
