import type * as vscode from 'vscode';

/** Activation registers contributions only: no I/O, and the engine loads on first use. */
export function activate(_context: vscode.ExtensionContext): void {}

export function deactivate(): void {}
