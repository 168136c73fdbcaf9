import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';

const nodeBuiltins = { group: ['node:*'], message: 'shared/ and renderer/ run without Node.' };
const electronOnly = { name: 'electron', message: "Only main/electron/ may import 'electron'." };

export default ts.config(
	{ ignores: ['dist/', 'release/', 'node_modules/', 'test-results/', 'playwright-report/'] },
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs['flat/recommended'],
	prettier,
	...svelte.configs['flat/prettier'],
	{
		languageOptions: { globals: { ...globals.node } },
		rules: {
			'@typescript-eslint/no-explicit-any': 'error',
			'@typescript-eslint/no-non-null-assertion': 'error',
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
			],
			'@typescript-eslint/consistent-type-imports': 'error',
			'no-empty': ['error', { allowEmptyCatch: false }],
		},
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts'],
		languageOptions: {
			globals: { ...globals.browser },
			parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'], svelteConfig: {} },
		},
	},
	{
		files: ['shared/**/*.ts'],
		rules: {
			'no-console': 'error',
			'no-restricted-imports': [
				'error',
				{
					paths: [electronOnly],
					patterns: [
						nodeBuiltins,
						{ group: ['**/main/**', '**/renderer/**'], message: 'shared/ imports only shared/.' },
					],
				},
			],
		},
	},
	{
		// shared/ is layered: result.ts at the root, then mqtt/, then model/ and tree/, then ipc/.
		files: ['shared/mqtt/**/*.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					paths: [electronOnly],
					patterns: [
						nodeBuiltins,
						{ group: ['**/main/**', '**/renderer/**'], message: 'shared/ imports only shared/.' },
						{
							group: ['**/ipc/**', '**/model/**', '**/tree/**'],
							message: 'shared/mqtt sits below model/ and ipc/: it imports only result.ts.',
						},
					],
				},
			],
		},
	},
	{
		files: ['shared/model/**/*.ts', 'shared/tree/**/*.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					paths: [electronOnly],
					patterns: [
						nodeBuiltins,
						{ group: ['**/main/**', '**/renderer/**'], message: 'shared/ imports only shared/.' },
						{
							group: ['**/ipc/**'],
							message: 'shared/model sits below ipc/: the contract imports it.',
						},
					],
				},
			],
		},
	},
	{
		files: ['main/**/*.ts'],
		ignores: ['main/electron/**'],
		rules: {
			'no-console': 'error',
			'no-restricted-imports': [
				'error',
				{
					paths: [electronOnly],
					patterns: [{ group: ['**/renderer/**'], message: 'main/ never imports the renderer.' }],
				},
			],
		},
	},
	{
		files: ['main/electron/**/*.ts'],
		rules: { 'no-console': 'error' },
	},
	{
		files: ['renderer/**/*.ts', 'renderer/**/*.svelte'],
		ignores: ['renderer/vite.config.ts'],
		languageOptions: { globals: { ...globals.browser } },
		rules: {
			'no-restricted-imports': [
				'error',
				{
					paths: [electronOnly],
					patterns: [
						nodeBuiltins,
						{
							group: ['**/main/**'],
							message: 'The renderer talks to main only through lib/api.ts.',
						},
					],
				},
			],
		},
	},
	{
		files: ['test/**/*.ts', 'scripts/**/*.ts', 'scripts/**/*.mjs'],
		rules: { '@typescript-eslint/no-non-null-assertion': 'off', 'no-console': 'off' },
	},
);
